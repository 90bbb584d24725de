// The facts about one object: what it is, when (in the user's zone, and the event's own zone when
// that differs), how it repeats, where, who organizes it, the user's answer, what an update
// changed, and the warnings the agent raised. Message data only ever becomes text.
import type { Change, EventView, InvitationItem } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { formatDateTime, formatRange, zoned } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { partstatBadge, personText } from './people.js';
import { recurrenceText } from './recurrence.js';
import { answerPhaseBadge } from './answer-state.js';

const METHOD_KEYS: Record<string, string> = {
  REQUEST: 'popup_kind_request',
  ADD: 'popup_kind_add',
  REPLY: 'popup_kind_reply',
  COUNTER: 'popup_kind_counter',
  DECLINECOUNTER: 'popup_kind_declinecounter',
  CANCEL: 'popup_kind_cancel',
  REFRESH: 'popup_kind_refresh',
  PUBLISH: 'popup_kind_publish',
};

/** "Invitation", "Updated invitation", "Free/busy request"… */
export function kindLabel(item: InvitationItem): string {
  if (item.freebusy) return t(item.method === 'REQUEST' ? 'popup_kind_freebusy_request' : 'popup_kind_freebusy');
  const key = METHOD_KEYS[item.method];
  return key ? t(key) : item.method;
}

export function header(item: InvitationItem, encrypted: boolean, suffix: string): HTMLElement {
  const e = shownEvent(item);
  return h(
    'header',
    { class: 'item-head' },
    h(
      'div',
      { class: 'row kinds' },
      h('span', { class: `badge kind method-${item.method.toLowerCase()}` }, kindLabel(item)),
      item.isUpdate ? h('span', { class: 'badge info update' }, t('popup_badge_update')) : null,
      encrypted ? h('span', { class: 'badge ok encrypted', title: t('popup_encrypted_help') }, t('popup_badge_encrypted')) : null,
      e.status === 'CANCELLED'
        ? h('span', { class: 'badge danger' }, t('popup_status_cancelled'))
        : e.status === 'TENTATIVE'
          ? h('span', { class: 'badge warn' }, t('popup_status_tentative'))
          : null,
    ),
    h(
      'h1',
      { class: 'summary', id: `summary${suffix}` },
      item.freebusy
        ? t(item.method === 'REQUEST' ? 'popup_freebusy_request_title' : 'popup_freebusy_title', item.freebusy.from ?? t('popup_freebusy_someone'))
        : (e.summary ?? t('popup_no_summary')),
    ),
  );
}

