// One event per UID: the agent's store and Thunderbird's calendars side by side. When the agent
// holds the UID (an invitation it handled, an event the user organises through it), its iTIP
// state wins — its copy says what the user answered, which SEQUENCE is current, whether it was
// cancelled — and Thunderbird's copy of the same event is not counted a second time. An event in
// several of Thunderbird's calendars counts once, from the first calendar listed.

import type { UserReader } from '../store.js';
import type { Window } from '../busy-index.js';
import type { CalendarPeriod } from './index.js';
import type { CalendarInfo, CalendarSource } from './source.js';
import type { Address } from '../types.js';
import type { TbItem } from '../../thunderbird/calendars.js';
import { loadStored } from '../itip/objects.js';
import { organizerOf } from '../itip/model.js';

/** The UIDs the agent's store holds, looked up once per query. */
function agentHas(utx: UserReader): (uid: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  return async (uid) => {
    if (!known.has(uid)) known.set(uid, !!(await utx.getEvent(uid)));
    return known.get(uid)!;
  };
}

/** Periods of Thunderbird's items that the agent's store does not hold, FREE ones included. */
export async function calendarPeriods(utx: UserReader, source: CalendarSource, window: Window, nowMs: number, exceptUid?: string): Promise<CalendarPeriod[]> {
  const has = agentHas(utx);
  const owner = new Map<string, string>();
  const out: CalendarPeriod[] = [];
  for (const p of source.periods(window, nowMs)) {
    if (p.uid === exceptUid) continue;
    const first = owner.get(p.uid) ?? (owner.set(p.uid, p.calendarId), p.calendarId);
    if (first !== p.calendarId || (await has(p.uid))) continue;
    out.push(p);
  }
  return out;
}

/** The busy part of those: what Thunderbird's calendars add to the user's busy time. */
export async function calendarBusy(utx: UserReader, source: CalendarSource, window: Window, nowMs: number, exceptUid?: string): Promise<CalendarPeriod[]> {
  return (await calendarPeriods(utx, source, window, nowMs, exceptUid)).filter((p) => p.fbtype !== 'FREE');
}

/** The items of Thunderbird's calendars with time inside the window that the agent does not hold (views). */
export async function calendarItems(
  utx: UserReader,
  source: CalendarSource,
  window: Window,
  nowMs: number,
): Promise<{ calendar: CalendarInfo; item: TbItem }[]> {
  const seen = new Set<string>();
  const out: { calendar: CalendarInfo; item: TbItem }[] = [];
  for (const p of await calendarPeriods(utx, source, window, nowMs)) {
    if (seen.has(p.uid)) continue;
    seen.add(p.uid);
    const calendar = source.calendars.find((c) => c.id === p.calendarId);
    const item = source.item(p.calendarId, p.uid);
    if (calendar && item) out.push({ calendar, item });
  }
  return out;
}

/**
 * Periods of the items in Thunderbird's calendars that `organizer` organises (bookings made
 * there directly, counted against the organiser's quota beside the agent's own usage journal).
 */
export async function organisedIn(
  utx: UserReader,
  source: CalendarSource,
  zone: string,
  window: Window,
  nowMs: number,
  organizer: Address,
): Promise<{ uid: string; start: number; end: number }[]> {
  const byUid = new Map<string, boolean>();
  const out: { uid: string; start: number; end: number }[] = [];
  for (const p of await calendarBusy(utx, source, window, nowMs)) {
    if (!byUid.has(p.uid)) {
      const item = source.item(p.calendarId, p.uid);
      let mine: boolean;
      try {
        const object = item ? loadStored(item.ics, zone) : undefined;
        const head = object?.master ?? object?.overrides[0];
        mine = !!head && organizerOf(head) === organizer;
      } catch {
        mine = false;
      }
      byUid.set(p.uid, mine);
    }
    if (byUid.get(p.uid)) out.push({ uid: p.uid, start: Date.parse(p.start), end: Date.parse(p.end) });
  }
  return out;
}
