// Turning iCalendar times into instants (RFC 5545 §3.3.5, §3.6.5). TZIDs are resolved in this
// order: the message's own VTIMEZONE (also for names no database knows, like Outlook's
// "Customized Time Zone"), an IANA name, a Windows name through CLDR's table, offsets written in
// the name, X-LIC-LOCATION; failing all, the user's zone with a warning. Never a thrown error:
// real Outlook mail carries broken VTIMEZONEs.

import ICAL from 'ical.js';
import { DateTime, Info, type Zone } from 'luxon';
import { windowsZone } from './windows-zones.js';
import { utcOffsetOf } from './vtimezone-changes.js';
import { CalendarError } from './parse.js';
import { ByContent } from '../copy.js';

export interface ZoneContext {
  /** IANA zone for floating times and all-day dates. */
  userZone: string;
  /** The message's own usable VTIMEZONEs, by TZID (never registered globally). */
  vtimezones: Map<string, ICAL.Timezone>;
  /** X-LIC-LOCATION of VTIMEZONEs, usable when the VTIMEZONE itself is broken. */
  locations: Map<string, string>;
  warnings: string[];
}

export type ZoneKind = 'utc' | 'floating' | 'vtimezone' | 'iana' | 'windows' | 'offset' | 'fallback';

/** A VTIMEZONE ical.js can compute with: every observance has DTSTART and both offsets. Read
 *  from its jCal (RFC 7265: [name, properties, components]) as `hasProperty` reads it. */
function usable(vtz: unknown[]): boolean {
  let observances = 0;
  for (const sub of vtz[2] as unknown[][]) {
    if (sub[0] !== 'standard' && sub[0] !== 'daylight') continue;
    observances++;
    let has = 0;
    for (const line of sub[1] as unknown[][]) {
      const name = line[0];
      if (name === 'dtstart') has |= 1;
      else if (name === 'tzoffsetfrom') has |= 2;
      else if (name === 'tzoffsetto') has |= 4;
    }
    if (has !== 7) return false;
  }
  return observances > 0;
}

/**
 * The first value of a VTIMEZONE's property as `getFirstPropertyValue` gives it, `found` false
 * when there is no such line. Text and unknown values are the jCal string itself; any other type
 * (a TZID written with VALUE=, only in hostile mail) is read through ical.js as before.
 */
function firstValue(vtz: ICAL.Component, jcal: unknown[], name: string): unknown {
  for (const line of jcal[1] as unknown[][]) {
    if (line[0] !== name) continue;
    if (line[2] === 'text' || line[2] === 'unknown') return line.length > 3 ? line[3] : null;
    return vtz.getFirstPropertyValue(name);
  }
  return null;
}

// ical.js expands a VTIMEZONE's transitions year by year from its first observance (1601 in
// every Outlook invitation) and keeps them in the Timezone object: 40 ms the first time, nothing
// after. The same VTIMEZONE recurs in every message and stored event of a sender, so the objects
// are shared: found by TZID, then compared line by line with a copy of the jCal they were made
// from (where a key of its whole jCal as JSON text cost a string of its size per message); bounded,
// the least recently used TZID first out, a few versions of one TZID at most.
const MAX_SHARED_TIMEZONES = 200;
const MAX_VERSIONS = 4;
const timezones = new ByContent<ICAL.Timezone>(MAX_SHARED_TIMEZONES, MAX_VERSIONS, MAX_SHARED_TIMEZONES); // by TZID
function sharedTimezone(vtz: ICAL.Component, tzid: string): ICAL.Timezone {
  const jcal = vtz.toJSON() as unknown[];
  const known = timezones.get(tzid, jcal);
  if (known) return known;
  const tz = new ICAL.Timezone(vtz);
  // Not kept: a hostile one is used once.
  if (JSON.stringify(jcal).length <= 65_536) timezones.set(tzid, jcal, tz);
  return tz;
}

