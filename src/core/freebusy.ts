// The user's busy time (RFC 5545 §3.6.4, RFC 5546 §3.3). Receiving an invitation does not block
// time; only the user's own answer does: ACCEPTED → BUSY, TENTATIVE → BUSY-TENTATIVE. Events the
// user organises are busy. TRANSP:TRANSPARENT and cancelled events or occurrences are free.

import ICAL from 'ical.js';
import type { Address, BusyPeriod, CounterRecord } from './types.js';
import type { UserTx } from './store.js';
import { indexedBusy, type Window } from './busy-index.js';
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
  const periods = await indexedBusy(utx, zone, nowMs, window, exceptUid);
  if (calendars)
    for (const p of await calendarBusy(utx, calendars, window, nowMs, exceptUid)) periods.push({ start: p.start, end: p.end, fbtype: p.fbtype, uid: p.uid });
  // A request for the very event a hold was offered for may take the held period.
  periods.push(
    ...heldCounters(
      (await utx.listAllCounters()).filter((c) => c.uid !== exceptUid),
      nowMs,
      window,
      zone,
    ),
  );
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return periods.sort((a, b) => cmp(a.start, b.start) || cmp(a.end, b.end));
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
  for (const p of coalesce(opts.periods)) {
    if (p.fbtype === 'FREE') continue;
    const prop = new ICAL.Property('freebusy', fb);
    prop.setParameter('fbtype', p.fbtype);
    prop.setValue(ICAL.Period.fromData({ start: utcTime(Date.parse(p.start)), end: utcTime(Date.parse(p.end)) }));
    fb.addProperty(prop);
  }
  return fb;
}

export function freebusyCalendarText(component: ICAL.Component, method?: string): string {
  const cal = newCalendar(method ? { method } : {});
  cal.addSubcomponent(component);
  return serialize(cal);
}
