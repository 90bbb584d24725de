// Turning iCalendar times into instants (RFC 5545 §3.3.5, §3.6.5). TZIDs are resolved in this
// order: the message's own VTIMEZONE (also for names no database knows, like Outlook's
// "Customized Time Zone"), an IANA name, a Windows name through CLDR's table, offsets written in
// the name, X-LIC-LOCATION; failing all, the user's zone with a warning. Never a thrown error:
// real Outlook mail carries broken VTIMEZONEs.

import ICAL from 'ical.js';
import { DateTime, Info, type Zone } from 'luxon';
import { WINDOWS_ZONES } from './windows-zones.js';
import { CalendarError } from './parse.js';

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

/** A VTIMEZONE ical.js can compute with: every observance has DTSTART and both offsets. */
function usable(vtz: ICAL.Component): boolean {
  const obs = [...vtz.getAllSubcomponents('standard'), ...vtz.getAllSubcomponents('daylight')];
  return obs.length > 0 && obs.every((o) => o.hasProperty('dtstart') && o.hasProperty('tzoffsetfrom') && o.hasProperty('tzoffsetto'));
}

// ical.js expands a VTIMEZONE's transitions year by year from its first observance (1601 in
// every Outlook invitation) and keeps them in the Timezone object: 40 ms the first time, nothing
// after. The same VTIMEZONE text recurs in every message and stored event of a sender, so the
// objects are shared, keyed by that text; bounded, least recently used first out.
const timezones = new Map<string, ICAL.Timezone>();
const MAX_SHARED_TIMEZONES = 200;
function sharedTimezone(vtz: ICAL.Component): ICAL.Timezone {
  const text = vtz.toString();
  if (text.length > 65_536) return new ICAL.Timezone(vtz); // not kept: a hostile one is used once
  let tz = timezones.get(text);
  if (tz) timezones.delete(text);
  else tz = new ICAL.Timezone(vtz);
  timezones.set(text, tz);
  if (timezones.size > MAX_SHARED_TIMEZONES) timezones.delete(timezones.keys().next().value!);
  return tz;
}

