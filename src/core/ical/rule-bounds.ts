// Bounded work for recurrence rules (RFC 5545 §3.3.10) before rrule.js walks them.
//
// rrule.js walks a rule period by period from DTSTART, and keeps walking — up to the year 9999 —
// while no period yields an instance; in the sub-daily frequencies a time filter that can never
// match (FREQ=HOURLY;INTERVAL=2;BYHOUR=1 from an even hour) loops for ever. So every rule is
// checked here first (value ranges, the combinations RFC 5545 forbids, instances per period, and
// whether it can match at all), then moved arithmetically to the window: the cost of an expansion
// no longer depends on how far DTSTART lies in the past. Written by hand because neither rrule.js
// nor ical.js offers a bounded walk or a way to start a rule in the middle of its series.

import type { Options } from 'rrule';

/** Most instances one period of a rule may hold (a YEARLY rule with every BYHOUR, BYMINUTE and
 * BYSECOND value holds 31 million): past it the rule is refused. */
export const MAX_INSTANCES_PER_PERIOD = 10_000;
/** Most occurrences a day (every five minutes): a FREQ=SECONDLY series, or MINUTELY more often
 * than that, is refused, since every free/busy query and view would walk up to 86,400 of them
 * for each day it shows. */
export const MAX_OCCURRENCES_PER_DAY = 288;
/** Most steps rrule.js takes through one day (a minute each): it walks a sub-daily rule step by
 * step through every day its day filters let pass, whether the step yields an occurrence or not,
 * so FREQ=SECONDLY with an INTERVAL under 60 costs 86,400 steps a day. */
export const MAX_STEPS_PER_DAY = 1440;

const DAY = 86400_000;
/** Days in the Gregorian cycle: dates and weekdays repeat exactly every 400 years. */
const CYCLE_DAYS = 146_097;

export type FreqName = 'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY' | 'MINUTELY' | 'SECONDLY';
const UNIT_MS: Partial<Record<FreqName, number>> = { SECONDLY: 1000, MINUTELY: 60_000, HOURLY: 3600_000, DAILY: DAY, WEEKLY: 7 * DAY };
const RANK: Record<FreqName, number> = { YEARLY: 0, MONTHLY: 1, WEEKLY: 2, DAILY: 3, HOURLY: 4, MINUTELY: 5, SECONDLY: 6 };

/** The BYxxx parts as plain numbers; BYDAY as weekday (0 = MO) and optional ordinal. */
export interface RuleParts {
  freq: FreqName;
  interval: number;
  bysecond: number[];
  byminute: number[];
  byhour: number[];
  byday: { weekday: number; n?: number }[];
  bymonthday: number[];
  byyearday: number[];
  byweekno: number[];
  bymonth: number[];
  bysetpos: number[];
}

const RANGES: [keyof RuleParts, number, number, boolean][] = [
  // RFC 5545 §3.3.10 value ranges. BYSECOND=60 names a leap second, which no clock here has, and
  // rrule.js would look for it for ever.
  ['bysecond', 0, 59, false],
  ['byminute', 0, 59, false],
  ['byhour', 0, 23, false],
  ['bymonthday', -31, 31, true],
  ['byyearday', -366, 366, true],
  ['byweekno', -53, 53, true],
  ['bymonth', 1, 12, false],
  ['bysetpos', -366, 366, true],
];

