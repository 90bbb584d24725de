// Which days a view shows and which instants it asks the background for, in the identity's zone.
// Wall-clock arithmetic is luxon's (DST-aware); the background answers in UTC instants.
import { DateTime } from 'luxon';
import { formatLocale } from '../ui/i18n.js';

export type ViewKind = 'day' | 'week' | 'month' | 'agenda';
export const VIEWS: ViewKind[] = ['day', 'week', 'month', 'agenda'];

/** How many days the agenda lists from its first day. */
export const AGENDA_DAYS = 28;

export interface ViewRange {
  /** First instant shown (midnight of the first day in the zone). */
  start: DateTime;
  /** Exclusive end (midnight after the last day). */
  end: DateTime;
  /** Every day shown, at midnight in the zone. */
  days: DateTime[];
}

/** Midnight of a `YYYY-MM-DD` day in the zone, in the UI locale (which decides the first weekday). */
export function dayIn(date: string, zone: string): DateTime {
  return DateTime.fromISO(date, { zone }).setLocale(formatLocale()).startOf('day');
}

export function todayIn(zone: string): string {
  return DateTime.now().setZone(zone).toISODate()!;
}

export function viewRange(view: ViewKind, anchor: string, zone: string): ViewRange {
  const a = dayIn(anchor, zone);
  let start: DateTime;
  let count: number;
  if (view === 'day') {
    start = a;
    count = 1;
  } else if (view === 'week') {
    start = a.startOf('week', { useLocaleWeeks: true });
    count = 7;
  } else if (view === 'month') {
    // Whole weeks around the month, as a wall calendar shows it.
    start = a.startOf('month').startOf('week', { useLocaleWeeks: true });
    const last = a.endOf('month').endOf('week', { useLocaleWeeks: true }).startOf('day');
    count = Math.round(last.diff(start, 'days').days) + 1;
  } else {
    start = a;
    count = AGENDA_DAYS;
  }
  const days: DateTime[] = [];
  for (let i = 0; i < count; i++) days.push(start.plus({ days: i }).startOf('day'));
  return { start, end: start.plus({ days: count }).startOf('day'), days };
}

/** The anchor one step before or after (a day, a week, a month, an agenda page). */
export function stepAnchor(view: ViewKind, anchor: string, zone: string, dir: -1 | 1): string {
  const a = dayIn(anchor, zone);
  const moved =
    view === 'day'
      ? a.plus({ days: dir })
      : view === 'week'
        ? a.plus({ weeks: dir })
        : view === 'month'
          ? a.plus({ months: dir })
          : a.plus({ days: dir * AGENDA_DAYS });
  return moved.toISODate()!;
}

/** The title over the view: "14 July 2026", "13 – 19 July 2026", "July 2026". */
export function rangeTitle(view: ViewKind, range: ViewRange, anchor: string, zone: string): string {
  const first = range.days[0]!;
  const last = range.days[range.days.length - 1]!;
  if (view === 'day') return first.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  if (view === 'month') return dayIn(anchor, zone).toLocaleString({ month: 'long', year: 'numeric' });
  return `${first.toLocaleString({ day: 'numeric', month: 'short', ...(first.year !== last.year ? { year: 'numeric' } : {}) })} – ${last.toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' })}`;
}
