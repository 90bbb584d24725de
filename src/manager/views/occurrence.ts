// One occurrence as a focusable button: the same element in every view, so keyboard use, the
// user's answer (tentative, declined, needs action) and cancellation look alike everywhere.
import type { OccurrenceView } from '../../shared/protocol.js';
import { h } from '../../ui/dom.js';
import { formatRange, formatTime } from '../../ui/format.js';
import { t } from '../../ui/i18n.js';

export interface OpenHandler {
  (occ: OccurrenceView): void;
}

export function summaryOf(summary: string | null): string {
  return summary && summary.trim() ? summary : t('manager_no_summary');
}

/**
 * The answer worth saying beside an occurrence, or null: none on a cancelled one (it is not to be
 * answered any more), "proposal pending" while the user's counter-proposal waits for the
 * organiser, otherwise the answer unless it is a plain acceptance.
 */
export function answerText(o: Pick<OccurrenceView, 'partstat' | 'status' | 'proposal'>): string | null {
  if (o.status === 'CANCELLED') return null;
  if (o.proposal) return t('manager_proposal_pending');
  if (o.partstat && o.partstat !== 'ACCEPTED') return t(`manager_partstat_${o.partstat.replace('-', '_')}`);
  return null;
}

/** What a screen reader hears (and the tooltip shows): time, title, place, answer, status. */
export function describe(occ: OccurrenceView, zone: string): string {
  const parts = [formatRange(occ.start, occ.end, zone, occ.allDay), summaryOf(occ.summary)];
  if (occ.location) parts.push(occ.location);
  const answer = answerText(occ);
  if (answer) parts.push(answer);
  if (occ.status === 'CANCELLED') parts.push(t('manager_status_cancelled'));
  if (occ.attention) parts.push(t('manager_needs_attention'));
  if (occ.calendar) parts.push(t('manager_in_calendar', occ.calendar.name));
  return parts.join(' · ');
}

export function occurrenceButton(occ: OccurrenceView, zone: string, open: OpenHandler, opts: { showTime: boolean }): HTMLButtonElement {
  const label = describe(occ, zone);
  const classes = ['occurrence'];
  if (occ.status === 'CANCELLED') classes.push('cancelled');
  if (occ.transparency === 'TRANSPARENT') classes.push('transparent');
  if (occ.attention) classes.push('needs-attention');
  // An event of one of Thunderbird's calendars: shown, edited there (the Calendar tab), not here.
  if (occ.calendar) classes.push('external');
  const button = h(
    'button',
    {
      type: 'button',
      class: classes.join(' '),
      'data-uid': occ.uid,
      'data-recurrence-id': occ.recurrenceId,
      'data-partstat': occ.partstat ?? 'NONE',
      'data-proposal': occ.proposal ? 'pending' : null,
      'data-relation': occ.relation,
      'data-start': occ.start,
      'data-calendar': occ.calendar?.id ?? null,
      'aria-disabled': occ.calendar ? 'true' : null,
      title: label,
      onclick: () => (occ.calendar ? undefined : open(occ)),
    },
    opts.showTime && !occ.allDay ? h('span', { class: 'occ-time' }, formatTime(occ.start, zone)) : null,
    h('span', { class: 'occ-summary' }, summaryOf(occ.summary)),
    occ.location ? h('span', { class: 'occ-location' }, occ.location) : null,
    occ.recurring ? h('span', { class: 'occ-icon', 'aria-hidden': 'true', title: t('manager_recurring') }, '↻') : null,
    // The whole description for screen readers after the visible text, which stays the start of
    // the button's name (WCAG 2.5.3, label in name).
    h('span', { class: 'visually-hidden' }, ` · ${label}`),
  );
  // The calendar's own colour as the edge, as Thunderbird draws it (a colour value only).
  if (occ.calendar?.color && /^#[0-9a-f]{6}$/i.test(occ.calendar.color)) button.style.setProperty('--occ-edge', occ.calendar.color);
  return button;
}
