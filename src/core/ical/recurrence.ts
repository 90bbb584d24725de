// Expanding recurring events (RFC 5545 §3.3.10, §3.8.5) into occurrences inside a window.
//
// Neither library is right on its own: ical.js 2.2.1 expands RFC 5545's own BYWEEKNO example
// wrongly (1997-05-19, 05-26… instead of 1997-05-12, 1998-05-11…), and rrule.js is right there
// but has DST bugs tied to the host's time zone. So ical.js parses the rule, and rrule.js
// generates instances in *wall-clock* time encoded as UTC Date objects (no tzid: its arithmetic
// is then pure UTC and host-independent); each instance is converted to an instant here, in the
// zone of DTSTART, which keeps 09:00 at 09:00 across DST. DAILY and plain WEEKLY rules, most of
// what invitations carry, are generated in numbers in the same frame instead (simple-rules.ts).

import ICAL from 'ical.js';
import type { Options, Weekday } from 'rrule';
import { lineTime, lineTimeLike } from './line-time.js';
import { dateInstant, instantsLike, setTzid, toInstant, tzidOf, wallClock, type TimeLike, type ZoneContext } from './tz.js';
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

export interface Occurrence {
  /** Instant (ms) of the occurrence's original start: what RECURRENCE-ID names. */
  recurrenceId: number;
  recurrenceIdKey: string;
  start: number;
  end: number;
  allDay: boolean;
  /** The override if there is one, else the master. */
  component: ICAL.Component;
  isOverride: boolean;
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
// Nominal period lengths, to bound a walk from DTSTART.
const FREQ_MS: Record<string, number> = {
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

/** Canonical RECURRENCE-ID key: `YYYYMMDD` for dates, UTC `YYYYMMDDTHHMMSSZ` for date-times. */
export function recurrenceIdKey(t: TimeLike, ctx: ZoneContext): string {
  if (t.isDate) return `${t.year}`.padStart(4, '0') + pad(t.month) + pad(t.day);
  return keyOfInstant(toInstant(t, ctx));
}

function keyOfInstant(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${TWO[d.getUTCMonth() + 1]}${TWO[d.getUTCDate()]}T${TWO[d.getUTCHours()]}${TWO[d.getUTCMinutes()]}${TWO[d.getUTCSeconds()]}Z`;
}

/** Two-digit forms of 0–60, looked up: a key is made for every instance an expansion generates. */
const TWO = Array.from({ length: 61 }, (_, n) => String(n).padStart(2, '0'));

/** How a refused rule is reported to the user. */
export function refusedRuleWarning(reason: string): string {
  return `recurrence rule refused (${reason}): only DTSTART is used`;
}

function warn(ctx: ZoneContext, warning: string): void {
  if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Wall-clock fields as a UTC Date: the "floating" frame rrule.js computes in. */
function floatingDate(f: { year: number; month: number; day: number; hour: number; minute: number; second: number }): Date {
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
function ruleStarts(
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
      warn(
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

/**
 * A component's DTSTART as the zone code reads a time: from the jCal text when it is a plain DATE or
 * DATE-TIME (line-time.ts lineTimeLike, held to decoding), else decoded as before; null when there
 * is none or it is no time. Decoding binds the calendar's VTIMEZONE into the Time.
 */
function startOf(comp: ICAL.Component): TimeLike | null {
  const plain = lineTimeLike(comp, 'dtstart');
  if (plain !== undefined) return plain;
  const decoded = comp.getFirstPropertyValue('dtstart');
  return decoded instanceof ICAL.Time ? decoded : null;
}

function durationOf(c: ICAL.Component, start: TimeLike, ctx: ZoneContext): number {
  // A plain DTEND is read from the jCal text (line-time.ts) rather than decoded, unless both are
  // dates, which count in days; no DTEND line at all goes on to DURATION as below.
  const plain = lineTime(c, 'dtend', ctx);
  if (plain && !(start.isDate && plain.isDate)) return Math.max(0, plain.instant - toInstant(start, ctx));
  const end = plain === null ? null : c.getFirstPropertyValue('dtend');
  // Dates count whole days (nominal, RFC 5545 §3.3.6): a weekend across a DST change is two days.
  if (end instanceof ICAL.Time && start.isDate && end.isDate) return datesApart(start, end);
  if (end instanceof ICAL.Time) return Math.max(0, toInstant(end, ctx) - toInstant(start, ctx));
  const dur = c.getFirstPropertyValue('duration');
  if (dur instanceof ICAL.Duration) return Math.max(0, dur.toSeconds() * 1000);
  return start.isDate ? DAY : 0;
}

/** From one DATE to a later one in whole days, as ms (never negative): a DATE-valued event's length. */
export function datesApart(start: DateFields, end: DateFields): number {
  return Math.max(0, Date.UTC(end.year, end.month - 1, end.day) - Date.UTC(start.year, start.month - 1, start.day));
}

/** An event's length as DTEND/DURATION give it (RFC 5545 §3.6.1: a date alone lasts a day). */
export function eventLength(c: ICAL.Component, ctx: ZoneContext): number {
  const st = startOf(c);
  return st ? durationOf(c, st, ctx) : 0;
}

/** The length of an RDATE period: to its end (in the start's zone), or its duration. */
function periodLength(p: ICAL.Period, ctx: ZoneContext): number | undefined {
  if (p.duration) return Math.max(0, p.duration.toSeconds() * 1000);
  if (!(p.end instanceof ICAL.Time)) return undefined;
  const end = p.end.clone();
  const tzid = tzidOf(p.start);
  if (tzid && !tzidOf(end)) setTzid(end, tzid);
  return Math.max(0, toInstant(end, ctx) - toInstant(p.start, ctx));
}

/** Adds a duration in wall-clock terms for dates (a day stays a day across DST). */
function endOf(startTime: TimeLike, start: number, durationMs: number, ctx: ZoneContext): number {
  if (!startTime.isDate || durationMs % DAY !== 0) return start + durationMs;
  // From this occurrence's own date (not DTSTART's): recurring all-day events repeat the length.
  return daysAfter(wallClock(start, startTime, ctx), durationMs, ctx);
}

/** The instant of the date whole days (`durationMs`) after the date `w`, in the user's zone. */
export function daysAfter(w: DateFields, durationMs: number, ctx: ZoneContext): number {
  const date = new Date(0);
  date.setUTCFullYear(w.year, w.month - 1, w.day); // years 0–99 too, which Date.UTC reads as 19xx
  const end = new Date(date.getTime() + durationMs);
  return dateInstant(end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate(), ctx);
}

/** A date's year, month (1–12) and day. */
interface DateFields {
  year: number;
  month: number;
  day: number;
}

/** A date's canonical RECURRENCE-ID key from its wall-clock fields encoded as UTC ms. */
function dateKey(wall: number): string {
  const d = new Date(wall);
  return `${d.getUTCFullYear()}`.padStart(4, '0') + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate());
}

/** Lines that make a VEVENT happen more than once, or not at its DTSTART (RFC 5545 §3.8.5). */
const REPEATS = new Set(['rrule', 'rdate', 'exdate']);

/**
 * `expandEvent` of an event that happens once — no RRULE, RDATE, EXDATE or overrides — whose
 * DTSTART is a plain DATE-TIME: read from the jCal text (line-time.ts, as the general path reads
 * it too) and kept without the general path's instance lists, zone bounds and sorting. The same
 * occurrence the general path gives: RECURRENCE-ID and start are DTSTART's instant, the length is
 * durationOf's (read first, as there: DTEND's zone warns before DTSTART's), and it is kept by the
 * same window test. Undefined for any other event, which goes the general way (DATE starts too:
 * their ends are counted in days).
 */
function onceExpanded(master: ICAL.Component, window: { start: number; end: number }, ctx: ZoneContext): Occurrence[] | undefined {
  const lines = (master.toJSON() as unknown[])[1] as unknown[][];
  for (let i = 0; i < lines.length; i++) if (REPEATS.has(lines[i]![0] as string)) return undefined;
  const st = lineTimeLike(master, 'dtstart');
  if (!st || st.isDate) return undefined;
  const duration = durationOf(master, st, ctx);
  const start = toInstant(st, ctx);
  const stop = start + duration;
  const occurrence = { recurrenceId: start, recurrenceIdKey: keyOfInstant(start), start, end: stop, allDay: false, component: master, isOverride: false };
  return (stop > window.start && start < window.end) || (start === stop && start === window.start) ? [occurrence] : [];
}

export function expandEvent(
  master: ICAL.Component | undefined,
  overrides: ICAL.Component[],
  window: { start: number; end: number },
  ctx: ZoneContext,
  limitsIn: Partial<ExpandLimits> = {},
): { occurrences: Occurrence[]; truncated: boolean; walked: number } {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  const once = !overrides.length && limits.maxInstances >= 1 && master ? onceExpanded(master, window, ctx) : undefined;
  if (once) return { occurrences: once, truncated: false, walked: 0 };
  const byKey = new Map<string, ICAL.Component>();
  const ranged: { key: string; rid: number; comp: ICAL.Component; shift: number }[] = [];
  for (const o of overrides.slice(0, limits.maxInstances)) {
    const rid = o.getFirstPropertyValue('recurrence-id');
    if (!(rid instanceof ICAL.Time)) continue;
    const key = recurrenceIdKey(rid, ctx);
    byKey.set(key, o);
    const range = String(o.getFirstProperty('recurrence-id')?.getFirstParameter('range') ?? '').toUpperCase();
    const start = startOf(o);
    if (range === 'THISANDFUTURE') ranged.push({ key, rid: toInstant(rid, ctx), comp: o, shift: start ? toInstant(start, ctx) - toInstant(rid, ctx) : 0 });
  }
  ranged.sort((a, b) => a.rid - b.rid);

  const out: Occurrence[] = [];
  let truncated = false;
  let walked = 0; // instances rrule.js generated: the work done, which tests bound
  const seen = new Set<string>();
  // DTSTART and length of each component, read once: a series reuses them for every occurrence.
  const shapes = new Map<ICAL.Component, { st: TimeLike; duration: number } | null>();
  const shapeOf = (comp: ICAL.Component) => {
    let shape = shapes.get(comp);
    if (shape === undefined) {
      const st = startOf(comp);
      shapes.set(comp, (shape = st ? { st, duration: durationOf(comp, st, ctx) } : null));
    }
    return shape;
  };
  const push = (key: string, rid: number, comp: ICAL.Component, isOverride: boolean, shift = 0, length?: number) => {
    if (seen.has(key)) return;
    seen.add(key);
    const shape = shapeOf(comp);
    if (!shape) return;
    const { st, duration } = shape;
    const start = isOverride && !shift ? toInstant(st, ctx) : rid + shift;
    const end = length !== undefined ? start + length : isOverride && !shift ? start + duration : endOf(st, start, duration, ctx);
    if (end > window.start && start < window.end)
      out.push({ recurrenceId: rid, recurrenceIdKey: key, start, end: Math.max(end, start), allDay: st.isDate, component: comp, isOverride });
    else if (start === end && start === window.start)
      out.push({ recurrenceId: rid, recurrenceIdKey: key, start, end, allDay: st.isDate, component: comp, isOverride });
  };

  const dtstart = master && shapeOf(master)?.st;
  if (master && dtstart) {
    const duration = shapeOf(master)!.duration;
    // Generate from a little before the window: an occurrence that started earlier may overlap it.
    const lead = Math.max(duration, DAY) + DAY;
    const wallFrom = floatingDate(wallClock(window.start - lead, dtstart, ctx));
    const wallTo = floatingDate(wallClock(window.end + DAY, dtstart, ctx));
    // A day past the window's start in the floating frame: every start from here on is inside.
    const countFrom = floatingDate(wallClock(window.start + DAY, dtstart, ctx));
    const exdates = new Set<string>();
    for (const p of master.getAllProperties('exdate')) for (const v of p.getValues()) if (v instanceof ICAL.Time) exdates.add(recurrenceIdKey(v, ctx));
    // Instants and keys of the starts. The rules' starts stay numbers: wall-clock ms converted
    // through the zone's offset table (instantsLike), never ICAL.Time objects.
    const instances: { rid: number; key: string }[] = [];
    const instantOf = instantsLike(dtstart, ctx);
    const ofTime = (t: TimeLike) => instances.push({ rid: toInstant(t, ctx), key: recurrenceIdKey(t, ctx) });
    const periods = new Map<string, number>();
    // Wall-clock (floating frame) starts the rules gave: DTSTART is looked up here, not compared
    // with each (ICAL.Time.compare converts zones on every call).
    const ruleWall = new Set<number>();
    const rrules = master.getAllProperties('rrule');
    // Ranged overrides move later instances: generate far enough back to find their originals.
    for (const p of rrules.slice(0, 4)) {
      const recur = p.getFirstValue();
      if (!(recur instanceof ICAL.Recur)) continue;
      try {
        const shiftBack = ranged.length ? Math.max(...ranged.map((r) => Math.abs(r.shift))) : 0;
        const from = new Date(wallFrom.getTime() - shiftBack);
        const to = new Date(wallTo.getTime() + shiftBack);
        const r = ruleStarts(recur, dtstart, ctx, from, to, limits, new Date(Math.max(from.getTime(), countFrom.getTime() - shiftBack)));
        truncated ||= r.truncated;
        walked += r.walked;
        if (r.refused) warn(ctx, refusedRuleWarning(r.refused));
        for (const d of r.dates) {
          const wall = d.getTime();
          const rid = instantOf(wall);
          instances.push({ rid, key: dtstart.isDate ? dateKey(wall) : keyOfInstant(rid) });
          ruleWall.add(wall);
        }
      } catch {
        ctx.warnings.push('a recurrence rule could not be expanded: only DTSTART is used');
      }
    }
    if (!rrules.length || !instances.length) ofTime(dtstart);
    else if (!ruleWall.has(floatingDate(dtstart).getTime()) && toInstant(dtstart, ctx) >= window.start - lead && toInstant(dtstart, ctx) < window.end)
      ofTime(dtstart);
    for (const p of master.getAllProperties('rdate'))
      for (const v of p.getValues().slice(0, limits.maxInstances)) {
        if (limits.budget && limits.budget.left-- <= 0) {
          limits.budget.spent = truncated = true;
          break;
        }
        if (v instanceof ICAL.Time) ofTime(v);
        else if (v instanceof ICAL.Period) {
          // RDATE;VALUE=PERIOD gives that occurrence its own length (RFC 5545 §3.8.5.2).
          ofTime(v.start);
          const length = periodLength(v, ctx);
          if (length !== undefined) periods.set(recurrenceIdKey(v.start, ctx), length);
        }
      }
    instances.sort((a, b) => a.rid - b.rid);
    for (const { rid, key } of instances) {
      if (out.length >= limits.maxInstances) {
        truncated = true;
        break;
      }
      if (exdates.has(key)) continue;
      const own = byKey.get(key);
      if (own) {
        push(key, rid, own, true);
        continue;
      }
      // RFC 5545 §3.8.4.4: a THISANDFUTURE override applies to every later instance, shifted.
      let range: (typeof ranged)[number] | undefined;
      for (let i = ranged.length - 1; i >= 0 && !range; i--) if (ranged[i]!.rid <= rid) range = ranged[i];
      if (range) push(key, rid, range.comp, true, range.shift);
      else push(key, rid, master, false, 0, periods.get(key));
    }
  }
  // Overrides whose RECURRENCE-ID matches no generated instance still happen.
  for (const [key, o] of byKey) {
    if (seen.has(key) || out.length >= limits.maxInstances) continue;
    const rid = o.getFirstPropertyValue('recurrence-id') as ICAL.Time;
    push(key, toInstant(rid, ctx), o, true);
  }
  out.sort((a, b) => a.start - b.start || a.recurrenceId - b.recurrenceId);
  return { occurrences: out, truncated, walked };
}
