// One RRULE walked in the floating frame (RFC 5545 §3.3.10): the rule read into rrule.js's
// options, checked (rule-bounds.ts), moved to the window and walked — in numbers for the simple
// rules (simple-rules.ts), by rrule.js for the others — within the expansion's limits. Wall-clock
// starts come out as UTC-encoded Dates; recurrence.ts converts them in DTSTART's zone and makes
// the event's occurrences of them.

import ICAL from 'ical.js';
import type { Options, Weekday } from 'rrule';
import { startOf } from './line-time.js';
import { pushOnce, toInstant, tzidOf, wallClock, type TimeLike, type ZoneContext } from './tz.js';
import { cachedRuleRefusal, jumpRule, partsOf, type FreqName } from './rule-bounds.js';
import { simpleRule } from './simple-rules.js';

// rrule.js is loaded on first use, not with this module: its start-up (some 35 ms of building
// tables) is most of what the command line spends beyond Node's own start when it handles one
// message, and DAILY and plain WEEKLY rules never need it. In a bundle esbuild turns `require`
// into its own module call, made here; run unbundled (tsx: tests, bench) the module is ESM and has
// no `require`, so Node's is made for this file. rrule ships CommonJS for Node and ESM for
// bundlers targeting the browser (named exports, no default): take RRule from whichever it is.
type RRuleModule = typeof import('rrule');
let rruleLoaded: RRuleModule | undefined;
function rruleLib(): RRuleModule {
  if (!rruleLoaded) {
    let mod: unknown;
    try {
      mod = require('rrule'); // eslint-disable-line @typescript-eslint/no-require-imports
    } catch {
      const nodeModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as
        typeof import('node:module') | undefined;
      if (!nodeModule) throw new Error('rrule.js cannot be loaded here');
      mod = nodeModule.createRequire(import.meta.url)('rrule');
    }
    rruleLoaded = ((mod as Record<string, unknown>)['default'] ?? mod) as RRuleModule;
  }
  return rruleLoaded;
}

export interface ExpandLimits {
  /** Most occurrences returned for one event. */
  maxInstances: number;
  /** Most instances generated for one rule, the lead-in before the window included; and most
   * periods a COUNT rule with BYxxx parts (which cannot be moved to the window) is walked from
   * its DTSTART: its later occurrences are left out, with a warning. */
  maxIterations: number;
  /** Work shared by every expansion made while one message is decided (MAX_EXPANSION_PER_MESSAGE):
   * each rule instance generated and each RDATE read takes one; a walk stops when none is left. */
  budget?: ExpansionBudget;
}

export interface ExpansionBudget {
  left: number;
  /** Set once an expansion stopped short because the budget ran out. */
  spent?: boolean;
}

/**
 * Rule instances and RDATEs expanded, over all the decisions one message makes. Each expansion is
 * bounded on its own (maxIterations); this bounds their sum, so a message of 100 objects that
 * each walk 20,000 instances (a room asked for 100 hourly series) costs what one such object does,
 * not 100. An ordinary message uses a few hundred; what runs out is declined or refused with
 * this name in the reason.
 */
export const MAX_EXPANSION_PER_MESSAGE = 20_000;

export const DEFAULT_LIMITS: ExpandLimits = { maxInstances: 5000, maxIterations: 20_000 };

const DAY = 86400_000;
// Nominal period lengths (the longest a month or year can be), to bound a walk from DTSTART.
export const FREQ_MS: Record<string, number> = {
  SECONDLY: 1000,
  MINUTELY: 60_000,
  HOURLY: 3600_000,
  DAILY: DAY,
  WEEKLY: 7 * DAY,
  MONTHLY: 31 * DAY,
  YEARLY: 366 * DAY,
};
// rrule.js's Frequency numbers and weekday numbers (0 = Monday). Its options take a weekday as
// any object with `weekday` and `n` (what its Weekday is), so none of it is loaded to build them.
const FREQ: Record<string, number> = { YEARLY: 0, MONTHLY: 1, WEEKLY: 2, DAILY: 3, HOURLY: 4, MINUTELY: 5, SECONDLY: 6 };
const DAYS: Record<string, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

