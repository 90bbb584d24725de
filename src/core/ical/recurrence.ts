// Expanding recurring events (RFC 5545 §3.3.10, §3.8.5) into occurrences inside a window.
//
// Neither library is right on its own: ical.js 2.2.1 expands RFC 5545's own BYWEEKNO example
// wrongly (1997-05-19, 05-26… instead of 1997-05-12, 1998-05-11…), and rrule.js is right there
// but has DST bugs tied to the host's time zone. So ical.js parses the rule, and rrule.js
// generates instances in *wall-clock* time encoded as UTC Date objects (no tzid: its arithmetic
// is then pure UTC and host-independent); each instance is converted to an instant here, in the
// zone of DTSTART, which keeps 09:00 at 09:00 across DST. DAILY and plain WEEKLY rules, most of
// what invitations carry, are generated in numbers in the same frame instead (simple-rules.ts).
// One rule's walk is rule-walk.ts; this module makes an event's occurrences of the starts it gives.

import ICAL from 'ical.js';
import { lineTime, lineTimeLike, startOf } from './line-time.js';
import { dateInstant, instantsLike, pushOnce, setTzid, toInstant, tzidOf, wallClock, type TimeLike, type ZoneContext } from './tz.js';
import { DEFAULT_LIMITS, floatingDate, refusedRuleWarning, ruleStarts, type ExpandLimits } from './rule-walk.js';

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

const DAY = 86400_000;
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

function pad(n: number): string {
  return String(n).padStart(2, '0');
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
        if (r.refused) pushOnce(ctx, refusedRuleWarning(r.refused));
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
