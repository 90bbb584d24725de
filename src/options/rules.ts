// The resource's rule fields in plain words: a quota as "4 hours per 1 week", the quota per
// organiser as one such row per address, an occurrence limit as "4 per 1 day", the permitted
// repetitions as checkboxes. The page still hands the
// background the rule text the preference is defined by (src/core/policy/syntax.ts:
// `DURATION per DURATION`, `N per DURATION`, a comma list of RFC 5545 §3.3.10 FREQ values);
// `ADDRESS-or-@domain DURATION per DURATION` lines); a stored value a picker cannot express keeps
// the text field.
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { DurationPicker, parseDuration, type Unit } from './duration.js';

/** A control made of several inputs that together hold one preference value. */
export interface Picker {
  readonly el: HTMLElement;
  /** The input the setting's label points at (it carries the id, name and description). */
  readonly control: HTMLInputElement;
  value: string;
}

const AMOUNT_UNITS: Unit[] = ['minutes', 'hours', 'days', 'weeks'];
const INTERVAL_UNITS: Unit[] = ['hours', 'days', 'weeks', 'months', 'years'];

/** `PT4H per P7D` as 4 hours per 1 week. */
class AllowancePicker implements Picker {
  private readonly amount: DurationPicker;
  private readonly interval: DurationPicker;
  readonly el: HTMLElement;

  constructor(attrs: Record<string, string>, labelText: string) {
    this.amount = new DurationPicker(attrs, AMOUNT_UNITS, labelText);
    this.interval = intervalPicker(attrs, labelText);
    this.el = h('span', { class: 'rule row' }, this.amount.el, h('span', {}, t('options_rule_per')), this.interval.el);
  }

  get control(): HTMLInputElement {
    return this.amount.amount;
  }

  get value(): string {
    return perText(this.amount.value, this.interval.value);
  }

  set value(text: string) {
    const m = /^\s*(\S+)\s+per\s+(\S+)\s*$/i.exec(text);
    this.amount.value = m?.[1] ?? '';
    this.interval.value = m?.[2] ?? '';
  }

  static fits(text: string): boolean {
    const m = /^\s*(\S+)\s+per\s+(\S+)\s*$/i.exec(text);
    return text.trim() === '' || (!!m && !!parseDuration(m[1]!, AMOUNT_UNITS) && !!parseDuration(m[2]!, INTERVAL_UNITS));
  }
}

/** `4 per P1D` as 4 per 1 day. */
class CountPerPicker implements Picker {
  readonly control: HTMLInputElement;
  private readonly interval: DurationPicker;
  readonly el: HTMLElement;

  constructor(attrs: Record<string, string>, labelText: string) {
    this.control = h('input', { ...attrs, type: 'number', min: 1, step: 1, inputmode: 'numeric', class: 'duration-amount' });
    this.interval = intervalPicker(attrs, labelText);
    this.el = h('span', { class: 'rule row' }, this.control, h('span', {}, t('options_rule_per')), this.interval.el);
  }

  get value(): string {
    return perText(this.control.value.trim(), this.interval.value);
  }

  set value(text: string) {
    const m = /^\s*(\d{1,6})\s+per\s+(\S+)\s*$/i.exec(text);
    this.control.value = m?.[1] ?? '';
    this.interval.value = m?.[2] ?? '';
  }

  static fits(text: string): boolean {
    const m = /^\s*(\d{1,6})\s+per\s+(\S+)\s*$/i.exec(text);
    return text.trim() === '' || (!!m && !!parseDuration(m[2]!, INTERVAL_UNITS));
  }
}

/** Bounds the rows a stored value can ask for; more lines keep the text field. */
const MAX_ROWS = 50;

/**
 * `quota_limits`: one row per organiser, an address or @domain and an allowance; an empty
 * address is `*`, everyone else. There is always one row (the label points at it); a row
 * without address and allowance is left out.
 */
class QuotaLimitsPicker implements Picker {
  private rows: { who: HTMLInputElement; allowance: AllowancePicker; el: HTMLElement }[] = [];
  private readonly list: HTMLElement;
  readonly el: HTMLElement;
  private made = 0;

  constructor(
    private readonly attrs: Record<string, string>,
    private readonly labelText: string,
  ) {
    this.list = h('div', { class: 'rule-rows' });
    const add = h('button', { type: 'button', class: 'link', 'data-action': 'add-row', onclick: () => this.addRow(true) }, t('options_rule_add'));
    this.el = h('div', { class: 'rule-list' }, this.list, add);
    this.addRow(false);
  }

  get control(): HTMLInputElement {
    return this.rows[0]!.who;
  }

  get value(): string {
    return this.rows
      .map((r) => ({ who: r.who.value.trim(), allowance: r.allowance.value.trim() }))
      .filter((r) => r.who !== '' || r.allowance !== '')
      .map((r) => `${r.who || '*'} ${r.allowance}`)
      .join('\n');
  }