/** rrule.js's `RRule.MO` or `RRule.MO.nth(n)` as plain data; like `nth`, refuses n = 0. */
function weekday(day: number, n?: number): Weekday {
  if (n === undefined) return { weekday: day } as Weekday;
  if (n === 0) throw new Error("Can't create weekday with n == 0");
  return { weekday: day, n } as Weekday;
}

/** How a refused rule is reported to the user. */
export function refusedRuleWarning(reason: string): string {
  return `recurrence rule refused (${reason}): only DTSTART is used`;
}

/** Wall-clock fields as a UTC Date: the "floating" frame rrule.js computes in. */
export function floatingDate(f: { year: number; month: number; day: number; hour: number; minute: number; second: number }): Date {
  return new Date(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second));
}

/** rrule.js options for an ical.js Recur, DTSTART and UNTIL in the floating frame. */
function ruleOptions(recur: ICAL.Recur, dtstart: TimeLike, ctx: ZoneContext): Partial<Options> | undefined {
  const freq = FREQ[recur.freq];
  if (freq === undefined) return undefined;
  const parts = recur.parts as Record<string, (string | number)[]>;
  const nums = (name: string) => (parts[name] ?? []).map(Number).filter((n) => Number.isInteger(n));
  const opts: Partial<Options> = { freq, interval: Math.max(1, recur.interval || 1), dtstart: floatingDate(dtstart) };
  if (recur.count) opts.count = recur.count;
  if (recur.until) {
    // UNTIL in UTC names an instant: take its wall-clock in DTSTART's zone (RFC 5545 §3.3.10).
    const u = recur.until;
    opts.until =
      u.isDate || (!tzidOf(u) && u.zone !== ICAL.Timezone.utcTimezone) || dtstart.isDate
        ? floatingDate({
            year: u.year,
            month: u.month,
            day: u.day,
            hour: u.isDate ? 23 : u.hour,
            minute: u.isDate ? 59 : u.minute,
            second: u.isDate ? 59 : u.second,
          })
        : floatingDate(wallClock(toInstant(u, ctx), dtstart, ctx));
  }
  if (recur.wkst) opts.wkst = weekday(DAYS[['', 'SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][recur.wkst] ?? 'MO']!);
  const byday = (parts.BYDAY ?? []).map((d) => {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(String(d).toUpperCase());
    if (!m) return undefined;
    return m[1] ? weekday(DAYS[m[2]!]!, Number(m[1])) : weekday(DAYS[m[2]!]!);
  });
  if (byday.includes(undefined)) return undefined;
  if (byday.length) opts.byweekday = byday as Weekday[];
  const map: [string, keyof Options][] = [
    ['BYMONTH', 'bymonth'],
    ['BYMONTHDAY', 'bymonthday'],
    ['BYYEARDAY', 'byyearday'],
    ['BYWEEKNO', 'byweekno'],
    ['BYHOUR', 'byhour'],
    ['BYMINUTE', 'byminute'],
    ['BYSECOND', 'bysecond'],
    ['BYSETPOS', 'bysetpos'],
  ];
  for (const [name, key] of map) {
    const v = nums(name);
    if (v.length) (opts as Record<string, unknown>)[key] = v;
  }
  // RFC 5545: without BYxxx parts the rule repeats DTSTART's own fields; rrule.js derives those
  // from dtstart too, but only when they are left unset, which they are here.
  return opts;
}

/** Wall-clock starts (floating frame) of one RRULE between two floating bounds. */
export function ruleStarts(
  recur: ICAL.Recur,
  dtstart: TimeLike,
  ctx: ZoneContext,
  from: Date,
  to: Date,
  limits: ExpandLimits,
  countFrom: Date,
): { dates: Date[]; truncated: boolean; walked: number; refused?: string } {
  const given = ruleOptions(recur, dtstart, ctx);
  if (!given) return { dates: [], truncated: false, walked: 0 };
  const parts = partsOf(recur.freq as FreqName, given);
  const refused = cachedRuleRefusal(parts, given.dtstart!);
  if (refused) return { dates: [], truncated: false, walked: 0, refused };
  // Start the walk shortly before the window, not at a DTSTART that may lie in 1900.
  const { opts, jumped, exhausted } = jumpRule(given, parts, from);
  if (exhausted) return { dates: [], truncated: false, walked: 0 };
  // A COUNT rule that could not be moved (its BYxxx parts make the count depend on the calendar)
  // is walked from DTSTART, at most maxIterations periods.
  let end = to;
  if (!jumped && opts.count) {
    const walkEnd = new Date(opts.dtstart!.getTime() + (FREQ_MS[recur.freq] ?? DAY) * parts.interval * limits.maxIterations);
    if (walkEnd < to) {
      pushOnce(
        ctx,
        `a COUNT rule is expanded at most ${limits.maxIterations} ${recur.freq.toLowerCase()} periods past its DTSTART: later occurrences are left out`,
      );
      if (walkEnd < from) return { dates: [], truncated: true, walked: 0 };
      end = walkEnd;
    }
  }
  // Bound the walk by the instances it generates too (`ruleRefusal` made sure it finds some).
  const dates: Date[] = [];
  let truncated = false;
  // Only starts from `countFrom` on count towards maxInstances: the lead-in before the window
  // (found so a long occurrence begun earlier is not missed) is bounded by maxIterations, and
  // counting it would let it crowd out the window's own occurrences.
  let counted = 0;
  let walked = 0;
  let leadIn = 0;
  const budget = limits.budget;
  const maxWalk = budget ? Math.min(limits.maxIterations, Math.max(0, budget.left)) : limits.maxIterations;
  const visit = (d: Date): boolean => {
    if (d > end) {
      truncated ||= end < to;
      return false;
    }
    if (walked++ >= maxWalk) {
      truncated = true;
      if (budget && maxWalk < limits.maxIterations) budget.spent = true;
      return false;
    }
    if (d < from) return true;
    if (d >= countFrom && counted++ >= limits.maxInstances) {
      truncated = true;
      return false;
    }
    if (d < countFrom) leadIn++;
    dates.push(d);
    return true;
  };
  // DAILY and plain WEEKLY rules in numbers (simple-rules.ts); every other rule through rrule.js.
  if (!simpleRule(opts, visit)) new (rruleLib().RRule)(opts).all(visit);
  if (budget) budget.left -= walked;
  // The lead-in keeps its latest maxInstances starts: the ones that can still reach the window.
  if (leadIn > limits.maxInstances) return { dates: dates.slice(leadIn - limits.maxInstances), truncated: true, walked };
  return { dates, truncated, walked };
}

/** Why the event's rules are not expanded (each refused rule's reason): a resource declines these,
 * and a received event carries them as warnings. */
export function ruleRefusals(master: ICAL.Component | undefined, ctx: ZoneContext): string[] {
  // Most events have no rule: DTSTART is not read for them. Nor is it decoded for the others when
  // it is a plain DATE or DATE-TIME (line-time.ts): decoding binds the calendar's VTIMEZONE.
  const rules = master?.getAllProperties('rrule') ?? [];
  if (!rules.length) return [];
  const dtstart = startOf(master!);
  if (!dtstart) return [];
  const out: string[] = [];
  for (const p of rules.slice(0, 4)) {
    const recur = p.getFirstValue();
    if (!(recur instanceof ICAL.Recur)) continue;
    const opts = ruleOptions(recur, dtstart, ctx);
    const reason = opts && cachedRuleRefusal(partsOf(recur.freq as FreqName, opts), opts.dtstart!);
    if (reason) out.push(reason);
  }
  return out;
}
