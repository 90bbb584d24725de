// Reading and writing the editor's time fields: wall-clock values in the draft's zone
// (`YYYY-MM-DDTHH:mm` or, for all-day events, dates with an exclusive end: RFC 5545 §3.6.1).
import { DateTime } from 'luxon';

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export function local(dt: DateTime): string {
  return dt.toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The default slot of a new event on a day: the next full hour today, else 09:00; one hour. */
export function defaultSlot(date: string, zone: string, now: DateTime = DateTime.now()): { start: string; end: string } {
  const today = now.setZone(zone);
  let start = DateTime.fromISO(`${date}T09:00`, { zone });
  if (today.toISODate() === date && today.hour < 23) start = today.startOf('hour').plus({ hours: 1 });
  return { start: local(start), end: local(start.plus({ hours: 1 })) };
}

/** The inclusive last day shown for an all-day end (the draft's end is the day after). */
export function lastDayOf(exclusiveEnd: string, start: string): string {
  const last = DateTime.fromISO(exclusiveEnd).minus({ days: 1 }).toISODate()!;
  return last < start ? start : last;
}

export function dayAfter(date: string): string {
  return DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
}

/** A wall-clock value in a zone as an ISO UTC instant (for free/busy and the preview). */
export function instant(value: string, zone: string): string | null {
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? dt.toUTC().toISO() : null;
}

/** Moves the end with the start so the length stays (as Thunderbird's editor does). */
export function shiftEnd(oldStart: string, newStart: string, end: string): string {
  if (DATE_RE.test(oldStart) && DATE_RE.test(newStart) && DATE_RE.test(end)) {
    const days = DateTime.fromISO(end).diff(DateTime.fromISO(oldStart), 'days').days;
    return DateTime.fromISO(newStart).plus({ days }).toISODate()!;
  }
  if (LOCAL_RE.test(oldStart) && LOCAL_RE.test(newStart) && LOCAL_RE.test(end)) {
    const minutes = DateTime.fromISO(end).diff(DateTime.fromISO(oldStart), 'minutes').minutes;
    return local(DateTime.fromISO(newStart).plus({ minutes: Math.max(0, minutes) }));
  }
  return end;
}

/** Every IANA zone the browser knows, with the wanted ones included even if it lacks them. */
export function zoneList(...wanted: string[]): string[] {
  const zones = new Set<string>(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  zones.add('UTC');
  for (const z of wanted) if (z) zones.add(z);
  return [...zones].sort((a, b) => a.localeCompare(b));
}