function fact(cls: string, label: string, ...value: (Node | string | null)[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', { class: cls }, ...value)];
}

/** The time in the event's own zone, when it tells the user something new. */
function ownZoneText(e: EventView, zone: string): string | null {
  if (!e.start || !e.end || e.allDay || !e.tzid || e.tzid === zone) return null;
  const there = formatRange(e.start, e.end, e.tzid, false);
  const here = formatRange(e.start, e.end, zone, false);
  return there === here ? null : t('popup_when_event_zone', there, e.tzid);
}

export function whenText(e: EventView, zone: string): string {
  if (!e.start) return t('popup_when_unknown');
  return formatRange(e.start, e.end ?? e.start, zone, e.allDay);
}

function recurrence(e: EventView, zone: string): HTMLElement[] {
  const parts: (Node | string | null)[] = [];
  if (e.rrule) {
    const r = recurrenceText(e.rrule, zone);
    if (r.text) parts.push(h('span', { class: 'rrule-text' }, r.text));
    if (r.verbatim) parts.push(h('span', { class: 'rrule-verbatim muted' }, t('popup_rrule_verbatim', r.verbatim)));
  }
  if (e.rdates.length) parts.push(h('span', { class: 'muted' }, t('popup_rdates', e.rdates.length)));
  if (e.exdates.length) parts.push(h('span', { class: 'muted' }, t('popup_exdates', e.exdates.length)));
  return parts.length ? fact('recurrence', t('popup_label_repeats'), ...parts) : [];
}

/** The event as the facts show it: for the organizer's messages (an answer, a counter, a refresh)
 *  the stored event is the truth and the message only a part of it. */
export function shownEvent(item: InvitationItem): EventView {
  return item.role === 'organizer' && item.stored ? item.stored : item.proposed;
}

export function facts(item: InvitationItem, zone: string, extra: HTMLElement[] = []): HTMLElement {
  const e = shownEvent(item);
  const own = ownZoneText(e, zone);
  const answer = item.stored?.partstat ?? e.partstat;
  const occurrence = e.recurrenceId ? h('span', { class: 'badge occurrence' }, t('popup_one_occurrence')) : null;
  return h(
    'dl',
    { class: 'facts' },
    ...fact('when', t('popup_label_when'), h('span', {}, whenText(e, zone)), occurrence, own ? h('span', { class: 'event-zone muted' }, own) : null),
    ...recurrence(e, zone),
    ...(e.location ? fact('where', t('popup_label_where'), e.location) : []),
    ...(e.organizer ? fact('organizer', t('popup_label_organizer'), personText(e.organizer.address, e.organizer.name)) : []),
    ...(item.role !== 'organizer' ? yourAnswer(item, e, answer, zone) : []),
    ...extra,
  );
}

/**
 * The user's answer with the words she sent; while her counter-proposal waits, that proposal
 * ("You proposed Tue 10:15–11:15 to Olga Organizer"); nothing to answer on a cancelled event.
 */
function yourAnswer(item: InvitationItem, e: EventView, answer: EventView['partstat'], zone: string): HTMLElement[] {
  const stored = item.stored ?? e;
  const cancelled = e.status === 'CANCELLED' || stored.status === 'CANCELLED';
  const label = t(item.role === 'resource' ? 'popup_label_resource_answer' : 'popup_label_your_answer');
  const said = stored.attendees.find((a) => a.isUser)?.comment ?? null;
  const words = said ? h('blockquote', { class: 'own-comment' }, said) : null;
  const p = stored.proposal;
  if (p && !cancelled) {
    const to = p.to ? p.to.name || p.to.address : t('popup_the_organizer');
    return fact(
      'your-answer proposal-pending',
      label,
      h('span', { class: 'badge proposal' }, t('popup_proposal_pending')),
      answerPhaseBadge(item.answer ?? null),
      h('span', { class: 'proposal-text' }, t('popup_you_proposed', formatRange(p.start, p.end, zone, false), to)),
      p.comment ? h('blockquote', { class: 'own-comment' }, p.comment) : null,
    );
  }
  if (!answer || (cancelled && answer === 'NEEDS-ACTION')) return [];
  return fact('your-answer', label, partstatBadge(answer), answerPhaseBadge(item.answer ?? null), words);
}

/** A change's value: ISO instants and ranges become dates in the user's zone, the rest is text. */
function changeValue(v: string | null, zone: string): string {
  if (v === null || v === '') return t('popup_change_none');
  const iso = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/;
  const range = v.split('/');
  if (range.length === 2 && iso.test(range[0]!) && iso.test(range[1]!)) return formatRange(range[0]!, range[1]!, zone, !range[0]!.includes('T'));
  if (iso.test(v) && v.includes('T') && zoned(v, zone).isValid) return formatDateTime(v, zone);
  return v;
}

/** Values of `recurrence` (RRULE:/RDATE:/EXDATE: lines), `partstat` (address: PARTSTAT) and `status`. */
function fieldValue(c: Change, v: string | null, zone: string): string {
  if (v && c.field === 'recurrence')
    return v
      .split('\n')
      .map((line) => {
        if (/^RRULE:/i.test(line)) {
          const r = recurrenceText(line.slice(6), zone);
          return r.text ?? line;
        }
        const [name, values] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).split(',')];
        const key = name === 'RDATE' ? 'popup_rdates' : name === 'EXDATE' ? 'popup_exdates' : null;
        return key ? t(key, values.length) : line;
      })
      .join('; ');
  if (v && c.field === 'partstat') {
    const m = /^(.*): ([A-Z-]+)$/.exec(v);
    if (m) return `${m[1]}: ${t(`popup_partstat_${m[2]!.replace('-', '_')}`)}`;
  }
  if (v && c.field === 'status') {
    const label = t(`popup_status_${v.toLowerCase()}`);
    if (!label.startsWith('popup_')) return label;
  }
  return changeValue(v, zone);
}

export function changes(list: Change[], zone: string): HTMLElement | null {
  if (!list.length) return null;
  return h(
    'section',
    { class: 'changes', 'aria-label': t('popup_changes') },
    h('h3', {}, t('popup_changes')),
    h(
      'ul',
      {},
      ...list.map((c) => {
        const label = t(`popup_field_${c.field}`);
        return h(
          'li',
          { 'data-field': c.field },
          h('span', { class: 'field' }, label.startsWith('popup_field_') ? c.field : label),
          h('del', { class: 'before' }, fieldValue(c, c.before, zone)),
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
          h('ins', { class: 'after' }, fieldValue(c, c.after, zone)),
        );
      }),
    ),
  );
}

export function warnings(list: string[]): HTMLElement | null {
  if (!list.length) return null;
  return h('ul', { class: 'warnings notice warn', 'aria-label': t('popup_warnings') }, ...list.map((w) => h('li', {}, w)));
}

export function description(e: EventView): HTMLElement | null {
  if (!e.description) return null;
  // Shown as text (pre-wrap), never as HTML; long ones start folded.
  const long = e.description.length > 280 || e.description.split('\n').length > 6;
  return h('details', { class: 'description', open: !long }, h('summary', {}, t('popup_description')), h('p', { class: 'text' }, e.description));
}