  set value(text: string) {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    while (this.rows.length > Math.max(1, lines.length)) this.rows.pop()!.el.remove();
    while (this.rows.length < lines.length) this.addRow(false);
    this.rows.forEach((row, i) => {
      const m = /^(\S+)\s+(.+)$/.exec(lines[i] ?? '');
      row.who.value = !m || m[1] === '*' ? '' : m[1]!;
      row.allowance.value = m?.[2] ?? '';
    });
  }

  private addRow(announce: boolean): void {
    const i = this.made++;
    const whoAttrs = i === 0 ? this.attrs : { name: `${this.attrs['name']}-who-${i}`, 'aria-label': t('options_rule_who', this.labelText) };
    const who = h('input', { ...whoAttrs, type: 'text', spellcheck: 'false', autocomplete: 'off', placeholder: t('options_rule_everyone'), class: 'rule-who' });
    const allowance = new AllowancePicker({ name: `${this.attrs['name']}-${i}`, 'aria-label': t('options_rule_allowance', this.labelText) }, this.labelText);
    const row = { who, allowance, el: h('div', { class: 'rule row' }) };
    const remove = h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-action': 'remove-row',
        'aria-label': t('options_rule_remove', this.labelText),
        onclick: () => this.removeRow(row),
      },
      t('options_rule_remove_short'),
    );
    row.el.append(who, allowance.el, remove);
    this.rows.push(row);
    this.list.append(row.el);
    if (announce) {
      this.el.dispatchEvent(new Event('input', { bubbles: true }));
      who.focus();
    }
  }

  private removeRow(row: (typeof this.rows)[number]): void {
    // The first row stays (the setting's label points at it): removing it empties it.
    if (row === this.rows[0]) {
      row.who.value = '';
      row.allowance.value = '';
    } else {
      this.rows = this.rows.filter((r) => r !== row);
      row.el.remove();
    }
    this.rows[0]!.who.focus();
    this.el.dispatchEvent(new Event('input', { bubbles: true }));
  }

  static fits(text: string): boolean {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    return (
      lines.length <= MAX_ROWS &&
      lines.every((line) => {
        const m = /^(\S+)\s+(.+)$/.exec(line);
        return !!m && AllowancePicker.fits(m[2]!);
      })
    );
  }
}

const FREQS = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

/**
 * One checkbox per repeat frequency. All ticked is the default (no restriction, stored as
 * nothing); none ticked sends `none`, which the background refuses with its reason, since an
 * empty list would mean "all".
 */
class FrequencyPicker implements Picker {
  private readonly boxes: HTMLInputElement[];
  readonly el: HTMLElement;

  constructor(attrs: Record<string, string>, labelText: string) {
    this.boxes = FREQS.map((f, i) =>
      h('input', {
        ...(i === 0 ? attrs : { name: `${attrs['name']}-${f}` }),
        type: 'checkbox',
        value: f,
        'aria-label': i === 0 ? t(`options_freq_${f}`) : null,
      }),
    );
    this.el = h(
      'span',
      { class: 'frequencies row', role: 'group', 'aria-label': labelText },
      ...this.boxes.map((box, i) =>
        i === 0
          ? h('span', {}, box, ' ', h('span', { 'aria-hidden': 'true' }, t(`options_freq_${FREQS[i]!}`)))
          : h('label', {}, box, ' ', t(`options_freq_${FREQS[i]!}`)),
      ),
    );
  }

  get control(): HTMLInputElement {
    return this.boxes[0]!;
  }

  get value(): string {
    const on = this.boxes.filter((b) => b.checked).map((b) => b.value);
    return on.length === FREQS.length ? '' : on.length === 0 ? 'none' : on.join(',');
  }

  set value(text: string) {
    const on = new Set(
      text
        .split(',')
        .map((f) => f.trim().toUpperCase())
        .filter(Boolean),
    );
    for (const box of this.boxes) box.checked = on.size === 0 || on.has(box.value);
  }

  static fits(text: string): boolean {
    return text.split(',').every((f) => f.trim() === '' || (FREQS as readonly string[]).includes(f.trim().toUpperCase()));
  }
}

function intervalPicker(attrs: Record<string, string>, labelText: string): DurationPicker {
  const name = `${attrs['name']}-interval`;
  const picker = new DurationPicker({ name, 'aria-label': t('options_rule_interval', labelText) }, INTERVAL_UNITS, t('options_rule_interval', labelText));
  return picker;
}

/** Both halves empty: not set; otherwise the rule text, which the background checks. */
function perText(amount: string, interval: string): string {
  return amount === '' && interval === '' ? '' : `${amount} per ${interval}`;
}

const PICKERS: Record<string, { fits(text: string): boolean; new (attrs: Record<string, string>, labelText: string): Picker }> = {
  quota: AllowancePicker,
  quota_limits: QuotaLimitsPicker,
  max_periods: CountPerPicker,
  permitted_frequencies: FrequencyPicker,
};

/** The plain-words picker for a rule preference, or null (not a rule, or a value it cannot show). */
export function rulePicker(name: string, shown: string, attrs: Record<string, string>, labelText: string): Picker | null {
  const kind = PICKERS[name];
  return kind && kind.fits(shown) ? new kind(attrs, labelText) : null;
}
