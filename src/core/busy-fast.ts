// The free/busy index's fast reader of a stored event that happens once: the few properties a busy
// row depends on, read straight from the stored text, without building ical.js components. Most
// of a large calendar is such events, and parsing each whole (every line, parameter and value
// into jCal, then components and times) was most of what building the index cost.
//
// It reads only text the engine wrote itself (objects.ts's writeStored: folded CRLF lines,
// escaped values), so it can be simple — and it answers only for the shapes it fully understands:
// one VEVENT without RRULE, RDATE, EXDATE, EXRULE or RECURRENCE-ID, plain parameters, DTSTART and
// DTEND in the basic forms. For anything else it answers `undefined` and the caller goes the full
// way (busy-index.ts's indexRows). Every reading here mirrors what ical.js's parser and the full
// path make of the same text; test/property/busy-fast.test.ts compares the two.

import { parseOwnCalendar } from './ical/parse.js';
import { timeInstant, tzidText, wallFields, zoneContext, type WallFields, type ZoneContext } from './ical/tz.js';
import { datesApart, daysAfter } from './ical/recurrence.js';
import { addressOf, partstatValue } from './itip/model.js';
import type { Address, PartStat } from './types.js';

const DAY = 86_400_000;

/** A content line's parameters (names lower-cased, values unquoted) and value (RFC 5545 §3.1). */
interface Line {
  params: Map<string, string> | undefined;
  value: string;
}

/** What a single event holds for free/busy, in numbers (epoch ms) as the full path computes them. */
export interface SingleBusy {
  /** The instant DTSTART names. */
  start: number;
  /** The event's length as DTEND/DURATION give it (recurrence.ts's eventLength). */
  length: number;
  /** Where its one occurrence ends (recurrence.ts's endOf: a day stays a day for dates). */
  end: number;
  /** STATUS:CANCELLED or TRANSP:TRANSPARENT: it holds no time (RFC 5545 §3.8.1.11, §3.8.2.7). */
  free: boolean;
  /** The user's PARTSTAT on it, undefined when the user is not an attendee. */
  partstat: PartStat | undefined;
}

/**
 * The single event of a stored text in numbers, or undefined when the text is not a shape this
 * reader fully understands (the caller then parses it). Throws only what the full path would.
 */
export function readSingle(user: Address, ics: string, userZone: string): SingleBusy | undefined {
  const event = scan(ics);
  if (!event) return undefined;
  const ctx = zonesOf(event.zones, userZone);
  if (!ctx) return undefined;
  const start = timeOf(event.dtstart);
  if (!start) return undefined;
  const dtend = event.dtend ? timeOf(event.dtend) : false;
  if (dtend === undefined) return undefined;
  const duration = event.duration ? durationMs(event.duration) : false;
  if (duration === undefined) return undefined;

  const startMs = instant(start, ctx);
  if (!Number.isFinite(startMs)) return undefined;
  // recurrence.ts's durationOf: DTEND first, then DURATION, else a day for a date (RFC 5545
  // §3.6.1); dates count whole days (nominal, §3.3.6).
  let length: number;
  if (dtend && start.isDate && dtend.isDate) length = datesApart(start, dtend);
  else if (dtend) length = Math.max(0, instant(dtend, ctx) - startMs);
  else if (duration !== false) length = Math.max(0, duration);
  else length = start.isDate ? DAY : 0;
  // recurrence.ts's endOf: whole days from a date end on a date, read in the user's zone.
  const end = start.isDate && length % DAY === 0 ? daysAfter(wallFields(startMs, ctx.userZone), length, ctx) : startMs + length;

  // What busy-index.ts's busy rules read of the one component. A value holding a backslash is
  // escaped text, never exactly CANCELLED or TRANSPARENT once unescaped, and raw is compared as
  // it stands.
  const free = (event.status ?? '').toUpperCase() === 'CANCELLED' || (event.transp ?? '').toUpperCase() === 'TRANSPARENT';
  return { start: startMs, length, end, free, partstat: userPartstat(user, event.attendees) };
}

// --- Reading the text ---------------------------------------------------------------------------

