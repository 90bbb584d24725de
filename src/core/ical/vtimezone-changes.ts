// A VTIMEZONE's transitions (RFC 5545 §3.6.5) for ical.js's Timezone, made in numbers for the
// shape nearly every VTIMEZONE has: STANDARD and DAYLIGHT each either a single DTSTART or
// `RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nDD` with no other part. ical.js finds them by running its
// recurrence iterator from each observance's DTSTART — 1601 in every Outlook invitation — to five
// years past the year asked: some 40 ms per zone, the first time a process meets it, most of a
// cold expansion of the corpus's series. Here each year's transition is the n-th weekday of the
// month; every change is then built, adjusted and sorted as ical.js does it (`Timezone.
// _expandComponent` and `_ensureCoverage` in ical.js 2.2), so `utcOffset` reads the very list it
// would have made (test/ical/vtimezone-changes.test.ts compares them, and the offsets read). Any other shape — RDATEs,
// UNTIL, COUNT, several months or days, an INTERVAL, a fifth or a -2nd to -4th weekday (ical.js's
// iterator misses some of those, e.g. -4MO in a February of four Mondays) — is left to ical.js.

import ICAL from 'ical.js';
import type { WallFields } from './tz.js';

/** What ical.js keeps per transition (Timezone.changes). */
interface Change extends WallFields {
  is_daylight: boolean;
  utcOffset: number;
  prevUtcOffset: number;
  isDate?: boolean;
}

interface TimezoneInternals {
  component: ICAL.Component | null;
  changes: Change[];
  expandedUntilYear: number;
}

interface TimezoneStatics {
  _minimumExpansionYear: number;
  EXTRA_COVERAGE: number;
  _compare_change_fn(a: Change, b: Change): number;
}

/**
 * `Timezone.adjust_change(change, 0, 0, 0, seconds)`: ical.js's `Time#adjust` on the change's
 * fields, line for line, with its own month lengths (`Time.daysInMonth`, whose leap years are
 * Julian up to 1752), without calling through its Time prototype on a plain object.
 */
function shift(t: Change & { _cachedUnixTime?: null }, seconds: number): void {
  if (!t.isDate) {
    const second = t.second + seconds;
    t.second = second % 60;
    let minutesOverflow = Math.trunc(second / 60);
    if (t.second < 0) {
      t.second += 60;
      minutesOverflow--;
    }
    const minute = t.minute + minutesOverflow;
    t.minute = minute % 60;
    let hoursOverflow = Math.trunc(minute / 60);
    if (t.minute < 0) {
      t.minute += 60;
      hoursOverflow--;
    }
    const hour = t.hour + hoursOverflow;
    t.hour = hour % 24;
    let daysOverflow = Math.trunc(hour / 24);
    if (t.hour < 0) {
      t.hour += 24;
      daysOverflow--;
    }
    shiftDays(t, daysOverflow);
  } else shiftDays(t, 0);
  t._cachedUnixTime = null;
}

