// The recurrence builder (`#rrule`): frequency, interval, weekdays, monthly by date or weekday,
// the end (never, after N, on a date), a preview in words, and the list of exceptions.
import { DateTime, Info } from 'luxon';
import { h, replace } from '../../ui/dom.js';
import { formatDate, formatDateTime } from '../../ui/format.js';
import { t, uiLocale } from '../../ui/i18n.js';
import { buildRule, emptyRule, nthOf, parseRule, ruleText, weekdayOf, WEEKDAYS, type Freq, type RuleStart, type RuleState, type WeekdayCode } from './rrule.js';

export interface RruleBuilder {
  el: HTMLElement;
  /** The RRULE value for the draft, or null for a single event. */
  rule(): string | null;
  exdates(): string[];
  /** Re-reads the start (weekday names, monthly choices, preview) after the editor changed it. */
  refresh(): void;
}

const FREQS: Freq[] = ['NONE', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

export function createRruleBuilder(initialRule: string | null, initialExdates: string[], getStart: () => RuleStart & { time: string }): RruleBuilder {
  let state: RuleState = emptyRule();
  /** A rule from elsewhere the builder cannot show: kept verbatim unless the user replaces it. */
  let custom: string | null = null;
  if (initialRule) {
    const parsed = parseRule(initialRule, getStart());
    if (parsed) state = parsed;
    else custom = initialRule;
  }
  const exdates = [...initialExdates];

  const freq = h('select', { name: 'freq', id: 'rrule-freq' }, ...FREQS.map((f) => h('option', { value: f }, t(`manager_freq_${f.toLowerCase()}`))));
  const interval = h('input', { type: 'number', name: 'interval', id: 'rrule-interval', min: 1, max: 999, value: 1, class: 'narrow' });
  const unit = h('span', { class: 'muted' });
  const weekdayBoxes = new Map<WeekdayCode, HTMLInputElement>();
  // Weekdays in the UI locale's order (Monday first in German, Sunday first in US English).
  const names = Info.weekdays('short', { locale: uiLocale() });
  const first = DateTime.now().setLocale(uiLocale()).startOf('week', { useLocaleWeeks: true }).weekday;
  const order = [...Array(7).keys()].map((i) => ((first - 1 + i) % 7) as number);
  const weekdays = h('fieldset', { class: 'weekdays' }, h('legend', {}, t('manager_rrule_on_days')));
  for (const i of order) {
    const code = WEEKDAYS[i]!;
    const box = h('input', { type: 'checkbox', name: 'byday', value: code });
    weekdayBoxes.set(code, box);
    weekdays.append(h('label', { class: 'inline day-toggle' }, box, names[i]!));
  }
  const monthlyRadios = (['date', 'day', 'last'] as const).map((m) => h('input', { type: 'radio', name: 'monthly', value: m }));
  const monthlyLabels = monthlyRadios.map(() => h('span', {}));
  const monthly = h(
    'fieldset',
    { class: 'monthly' },
    h('legend', {}, t('manager_rrule_monthly_on')),
    ...monthlyRadios.map((r, i) => h('label', { class: 'inline' }, r, monthlyLabels[i]!)),
  );
  const endRadios = (['never', 'count', 'until'] as const).map((m) => h('input', { type: 'radio', name: 'ends', value: m }));
  const count = h('input', { type: 'number', name: 'count', min: 1, max: 9999, value: 10, class: 'narrow', 'aria-label': t('manager_rrule_count_label') });
  const until = h('input', { type: 'date', name: 'until', 'aria-label': t('manager_rrule_until_label') });
  const ends = h(
    'fieldset',
    { class: 'ends' },
    h('legend', {}, t('manager_rrule_ends')),
    h('span', { class: 'opt' }, h('label', { class: 'inline' }, endRadios[0]!, t('manager_rrule_ends_never'))),
    h(
      'span',
      { class: 'opt' },
      h('label', { class: 'inline' }, endRadios[1]!, t('manager_rrule_ends_after')),
      count,
      h('span', { class: 'muted' }, t('manager_rrule_occurrences')),
    ),
    h('span', { class: 'opt' }, h('label', { class: 'inline' }, endRadios[2]!, t('manager_rrule_ends_on')), until),
  );
  const preview = h('p', { class: 'rrule-text', 'aria-live': 'polite' });
  const customBox = h('div', { class: 'notice info custom-rule', hidden: true });
  const simple = h(
    'div',
    { class: 'rrule-simple stack' },
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'rrule-freq' }, t('manager_rrule_repeat')),
      freq,
      h('label', { for: 'rrule-interval', class: 'interval-label' }, t('manager_rrule_every')),
      interval,
      unit,
    ),
    weekdays,
    monthly,
    ends,
  );

  const exdateInput = h('input', { type: 'date', name: 'exdate', 'aria-label': t('manager_exdate_label') });
  const exList = h('ul', { class: 'exdates' });
  const exBox = h(
    'fieldset',
    { class: 'exceptions' },
    h('legend', {}, t('manager_exdates')),
    exList,
    h('div', { class: 'row' }, exdateInput, h('button', { type: 'button', 'data-action': 'add-exdate', onclick: () => addExdate() }, t('manager_exdate_add'))),
  );

  const el = h('fieldset', { id: 'rrule', class: 'rrule' }, h('legend', {}, t('manager_rrule')), customBox, simple, preview, exBox);

  function addExdate(): void {
    const date = exdateInput.value;
    if (!date) return;
    const s = getStart();
    const value = s.allDay ? date : `${date}T${s.time}`;
    if (!exdates.includes(value)) exdates.push(value);
    exdates.sort();
    exdateInput.value = '';
    render();
  }

  function read(): void {
    state = {
      freq: freq.value as Freq,
      interval: Math.min(999, Math.max(1, Number(interval.value) || 1)),
      byDay: [...weekdayBoxes].filter(([, b]) => b.checked).map(([c]) => c),
      monthly: (monthlyRadios.find((r) => r.checked)?.value ?? 'date') as RuleState['monthly'],
      ends: (endRadios.find((r) => r.checked)?.value ?? 'never') as RuleState['ends'],
      count: Math.max(1, Number(count.value) || 1),
      until: until.value,
    };
  }

  function render(): void {
    const s = getStart();
    customBox.hidden = custom === null;
    simple.hidden = custom !== null;
    if (custom !== null) {
      replace(
        customBox,
        h('p', {}, t('manager_rrule_custom')),
        h(
          'button',
          {
            type: 'button',
            'data-action': 'replace-rule',
            onclick: () => {
              custom = null;
              state = emptyRule();
              render();
            },
          },
          t('manager_rrule_replace'),
        ),
      );
    }
    freq.value = state.freq;
    interval.value = String(state.interval);
    const repeating = state.freq !== 'NONE';
    for (const n of [interval, unit]) n.hidden = !repeating;
    el.querySelector<HTMLElement>('.interval-label')!.hidden = !repeating;
    unit.textContent = repeating ? t(`manager_unit_${state.freq.toLowerCase()}`) : '';
    weekdays.hidden = state.freq !== 'WEEKLY';
    const startDay = weekdayOf(s.date);
    for (const [code, box] of weekdayBoxes) box.checked = state.byDay.length ? state.byDay.includes(code) : code === startDay;
    monthly.hidden = state.freq !== 'MONTHLY';
    const d = DateTime.fromISO(s.date).setLocale(uiLocale());
    const { nth, last } = nthOf(s.date);
    monthlyLabels[0]!.textContent = t('manager_rrule_monthly_date', d.day);
    monthlyLabels[1]!.textContent = t('manager_rrule_monthly_nth', t(`manager_nth_${nth}`), d.toLocaleString({ weekday: 'long' }));
    monthlyLabels[2]!.textContent = t('manager_rrule_monthly_last', d.toLocaleString({ weekday: 'long' }));
    monthlyRadios[2]!.disabled = !last;
    monthlyLabels[2]!.parentElement!.hidden = !last;
    if (state.monthly === 'last' && !last) state.monthly = 'day';
    for (const r of monthlyRadios) r.checked = r.value === state.monthly;
    ends.hidden = !repeating;
    for (const r of endRadios) r.checked = r.value === state.ends;
    count.value = String(state.count);
    count.disabled = state.ends !== 'count';
    until.value = state.until;
    until.disabled = state.ends !== 'until';
    until.min = s.date;

    const rule = value();
    preview.textContent = rule ? ruleText(rule) : t('manager_rrule_none');
    exBox.hidden = rule === null;
    replace(
      exList,
      ...exdates.map((x) =>
        h(
          'li',
          { 'data-exdate': x },
          h('span', {}, x.length === 10 ? formatDate(x, s.tzid) : formatDateTime(DateTime.fromISO(x, { zone: s.tzid }).toUTC().toISO()!, s.tzid)),
          h(
            'button',
            {
              type: 'button',
              class: 'linkish',
              'data-action': 'remove-exdate',
              'aria-label': t('manager_exdate_remove_label', x),
              onclick: () => {
                exdates.splice(exdates.indexOf(x), 1);
                render();
              },
            },
            t('manager_remove'),
          ),
        ),
      ),
    );
    if (!exdates.length) exList.append(h('li', { class: 'muted' }, t('manager_exdates_none')));
  }

  function value(): string | null {
    if (custom !== null) return custom;
    return buildRule(state, getStart());
  }

  simple.addEventListener('change', () => {
    read();
    render();
  });
  simple.addEventListener('input', (e) => {
    // While typing a number only the preview follows; the fields are rewritten on change.
    if ((e.target as HTMLElement).matches('input[type=number]')) {
      read();
      const rule = value();
      preview.textContent = rule ? ruleText(rule) : t('manager_rrule_none');
    }
  });
  exdateInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addExdate();
    }
  });
  render();
  return { el, rule: value, exdates: () => (value() ? [...exdates] : []), refresh: render };
}
