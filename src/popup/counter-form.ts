// Propose another time (COUNTER, RFC 5546 §3.2.7): start and end as wall-clock times in the
// user's zone, preloaded with the proposal, and the user's next free slots of the same length
// (computed by the background, working hours considered) as buttons that fill the form.
import { DateTime } from 'luxon';
import type { Period, PersonBusy } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { formatRange, zoned } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import type { ItemContext } from './session.js';

const LOCAL = "yyyy-MM-dd'T'HH:mm";
const SLOT_COUNT = 6;
/** How far ahead the others' known busy time is asked for (the slots lie within days). */
const SLOT_SEARCH_MS = 14 * 86_400_000;

function local(iso: string, zone: string): string {
  return zoned(iso, zone).toFormat(LOCAL);
}

/** A datetime-local value in `zone` as an ISO UTC instant, or null when it is not a time. */
function utc(value: string, zone: string): string | null {
  const dt = DateTime.fromFormat(value, LOCAL, { zone });
  return dt.isValid ? dt.toUTC().toISO() : null;
}

export function counterForm(ctx: ItemContext, comment: () => string | undefined, scope: () => string | undefined): { form: HTMLFormElement; open: () => void } {
  const { item, zone, suffix } = ctx;
  const e = item.proposed;
  const field = (name: string, key: string, value: string): [HTMLElement, HTMLInputElement] => {
    const input = h('input', { id: `counter-${name}${suffix}`, name: `counter-${name}`, type: 'datetime-local', required: true, value, step: 300 });
    return [h('div', { class: 'field' }, h('label', { for: input.id }, t(key)), input), input];
  };
  const [startField, start] = field('start', 'popup_counter_start', e.start ? local(e.start, zone) : '');
  const [endField, end] = field('end', 'popup_counter_end', e.end ? local(e.end, zone) : '');
  const error = h('p', { class: 'form-error', role: 'alert', id: `counter-error${suffix}` });
  start.setAttribute('aria-describedby', error.id);
  end.setAttribute('aria-describedby', error.id);
  const slots = h('ul', { class: 'slots', 'aria-live': 'polite' });
  const others = h('div', { class: 'others-busy', hidden: true });
  const form = h(
    'form',
    { id: `counter-form${suffix}`, class: 'counter-form subform', hidden: true, novalidate: true, 'aria-label': t('popup_counter_title') },
    h('p', { class: 'hint muted' }, t('popup_counter_zone', zone)),
    h('div', { class: 'row fields' }, startField, endField),
    error,
    h('div', { class: 'slot-box' }, h('h3', {}, t('popup_slots_heading')), slots),
    others,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'counter-send' }, t('popup_counter_send'))),
  );

  // Keeps the length when the start moves, as calendar programs do.
  let length = e.start && e.end ? zoned(e.end, zone).diff(zoned(e.start, zone)).as('minutes') : 60;
  start.addEventListener('change', () => {
    const s = DateTime.fromFormat(start.value, LOCAL, { zone });
    if (s.isValid) end.value = s.plus({ minutes: length }).toFormat(LOCAL);
  });
  end.addEventListener('change', () => {
    const s = DateTime.fromFormat(start.value, LOCAL, { zone });
    const en = DateTime.fromFormat(end.value, LOCAL, { zone });
    if (s.isValid && en.isValid && en > s) length = en.diff(s).as('minutes');
  });

  // The others whose busy time may be known here (free/busy replies and messages they sent).
  const people = e.attendees
    .filter((a) => !a.isUser && a.cutype !== 'ROOM' && a.cutype !== 'RESOURCE' && a.address !== e.organizer?.address)
    .map((a) => a.address);
  if (e.organizer && e.organizer.address !== item.identity) people.unshift(e.organizer.address);
  const nameOf = (address: string): string =>
    (e.organizer?.address === address ? e.organizer.name : e.attendees.find((a) => a.address === address)?.name) || address;
  let othersBusy: PersonBusy[] = [];
  const choose = (p: Period, button: HTMLButtonElement): void => {
    start.value = local(p.start, zone);
    end.value = local(p.end, zone);
    error.textContent = '';
    for (const b of slots.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === button));
  };
  let loaded = false;
  const open = (): void => {
    if (loaded) return;
    loaded = true;
    replace(slots, h('li', { class: 'muted' }, t('popup_slots_loading')));
    const duration = Math.max(15, Math.round(length));
    // From the proposal on when it lies ahead (alternatives near it), else from now.
    const now = new Date().toISOString();
    const after = e.start && e.start > now ? e.start : now;
    const horizon = new Date(Date.parse(after) + SLOT_SEARCH_MS).toISOString();
    const busyOfOthers = people.length
      ? call('freebusy.people', { identity: item.identity, addresses: people, start: after, end: horizon }).catch(() => [] as PersonBusy[])
      : Promise.resolve([] as PersonBusy[]);
    Promise.all([call('slots.free', { identity: item.identity, after, durationMinutes: duration, count: SLOT_COUNT, excludeUid: e.uid }), busyOfOthers])
      .then(([free, known]) => {
        othersBusy = known.filter((o) => o.known);
        showOthers(others, known, nameOf, zone);
        if (!free.length) return replace(slots, h('li', { class: 'muted' }, t('popup_slots_none')));
        replace(
          slots,
          ...free.map((p) => {
            // A free slot of the user's where someone else is known to be busy says who.
            const clash = othersBusy.filter((o) => o.busy.some((b) => b.start < p.end && b.end > p.start)).map((o) => nameOf(o.address));
            const b = h(
              'button',
              {
                type: 'button',
                class: 'slot',
                'aria-pressed': 'false',
                'data-start': p.start,
                'data-end': p.end,
                'data-others-busy': clash.length ? 'true' : null,
              },
              formatRange(p.start, p.end, zone, false),
              clash.length ? h('span', { class: 'slot-clash' }, t('popup_slot_others_busy', clash.join(', '))) : null,
            );
            b.addEventListener('click', () => choose(p, b));
            return h('li', {}, b);
          }),
        );
      })
      .catch((err: Error) => replace(slots, h('li', { class: 'form-error' }, t('popup_slots_error', err.message))));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = utc(start.value, zone);
    const en = utc(end.value, zone);
    let problem: string | null = null;
    if (!s || !en) problem = t('popup_counter_invalid');
    else if (en <= s) problem = t('popup_counter_order');
    else if (e.start && e.end && Date.parse(s) === Date.parse(e.start) && Date.parse(en) === Date.parse(e.end)) problem = t('popup_counter_same');
    error.textContent = problem ?? '';
    for (const input of [start, end]) input.setAttribute('aria-invalid', String(!!problem));
    if (problem) return (problem === t('popup_counter_order') ? end : start).focus();
    const c = comment();
    const rid = scope();
    void ctx.act({ kind: 'counter', start: s!, end: en!, ...(c ? { comment: c } : {}), ...(rid ? { recurrenceId: rid } : {}) });
  });
  return { form, open };
}

/** What is known of the others' time: each person's busy periods in the coming days, or that nothing is known. */
function showOthers(box: HTMLElement, known: PersonBusy[], nameOf: (a: string) => string, zone: string): void {
  box.hidden = known.length === 0;
  replace(
    box,
    h('h3', {}, t('popup_others_busy_heading')),
    h(
      'ul',
      {},
      ...known.map((o) =>
        h(
          'li',
          { 'data-address': o.address, 'data-known': String(o.known) },
          h('strong', {}, nameOf(o.address)),
          ' ',
          !o.known
            ? h('span', { class: 'muted' }, t('popup_others_unknown'))
            : o.busy.length
              ? h(
                  'span',
                  {},
                  t(
                    'popup_others_busy',
                    o.busy
                      .slice(0, 6)
                      .map((b) => formatRange(b.start, b.end, zone, false))
                      .join('; '),
                  ),
                )
              : h('span', {}, t('popup_others_free')),
        ),
      ),
    ),
  );
}
