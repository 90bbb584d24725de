// One calendar object of the displayed message (`.item`), laid out by method.
import type { InvitationItem } from '../shared/protocol.js';
import { methodTraits } from '../core/itip/methods.js';
import { h } from '../ui/dom.js';
import { formatTime } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { attachmentList } from './attachments.js';
import { dayPicture, legend, type PictureSpec, type Slot } from './day-picture.js';
import { changes, description, facts, header, shownEvent, warnings } from './details.js';
import { cancelInfo, counterDecision, freebusyInfo, outcomeInfo, refreshAnswer, replyInfo } from './organizer.js';
import { attendeeTable, tally } from './people.js';
import { attendeeActions } from './respond.js';
import { senderInfo } from './sender.js';
import { exclusive, type ItemContext } from './session.js';

/** What the picture shows for this method, or null when a picture says nothing (REPLY, CANCEL…). */
function pictureSpec(item: InvitationItem, zone: string): PictureSpec | null {
  const e = item.proposed;
  const name = e.summary ?? t('popup_no_summary');
  if (item.freebusy) {
    return {
      zone,
      busy: item.freebusy.busy,
      slots: [],
      conflicts: [],
      maxDays: 7,
      ...(item.freebusy.range ? { from: item.freebusy.range.start, to: item.freebusy.range.end } : {}),
    };
  }
  if (item.counter) {
    const current = item.stored ?? item.previous;
    const slots: Slot[] = [];
    if (current?.start && current.end)
      slots.push({ start: current.start, end: current.end, allDay: current.allDay, kind: 'original', label: t('popup_counter_current') });
    slots.push({ ...item.counter.proposed, allDay: false, kind: 'proposal', label: t('popup_counter_proposed') });
    return { zone, busy: item.dayBusy, slots, conflicts: item.conflicts, maxDays: 3 };
  }
  if (!methodTraits(item.method)?.stores || !e.start || !e.end) return null;
  const slots: Slot[] = [];
  // An update that moves the event: where it was, beside where it goes.
  const before = item.isUpdate ? item.previous : null;
  if (before?.start && before.end && (Date.parse(before.start) !== Date.parse(e.start) || Date.parse(before.end ?? '') !== Date.parse(e.end)))
    slots.push({ start: before.start, end: before.end, allDay: before.allDay, kind: 'original', label: t('popup_previous_time') });
  // The user's own counter-proposal, still waiting: the event's time beside the one she proposed.
  const own = item.role === 'attendee' ? item.stored?.proposal : null;
  if (own && !slots.length) {
    slots.push({ start: e.start, end: e.end, allDay: e.allDay, kind: 'original', label: name });
    slots.push({ start: own.start, end: own.end, allDay: false, kind: 'proposal', label: t('popup_your_proposal') });
    return { zone, busy: item.dayBusy, slots, conflicts: item.conflicts, maxDays: 3 };
  }
  slots.push({ start: e.start, end: e.end, allDay: e.allDay, kind: acceptedAsShown(item) ? 'accepted' : 'proposal', label: name });
  return { zone, busy: item.dayBusy, slots, conflicts: item.conflicts, maxDays: 3 };
}

/** The event is already the user's (accepted, at the time shown): no longer a time to judge. */
function acceptedAsShown(item: InvitationItem): boolean {
  const s = item.stored;
  return item.role !== 'organizer' && !!s && s.partstat === 'ACCEPTED' && s.start === item.proposed.start && s.end === item.proposed.end;
}