export function zoneContext(root: ICAL.Component, userZone: string): ZoneContext {
  const ctx: ZoneContext = { userZone: ianaValid(userZone) ? userZone : 'UTC', vtimezones: new Map(), locations: new Map(), warnings: [] };
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const jcal = vtz.toJSON() as unknown[];
    const tzid = String(firstValue(vtz, jcal, 'tzid') ?? '').trim();
    if (!tzid) continue;
    const location = firstValue(vtz, jcal, 'x-lic-location');
    if (location) ctx.locations.set(tzid, String(location));
    if (!usable(jcal)) {
      ctx.warnings.push(`VTIMEZONE ${tzid} is broken: its name is used instead`);
      continue;
    }
    try {
      ctx.vtimezones.set(tzid, sharedTimezone(vtz, tzid));
    } catch {
      ctx.warnings.push(`VTIMEZONE ${tzid} is unreadable: its name is used instead`);
    }
  }
  return ctx;
}

function ianaValid(name: string): boolean {
  return name.length < 80 && zoneObject(name) !== null;
}

/** Offsets written into zone names: "GMT +0100 (Standard)", "(UTC+05:30) Chennai", "UTC-3". */
function offsetZone(tzid: string): string | undefined {
  const m = /(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?/i.exec(tzid);
  if (!m) return undefined;
  const minutes = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * (m[1] === '-' ? -1 : 1);
  if (Math.abs(minutes) > 14 * 60) return undefined;
  const h = Math.floor(Math.abs(minutes) / 60);
  const mm = Math.abs(minutes) % 60;
  return `UTC${m[1]}${h}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
}

export function resolveZone(tzid: string, ctx: ZoneContext): { kind: ZoneKind; iana?: string; short?: string } {
  const id = tzidText(tzid);
  if (ctx.vtimezones.has(id)) return { kind: 'vtimezone' };
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(id)) return { kind: 'iana', iana: 'UTC' };
  // Some senders prefix Olson names: "/mozilla.org/20050126_1/Europe/Berlin".
  const olson = id.replace(/^\/[^/]+\/[^/]+\//, '');
  if (ianaValid(olson)) return { kind: 'iana', iana: olson };
  const windows = windowsZone(id);
  if (windows) return { kind: 'windows', iana: windows };
  // Lotus Notes and old Windows exports write the Windows name without " Standard Time" ("FLE",
  // "W. Europe"): the CLDR table's entry of that name is the best reading there is.
  const short = windowsZone(`${id} Standard Time`);
  if (short) return { kind: 'windows', iana: short, short: `${id} Standard Time` };
  const location = ctx.locations.get(id);
  if (location && ianaValid(location)) return { kind: 'iana', iana: location };
  const offset = offsetZone(id);
  if (offset) return { kind: 'offset', iana: offset };
  return { kind: 'fallback', iana: ctx.userZone };
}

// Zone offsets as numbers: one table per zone, built as it is used and shared by every event and
// message, mapping a day (epoch ms / 24 h) to the offset in force through it. luxon asks Intl for
// every offset (tens of µs each) and ical.js walks and copies its transition list on every
// lookup; a calendar of 100,000 events over twenty years needs some 7,000 distinct days. A day
// whose two ends disagree holds a transition: it is never tabled, and asked exactly each time.
const SLOT = 86_400_000;
const MAX_TABLE = 100_000;
const zones = new Map<string, Zone | null>();
const ianaTables = new Map<string, Map<number, number>>();
function zoneObject(name: string): Zone | null {
  let z = zones.get(name);
  if (z === undefined) {
    z = Info.normalizeZone(name);
    if (z && !z.isValid) z = null;
    if (zones.size < 1000) zones.set(name, z);
  }
  return z;
}

/** `exact(ms)` through a table of days: the offset (ms) at a point of the time line. */
function tabled(table: Map<number, number>, ms: number, exact: (ms: number) => number): number {
  const slot = Math.floor(ms / SLOT);
  const hit = table.get(slot);
  if (hit !== undefined) return hit;
  const a = exact(slot * SLOT);
  if (a !== exact(slot * SLOT + SLOT - 1000)) return exact(ms);
  if (table.size >= MAX_TABLE) table.clear();
  table.set(slot, a);
  return a;
}

function offsetMs(zone: Zone, name: string, ms: number): number {
  let table = ianaTables.get(name);
  if (!table) ianaTables.set(name, (table = new Map()));
  return tabled(table, ms, (at) => zone.offset(at) * 60_000);
}

// A VTIMEZONE's offsets, as ical.js computes them, tabled per Timezone object (shared above).
// ical.js reads a wall-clock time with the offset `utcOffset` gives for those fields, and turns an
// instant into wall-clock fields with the offset it gives for the instant's UTC fields; both are
// kept here exactly, as numbers.
interface VtzTables {
  local: Map<number, number>;
  utc: Map<number, number>;
}
const vtzTables = new WeakMap<ICAL.Timezone, VtzTables>();
function tablesOf(vtz: ICAL.Timezone): VtzTables {
  let t = vtzTables.get(vtz);
  if (!t) vtzTables.set(vtz, (t = { local: new Map(), utc: new Map() }));
  return t;
}
/** ical.js's offset (ms) for the wall-clock (or UTC) fields that `ms` encodes. */
function vtzOffset(vtz: ICAL.Timezone, ms: number): number {
  const d = new Date(ms);
  // utcOffset reads only these fields of the time it is given.
  const fields = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
  return utcOffsetOf(vtz, fields) * 1000; // vtz.utcOffset(fields), in numbers (vtimezone-changes.ts)
}
function vtzWallToInstant(vtz: ICAL.Timezone, wall: number): number {
  return wall - tabled(tablesOf(vtz).local, wall, (at) => vtzOffset(vtz, at));
}
function vtzInstantToWall(vtz: ICAL.Timezone, ms: number): number {
  return ms + tabled(tablesOf(vtz).utc, ms, (at) => vtzOffset(vtz, at));
}

/** Wall-clock fields as epoch ms of the same fields in UTC (years 0–99 included). */
function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall; // Date.UTC reads 0–99 as 1900–1999
}

/** Wall-clock time (as UTC ms) read in an IANA zone, RFC 5545 §3.3.5 for gaps and repeats. */
function wallToInstantMs(wall: number, zoneName: string, shown: () => string): number {
  const zone = zoneObject(zoneName);
  if (!zone || !Number.isFinite(wall)) throw new CalendarError(`invalid date-time ${shown()}`);
  // The offsets in force a day either side; a wall time is valid with an offset if that offset is
  // the one in force at the instant it gives.
  const before = offsetMs(zone, zoneName, wall - 86_400_000);
  const after = offsetMs(zone, zoneName, wall + 86_400_000);
  // A repeated local time means its first occurrence, and one that does not exist (skipped by a
  // change to summer time) is read with the offset before the change (RFC 5545 §3.3.5).
  const a = offsetMs(zone, zoneName, wall - before) === before ? wall - before : undefined;
  const b = offsetMs(zone, zoneName, wall - after) === after ? wall - after : undefined;
  if (a !== undefined && b !== undefined) return Math.min(a, b);
  return a ?? b ?? wall - before;
}

/** Epoch milliseconds of an iCalendar DATE or DATE-TIME. */
export function toInstant(t: TimeLike, ctx: ZoneContext): number {
  const tzid = tzidOf(t);
  const utc = !t.isDate && (t.zone === ICAL.Timezone.utcTimezone || tzid === 'Z');
  return timeInstant(t, t.isDate, utc, tzid, ctx, () => timeText(t));
}

/** ical.js's `pad2`: the whole part of the number, padded to two digits. */
function pad2(n: number): string {
  const s = String(parseInt(String(n), 10));
  return s.length === 1 ? '0' + s : s;
}

/** What ical.js's `Time#toString` gives (a DATE, or a DATE-TIME with Z when UTC): how a time is
 *  named in the error of one that cannot be converted. */
export function timeText(t: TimeLike): string {
  const date = `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
  if (t.isDate) return date;
  return `${date}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}${t.zone === ICAL.Timezone.utcTimezone ? 'Z' : ''}`;
}

/**
 * What `toInstant` gives for a time written with these fields: a DATE, a UTC date-time, or a
 * date-time with this TZID (as `tzidOf` gives it) or none (floating).
 * The free/busy index's reader of stored text (busy-fast.ts) calls it with numbers it read itself,
 * so that both readers convert through the one code.
 */
export function timeInstant(f: WallFields, isDate: boolean, utc: boolean, tzid: string | undefined, ctx: ZoneContext, shown: () => string): number {
  const { year, month, day } = f;
  if (isDate) return wallToInstantMs(wallMs(year, month, day), ctx.userZone, shown);
  if (utc) return Date.UTC(year, month - 1, day, f.hour, f.minute, f.second);
  const wall = wallMs(year, month, day, f.hour, f.minute, f.second);
  if (!tzid) return wallToInstantMs(wall, ctx.userZone, shown);
  const vtz = ctx.vtimezones.get(tzidText(tzid));
  if (vtz) {
    try {
      const ms = vtzWallToInstant(vtz, wall);
      if (Number.isFinite(ms)) return ms;
    } catch {
      // fall through to the name
    }
  }
  const zone = resolveZone(tzid, ctx);
  if (zone.kind === 'fallback') pushOnce(ctx, `unknown time zone "${tzid}": read in ${ctx.userZone}`);
  if (zone.short) pushOnce(ctx, `time zone "${tzid}" has no VTIMEZONE: read as the Windows zone "${zone.short}" (${zone.iana})`);
  return wallToInstantMs(wall, zone.iana ?? ctx.userZone, shown);
}

/**
 * The instants of wall-clock times written like `like` (its TZID, UTC, floating, or a DATE), as
 * a function of the wall-clock fields encoded as UTC epoch ms: what recurrence expansion calls
 * per occurrence, with the zone looked up once. Gives exactly what `toInstant` gives.
 */
export function instantsLike(like: TimeLike, ctx: ZoneContext): (wall: number) => number {
  const shown = () => timeText(like);
  if (like.isDate) return (wall) => wallToInstantMs(wall, ctx.userZone, shown);
  const tzid = tzidOf(like);
  if (like.zone === ICAL.Timezone.utcTimezone || tzid === 'Z') return (wall) => wall;
  if (!tzid) return (wall) => wallToInstantMs(wall, ctx.userZone, shown);
  const vtz = ctx.vtimezones.get(tzid);
  let named: string | undefined;
  const byName = (wall: number) => {
    if (named === undefined) {
      const zone = resolveZone(tzid, ctx);
      if (zone.kind === 'fallback') pushOnce(ctx, `unknown time zone "${tzid}": read in ${ctx.userZone}`);
      named = zone.iana ?? ctx.userZone;
    }
    return wallToInstantMs(wall, named, shown);
  };
  if (!vtz) return byName;
  return (wall) => {
    try {
      const ms = vtzWallToInstant(vtz, wall);
      if (Number.isFinite(ms)) return ms;
    } catch {
      // fall through to the name
    }
    return byName(wall);
  };
}

/** Adds a warning to the context once. */
export function pushOnce(ctx: ZoneContext, warning: string): void {
  if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
}

export interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * What the zone code reads of a time: its fields, whether it is a DATE, and its zone as ical.js
 * keeps it — the UTC zone or the calendar's VTIMEZONE bound as `zone`, or the TZID's text as
 * `timezone`. An ical.js Time is one; so is a time read from the jCal text (line-time.ts).
 */
export interface TimeLike extends WallFields {
  isDate: boolean;
  zone?: ICAL.Timezone | null;
  timezone?: string | null;
}

/** The wall-clock fields of an instant in the zone of `like` (its TZID, UTC, or floating). */
export function wallClock(ms: number, like: TimeLike, ctx: ZoneContext): WallFields {
  let zone = ctx.userZone;
  const tzid = tzidOf(like);
  if (!like.isDate && (like.zone === ICAL.Timezone.utcTimezone || tzid === 'Z')) zone = 'UTC';
  else if (!like.isDate && tzid) {
    const vtz = ctx.vtimezones.get(tzid);
    if (vtz) return fieldsOf(vtzInstantToWall(vtz, ms));
    zone = resolveZone(tzid, ctx).iana ?? ctx.userZone;
  }
  return wallFields(ms, zone);
}

/** Wall-clock fields of an instant in a named zone (UTC when the name is no zone). */
export function wallFields(ms: number, zone: string): WallFields {
  const z = zoneObject(zone);
  return fieldsOf(z ? ms + offsetMs(z, zone, ms) : ms);
}

/** The fields of a wall-clock time encoded as UTC epoch ms (to the second, floored). */
function fieldsOf(wall: number): WallFields {
  const d = new Date(wall);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** A date's wall-clock midnight (UTC epoch ms) read in the user's zone: an all-day boundary. */
export function dateInstant(year: number, month: number, day: number, ctx: ZoneContext): number {
  return wallToInstantMs(wallMs(year, month, day), ctx.userZone, () => `${year}-${month}-${day}`);
}

/** The TZID a time was written with. ical.js keeps it on `timezone`, which its types omit. */
export function tzidOf(t: TimeLike): string | undefined {
  let id = t.timezone;
  // When the VTIMEZONE sits in the same calendar, ical.js binds the zone object instead.
  if (!id && t.zone && t.zone !== ICAL.Timezone.utcTimezone && t.zone !== ICAL.Timezone.localTimezone) id = t.zone.tzid;
  return id ? tzidText(String(id)) : undefined;
}

/** A TZID as written, without the spaces and quotes around it. */
export function tzidText(raw: string): string {
  return raw.trim().replace(/^"|"$/g, '');
}

export function setTzid(t: ICAL.Time, tzid: string): void {
  (t as unknown as { timezone?: string }).timezone = tzid;
}

/** Reads `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` (RFC 5545 basic form), e.g. from X- properties. */
export function parseBasicTime(text: string): ICAL.Time | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, z] = m;
  const t = ICAL.Time.fromData({ year: +y!, month: +mo!, day: +d!, hour: +(h ?? 0), minute: +(mi ?? 0), second: +(se ?? 0), isDate: h === undefined });
  if (z) t.zone = ICAL.Timezone.utcTimezone;
  return t;
}

export function utcTime(ms: number): ICAL.Time {
  const d = new Date(ms);
  return ICAL.Time.fromData(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      isDate: false,
    },
    ICAL.Timezone.utcTimezone,
  );
}

// A free/busy year over a large calendar writes tens of thousands of these: the date part is
// formatted once per day (kept in a small table), the time of day from two-digit strings.
const ISO_DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const isoDays = new Map<number, string>();

export function isoUtc(ms: number): string {
  // Cutting off the milliseconds is flooring to the second, also before 1970.
  if (!(Math.abs(ms) <= 8.64e15)) {
    const iso = new Date(ms).toISOString(); // throws for NaN and beyond the Date range, as before
    return `${iso.slice(0, iso.length - 5)}Z`;
  }
  const day = Math.floor(ms / ISO_DAY_MS);
  let date = isoDays.get(day);
  if (date === undefined) {
    const iso = new Date(ms).toISOString();
    date = iso.slice(0, iso.length - 13); // YYYY-MM-DDT (±YYYYYY beyond year 9999)
    if (isoDays.size >= 4096) isoDays.clear();
    isoDays.set(day, date);
  }
  const second = Math.floor((ms - day * ISO_DAY_MS) / 1000);
  const minute = Math.floor(second / 60);
  return `${date}${TWO_DIGITS[Math.floor(minute / 60)]}:${TWO_DIGITS[minute % 60]}:${TWO_DIGITS[second % 60]}Z`;
}

/** ISO 8601 with an offset or Z, or a local date-time read in `zone`. */
export function parseIsoInstant(s: string, zone: string): number {
  const text = s.trim();
  const withOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const dt = withOffset ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone: ianaValid(zone) ? zone : 'UTC' });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new CalendarError(`not an ISO 8601 date-time: ${JSON.stringify(s)}`);
  return dt.toMillis();
}
