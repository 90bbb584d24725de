// The rules nearly every invitation carries — FREQ=DAILY, and FREQ=WEEKLY on plain weekdays, with
// INTERVAL, COUNT, UNTIL and WKST — generated as numbers instead of through rrule.js. rrule.js
// builds year masks and a Date per candidate day (its iterator is most of an expansion's time);
// here each start is DTSTART's wall-clock time plus whole days, in the same floating frame
// (wall-clock fields encoded as UTC, recurrence.ts), so zones and DST stay recurrence.ts's job.
//
// The sequence is exactly rrule.js's (test/ical/simple-rules.test.ts compares them on random
// rules): RFC 5545 §3.3.10 — a WEEKLY rule's weeks begin on WKST (MO by default), which decides
// which weeks an INTERVAL skips; instances before DTSTART are not made; COUNT counts from DTSTART;
// UNTIL is inclusive. Any other part (BYMONTH, BYSETPOS, a numbered BYDAY…) is left to rrule.js.

import type { Options, Weekday } from 'rrule';

const DAY = 86_400_000;
// rrule.js's option constants (its Frequency enum): YEARLY 0 … WEEKLY 2, DAILY 3.
const WEEKLY = 2;
const DAILY = 3;
const SIMPLE_KEYS = new Set(['freq', 'interval', 'dtstart', 'count', 'until', 'wkst', 'byweekday']);

/**
 * Calls `visit` with each start of the rule, in order, until it returns false, the COUNT is
 * reached or UNTIL is passed. Returns false, having called nothing, when the rule is not one of
 * the simple ones: the caller then asks rrule.js.
 */
export function simpleRule(opts: Partial<Options>, visit: (d: Date) => boolean): boolean {
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && v !== null && !SIMPLE_KEYS.has(k)) return false;
  const { freq, dtstart } = opts;
  if ((freq !== DAILY && freq !== WEEKLY) || !dtstart) return false;
  const interval = opts.interval ?? 1;
  const days = weekdays(opts.byweekday);
  if (days === undefined || (freq === DAILY && days.length)) return false;
  const start = dtstart.getTime();
  const until = opts.until ? opts.until.getTime() : Infinity;
  let left = opts.count ?? Infinity;
  const emit = (t: number): boolean => {
    if (t > until || left <= 0) return false;
    left--;
    return visit(new Date(t));
  };
  if (freq === DAILY) {
    for (let t = start; emit(t); t += interval * DAY);
    return true;
  }
  // WEEKLY: weekday numbers as rrule.js has them (0 = Monday).
  const weekdayOf = (ms: number) => (new Date(ms).getUTCDay() + 6) % 7;
  const wanted = new Set(days.length ? days : [weekdayOf(start)]);
  const wkst = weekdayNumber(opts.wkst) ?? 0;
  const time = ((start % DAY) + DAY) % DAY;
  const midnight = start - time;
  let weekStart = midnight - ((weekdayOf(start) - wkst + 7) % 7) * DAY;
  for (;;) {
    for (let o = 0; o < 7; o++) {
      const t = weekStart + o * DAY + time;
      if (t < start || !wanted.has((wkst + o) % 7)) continue;
      if (!emit(t)) return true;
    }
    weekStart += interval * 7 * DAY;
    // A rule whose UNTIL lies behind it ends here even when no day of a week is wanted.
    if (weekStart > until) return true;
  }
}

/** Plain weekdays (no ordinal) as numbers, [] for none; undefined when one is numbered. */
function weekdays(byweekday: Options['byweekday'] | undefined): number[] | undefined {
  if (byweekday === undefined || byweekday === null) return [];
  const list = Array.isArray(byweekday) ? byweekday : [byweekday];
  const out: number[] = [];
  for (const w of list) {
    const n = weekdayNumber(w);
    if (n === undefined || (typeof w === 'object' && w.n)) return undefined;
    out.push(n);
  }
  return out;
}

function weekdayNumber(w: Weekday | number | string | undefined | null): number | undefined {
  if (typeof w === 'number') return w >= 0 && w <= 6 ? w : undefined;
  if (w && typeof w === 'object' && typeof w.weekday === 'number') return w.weekday;
  return undefined;
}