/** Why a rule is not expanded, or undefined when it is safe to give to rrule.js. */
export function ruleRefusal(p: RuleParts, dtstart: Date): string | undefined {
  for (const [name, lo, hi, signed] of RANGES) {
    const bad = (p[name] as number[]).find((v) => v < lo || v > hi || (signed && v === 0));
    if (bad !== undefined) return `${name.toUpperCase()}=${bad} is out of range`;
  }
  const bad = p.byday.find((d) => d.n !== undefined && (d.n === 0 || Math.abs(d.n) > 53));
  if (bad) return `BYDAY=${bad.n} is out of range`;
  // The combinations RFC 5545 §3.3.10 says MUST NOT be used: rrule.js gives them no meaning of
  // their own, and they are how a rule is made to match nothing.
  if (p.byweekno.length && p.freq !== 'YEARLY') return 'BYWEEKNO is only allowed with FREQ=YEARLY';
  if (p.byyearday.length && ['DAILY', 'WEEKLY', 'MONTHLY'].includes(p.freq)) return `BYYEARDAY is not allowed with FREQ=${p.freq}`;
  if (p.bymonthday.length && p.freq === 'WEEKLY') return 'BYMONTHDAY is not allowed with FREQ=WEEKLY';
  if (p.byday.some((d) => d.n !== undefined) && p.freq !== 'MONTHLY' && p.freq !== 'YEARLY') return `BYDAY with a number is not allowed with FREQ=${p.freq}`;
  if (p.byday.some((d) => d.n !== undefined) && p.freq === 'YEARLY' && p.byweekno.length) return 'BYDAY with a number is not allowed with BYWEEKNO';
  const steps = RANK[p.freq] >= RANK.HOURLY ? Math.ceil(86400 / (p.interval * (UNIT_MS[p.freq]! / 1000))) : 1;
  if (steps > MAX_STEPS_PER_DAY) return `FREQ=${p.freq};INTERVAL=${p.interval} takes ${steps} steps a day (more than MAX_STEPS_PER_DAY, ${MAX_STEPS_PER_DAY})`;
  // A sub-daily rule reaches at most one time per step, whatever times its filters name.
  const perDay =
    RANK[p.freq] >= RANK.HOURLY
      ? Math.min(timesReached(p, dtstart), steps)
      : Math.max(1, p.byhour.length) * Math.max(1, p.byminute.length) * Math.max(1, p.bysecond.length);
  if (perDay === 0) return `FREQ=${p.freq};INTERVAL=${p.interval} never reaches the times its BYHOUR/BYMINUTE/BYSECOND name`;
  if (perDay > MAX_OCCURRENCES_PER_DAY) return `up to ${perDay} occurrences a day (more than MAX_OCCURRENCES_PER_DAY, ${MAX_OCCURRENCES_PER_DAY})`;
  const perPeriod = instancesPerPeriod(p);
  if (perPeriod > MAX_INSTANCES_PER_PERIOD)
    return `up to ${perPeriod} occurrences in one ${p.freq.toLowerCase()} period (more than MAX_INSTANCES_PER_PERIOD, ${MAX_INSTANCES_PER_PERIOD})`;
  if (p.bysetpos.length && p.bysetpos.every((v) => Math.abs(v) > perPeriod)) return `BYSETPOS names no instance of a period (at most ${perPeriod})`;
  if (!dayReachable(p, dtstart)) return 'the rule matches no day in a 400-year cycle';
  return undefined;
}

/** An upper bound of the instances one FREQ period can hold. */
function instancesPerPeriod(p: RuleParts): number {
  const n = (a: unknown[]) => Math.max(1, a.length);
  // Time parts below the frequency multiply; those at or above it only filter.
  const times =
    RANK[p.freq] <= RANK.DAILY
      ? n(p.byhour) * n(p.byminute) * n(p.bysecond)
      : RANK[p.freq] === RANK.HOURLY
        ? n(p.byminute) * n(p.bysecond)
        : RANK[p.freq] === RANK.MINUTELY
          ? n(p.bysecond)
          : 1;
  const days = p.freq === 'YEARLY' ? 366 : p.freq === 'MONTHLY' ? 31 : p.freq === 'WEEKLY' ? 7 : 1;
  return days * times;
}

/** Sub-daily rules visit the times of day t0 + k·step (mod one day): one residue class. How many
 * of the times the rule names lie in it (exact when the step divides a day, else a bound). */
function timesReached(p: RuleParts, dtstart: Date): number {
  const unit = p.freq === 'HOURLY' ? 3600 : p.freq === 'MINUTELY' ? 60 : 1;
  const g = gcd(p.interval * unit, 86400);
  const t0 = (dtstart.getUTCHours() * 3600 + dtstart.getUTCMinutes() * 60 + dtstart.getUTCSeconds()) % g;
  const all = (k: number) => Array.from({ length: k }, (_, i) => i);
  // Time parts finer than the frequency are taken from DTSTART by rrule.js, as RFC 5545 says.
  const hours = p.byhour.length ? p.byhour : all(24);
  const minutes = p.byminute.length ? p.byminute : p.freq === 'HOURLY' ? [dtstart.getUTCMinutes()] : all(60);
  const seconds = p.bysecond.length ? p.bysecond : p.freq === 'SECONDLY' ? all(60) : [dtstart.getUTCSeconds()];
  let reached = 0;
  for (const h of hours) for (const m of minutes) for (const s of seconds) if ((h * 3600 + m * 60 + s) % g === t0) reached++;
  return reached;
}

