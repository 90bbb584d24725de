// Dates and times for people: in Thunderbird's regional format (date order, 12/24-hour clock)
// and the user's zone, through luxon (Intl).
import { DateTime } from 'luxon';
import { formatLocale, setFormatLocale, uiLocale } from './i18n.js';
import { call } from './rpc.js';

/**
 * Asks the background how Thunderbird writes dates and times (its regional locale and clock), so
 * the pages show 08:15 where Thunderbird does. Pages await it before their first render; without
 * an answer the UI language's own formats stay.
 */
export async function loadRegionalFormat(): Promise<void> {
  try {
    const f = await call('ui.format', {});
    setFormatLocale(f.locale, f.hour12);
  } catch {
    // an older background or none (a page opened on its own): the UI language's formats
  }
}

export function zoned(iso: string, zone: string): DateTime {
  // A bare date (all-day) is a calendar date, not an instant: it reads the same in every zone.
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? DateTime.fromISO(iso, { zone }) : DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return dt.setLocale(formatLocale());
}

export function formatDateTime(iso: string, zone: string): string {
  return zoned(iso, zone).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
}

export function formatDate(iso: string, zone: string): string {
  return zoned(iso, zone).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatTime(iso: string, zone: string): string {
  return zoned(iso, zone).toLocaleString(DateTime.TIME_SIMPLE);
}

/** "Mon, 14 Jul 2025, 09:00 – 10:00" or across days "… 23:00 – Tue, 15 Jul 2025, 01:00". */
export function formatRange(start: string, end: string, zone: string, allDay: boolean): string {
  if (allDay) {
    // DTEND of an all-day event is exclusive (RFC 5545 §3.6.1): show the last day.
    const last = zoned(end, zone).minus({ days: 1 });
    const first = zoned(start, zone);
    return first.hasSame(last, 'day')
      ? formatDate(start, zone)
      : `${formatDate(start, zone)} – ${last.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })}`;
  }
  const a = zoned(start, zone);
  const b = zoned(end, zone);
  return a.hasSame(b, 'day') ? `${formatDateTime(start, zone)} – ${formatTime(end, zone)}` : `${formatDateTime(start, zone)} – ${formatDateTime(end, zone)}`;
}

export function formatSize(bytes: number | null): string {
  if (bytes === null) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(uiLocale(), { maximumFractionDigits: i ? 1 : 0 }).format(n)} ${units[i]}`;
}
