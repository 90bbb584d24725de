// The event page (`#event`): details, attendee answers with comments, counter-proposals to
// decide, history, the user's answer (as attendee), cancellation (as organizer), attachments.
import type { ActionOutcome, Address, EventDetail, EventView, PopupAction } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { formatDate, formatDateTime, formatRange } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { ruleText } from './editor/rrule.js';
import { confirmDialog, download } from './files.js';
import { renderAttachments, renderAttendees, renderCounters, renderHistory, sentCounterText } from './event-parts.js';
import { renderOutcome } from './outcome.js';
import { summaryOf } from './views/occurrence.js';

export interface EventPageOptions {
  identity: Address;
  zone: string;
  detail: EventDetail;
  /** The occurrence opened from a calendar view, if any. */
  recurrenceId: string | null;
  /** What the last action sent, shown on top. */
  outcome: ActionOutcome | null;
  onBack(): void;
  onEdit(detail: EventDetail): void;
  /** After an action: reload the page showing what went out. */
  onDone(outcome: ActionOutcome): void;
  onError(e: unknown): void;
}

function fact(label: string, ...value: (Node | string | null)[]): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, ...value)];
}

export function renderEventPage(o: EventPageOptions): HTMLElement {
  const { detail } = o;
  const master = detail.event;
  const override = o.recurrenceId ? (detail.overrides.find((v) => v.recurrenceId === o.recurrenceId) ?? null) : null;
  const ev: EventView = override ?? master;
  const recurring = !!master.rrule || master.rdates.length > 0 || detail.overrides.length > 0;
  const cancelled = ev.status === 'CANCELLED';
  const page = h('article', { class: `event-page${cancelled ? ' cancelled' : ''}`, 'data-uid': master.uid, 'aria-labelledby': 'event-title' });

  const act = async (work: () => Promise<ActionOutcome>) => {
    try {
      o.onDone(await work());
    } catch (e) {
      o.onError(e);
    }
  };

  // Which occurrence an answer or a cancellation is about, when the event repeats.
  const scope =
    recurring && o.recurrenceId
      ? h(
          'select',
          { id: 'scope', name: 'scope' },
          h(
            'option',
            { value: 'occurrence' },
            t('manager_scope_occurrence', formatRange(ev.start ?? o.recurrenceId, ev.end ?? o.recurrenceId, o.zone, ev.allDay)),
          ),
          h('option', { value: 'series' }, t('manager_scope_series')),
        )
      : null;
  const rid = (): string | undefined => (scope && scope.value === 'occurrence' && o.recurrenceId ? o.recurrenceId : undefined);

  const toolbar = h(
    'div',
    { class: 'event-toolbar row' },
    h('button', { type: 'button', 'data-action': 'back', onclick: () => o.onBack() }, `← ${t('manager_back')}`),
    h('span', { class: 'spacer' }),
    detail.draft && !cancelled
      ? h('button', { type: 'button', class: 'primary', 'data-action': 'edit', onclick: () => o.onEdit(detail) }, t('manager_edit'))
      : null,
    h(
      'button',
      {
        type: 'button',
        'data-action': 'export-event',
        onclick: async () => {
          try {
            const file = await call('ics.export', { identity: o.identity, uid: master.uid });
            download(file.filename, file.text, 'text/calendar');
          } catch (e) {
            o.onError(e);
          }
        },
      },
      t('manager_export_event'),
    ),
    master.relation === 'organizer' && !cancelled
      ? h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'data-action': 'cancel-event',
            onclick: async () => {
              const occurrence = rid();
              const ok = await confirmDialog(
                t(occurrence ? 'manager_cancel_confirm_occurrence' : 'manager_cancel_confirm', summaryOf(ev.summary)),
                t('manager_cancel_event'),
                t('manager_keep_event'),
              );
              if (ok) await act(() => call('event.cancel', { identity: o.identity, uid: master.uid, ...(occurrence ? { recurrenceId: occurrence } : {}) }));
            },
          },
          t('manager_cancel_event'),
        )
      : null,
  );

  const badges = h(
    'div',
    { class: 'row badges' },
    cancelled ? h('span', { class: 'badge danger' }, t('manager_status_cancelled')) : null,
    ev.status === 'TENTATIVE' ? h('span', { class: 'badge warn' }, t('manager_status_tentative')) : null,
    h('span', { class: 'badge' }, t(`manager_relation_${master.relation}`)),
    // A cancelled event is not to be answered: its old "no answer yet" would only confuse.
    ev.proposal && !cancelled ? h('span', { class: 'badge proposal' }, t('manager_proposal_pending')) : null,
    ev.partstat && !cancelled && !(ev.proposal && ev.partstat === 'NEEDS-ACTION')
      ? h('span', { class: `badge partstat-${ev.partstat}` }, t('manager_your_answer', t(`manager_partstat_${ev.partstat.replace('-', '_')}`)))
      : null,
    detail.answer
      ? h(
          'span',
          { class: `badge phase phase-${detail.answer.phase}`, 'data-phase': detail.answer.phase },
          t(`bar_phase_${detail.answer.phase.replace('-', '_')}`),
        )
      : null,
    ev.transparency === 'TRANSPARENT' ? h('span', { class: 'badge' }, t('manager_transparency_TRANSPARENT')) : null,
  );

  const facts = h('dl', { class: 'facts' });
  if (ev.start && ev.end) facts.append(...fact(t('manager_when'), h('span', { class: 'when' }, formatRange(ev.start, ev.end, o.zone, ev.allDay))));
  if (ev.start && ev.end && ev.tzid && ev.tzid !== o.zone && !ev.allDay)
    facts.append(...fact(t('manager_when_event_zone', ev.tzid), formatRange(ev.start, ev.end, ev.tzid, false)));
  if (master.rrule) facts.append(...fact(t('manager_repeats'), h('span', { class: 'rrule-text' }, ruleText(master.rrule))));
  if (master.exdates.length)
    facts.append(...fact(t('manager_exdates'), master.exdates.map((x) => (x.length === 10 ? formatDate(x, o.zone) : formatDateTime(x, o.zone))).join('; ')));
  if (ev.proposal)
    facts.append(...fact(t('manager_proposal'), h('span', { class: 'proposal-text' }, sentCounterText({ proposed: ev.proposal }, ev.proposal.to, o.zone))));
  if (ev.location) facts.append(...fact(t('manager_field_location'), h('span', { class: 'where' }, ev.location)));
  if (ev.organizer)
    facts.append(
      ...fact(
        t('manager_organizer'),
        h('span', { class: 'organizer' }, ev.organizer.name ? `${ev.organizer.name} <${ev.organizer.address}>` : ev.organizer.address),
      ),
    );
  if (ev.categories.length)
    facts.append(...fact(t('manager_field_categories'), h('span', { class: 'categories' }, ...ev.categories.map((c) => h('span', { class: 'badge' }, c)))));
  // The revision (SEQUENCE) matters only once the organiser has changed the event.
  if (ev.sequence > 0) facts.append(...fact(t('manager_sequence'), String(ev.sequence)));

  const main = h(
    'div',
    { class: 'event-main stack' },
    h('header', {}, h('h1', { id: 'event-title', class: 'summary' }, summaryOf(ev.summary)), badges),
    facts,
    ev.description ? h('section', { class: 'card' }, h('h2', {}, t('manager_field_description')), h('div', { class: 'description' }, ev.description)) : null,
    ev.attachments.length ? renderAttachments(o.identity, master.uid, ev.attachments, o.onError) : null,
    renderAttendees(ev),
    detail.counters.length
      ? renderCounters(detail.counters, o.zone, ev.organizer, (from, recurrenceId, decision, comment) =>
          act(() =>
            call('counter.decide', {
              identity: o.identity,
              uid: master.uid,
              from,
              decision,
              ...(recurrenceId ? { recurrenceId } : {}),
              ...(comment ? { comment } : {}),
            }),
          ),
        )
      : null,
    renderHistory(detail.history, o.zone),
  );

  // Answering as attendee: the same three answers as the popup, with a comment.
  let respond: HTMLElement | null = null;
  if (master.relation === 'attendee' && !cancelled) {
    const comment = h('textarea', { id: 'comment', name: 'comment', rows: 3, placeholder: t('manager_comment_placeholder') });
    const answer = (partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED') =>
      act(() => {
        const occurrence = rid();
        const action: PopupAction = {
          kind: 'respond',
          partstat,
          ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
          ...(occurrence ? { recurrenceId: occurrence } : {}),
        };
        return call('event.respond', { identity: o.identity, uid: master.uid, action });
      });
    respond = h(
      'section',
      { class: 'card respond stack', 'aria-labelledby': 'respond-title' },
      h('h2', { id: 'respond-title' }, t('manager_respond')),
      scope ? h('label', {}, h('span', { class: 'field-label' }, t('manager_scope')), scope) : null,
      h('label', {}, h('span', { class: 'field-label' }, t('manager_comment')), comment),
      h(
        'div',
        { class: 'row' },
        h(
          'button',
          { type: 'button', class: ev.partstat === 'ACCEPTED' ? 'primary' : '', 'data-action': 'respond-ACCEPTED', onclick: () => answer('ACCEPTED') },
          t('manager_accept'),
        ),
        h(
          'button',
          { type: 'button', class: ev.partstat === 'TENTATIVE' ? 'primary' : '', 'data-action': 'respond-TENTATIVE', onclick: () => answer('TENTATIVE') },
          t('manager_tentative'),
        ),
        h(
          'button',
          { type: 'button', class: ev.partstat === 'DECLINED' ? 'primary' : '', 'data-action': 'respond-DECLINED', onclick: () => answer('DECLINED') },
          t('manager_decline'),
        ),
      ),
    );
  } else if (scope && master.relation === 'organizer') {
    respond = h('section', { class: 'card stack' }, h('label', {}, h('span', { class: 'field-label' }, t('manager_scope')), scope));
  }

  const side = h('aside', { class: 'event-side stack' }, o.outcome ? renderOutcome(o.outcome, o.onError) : null, respond);
  replace(page, toolbar, h('div', { class: 'event-body' }, main, side));
  return page;
}
