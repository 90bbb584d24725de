// The user's busy time (RFC 5545 §3.6.4, RFC 5546 §3.3). Receiving an invitation does not block
// time; only the user's own answer does: ACCEPTED → BUSY, TENTATIVE → BUSY-TENTATIVE. Events the
// user organises are busy. TRANSP:TRANSPARENT and cancelled events or occurrences are free.

import ICAL from 'ical.js';
import type { Address, BusyPeriod, CounterRecord } from './types.js';
import type { UserTx } from './store.js';
import { busyPeriod, indexedBusyTimes, type BusyTime, type Window } from './busy-index.js';
import { isoUtc, toInstant, utcTime } from './ical/tz.js';
import { parseCalendar } from './ical/parse.js';
import { zoneContext } from './ical/tz.js';
import { newCalendar } from './itip/objects.js';
import { calAddress } from './itip/address.js';
import { serialize } from './ical/parse.js';
import type { CalendarSource } from './calendars/source.js';
import { calendarBusy } from './calendars/merge.js';

export { eventBusy, type Window } from './busy-index.js';

/** Periods proposed by the user's own counters, held while `freebusy_offers` says so. */
export function heldCounters(counters: CounterRecord[], nowMs: number, window: Window, zone: string): BusyPeriod[] {
  const out: BusyPeriod[] = [];
  for (const c of counters) {
    if (c.direction !== 'sent' || c.status !== 'pending' || !c.holdUntil || Date.parse(c.holdUntil) <= nowMs) continue;
    try {
      const { root } = parseCalendar(c.ics);
      const ctx = zoneContext(root, zone);
      for (const ev of root.getAllSubcomponents('vevent')) {
        const s = ev.getFirstPropertyValue('dtstart');
        const e = ev.getFirstPropertyValue('dtend');
        if (!(s instanceof ICAL.Time) || !(e instanceof ICAL.Time)) continue;
        const start = toInstant(s, ctx);
        const end = toInstant(e, ctx);
        if (end > window.start && start < window.end) out.push({ start: isoUtc(start), end: isoUtc(end), fbtype: 'BUSY-TENTATIVE', uid: c.uid });
      }
    } catch {
      // A counter we wrote ourselves always parses; a damaged record simply holds nothing.
    }
  }
  return out;
}

/**
 * All busy periods of the user inside the window, sorted by start: the agent's own events, and
 * the items of the user's Thunderbird calendars the agent does not hold (core/calendars/merge).
 */
export async function userBusy(
  utx: UserTx,
  zone: string,
  nowMs: number,
  window: Window,
  exceptUid?: string,
  calendars?: CalendarSource,
): Promise<BusyPeriod[]> {
  // Sorted as numbers, and the index's periods (nearly all of a year over a large calendar) given
  // their ISO strings only at the end: the order is the same, as every period's strings are
  // isoUtc's one form, which orders as the instants do.
  const entries: { start: number; end: number; time?: BusyTime; period?: BusyPeriod }[] = [];
  for (const time of await indexedBusyTimes(utx, zone, nowMs, window, exceptUid)) entries.push({ start: time.start, end: time.end, time });
  const add = (period: BusyPeriod) => entries.push({ start: Date.parse(period.start), end: Date.parse(period.end), period });
  if (calendars)
    for (const p of await calendarBusy(utx, calendars, window, nowMs, exceptUid)) add({ start: p.start, end: p.end, fbtype: p.fbtype, uid: p.uid });
  // A request for the very event a hold was offered for may take the held period.
  for (const p of heldCounters(
    (await utx.listAllCounters()).filter((c) => c.uid !== exceptUid),
    nowMs,
    window,
    zone,
  ))
    add(p);
  entries.sort((a, b) => a.start - b.start || a.end - b.end);
  return entries.map((e) => e.period ?? busyPeriod(e.time!));
}

/** Merges overlapping periods of the same FBTYPE (RFC 5545 §3.8.2.6 allows either form). */
export function coalesce(periods: BusyPeriod[]): BusyPeriod[] {
  const byType = new Map<string, BusyPeriod[]>();
  for (const p of periods) {
    const list = byType.get(p.fbtype) ?? (byType.set(p.fbtype, []), byType.get(p.fbtype)!);
    list.push({ start: p.start, end: p.end, fbtype: p.fbtype });
  }
  const out: BusyPeriod[] = [];
  // ISO 8601 UTC strings of one form order as the instants do: plain comparison, no collation.
  const byStart = (a: BusyPeriod, b: BusyPeriod) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
  for (const list of byType.values()) {
    list.sort(byStart);
    for (const p of list) {
      const last = out.length ? out[out.length - 1] : undefined;
      if (last && last.fbtype === p.fbtype && p.start <= last.end) {
        if (p.end > last.end) last.end = p.end;
      } else out.push({ ...p });
    }
  }
  return out.sort(byStart);
}

/** A VFREEBUSY component listing periods (UTC, RFC 5545 §3.8.2.6). */
export function freebusyComponent(opts: {
  organizer?: Address;
  attendee?: Address;
  start: number;
  end: number;
  stamp: number;
  uid?: string;
  periods: BusyPeriod[];
}): ICAL.Component {
  const fb = new ICAL.Component('vfreebusy');
  if (opts.uid) fb.addPropertyWithValue('uid', opts.uid);
  fb.addPropertyWithValue('dtstamp', utcTime(opts.stamp));
  if (opts.organizer) fb.addPropertyWithValue('organizer', calAddress(opts.organizer));
  if (opts.attendee) fb.addPropertyWithValue('attendee', calAddress(opts.attendee));
  fb.addPropertyWithValue('dtstart', utcTime(opts.start));
  fb.addPropertyWithValue('dtend', utcTime(opts.end));
  // Written as jCal (RFC 7265 §3.6.2: a period is its two date-times) straight from the periods'
  // ISO strings, the form jCal uses, without an ICAL.Time each: a year's free/busy has thousands.
  for (const p of coalesce(opts.periods)) {
    if (p.fbtype === 'FREE') continue;
    fb.addProperty(new ICAL.Property(['freebusy', { fbtype: p.fbtype }, 'period', [jcalUtc(p.start), jcalUtc(p.end)]]));
  }
  return fb;
}

/** A period bound as jCal's UTC date-time: isoUtc's form, which every BusyPeriod has; anything else normalised. */
function jcalUtc(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(iso) ? iso : isoUtc(Date.parse(iso));
}

export function freebusyCalendarText(component: ICAL.Component, method?: string): string {
  const cal = newCalendar(method ? { method } : {});
  cal.addSubcomponent(component);
  return serialize(cal);
}
