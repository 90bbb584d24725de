// Small readers shared by the view modules: query ranges, and summaries of the user's events.

import type { UserReader } from '../store.js';
import type { CalendarSource } from '../calendars/source.js';
import { summaryOf } from '../itip/model.js';
import { loadStored } from '../itip/objects.js';
import { CalendarError } from '../ical/parse.js';
import { parseIsoInstant } from '../ical/tz.js';

/** Longest range one calendar or busy query covers (a year's agenda and some). */
export const MAX_RANGE_MS = 400 * 86_400_000;
/** Most occurrences of one event in one range (a rule every minute stays bounded). */
export const MAX_OCCURRENCES_PER_EVENT = 2000;

/** A query range read as instants (local times in the user's zone), checked and bounded. */
export function readRange(range: { start: string; end: string }, zone: string): { start: number; end: number } {
  const start = parseIsoInstant(range.start, zone);
  const end = parseIsoInstant(range.end, zone);
  if (!(end > start)) throw new CalendarError('the end of the range is not after its start');
  if (end - start > MAX_RANGE_MS) throw new CalendarError(`a range may cover at most ${MAX_RANGE_MS / 86_400_000} days`);
  return { start, end };
}

/**
 * Summaries of the user's own events by UID, read from the store once each; an event only in
 * one of Thunderbird's calendars is named from there.
 */
export function summaries(utx: UserReader, zone: string, calendars?: CalendarSource): (uid: string | undefined) => Promise<string | null> {
  const cache = new Map<string, string | null>();
  return async (uid) => {
    if (!uid) return null;
    if (!cache.has(uid)) {
      let text: string | null;
      try {
        const stored = await utx.getEvent(uid);
        const ics = stored?.ics ?? (calendars && calendars.calendars.map((c) => calendars.item(c.id, uid)).find((i) => !!i)?.ics);
        const object = ics && loadStored(ics, zone);
        const head = object && (object.master ?? object.overrides[0]);
        text = (head && summaryOf(head)) || null;
      } catch {
        text = null;
      }
      cache.set(uid, text);
    }
    return cache.get(uid)!;
  };
}