interface Scanned {
  /** The VTIMEZONE components' text, as one piece (the engine writes them together, first). */
  zones: string;
  dtstart: Line;
  dtend?: Line;
  duration?: Line;
  status?: string;
  transp?: string;
  attendees: Line[];
}

/**
 * The VEVENT's lines that matter, or undefined for any shape not fully understood.
 *
 * Lines are unfolded as ical.js's parser unfolds them (RFC 5545 §3.1: a line beginning with a
 * space or tab continues the previous one, that one character dropped; CR only before LF). Text
 * ical.js would read otherwise — empty lines, a missing final line break — is left to it.
 */
function scan(ics: string): Scanned | undefined {
  let depth = 0; // 1 in the VCALENDAR, 2 in one of its components, more in theirs
  let inner = ''; // the depth-2 component being read
  let events = 0;
  let zonesFrom = -1;
  let zonesTo = -1;
  let ended = false;
  let uid = false;
  const found: Partial<Scanned> & { attendees: Line[] } = { attendees: [] };
  const seen = new Set<string>();
  const len = ics.length;
  let pos = 0;
  while (pos < len) {
    if (ended) return undefined; // a second root: parseOwnCalendar refuses it
    // One logical line: [pos, next), its text unfolded.
    let nl = ics.indexOf('\n', pos);
    if (nl < 0) return undefined;
    let text = ics.slice(pos, ics.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    if (!text) return undefined;
    let next = nl + 1;
    for (let c = ics.charCodeAt(next); c === 32 || c === 9; c = ics.charCodeAt(next)) {
      nl = ics.indexOf('\n', next);
      if (nl < 0) return undefined;
      text += ics.slice(next + 1, ics.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      next = nl + 1;
    }
    const from = pos;
    pos = next;

    const colon = text.indexOf(':');
    const semi = text.indexOf(';');
    const nameEnd = semi >= 0 && (colon < 0 || semi < colon) ? semi : colon;
    if (nameEnd <= 0) return undefined;
    const name = text.slice(0, nameEnd).toLowerCase();
    if (name === 'begin' || name === 'end') {
      if (nameEnd !== colon) return undefined; // BEGIN;X=…: ical.js reads a property
      const comp = text.slice(colon + 1).toLowerCase();
      if (name === 'end') {
        if (depth === 1 && comp !== 'vcalendar') return undefined;
        if (depth === 2 && comp !== inner) return undefined;
        ended = depth === 1;
        if (--depth < 0) return undefined;
        continue;
      }
      depth++;
      if (depth === 1 && comp !== 'vcalendar') return undefined;
      if (depth !== 2) continue;
      inner = comp;
      if (comp === 'vevent') events++;
      else if (comp === 'vtimezone') {
        // Contiguous VTIMEZONEs only, so that they are one piece of text: the key of their
        // context, which parses them with ical.js (zonesOf). That parse checks their lines, so
        // here only where the component ends is looked for (ical.js ends the innermost open
        // component at any END line, whatever it names).
        if (zonesFrom < 0) zonesFrom = from;
        else if (zonesTo !== from) return undefined;
        let open = 1;
        while (open > 0) {
          nl = ics.indexOf('\n', pos);
          if (nl < 0) return undefined;
          const c = ics.charCodeAt(pos) | 0x20;
          if (c === 98 /* b */ || c === 101 /* e */) {
            // A BEGIN or END folded before its colon would be missed here: left to ical.js.
            const n = ics.charCodeAt(nl + 1);
            if ((n === 32 || n === 9) && ics.lastIndexOf(':', nl) < pos) return undefined;
            if (c === 98 && ics.slice(pos, pos + 6).toLowerCase() === 'begin:') open++;
            else if (c === 101 && ics.slice(pos, pos + 4).toLowerCase() === 'end:') open--;
          }
          pos = nl + 1;
        }
        // The last END must be the VTIMEZONE's own line, unfolded (no continuation after it).
        const c = ics.charCodeAt(pos);
        if (c === 32 || c === 9) return undefined;
        zonesTo = pos;
        depth--;
      } else return undefined;
      continue;
    }
    if (depth === 0) return undefined;
    // Every line as ical.js would read it without throwing (a parameter without `=`, no value).
    const v = valueOf(text, nameEnd);
    if (!v) return undefined;
    if (depth !== 2 || inner !== 'vevent') continue;
    switch (name) {
      // More than one plain occurrence (RFC 5545 §3.8.5), or an override of one (§3.8.4.4).
      case 'rrule':
      case 'rdate':
      case 'exdate':
      case 'exrule':
      case 'recurrence-id':
        return undefined;
      case 'uid':
        // eventObjects drops a VEVENT whose UID is empty once unescaped and trimmed.
        if (v.params || !v.value.trim() || v.value.includes('\\')) return undefined;
        uid = true;
        break;
      case 'dtstart':
      case 'dtend':
      case 'duration':
      case 'status':
      case 'transp':
        // The first of each is what getFirstPropertyValue reads; a second is not worth mirroring.
        if (seen.has(name)) return undefined;
        seen.add(name);
        if (name === 'status' || name === 'transp') found[name] = v.value;
        else found[name] = v;
        break;
      case 'attendee':
        // A VALUE other than CAL-ADDRESS (§3.3.3) would make ical.js unescape the address as text.
        if (v.params?.has('value')) return undefined;
        found.attendees.push(v);
        break;
    }
  }
  if (!ended || depth !== 0 || events !== 1 || !uid || !found.dtstart) return undefined;
  found.zones = zonesFrom < 0 ? '' : ics.slice(zonesFrom, zonesTo);
  return found as Scanned;
}

// Parameters ical.js reads as lists (its design's multiValue): the position it computes for the
// value after one of them is not where the colon is. A line with one is left to the full path.
const LIST_PARAMS = new Set(['delegated-from', 'delegated-to', 'member']);

/**
 * A content line's parameters and value (RFC 5545 §3.1, §3.2: a quoted parameter value may hold
 * `;` `:` and `,`). Undefined for what ical.js would read differently: escapes in parameter
 * values (RFC 6868 `^`, and backslashes, which it unescapes as text), list parameters, quotes
 * in the middle of a value, anything between a closing quote and the next delimiter.
 */
function valueOf(text: string, nameEnd: number): Line | undefined {
  if (text[nameEnd] === ':') return { params: undefined, value: text.slice(nameEnd + 1) };
  const params = new Map<string, string>();
  let pos = nameEnd; // at a ';'
  for (;;) {
    const eq = text.indexOf('=', pos + 1);
    if (eq < 0) return undefined;
    const name = text.slice(pos + 1, eq).toLowerCase();
    if (!name || /[;:"]/.test(name) || LIST_PARAMS.has(name)) return undefined;
    let value: string;
    let next: number;
    if (text[eq + 1] === '"') {
      const close = text.indexOf('"', eq + 2);
      if (close < 0) return undefined;
      value = text.slice(eq + 2, close);
      next = close + 1;
    } else {
      let stop = eq + 1;
      while (stop < text.length && text[stop] !== ';' && text[stop] !== ':') stop++;
      value = text.slice(eq + 1, stop);
      next = stop;
    }
    if (/["^\\]/.test(value)) return undefined;
    params.set(name, value); // a repeated parameter: ical.js keeps the last
    if (text[next] === ':') return { params, value: text.slice(next + 1) };
    if (text[next] !== ';') return undefined;
    pos = next;
  }
}

interface Time extends WallFields {
  isDate: boolean;
  utc: boolean;
  tzid: string | undefined;
}

/**
 * A DATE or DATE-TIME value (RFC 5545 §3.3.4, §3.3.5) in its basic form. ical.js (not strict)
 * tells them apart by length whatever VALUE says, so only a VALUE that agrees is taken; a DATE
 * with a TZID, or a UTC time with one, is left to the full path. `tzid` is what tz.ts's tzidOf
 * gives for the time ical.js builds: the parameter, trimmed and unquoted.
 */
function timeOf(line: Line): Time | undefined {
  const type = line.params?.get('value')?.toUpperCase();
  const tzParam = line.params?.get('tzid');
  const d = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(line.value);
  if (!d) return undefined;
  const isDate = d[4] === undefined;
  if (type !== undefined && type !== (isDate ? 'DATE' : 'DATE-TIME')) return undefined;
  const utc = d[7] === 'Z';
  if (tzParam !== undefined && (isDate || utc)) return undefined;
  const year = Number(d[1]);
  const month = Number(d[2]);
  const day = Number(d[3]);
  const hour = isDate ? 0 : Number(d[4]);
  const minute = isDate ? 0 : Number(d[5]);
  const second = isDate ? 0 : Number(d[6]);
  // Only real dates and times: ical.js keeps fields as written, but no arithmetic is trusted on
  // a 30th of February here.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month]! || hour > 23 || minute > 59 || second > 59) return undefined;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return undefined;
  const tzid = tzParam === undefined ? undefined : tzidText(tzParam) || undefined;
  return { year, month, day, hour, minute, second, isDate, utc, tzid };
}

const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function instant(t: Time, ctx: ZoneContext): number {
  return timeInstant(t, t.isDate, t.utc, t.tzid, ctx, () => `${t.year}-${t.month}-${t.day}`);
}

/**
 * A DURATION (RFC 5545 §3.3.6) in ms as ical.js's Duration.toSeconds counts it (a day as 24 h);
 * undefined when it is not in the plain form.
 */
function durationMs(line: Line): number | undefined {
  const type = line.params?.get('value');
  if (type !== undefined && type.toUpperCase() !== 'DURATION') return undefined;
  const m = /^([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(line.value);
  if (!m || !/\d/.test(line.value)) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const seconds = n(6) + 60 * n(5) + 3600 * n(4) + 86400 * n(3) + 7 * 86400 * n(2);
  return (m[1] === '-' ? -seconds : seconds) * 1000;
}

/** itip/model.ts's userPartstat on one component: the first ATTENDEE that is the user. */
function userPartstat(user: Address, attendees: Line[]): PartStat | undefined {
  const line = attendees.find((a) => addressOf(a.value, a.params?.get('email')) === user);
  return line && partstatValue(line.params?.get('partstat'));
}

// --- The stored text's VTIMEZONEs ---------------------------------------------------------------

// The zone context of the VTIMEZONEs an event's text carries, built as the full path builds it
// (zoneContext over the same components, parsed by ical.js), so that a VTIMEZONE differing from
// the IANA zone of its name gives the same instants. A sender's events all carry the same
// VTIMEZONE text: one context serves them all. Keyed by that text and the user's zone; bounded,
// the least recently used going first. A context whose VTIMEZONEs the full path would warn
// about, or one without a TZID (ical.js's lookup of a TZID then throws), is null: full path.
const MAX_CONTEXTS = 64;
const MAX_ZONES_CHARS = 65_536;
const contexts = new Map<string, ZoneContext | null>();

let last: { zones: string; userZone: string; ctx: ZoneContext | null } | undefined;

function zonesOf(zones: string, userZone: string): ZoneContext | undefined {
  // Events of one sender follow each other in a store: the last context, compared as text.
  if (last && last.zones === zones && last.userZone === userZone) return last.ctx ?? undefined;
  if (zones.length > MAX_ZONES_CHARS) return undefined;
  const key = `${userZone}\n${zones}`;
  let ctx = contexts.get(key);
  if (ctx !== undefined) contexts.delete(key);
  else {
    try {
      const root = parseOwnCalendar(`BEGIN:VCALENDAR\r\n${zones}END:VCALENDAR\r\n`);
      const vtzs = root.getAllSubcomponents('vtimezone');
      ctx = zoneContext(root, userZone);
      if (ctx.warnings.length || vtzs.some((v) => !String(v.getFirstPropertyValue('tzid') ?? '').trim())) ctx = null;
    } catch {
      ctx = null;
    }
  }
  contexts.set(key, ctx);
  if (contexts.size > MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
  last = { zones, userZone, ctx };
  return ctx ?? undefined;
}
