// VTIMEZONE for an IANA zone, built from the platform's time zone data (Intl, via luxon).
// RFC 5545 §3.6.5 requires a VTIMEZONE for every TZID an object uses, and Outlook ignores
// messages whose Olson TZIDs come without one (RFC 5545 §3.6.5). ical.js ships no zone data, so we
// derive explicit observances (one per transition) for the years the event needs.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';

const HOUR = 3600_000;
/** Most years one generated VTIMEZONE covers (bounded output for endless series). */
export const MAX_VTIMEZONE_YEARS = 30;

export function isIanaZone(tzid: string): boolean {
  return tzid !== 'UTC' && DateTime.now().setZone(tzid).isValid;
}

function offsetAt(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset;
}

function fmtOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** Instants (ms) where the zone's offset changes between `from` and `to`. */
function transitions(zone: string, from: number, to: number): number[] {
  const out: number[] = [];
  // Offsets change at most a few times a year; a 6-hour step cannot jump over two changes.
  const step = 6 * HOUR;
  let prev = offsetAt(from, zone);
  for (let t = from + step; t <= to; t += step) {
    const cur = offsetAt(t, zone);
    if (cur === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (offsetAt(mid, zone) === prev) lo = mid;
      else hi = mid;
    }
    out.push(hi);
    prev = cur;
  }
  return out;
}

/** A VTIMEZONE for `zone` valid from the start of `fromYear` to the end of `toYear`. */
export function generateVtimezone(zone: string, fromYear: number, toYear: number): ICAL.Component {
  const last = Math.min(toYear, fromYear + MAX_VTIMEZONE_YEARS - 1);
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(last + 1, 0, 1);
  const vtz = new ICAL.Component('vtimezone');
  vtz.addPropertyWithValue('tzid', zone);
  vtz.addPropertyWithValue('x-lic-location', zone);
  const initial = offsetAt(from, zone);
  const changes = transitions(zone, from, to);
  const observance = (at: number, offFrom: number, offTo: number, dst: boolean) => {
    const sub = new ICAL.Component(dst ? 'daylight' : 'standard');
    // DTSTART of an observance is the local time in the offset in force before it (§3.6.5).
    const local = DateTime.fromMillis(at + offFrom * 60_000, { zone: 'UTC' });
    const start = ICAL.Time.fromData({
      year: local.year,
      month: local.month,
      day: local.day,
      hour: local.hour,
      minute: local.minute,
      second: 0,
      isDate: false,
    });
    sub.addPropertyWithValue('dtstart', start);
    sub.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromString(fmtOffset(offFrom)));
    sub.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromString(fmtOffset(offTo)));
    vtz.addSubcomponent(sub);
  };
  observance(from, initial, initial, DateTime.fromMillis(from, { zone }).isInDST);
  let prev = initial;
  for (const at of changes) {
    const next = offsetAt(at, zone);
    observance(at, prev, next, DateTime.fromMillis(at, { zone }).isInDST);
    prev = next;
  }
  return vtz;
}
