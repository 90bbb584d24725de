// Instants of DATE and DATE-TIME lines read from a component's jCal text (RFC 7265 §3.6.4,
// §3.6.5) without decoding them into ical.js Times: decoding binds the calendar's VTIMEZONE into
// the Time and builds it field by field, and it was a large part of reading the few times most
// work needs (DTSTAMP of every object, DTSTART and DTEND of every received or expanded event).
// Each reader answers only for the plain shapes, exactly as decoding and `toInstant` would
// (test/property/line-instant.test.ts); for anything else it answers undefined and the caller
// decodes as before.

import ICAL from 'ical.js';
import { timeInstant, tzidText, type TimeLike, type WallFields, type ZoneContext } from './tz.js';

// DTSTAMP is a UTC DATE-TIME (RFC 5545 §3.8.7.2, §3.3.5 form 2).
const UTC_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
// jCal's DATE and DATE-TIME: what ical.js reads a Time from.
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;

/** The component's first `name` line: undefined when it has none, null when that line does not
 * hold one string value. */
function plainLine(event: ICAL.Component, name: string): unknown[] | undefined | null {
  for (const line of (event.toJSON() as unknown[])[1] as unknown[][]) {
    if (line[0] !== name) continue;
    return line.length === 4 && typeof line[3] === 'string' ? line : null;
  }
  return undefined;
}

/** Wall fields as read from a matched DATE or DATE-TIME text, when every one is in range. */
function fieldsInRange(m: RegExpExecArray): WallFields | undefined {
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +(m[4] ?? 0);
  const minute = +(m[5] ?? 0);
  const second = +(m[6] ?? 0);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > 28 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant of the component's first `name` line when it is a UTC DATE-TIME without parameters
 * whose fields are all in range: what decoding it and `toInstant` give (both end in the same
 * `Date.UTC` of the same fields). Undefined for anything else, which is decoded as before.
 */
export function utcLineInstant(event: ICAL.Component, name: string): number | undefined {
  const line = plainLine(event, name);
  if (!line || line[2] !== 'date-time') return undefined;
  for (const _ in line[1] as object) return undefined;
  const m = UTC_TEXT.exec(line[3] as string);
  const f = m && fieldsInRange(m);
  return f ? Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) : undefined;
}

/** The first `name` line read as a DATE or DATE-TIME: its fields, whether it is a DATE, whether it
 *  is UTC and its TZID's text; null without such a line, undefined for any other shape. */
function lineFields(event: ICAL.Component, name: string) {
  const line = plainLine(event, name);
  if (line === undefined) return null;
  if (!line) return undefined;
  const text = line[3] as string;
  const isDate = line[2] === 'date';
  const m = isDate ? DATE_TEXT.exec(text) : line[2] === 'date-time' ? DATE_TIME_TEXT.exec(text) : null;
  const f = m && fieldsInRange(m);
  if (!f) return undefined;
  const param = (line[1] as Record<string, unknown>).tzid;
  if (param !== undefined && typeof param !== 'string') return undefined;
  const tzid = param ? tzidText(param) || undefined : undefined;
  return { f, text, isDate, suffixZ: m[7] === 'Z', tzid, param };
}

/** TZIDs ical.js's TimezoneService knows without being told: such a time is bound to the UTC zone,
 *  unless the calendar has a VTIMEZONE of that name; decoded, as before, to find out which. */
const UTC_NAMES = new Set(['Z', 'UTC', 'GMT']);

/**
 * The first `name` line as the time decoding it gives, for the zone code (tz.ts TimeLike): the
 * same fields and DATE or not; a trailing Z binds the UTC zone; otherwise the TZID parameter is
 * kept as written (ical.js binds the calendar's VTIMEZONE of that exact TZID instead, whose TZID
 * `tzidOf` reads as the same text). A DATE keeps no zone, as ical.js reads a DATE without its TZID.
 */
export function lineTimeLike(event: ICAL.Component, name: string): TimeLike | null | undefined {
  const read = lineFields(event, name);
  if (!read) return read;
  const { f, isDate, suffixZ, param } = read;
  const time: TimeLike = { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second, isDate };
  if (isDate) return time;
  if (suffixZ) time.zone = ICAL.Timezone.utcTimezone;
  else if (param && UTC_NAMES.has(param)) return undefined;
  else if (param) time.timezone = param;
  return time;
}

/**
 * `toInstant` of the first `name` line's value, and whether it is a DATE, read from the jCal text
 * without an ical.js Time: the same fields, DATE or not, UTC or not and TZID that decoding the
 * line gives (ical.js's `Time.fromDateTimeString`: a trailing Z makes the time UTC whatever the
 * TZID; otherwise the TZID parameter is kept, bound to the calendar's VTIMEZONE of that exact
 * TZID when there is one, which `tzidOf` reads back as the same text), through the same
 * `timeInstant`. `null` when the component has no such line; undefined when the line is of any
 * other shape (several values, another value type, a value out of range, a TZID list), which
 * the caller decodes as before.
 */
export function lineTime(event: ICAL.Component, name: string, ctx: ZoneContext): { instant: number; isDate: boolean } | null | undefined {
  const read = lineFields(event, name);
  if (!read) return read;
  const { f, text, isDate, suffixZ, tzid } = read;
  const utc = !isDate && (suffixZ || tzid === 'Z');
  return { instant: timeInstant(f, isDate, utc, suffixZ ? undefined : tzid, ctx, () => text), isDate };
}

/** `lineTime`'s instant alone. */
export function lineInstant(event: ICAL.Component, name: string, ctx: ZoneContext): number | null | undefined {
  const t = lineTime(event, name, ctx);
  return t && t.instant;
}

/**
 * A component's DTSTART as the zone code reads a time: from the jCal text when it is a plain DATE or
 * DATE-TIME (`lineTimeLike`, held to decoding), else decoded as before; null when there
 * is none or it is no time. Decoding binds the calendar's VTIMEZONE into the Time.
 */
export function startOf(comp: ICAL.Component): TimeLike | null {
  const plain = lineTimeLike(comp, 'dtstart');
  if (plain !== undefined) return plain;
  const decoded = comp.getFirstPropertyValue('dtstart');
  return decoded instanceof ICAL.Time ? decoded : null;
}