function shiftDays(t: Change, daysOverflow: number): void {
  let yearsOverflow = 0;
  if (t.month > 12) yearsOverflow = Math.trunc((t.month - 1) / 12);
  else if (t.month < 1) yearsOverflow = Math.trunc(t.month / 12) - 1;
  t.year += yearsOverflow;
  t.month -= 12 * yearsOverflow;
  let day = t.day + daysOverflow;
  if (day > 0) {
    for (;;) {
      const daysInMonth = ICAL.Time.daysInMonth(t.month, t.year);
      if (day <= daysInMonth) break;
      t.month++;
      if (t.month > 12) {
        t.year++;
        t.month = 1;
      }
      day -= daysInMonth;
    }
  } else {
    while (day <= 0) {
      if (t.month === 1) {
        t.year--;
        t.month = 12;
      } else t.month--;
      day += ICAL.Time.daysInMonth(t.month, t.year);
    }
  }
  t.day = day;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** One observance, read for the numeric path; undefined when it is not of the simple shape. */
interface Observance {
  daylight: boolean;
  to: number;
  from: number;
  /** DTSTART's fields. */
  start: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  /** The rule's month, weekday (0 = Sunday) and ordinal; absent for a single transition. */
  rule?: { month: number; weekday: number; nth: number };
}

function seconds(offset: unknown): number | undefined {
  if (!(offset instanceof ICAL.UtcOffset)) return undefined;
  return offset.factor * (offset.hours * 3600 + offset.minutes * 60);
}

function observance(c: ICAL.Component): Observance | undefined {
  if (c.name !== 'standard' && c.name !== 'daylight') return undefined;
  const dtstart = c.getFirstPropertyValue('dtstart');
  const to = seconds(c.getFirstPropertyValue('tzoffsetto'));
  const from = seconds(c.getFirstPropertyValue('tzoffsetfrom'));
  if (!(dtstart instanceof ICAL.Time) || dtstart.isDate || to === undefined || from === undefined) return undefined;
  const { year, month: startMonth, day, hour, minute, second } = dtstart;
  const start = { year, month: startMonth, day, hour, minute, second };
  if (c.hasProperty('rdate')) return undefined;
  const rules = c.getAllProperties('rrule');
  if (!rules.length) return { daylight: c.name === 'daylight', to, from, start };
  if (rules.length > 1) return undefined;
  const recur = rules[0]!.getFirstValue();
  if (!(recur instanceof ICAL.Recur) || recur.freq !== 'YEARLY' || (recur.interval ?? 1) !== 1 || recur.count || recur.until) return undefined;
  if (recur.wkst !== undefined && recur.wkst !== ICAL.Time.MONDAY) return undefined;
  const parts = recur.parts as Record<string, unknown[] | undefined>;
  for (const [name, value] of Object.entries(parts)) if (value !== undefined && name !== 'BYMONTH' && name !== 'BYDAY') return undefined;
  const months = parts.BYMONTH ?? [];
  const days = parts.BYDAY ?? [];
  if (months.length !== 1 || days.length !== 1) return undefined;
  const month = Number(months[0]);
  const m = /^(-1|\+?[1-4])(SU|MO|TU|WE|TH|FR|SA)$/.exec(String(days[0]));
  // February is ical.js's: its leap years are Julian up to 1752 (a 29 February 1700).
  if (!Number.isInteger(month) || month < 1 || month > 12 || month === 2 || !m) return undefined;
  return { daylight: c.name === 'daylight', to, from, start, rule: { month, weekday: WEEKDAYS.indexOf(m[2]!), nth: Number(m[1]) } };
}

/** The day of month of the n-th (from the end when negative) weekday, or undefined. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): number | undefined {
  const length = MONTH_DAYS[month - 1]! + (month === 2 && leap(year) ? 1 : 0);
  if (nth > 0) {
    const first = weekdayOf(year, month, 1);
    const day = 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;
    return day <= length ? day : undefined;
  }
  const last = weekdayOf(year, month, length);
  const day = length - ((last - weekday + 7) % 7) + (nth + 1) * 7;
  return day >= 1 ? day : undefined;
}

function leap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Weekday (0 = Sunday) of a proleptic Gregorian date, any year. */
function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCDay();
}

/**
 * Fills `tz.changes` as ical.js would on its first `utcOffset` for a time in `year`, when every
 * observance has the simple shape; otherwise (or once ical.js has its list) does nothing.
 */
export function prefillChanges(tz: ICAL.Timezone, year: number): void {
  const t = tz as unknown as TimezoneInternals;
  if (t.changes.length || !t.component) return;
  const observances: Observance[] = [];
  for (const c of t.component.getAllSubcomponents()) {
    const o = observance(c);
    if (!o) return;
    observances.push(o);
  }
  if (!observances.length) return;
  const statics = ICAL.Timezone as unknown as TimezoneStatics;
  // _ensureCoverage: from the current year on, five years ahead of what is asked.
  if (statics._minimumExpansionYear === -1) statics._minimumExpansionYear = ICAL.Time.now().year;
  const endYear = Math.max(year, statics._minimumExpansionYear) + statics.EXTRA_COVERAGE;
  const changes: Change[] = [];
  for (const o of observances) {
    const { start, rule } = o;
    // Object literals of one shape throughout: a spread into a literal costs microseconds each.
    if (!rule) {
      const change: Change = {
        is_daylight: o.daylight,
        utcOffset: o.to,
        prevUtcOffset: o.from,
        year: start.year,
        month: start.month,
        day: start.day,
        hour: start.hour,
        minute: start.minute,
        second: start.second,
      };
      shift(change, -change.prevUtcOffset);
      changes.push(change);
      continue;
    }
    // ical.js's iterator gives the rule's instances from DTSTART on (DTSTART itself only when
    // it is one), and the expansion keeps those up to the end year.
    for (let y = start.year; y <= endYear; y++) {
      const day = nthWeekday(y, rule.month, rule.weekday, rule.nth);
      if (day === undefined) continue;
      const change: Change = {
        is_daylight: o.daylight,
        utcOffset: o.to,
        prevUtcOffset: o.from,
        year: y,
        month: rule.month,
        day,
        hour: start.hour,
        minute: start.minute,
        second: start.second,
        isDate: false,
      };
      if (fieldKey(change) < fieldKey(start)) continue;
      shift(change, -change.prevUtcOffset);
      changes.push(change);
    }
  }
  changes.sort(statics._compare_change_fn);
  t.changes = changes;
  t.expandedUntilYear = endYear;
}

