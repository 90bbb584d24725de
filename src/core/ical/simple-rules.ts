// The rules nearly every invitation carries — FREQ=DAILY, and FREQ=WEEKLY on plain weekdays, with
// INTERVAL, COUNT, UNTIL and WKST — generated as numbers instead of through rrule.js. rrule.js
// builds year masks and a Date per candidate day (its iterator is most of an expansion's time);
// here each start is DTSTART's wall-clock time plus whole days, in the same floating frame
// (wall-clock fields encoded as UTC, recurrence.ts), so zones and DST stay recurrence.ts's job.
//
// The sequence is exactly rrule.js's (test/ical/simple-rules.test.ts compares them on random
// rules): RFC 5545 §3.3.10 — a WEEKLY rule's weeks begin on WKST (MO by default), which decides
// which weeks an INTERVAL skips; instances before DTSTART are not made; COUNT counts from DTSTART;
// UNTIL is inclusive. FREQ=MONTHLY too when it names its days: BYMONTHDAY (either sign), BYDAY
// all plain or all numbered (rrule.js filters a mix of the two by both at once), and BYSETPOS over
// those days (the last working day of a month). Any other part (BYMONTH, BYHOUR…, a rule without
// BYDAY or BYMONTHDAY) is left to rrule.js.

import type { Options, Weekday } from 'rrule';

const DAY = 86_400_000;
// rrule.js's option constants (its Frequency enum): YEARLY 0 … WEEKLY 2, DAILY 3.
const MONTHLY = 1;
const WEEKLY = 2;
const DAILY = 3;
const SIMPLE_KEYS = new Set(['freq', 'interval', 'dtstart', 'count', 'until', 'wkst', 'byweekday']);
const MONTHLY_KEYS = new Set([...SIMPLE_KEYS, 'bymonthday', 'bysetpos']);
/** rrule.js's MAXYEAR: its iteration ends there, found or not. */
const MAX_YEAR = 9999;

/**
 * Calls `visit` with each start of the rule, in order, until it returns false, the COUNT is
 * reached or UNTIL is passed. Returns false, having called nothing, when the rule is not one of
 * the simple ones: the caller then asks rrule.js.
 */
export function simpleRule(opts: Partial<Options>, visit: (d: Date) => boolean): boolean {
  if (opts.freq === MONTHLY) return monthlyRule(opts, visit);
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

/** A MONTHLY rule naming its days; false, having called nothing, for any other form. */
function monthlyRule(opts: Partial<Options>, visit: (d: Date) => boolean): boolean {
  for (const [k, v] of Object.entries(opts)) if (v !== undefined && v !== null && !MONTHLY_KEYS.has(k)) return false;
  const { dtstart } = opts;
  if (!dtstart) return false;
  const monthdays = numbers(opts.bymonthday);
  const setpos = numbers(opts.bysetpos);
  const byday = numberedWeekdays(opts.byweekday);
  if (!monthdays || !setpos || !byday) return false;
  const plain = byday.filter((d) => d.n === undefined).map((d) => d.weekday);
  const nth = byday.filter((d) => d.n !== undefined);
  if ((plain.length && nth.length) || (!byday.length && !monthdays.length)) return false;
  if (monthdays.some((d) => !d || d < -31 || d > 31) || setpos.some((p) => !p || p < -366 || p > 366)) return false;
  const interval = opts.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1) return false;
  const start = dtstart.getTime();
  const until = opts.until ? opts.until.getTime() : Infinity;
  let left = opts.count ?? Infinity;
  const time = ((start % DAY) + DAY) % DAY;
  const first = new Date(start - time);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth(); // 0-based
  for (;;) {
    if (year > MAX_YEAR) return true;
    const monthStart = Date.UTC(year, month, 1);
    if (monthStart > until) return true;
    const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const firstWeekday = (new Date(monthStart).getUTCDay() + 6) % 7; // 0 = Monday
    // The month's days passing every filter given, in order (1-based).
    const days: number[] = [];
    for (let d = 1; d <= length; d++) {
      const weekday = (firstWeekday + d - 1) % 7;
      if (monthdays.length && !monthdays.some((m) => (m > 0 ? m : length + m + 1) === d)) continue;
      if (plain.length && !plain.includes(weekday)) continue;
      if (nth.length && !nth.some((w) => w.weekday === weekday && (w.n! > 0 ? Math.floor((d - 1) / 7) + 1 : -(Math.floor((length - d) / 7) + 1)) === w.n))
        continue;
      days.push(d);
    }
    // BYSETPOS as rrule.js applies it (its poslist.ts), quirks included: a negative position
    // past the first day takes the first (`slice(pos)[0]`); a position with no day gives an
    // invalid date, which is never emitted but takes part in the sort; a day two positions name
    // is kept twice (its check for repeats compares Date objects).
    let starts: number[];
    if (setpos.length) {
      starts = [];
      for (const p of setpos) {
        const d = p < 0 ? days.slice(p)[0] : days[p - 1];
        starts.push(d === undefined ? NaN : Date.UTC(year, month, d) + time);
      }
      starts.sort((a, b) => a - b);
    } else starts = days.map((d) => Date.UTC(year, month, d) + time);
    for (const t of starts) {
      if (t > until) return true;
      if (!(t >= start)) continue;
      if (left <= 0) return true;
      left--;
      if (!visit(new Date(t))) return true;
    }
    month += interval;
    year += Math.floor(month / 12);
    month %= 12;
  }
}

/** Integers, [] for none; undefined for anything else. */
function numbers(v: unknown): number[] | undefined {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.every((n) => Number.isInteger(n)) ? (list as number[]) : undefined;
}

/** Weekdays with their ordinals; undefined when one is not understood. */
function numberedWeekdays(byweekday: Options['byweekday'] | undefined): { weekday: number; n?: number }[] | undefined {
  if (byweekday === undefined || byweekday === null) return [];
  const out: { weekday: number; n?: number }[] = [];
  for (const w of Array.isArray(byweekday) ? byweekday : [byweekday]) {
    const weekday = weekdayNumber(w);
    if (weekday === undefined) return undefined;
    const n = typeof w === 'object' && w.n ? w.n : undefined;
    if (n !== undefined && (!Number.isInteger(n) || n < -5 || n > 5)) return undefined;
    out.push(n === undefined ? { weekday } : { weekday, n });
  }
  return out;
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