export function zoneContext(root: ICAL.Component, userZone: string): ZoneContext {
  const ctx: ZoneContext = { userZone: ianaValid(userZone) ? userZone : 'UTC', vtimezones: new Map(), locations: new Map(), warnings: [] };
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tzid = String(vtz.getFirstPropertyValue('tzid') ?? '').trim();
    if (!tzid) continue;
    const location = vtz.getFirstPropertyValue('x-lic-location');
    if (location) ctx.locations.set(tzid, String(location));
    if (!usable(vtz)) {
      ctx.warnings.push(`VTIMEZONE ${tzid} is broken: its name is used instead`);
      continue;
    }
    try {
      ctx.vtimezones.set(tzid, sharedTimezone(vtz));
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
  const id = tzid.trim().replace(/^"|"$/g, '');
  if (ctx.vtimezones.has(id)) return { kind: 'vtimezone' };
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(id)) return { kind: 'iana', iana: 'UTC' };
  // Some senders prefix Olson names: "/mozilla.org/20050126_1/Europe/Berlin".
  const olson = id.replace(/^\/[^/]+\/[^/]+\//, '');
  if (ianaValid(olson)) return { kind: 'iana', iana: olson };
  const windows = WINDOWS_ZONES[id];
  if (windows) return { kind: 'windows', iana: windows };
  // Lotus Notes and old Windows exports write the Windows name without " Standard Time" ("FLE",
  // "W. Europe"): the CLDR table's entry of that name is the best reading there is.
  const short = WINDOWS_ZONES[`${id} Standard Time`];
  if (short) return { kind: 'windows', iana: short, short: `${id} Standard Time` };
  const location = ctx.locations.get(id);
  if (location && ianaValid(location)) return { kind: 'iana', iana: location };
  const offset = offsetZone(id);
  if (offset) return { kind: 'offset', iana: offset };
  return { kind: 'fallback', iana: ctx.userZone };
}

/** Wall-clock fields read in an IANA zone, RFC 5545 §3.3.5 for gaps and repeats. */
// Zone offsets, cached per zone and hour. luxon asks Intl for every offset (tens of µs each, many
// per conversion); a series of 3,000 occurrences needs only a few hundred distinct hours. An hour
// whose two ends disagree holds a transition and is never cached.
const zones = new Map<string, Zone | null>();
const offsets = new Map<string, number>();
const HOUR = 3_600_000;
function zoneObject(name: string): Zone | null {
  let z = zones.get(name);
  if (z === undefined) {
    z = Info.normalizeZone(name);
    if (z && !z.isValid) z = null;
    if (zones.size < 1000) zones.set(name, z);
  }
  return z;
}
function offsetMs(zone: Zone, name: string, ms: number): number {
  const slot = Math.floor(ms / HOUR);
  const key = `${name}\u0000${slot}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const a = zone.offset(slot * HOUR);
  if (a !== zone.offset(slot * HOUR + HOUR - 1)) return zone.offset(ms) * 60_000;
  if (offsets.size >= 100_000) offsets.clear();
  offsets.set(key, a * 60_000);
  return a * 60_000;
}

function wallToInstant(t: ICAL.Time, zoneName: string): number {
  const zone = zoneObject(zoneName);
  let wall = Date.UTC(t.year, t.month - 1, t.day, t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute, t.isDate ? 0 : t.second);
  if (t.year >= 0 && t.year < 100) wall = new Date(wall).setUTCFullYear(t.year); // Date.UTC reads 0–99 as 1900–1999
  if (!zone || !Number.isFinite(wall)) throw new CalendarError(`invalid date-time ${t.toString()}`);
  // The offsets in force a day either side; a wall time is valid with an offset if that offset is
  // the one in force at the instant it gives.
  const before = offsetMs(zone, zoneName, wall - 86_400_000);
  const after = offsetMs(zone, zoneName, wall + 86_400_000);
  const valid = [wall - before, wall - after].filter((ms) => offsetMs(zone, zoneName, ms) === wall - ms);
  // A repeated local time means its first occurrence, and one that does not exist (skipped by a
  // change to summer time) is read with the offset before the change (RFC 5545 §3.3.5).
  return valid.length ? Math.min(...valid) : wall - before;
}

/** Epoch milliseconds of an iCalendar DATE or DATE-TIME. */
export function toInstant(t: ICAL.Time, ctx: ZoneContext): number {
  if (t.isDate) return wallToInstant(t, ctx.userZone);
  if (t.zone === ICAL.Timezone.utcTimezone || tzidOf(t) === 'Z') return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  const tzid = tzidOf(t);
  if (!tzid) return wallToInstant(t, ctx.userZone);
  const vtz = ctx.vtimezones.get(String(tzid).trim().replace(/^"|"$/g, ''));
  if (vtz) {
    try {
      const local = ICAL.Time.fromData({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second, isDate: false }, vtz);
      const ms = local.toUnixTime() * 1000;
      if (Number.isFinite(ms)) return ms;
    } catch {
      // fall through to the name
    }
  }
  const zone = resolveZone(String(tzid), ctx);
  if (zone.kind === 'fallback') pushOnce(ctx, `unknown time zone "${tzid}": read in ${ctx.userZone}`);
  if (zone.short) pushOnce(ctx, `time zone "${tzid}" has no VTIMEZONE: read as the Windows zone "${zone.short}" (${zone.iana})`);
  return wallToInstant(t, zone.iana ?? ctx.userZone);
}

function pushOnce(ctx: ZoneContext, warning: string): void {
  if (!ctx.warnings.includes(warning)) ctx.warnings.push(warning);
}

/** The wall-clock fields of an instant in the zone of `like` (its TZID, UTC, or floating). */
export function wallClock(ms: number, like: ICAL.Time, ctx: ZoneContext): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let zone = ctx.userZone;
  const tzid = tzidOf(like);
  if (!like.isDate && (like.zone === ICAL.Timezone.utcTimezone || tzid === 'Z')) zone = 'UTC';
  else if (!like.isDate && tzid) {
    const vtz = ctx.vtimezones.get(tzid);
    if (vtz) {
      const local = utcTime(ms).convertToZone(vtz);
      return { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second };
    }
    zone = resolveZone(tzid, ctx).iana ?? ctx.userZone;
  }
  return wallFields(ms, zone);
}

/** Wall-clock fields of an instant in a named zone (UTC when the name is no zone). */
function wallFields(ms: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const z = zoneObject(zone);
  const d = new Date(z ? ms + offsetMs(z, zone, ms) : ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** The TZID a time was written with. ical.js keeps it on `timezone`, which its types omit. */
export function tzidOf(t: ICAL.Time): string | undefined {
  let id = (t as unknown as { timezone?: string }).timezone;
  // When the VTIMEZONE sits in the same calendar, ical.js binds the zone object instead.
  if (!id && t.zone && t.zone !== ICAL.Timezone.utcTimezone && t.zone !== ICAL.Timezone.localTimezone) id = t.zone.tzid;
  return id ? String(id).trim().replace(/^"|"$/g, '') : undefined;
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
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), isDate: false },
    ICAL.Timezone.utcTimezone,
  );
}

export function isoUtc(ms: number): string {
  // Cutting off the milliseconds is flooring to the second, also before 1970.
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, iso.length - 5)}Z`;
}

/** ISO 8601 with an offset or Z, or a local date-time read in `zone`. */
export function parseIsoInstant(s: string, zone: string): number {
  const text = s.trim();
  const withOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
  const dt = withOffset ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone: ianaValid(zone) ? zone : 'UTC' });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new CalendarError(`not an ISO 8601 date-time: ${JSON.stringify(s)}`);
  return dt.toMillis();
}