// `Timezone.utcOffset` in numbers. ical.js compares times field by field and, per lookup, walks
// from a binary search through deep copies of the changes, each adjusted by an offset; here each
// change's adjusted fields are computed once (as ical.js's adjust_change makes them) and every time is
// a number that orders as its fields do, so a lookup is the same walk over numbers.

/** Fields as one number ordering as `_compare_change_fn` orders them (each field below its radix). */
function fieldKey(f: { year: number; month: number; day: number; hour: number; minute: number; second: number }): number {
  return ((((f.year * 16 + f.month) * 32 + f.day) * 32 + f.hour) * 64 + f.minute) * 64 + f.second;
}

interface Lookup {
  changes: Change[];
  length: number;
  /** The change's own fields; adjusted by the smaller of its two offsets; by its previous offset.
   *  Each made when first needed (NaN until then): a lookup reads a dozen of the hundreds of
   *  changes since 1601, and making them all cost a short-lived process (the CLI) milliseconds. */
  at: Float64Array;
  shifted: Float64Array;
  beforeShift: Float64Array;
}
const lookups = new WeakMap<ICAL.Timezone, Lookup>();

function lookupOf(tz: ICAL.Timezone, changes: Change[]): Lookup {
  let l = lookups.get(tz);
  if (l && l.changes === changes && l.length === changes.length) return l;
  const n = changes.length;
  l = { changes, length: n, at: new Float64Array(n).fill(NaN), shifted: new Float64Array(n).fill(NaN), beforeShift: new Float64Array(n).fill(NaN) };
  lookups.set(tz, l);
  return l;
}

function atKey(l: Lookup, i: number): number {
  const v = l.at[i]!;
  return v === v ? v : (l.at[i] = fieldKey(l.changes[i]!));
}
function shiftedAt(l: Lookup, i: number): number {
  const v = l.shifted[i]!;
  if (v === v) return v;
  const c = l.changes[i]!;
  return (l.shifted[i] = shiftedKey(c, c.utcOffset < c.prevUtcOffset ? c.utcOffset : c.prevUtcOffset));
}
function beforeShiftAt(l: Lookup, i: number): number {
  const v = l.beforeShift[i]!;
  return v === v ? v : (l.beforeShift[i] = shiftedKey(l.changes[i]!, l.changes[i]!.prevUtcOffset));
}

/** The key of a change's fields shifted by some seconds, the change left as it is. */
function shiftedKey(c: Change, seconds: number): number {
  const copy: Change = {
    is_daylight: c.is_daylight,
    utcOffset: c.utcOffset,
    prevUtcOffset: c.prevUtcOffset,
    year: c.year,
    month: c.month,
    day: c.day,
    hour: c.hour,
    minute: c.minute,
    second: c.second,
    isDate: c.isDate,
  };
  shift(copy, seconds);
  return fieldKey(copy);
}

/** What `tz.utcOffset(fields)` answers (seconds), its transitions made here when they can be. */
export function utcOffsetOf(tz: ICAL.Timezone, f: { year: number; month: number; day: number; hour: number; minute: number; second: number }): number {
  prefillChanges(tz, f.year);
  const t = tz as unknown as TimezoneInternals;
  // Not yet expanded, or expanded short of this year: ical.js expands (again) as it does.
  if (!t.changes.length || t.expandedUntilYear < f.year || tz === ICAL.Timezone.utcTimezone || tz === ICAL.Timezone.localTimezone)
    return tz.utcOffset(f as unknown as ICAL.Time);
  const l = lookupOf(tz, t.changes);
  const key = fieldKey(f);
  const n = l.length;
  // _findNearbyChange: binsearchInsert's index, at most the last.
  let low = 0;
  let high = n - 1;
  let mid = 0;
  let cmp = 0;
  while (low <= high) {
    mid = low + Math.floor((high - low) / 2);
    cmp = key - atKey(l, mid);
    if (cmp < 0) high = mid - 1;
    else if (cmp > 0) low = mid + 1;
    else break;
  }
  let i = cmp > 0 ? mid + 1 : mid;
  if (i >= n) i = n - 1;
  let use = -1;
  let step = 1;
  for (;;) {
    if (key - shiftedAt(l, i) >= 0) use = i;
    else step = -1;
    if (step === -1 && use !== -1) break;
    i += step;
    if (i < 0) return 0;
    if (i >= n) break;
  }
  let change = l.changes[use]!;
  if (change.utcOffset - change.prevUtcOffset < 0 && use > 0 && key < beforeShiftAt(l, use)) {
    const previous = l.changes[use - 1]!;
    if (change.is_daylight !== false && previous.is_daylight === false) change = previous;
  }
  return change.utcOffset;
}
