// How far in time an event's occurrences may reach, worked out without expanding it: what the
// free/busy index (core/busy-index.ts) needs to know where an event's coverage ends.

import ICAL from 'ical.js';
import { eventLength } from './ical/recurrence.js';
import { FREQ_MS } from './ical/rule-walk.js';
import { toInstant } from './ical/tz.js';
import type { EventObject } from './itip/objects.js';

const DAY = 86_400_000;
const MAX_TIME = Date.UTC(9999, 11, 31);

/**
 * Bounds of the time the event's occurrences may take: `first` no later than any occurrence
 * starts, `last` no earlier than any ends. Loose on purpose: a bound too wide only makes queries
 * beyond coverage expand the event (still exact); one too narrow would lose busy time. Worked out from DTSTART, RDATE, overrides and the rules'
 * COUNT/UNTIL rather than by expanding towards year 1 or 9999, which makes ical.js walk a
 * VTIMEZONE's transitions across millennia.
 */
export function reach(object: EventObject): { first: number; last: number; endless: boolean } {
  const { master, overrides, ctx } = object;
  let first = Infinity;
  let last = -Infinity;
  const at = (t: unknown) => (t instanceof ICAL.Time ? toInstant(t, ctx) : undefined);
  const see = (start: number | undefined, length: number) => {
    if (start === undefined || !Number.isFinite(start)) return;
    first = Math.min(first, start);
    last = Math.max(last, start + length);
  };
  // All-day events are placed in the user's zone, floating ones too: a day's slack either side.
  const length = (c: ICAL.Component) => eventLength(c, ctx) + DAY;
  // A THISANDFUTURE override moves every later occurrence by as much as it moves its own.
  let shift = 0;
  for (const c of overrides) {
    const s = at(c.getFirstPropertyValue('dtstart'));
    const rid = at(c.getFirstPropertyValue('recurrence-id'));
    see(s, length(c));
    see(rid, length(c));
    if (s !== undefined && rid !== undefined) shift = Math.max(shift, s - rid, rid - s);
  }
  let endless = false;
  if (master) {
    const len = length(master);
    const start = at(master.getFirstPropertyValue('dtstart'));
    see(start, len);
    for (const p of master.getAllProperties('rdate'))
      for (const v of p.getValues().slice(0, 5000))
        see(
          at(v instanceof ICAL.Period ? v.start : v),
          v instanceof ICAL.Period && v.end ? Math.max(len, toInstant(v.end, ctx) - toInstant(v.start, ctx) + DAY) : len,
        );
    for (const p of master.getAllProperties('rrule')) {
      const recur = p.getFirstValue();
      if (!(recur instanceof ICAL.Recur) || start === undefined) continue;
      if (recur.until) see((at(recur.until) ?? MAX_TIME) + shift, len);
      else if (recur.count) {
        // The longest a rule may take per occurrence: its period, times eight for BYxxx parts
        // that skip (the 29th of February is eight years apart across a century).
        const step = (FREQ_MS[recur.freq] ?? 366 * DAY) * Math.max(1, recur.interval || 1) * 8;
        see(start + Math.min(recur.count * step, MAX_TIME - start) + shift, len);
      } else endless = true;
    }
  }
  return { first: first - DAY, last: last + DAY, endless };
}