function picture(item: InvitationItem, zone: string): HTMLElement | null {
  const spec = pictureSpec(item, zone);
  if (!spec) return null;
  const original = spec.slots.some((s) => s.kind === 'original');
  const proposal = spec.slots.some((s) => s.kind === 'proposal');
  const ownProposal = !item.counter && original && !!item.stored?.proposal;
  const keys = {
    busy: item.freebusy ? 'popup_legend_freebusy' : item.role === 'resource' ? 'popup_legend_resource' : 'popup_legend_busy',
    original: original ? (item.counter ? 'popup_legend_original' : ownProposal ? 'popup_legend_event_time' : 'popup_previous_time') : null,
    proposal: proposal
      ? item.counter
        ? 'popup_legend_counter'
        : ownProposal
          ? 'popup_your_proposal'
          : item.isUpdate
            ? 'popup_legend_new_time'
            : 'popup_legend_proposal'
      : null,
    accepted: spec.slots.some((s) => s.kind === 'accepted') ? 'popup_legend_accepted' : null,
  };
  const summary = spec.slots.length
    ? item.conflicts.length
      ? h(
          'p',
          { class: 'conflict-list notice error' },
          t('popup_conflicts_with', item.conflicts.length),
          ' ',
          item.conflicts
            .map((c) => `${c.summary ?? t(`popup_fbtype_${c.fbtype.replace('-', '_')}`)} (${formatTime(c.start, zone)} – ${formatTime(c.end, zone)})`)
            .join(', '),
        )
      : h('p', { class: 'no-conflict notice ok' }, t(item.role === 'resource' ? 'popup_no_conflicts_resource' : 'popup_no_conflicts'))
    : null;
  return h(
    'figure',
    { class: 'picture card' },
    h(
      'figcaption',
      {},
      h('span', {}, t(item.freebusy ? 'popup_picture_freebusy' : item.role === 'resource' ? 'popup_picture_heading_resource' : 'popup_picture_heading')),
      h('span', { class: 'muted zone' }, zone),
    ),
    dayPicture(spec),
    legend(keys, item.conflicts.length > 0),
    summary,
  );
}

function attendees(item: InvitationItem, suffix: string): HTMLElement | null {
  // The user's own row shows the answer the store holds (given after this message arrived).
  const own = item.stored?.partstat;
  const list = shownEvent(item).attendees.map((a) => (a.isUser && own ? { ...a, partstat: own } : a));
  if (item.freebusy || (!list.length && item.method !== 'REQUEST')) return null;
  const id = `attendees-heading${suffix}`;
  const title = [h('span', { id }, t('popup_attendees', list.length)), list.length ? h('span', { class: 'tally muted' }, tally(list)) : null];
  const table = attendeeTable(list, id);
  // Shown open when the answers are the point (a REPLY) or the list is short.
  if (item.method === 'REPLY' || list.length <= 6) return h('section', { class: 'people' }, h('h3', { class: 'people-head' }, ...title), table);
  return h('details', { class: 'people' }, h('summary', { class: 'people-head' }, ...title), table);
}

function managerLink(item: InvitationItem): HTMLElement | null {
  if (item.freebusy) return null;
  return h(
    'p',
    { class: 'manager-link' },
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-action': 'open-manager',
        onclick: () => void exclusive(() => call('open.manager', { identity: item.identity, uid: item.proposed.uid }).then(() => undefined)),
      },
      t('popup_open_manager'),
    ),
  );
}

export function renderItem(ctx: ItemContext): HTMLElement {
  const { item, zone, view } = ctx;
  return h(
    'article',
    { class: 'item', 'data-uid': item.proposed.uid, 'data-method': item.method, 'data-role': item.role, 'aria-labelledby': `summary${ctx.suffix}` },
    header(item, view.encrypted, ctx.suffix),
    outcomeInfo(item),
    senderInfo(item),
    cancelInfo(item),
    warnings(item.warnings),
    item.freebusy ? null : facts(item, zone),
    // The answer comes before the picture: at the popup's real size (480 × 600) its buttons and
    // the comment are seen without scrolling; the day picture and the details follow.
    attendeeActions(ctx),
    counterDecision(ctx),
    refreshAnswer(ctx),
    changes(item.changes, zone),
    replyInfo(item),
    freebusyInfo(item, zone),
    picture(item, zone),
    description(shownEvent(item)),
    attendees(item, ctx.suffix),
    attachmentList(item.identity, item.proposed.uid, shownEvent(item).attachments),
    managerLink(item),
  );
}