/** Whether any day the rule visits passes its day filters, over one whole 400-year cycle. */
function dayReachable(p: RuleParts, dtstart: Date): boolean {
  const hasDayFilter = p.bymonth.length || p.bymonthday.length || p.byyearday.length || p.byday.length;
  if (!hasDayFilter) return true;
  const d0 = Math.floor(dtstart.getTime() / DAY);
  if (p.freq === 'YEARLY') {
    // BYWEEKNO and numbered BYDAY depend on week numbering; such rules walk at most 8,000 years.
    if (p.byweekno.length || p.byday.some((d) => d.n !== undefined)) return true;
    const y0 = dtstart.getUTCFullYear();
    for (let k = 0; k < 400; k++) {
      const first = Math.floor(Date.UTC(y0 + k * p.interval, 0, 1) / DAY);
      const last = Math.floor(Date.UTC(y0 + k * p.interval + 1, 0, 1) / DAY);
      for (let d = first; d < last; d++) if (dayMatches(p, d, false)) return true;
    }
    return false;
  }
  if (p.freq === 'MONTHLY') {
    const y0 = dtstart.getUTCFullYear();
    const m0 = dtstart.getUTCMonth();
    for (let k = 0; k < 4800; k++) {
      const m = m0 + k * p.interval;
      const first = Math.floor(Date.UTC(y0, m, 1) / DAY);
      const last = Math.floor(Date.UTC(y0, m + 1, 1) / DAY);
      for (let d = first; d < last; d++) if (dayMatches(p, d, true)) return true;
    }
    return false;
  }
  if (p.freq === 'WEEKLY') {
    // Any visited week: days from DTSTART's week on, every INTERVAL weeks.
    for (let k = 0; k < CYCLE_DAYS / 7 + 1; k++) for (let i = 0; i < 7; i++) if (dayMatches(p, d0 + k * 7 * p.interval + i, false)) return true;
    return false;
  }
  // DAILY, or a sub-daily rule that steps a day or more at once: the visited days form a lattice.
  const stepDays = p.freq === 'DAILY' ? p.interval : (p.interval * (UNIT_MS[p.freq] ?? DAY)) / DAY;
  if (stepDays >= 1 && Number.isInteger(stepDays)) {
    for (let k = 0; k <= CYCLE_DAYS; k++) if (dayMatches(p, d0 + k * stepDays, false)) return true;
    return false;
  }
  // A sub-daily rule with a shorter (or uneven) step passes through every day.
  for (let d = d0; d <= d0 + CYCLE_DAYS; d++) if (dayMatches(p, d, false)) return true;
  return false;
}

/** The day filters RFC 5545 allows below YEARLY; `inMonth` lets BYDAY carry a number. */
function dayMatches(p: RuleParts, dayNumber: number, inMonth: boolean): boolean {
  const date = new Date(dayNumber * DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const dom = date.getUTCDate();
  if (p.bymonth.length && !p.bymonth.includes(m)) return false;
  const monthLen = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (p.bymonthday.length && !p.bymonthday.some((v) => (v > 0 ? v === dom : monthLen + v + 1 === dom))) return false;
  if (p.byyearday.length) {
    const yday = dayNumber - Math.floor(Date.UTC(y, 0, 1) / DAY) + 1;
    const yearLen = Math.floor((Date.UTC(y + 1, 0, 1) - Date.UTC(y, 0, 1)) / DAY);
    if (!p.byyearday.some((v) => (v > 0 ? v === yday : yearLen + v + 1 === yday))) return false;
  }
  if (p.byday.length) {
    const weekday = (date.getUTCDay() + 6) % 7;
    const nth = Math.floor((dom - 1) / 7) + 1;
    const nthLast = -(Math.floor((monthLen - dom) / 7) + 1);
    if (!p.byday.some((d) => d.weekday === weekday && (d.n === undefined || (inMonth && (d.n === nth || d.n === nthLast))))) return false;
  }
  return true;
}

/** Fixed lists of what a regular rule's period holds (each default taken from DTSTART). */
function lattice(p: RuleParts, start: Date): { months: number[]; days: number[]; times: number[] } {
  const list = (given: number[], own: number) => [...new Set(given.length ? given : [own])].sort((a, b) => a - b);
  const rank = RANK[p.freq];
  const hours = rank >= RANK.HOURLY ? [0] : list(p.byhour, start.getUTCHours());
  const minutes = rank >= RANK.MINUTELY ? [0] : list(p.byminute, start.getUTCMinutes());
  const seconds = rank >= RANK.SECONDLY ? [0] : list(p.bysecond, start.getUTCSeconds());
  const times = hours.flatMap((h) => minutes.flatMap((m) => seconds.map((s) => h * 3600 + m * 60 + s)));
  // RFC 5545: BYMONTHDAY in a YEARLY rule without BYMONTH means that day of every month.
  const months = p.bymonth.length ? list(p.bymonth, 0) : p.bymonthday.length ? Array.from({ length: 12 }, (_, i) => i + 1) : [start.getUTCMonth() + 1];
  return { months, days: list(p.bymonthday, start.getUTCDate()), times };
}

/**
 * Instances in each period of a rule whose periods all hold the same number: time parts finer
 * than FREQ, plain BYDAY for WEEKLY, BYMONTHDAY (1–28, days every month has) for MONTHLY and
 * YEARLY, BYMONTH for YEARLY. Undefined for any other rule (its count depends on the calendar).
 */
function regularCount(p: RuleParts, start: Date): number | undefined {
  const rank = RANK[p.freq];
  if (p.bysetpos.length || p.byweekno.length || p.byyearday.length) return undefined;
  if (p.byhour.length && rank >= RANK.HOURLY) return undefined;
  if (p.byminute.length && rank >= RANK.MINUTELY) return undefined;
  if (p.bysecond.length && rank >= RANK.SECONDLY) return undefined;
  if (p.byday.length && p.freq !== 'WEEKLY') return undefined;
  if (p.bymonth.length && p.freq !== 'YEARLY') return undefined;
  if (p.bymonthday.length && p.freq !== 'MONTHLY' && p.freq !== 'YEARLY') return undefined;
  const { months, days, times } = lattice(p, start);
  if ((p.freq === 'MONTHLY' || p.freq === 'YEARLY') && days.some((d) => d < 1 || d > 28)) return undefined;
  const perDay = times.length;
  if (p.freq === 'WEEKLY') return (p.byday.length ? new Set(p.byday.map((d) => d.weekday)).size : 1) * perDay;
  if (p.freq === 'MONTHLY') return days.length * perDay;
  if (p.freq === 'YEARLY') return months.length * days.length * perDay;
  return perDay;
}

/** A regular MONTHLY or YEARLY rule's instances in DTSTART's own period, on or after DTSTART. */
function firstPeriodCount(p: RuleParts, start: Date): number {
  const { months, days, times } = lattice(p, start);
  const y = start.getUTCFullYear();
  const inPeriod = p.freq === 'YEARLY' ? months : [start.getUTCMonth() + 1];
  let n = 0;
  for (const m of inPeriod) for (const d of days) for (const t of times) if (Date.UTC(y, m - 1, d) + t * 1000 >= start.getTime()) n++;
  return n;
}

/** The parts of rrule.js options the checks above read. */
export function partsOf(freq: FreqName, opts: Partial<Options>): RuleParts {
  const nums = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(Number);
  const days = (Array.isArray(opts.byweekday) ? opts.byweekday : []) as { weekday: number; n?: number }[];
  return {
    freq,
    interval: Math.max(1, opts.interval ?? 1),
    bysecond: nums(opts.bysecond),
    byminute: nums(opts.byminute),
    byhour: nums(opts.byhour),
    byday: days.map((d) => ({ weekday: d.weekday, ...(d.n ? { n: d.n } : {}) })),
    bymonthday: nums(opts.bymonthday),
    byyearday: nums(opts.byyearday),
    byweekno: nums(opts.byweekno),
    bymonth: nums(opts.bymonth),
    bysetpos: nums(opts.bysetpos),
  };
}

const refusals = new Map<string, string | undefined>();
/** `ruleRefusal`, remembered: a stored rule is checked again by every query that expands it. */
export function cachedRuleRefusal(p: RuleParts, dtstart: Date): string | undefined {
  const key = JSON.stringify(p) + dtstart.getTime();
  if (refusals.has(key)) return refusals.get(key);
  const reason = ruleRefusal(p, dtstart);
  if (refusals.size >= 1000) refusals.clear();
  refusals.set(key, reason);
  return reason;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Moves DTSTART forward by whole multiples of INTERVAL periods to shortly before `target`, so
 * rrule.js starts its walk there instead of at the original DTSTART: the periods a rule visits
 * (every INTERVAL-th from DTSTART's) and the instances each one holds are unchanged, because the
 * defaults RFC 5545 takes from DTSTART (its weekday, day of month, month) are written out. With
 * COUNT the move needs the number of instances skipped: it is made only where each period holds
 * exactly one (no BYxxx part, and no day 29–31 a month or year could lack); `jumped: false` says
 * the rule must be walked from DTSTART (bounded by the caller).
 */
export function jumpRule(opts: Partial<Options>, p: RuleParts, target: Date): { opts: Partial<Options>; jumped: boolean; exhausted: boolean } {
  const start = opts.dtstart!;
  if (target.getTime() <= start.getTime()) return { opts, jumped: false, exhausted: false };
  const unit = UNIT_MS[p.freq];
  let steps: number; // whole INTERVAL periods skipped
  let moved: Date;
  const out: Partial<Options> = { ...opts };
  if (unit) {
    const stepMs = unit * p.interval;
    // One period spare: instances of the first period before the moved DTSTART are not made.
    steps = Math.floor((target.getTime() - start.getTime()) / stepMs) - 1;
    if (steps <= 0) return { opts, jumped: false, exhausted: false };
    moved = new Date(start.getTime() + steps * stepMs);
  } else {
    const months = p.freq === 'MONTHLY' ? 1 : 12;
    const elapsed = (target.getUTCFullYear() - start.getUTCFullYear()) * 12 + target.getUTCMonth() - start.getUTCMonth();
    // The period's first midnight: day 31 does not exist in every month, so the day of month
    // DTSTART implies is written out as BYMONTHDAY (and its month as BYMONTH for YEARLY), and
    // its time of day as BYHOUR, BYMINUTE and BYSECOND.
    steps = Math.floor(elapsed / (months * p.interval));
    if (steps <= 0) return { opts, jumped: false, exhausted: false };
    moved = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + steps * months * p.interval, 1));
    if (p.freq === 'YEARLY') moved.setUTCMonth(0, 1);
    if (!p.byweekno.length && !p.byyearday.length && !p.bymonthday.length && !p.byday.length) {
      out.bymonthday = [start.getUTCDate()];
      if (p.freq === 'YEARLY' && !p.bymonth.length) out.bymonth = [start.getUTCMonth() + 1];
    }
    if (!p.byhour.length) out.byhour = [start.getUTCHours()];
    if (!p.byminute.length) out.byminute = [start.getUTCMinutes()];
    if (!p.bysecond.length) out.bysecond = [start.getUTCSeconds()];
  }
  if (opts.count) {
    const each = regularCount(p, start);
    if (each === undefined) return { opts, jumped: false, exhausted: false };
    // A regular rule is periodic: every INTERVAL periods hold `each` instances, so a shift by
    // whole periods skips steps·each of them; a month or year is entered at its start, so the
    // first period counts only what lies on or after DTSTART.
    const skipped = unit ? steps * each : firstPeriodCount(p, start) + (steps - 1) * each;
    if (opts.count <= skipped) return { opts, jumped: true, exhausted: true };
    out.count = opts.count - skipped;
  }
  out.dtstart = moved;
  return { opts: out, jumped: true, exhausted: false };
}
