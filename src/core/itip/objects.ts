// A "calendar object" in the iTIP sense (RFC 5546 §1.4): all VEVENTs sharing one UID — the
// master and any overridden occurrences — plus the VTIMEZONEs they refer to.

import ICAL from 'ical.js';
import type { Component } from './model.js';
import type { StoredEvent } from '../types.js';
import { uidOf, recurrenceIdOf } from './model.js';
import { parseOwnCalendar, serialize } from '../ical/parse.js';
import { zoneContext, type ZoneContext } from '../ical/tz.js';
import { copyPlain } from '../copy.js';
import { hasTimeShape, lineMayFailToDecode } from '../ical/decode.js';

export interface EventObject {
  uid: string;
  master?: Component;
  overrides: Component[];
  /** VTIMEZONEs of the calendar the object came from. */
  timezones: Component[];
  ctx: ZoneContext;
}

/** Groups the VEVENTs of a calendar by UID. Events without a UID cannot be scheduled. */
export function eventObjects(root: Component, ctx: ZoneContext): { objects: EventObject[]; withoutUid: number } {
  const timezones = root.getAllSubcomponents('vtimezone');
  const byUid = new Map<string, EventObject>();
  let withoutUid = 0;
  for (const event of root.getAllSubcomponents('vevent')) {
    const uid = uidOf(event);
    if (!uid) {
      withoutUid++;
      continue;
    }
    let object = byUid.get(uid);
    if (!object) byUid.set(uid, (object = { uid, overrides: [], timezones, ctx }));
    if (event.hasProperty('recurrence-id')) object.overrides.push(event);
    else if (!object.master) object.master = event;
    else object.overrides.push(event); // a second master is treated like an extra instance
  }
  return { objects: [...byUid.values()], withoutUid };
}

// Stored copies as parsed, by their text: the same stored text is read again and again (the
// popup, the views, the next message about the same meeting), and parsing is most of what reading
// costs. Remembered are what was parsed, and what was written (writeStored) in the form parsing its
// text gives (`asParsed`), so that the next answer to a meeting does not parse what the last one
// wrote; only copies are handed out, so no caller can change what is remembered. Bounded, the least
// recently used going first (events are a few KiB: a few MiB at most in all).
const MAX_PARSED = 128;
const MAX_PARSED_CHARS = 32 * 1024;
const parsed = new Map<string, { ics: string; jcal: unknown[] }>();

// Remembered by the event's UID where the caller knows it (the record's), otherwise by the text:
// a Map hashes every character of a string key, and hashing each newly written text was a
// fiftieth of handling a message. Either way the text itself decides (compared, by reference
// first), so a UID never stands for another text.
function remember(key: string, ics: string, jcal: unknown[]): void {
  if (ics.length > MAX_PARSED_CHARS) return;
  parsed.delete(key);
  parsed.set(key, { ics, jcal });
  if (parsed.size > MAX_PARSED) parsed.delete(parsed.keys().next().value!);
}

function parsedStored(ics: string, uid: string | undefined): ICAL.Component {
  const key = uid ?? ics;
  const known = parsed.get(key);
  if (known && known.ics === ics) {
    remember(key, ics, known.jcal);
    return new ICAL.Component(copyPlain(known.jcal));
  }
  const root = parseOwnCalendar(ics);
  remember(key, ics, copyPlain(root.toJSON()));
  return root;
}

/** Parameters that ical.js reads as a list (its iCalendar design set's `multiValue`). */
const LIST_PARAMETERS = new Set(
  Object.entries((ICAL as unknown as { design: { icalendar: { param: Record<string, { multiValue?: string }> } } }).design.icalendar.param)
    .filter(([, d]) => d.multiValue)
    .map(([name]) => name),
);

/**
 * Turns a calendar's jCal, in place, into what parsing the text it is written as gives: a list
 * parameter (DELEGATED-TO, DELEGATED-FROM, MEMBER: RFC 5545 §3.2.4, §3.2.5, §3.2.11) of one value
 * is read as that value, not as a list of one. False for a calendar whose text does not read back
 * as it was (`readsBack`). test/engine/written-copy.test.ts holds this to the parser's answer,
 * and so does every unit test (test/checks.ts, `checkWrittenCopies`).
 */
function asParsed(comp: unknown[]): boolean {
  for (const line of comp[1] as unknown[][]) {
    const params = line[1] as Record<string, unknown>;
    for (const name in params) {
      const v = params[name];
      if (Array.isArray(v) && v.length === 1 && LIST_PARAMETERS.has(name)) params[name] = v[0];
    }
    if (!readsBack(line)) return false;
  }
  for (const sub of comp[2] as unknown[][]) if (!asParsed(sub)) return false;
  return true;
}

/**
 * Whether a line's text reads back as the line. Not where ical.js mangled a value on reading it and
 * writes the mangled form, which it then reads otherwise — found by the engine's property test with
 * the check on: a DATE or DATE-TIME of another shape (`decode.ts`'s test of the shape), a RECUR
 * part without a value (`RRULE:FREQ=MONTHLY;` is written `;=undefined`, read back as the text
 * "undefined"), an UNTIL that is no DATE or DATE-TIME (`UNTIL=2026` is read as `2026--`, written so,
 * read back as `2026----`).
 */
function readsBack(line: unknown[]): boolean {
  if (line[2] === 'date' || line[2] === 'date-time') return !lineMayFailToDecode(line);
  if (line[2] !== 'recur') return true;
  for (let i = 3; i < line.length; i++) {
    const parts = line[i] as Record<string, unknown>;
    for (const name in parts) if (parts[name] === undefined) return false;
    if ('until' in parts && !hasTimeShape(parts.until, 'date') && !hasTimeShape(parts.until, 'date-time')) return false;
  }
  return true;
}

let checking = false;
/** Tests: check every remembered written copy against its text as parsed (a mismatch throws). */
export function checkWrittenCopies(on = true): void {
  checking = on;
}

/** Remembers a calendar just written as `ics`, turned into its parsed form (it is no longer used
 *  otherwise but by the free/busy index, which only reads it: `storedObject`). */
function rememberWritten(uid: string, ics: string, calendar: Component): void {
  if (ics.length > MAX_PARSED_CHARS) return;
  const jcal = calendar.toJSON() as unknown[];
  if (!asParsed(jcal)) return;
  if (checking) {
    const read = JSON.stringify(parseOwnCalendar(ics).toJSON());
    if (read !== JSON.stringify(jcal)) throw new Error(`a written copy differs from its text as parsed:\n${JSON.stringify(jcal)}\n${read}`);
  }
  remember(uid, ics, jcal);
}

/** Loads the user's stored copy of an event (`uid`: the record's, when the caller has it). */
export function loadStored(ics: string, userZone: string, uid?: string): EventObject {
  const root = parsedStored(ics, uid);
  const ctx = zoneContext(root, userZone);
  const { objects } = eventObjects(root, ctx);
  const object = objects[0];
  if (!object) throw new Error('stored event has no VEVENT');
  return object;
}

// The calendar a stored record was just serialised from, so that the free/busy index, run on the
// same record in the same transaction (busy-index.ts), reads the components instead of parsing
// the text again. Keyed by the record and checked against its text: a record changed since is
// parsed as usual.
const justSaved = new WeakMap<StoredEvent, { ics: string; calendar: Component }>();

/** Serialises the object into `stored.ics`, remembering the calendar for `storedObject`. */
export function writeStored(stored: StoredEvent, object: EventObject): void {
  const calendar = objectCalendar(object);
  stored.ics = serialize(calendar);
  justSaved.set(stored, { ics: stored.ics, calendar });
  rememberWritten(stored.uid, stored.ics, calendar);
}

/** The stored record's event: the calendar it was just written from, or its text parsed. */
export function storedObject(stored: StoredEvent, userZone: string): EventObject {
  const saved = justSaved.get(stored);
  if (!saved || saved.ics !== stored.ics) return loadStored(stored.ics, userZone, stored.uid);
  const { objects } = eventObjects(saved.calendar, zoneContext(saved.calendar, userZone));
  if (!objects[0]) throw new Error('stored event has no VEVENT');
  return objects[0];
}

/** Finds the override for a recurrence id (compared as instants through canonical keys). */
export function findOverride(object: EventObject, recurrenceId: string): Component | undefined {
  return object.overrides.find((o) => recurrenceIdOf(o, object.ctx) === recurrenceId);
}

/** The component an occurrence-level change applies to: the override, or the master. */
export function componentFor(object: EventObject, recurrenceId: string): Component | undefined {
  return recurrenceId ? findOverride(object, recurrenceId) : object.master;
}

/** Serialises an object as one VCALENDAR (no METHOD): the stored form. */
export function objectToIcs(object: EventObject, extra: Record<string, string> = {}): string {
  return serialize(objectCalendar(object, extra));
}

/**
 * The object as one VCALENDAR of copies (the object's components stay its own). Built as jCal
 * (RFC 7265: [name, properties, components]) and wrapped once: the same jCal that adding each
 * copy as a subcomponent makes, without a wrapper object per component.
 */
export function objectCalendar(object: EventObject, props: Record<string, string> = {}): Component {
  const components = [object.master, ...object.overrides].filter((c): c is Component => !!c);
  const subs: unknown[] = [];
  for (const tz of neededTimezones(object.timezones, components)) subs.push(copyPlain(tz.toJSON()));
  for (const c of components) subs.push(copyPlain(c.toJSON()));
  return new ICAL.Component(['vcalendar', calendarProperties(props), subs] as never);
}

export function newCalendar(props: Record<string, string> = {}): Component {
  return new ICAL.Component(['vcalendar', calendarProperties(props), []] as never);
}

const PRODID = '-//imip-agent//imip-agent for Thunderbird//EN';
/** Calendar properties whose default value type is TEXT (RFC 5545 §3.7): `addPropertyWithValue`
 *  with a string makes the jCal line [name, {}, 'text', value]. */
const TEXT_PROPERTIES = new Set(['prodid', 'version', 'method', 'calscale']);

/** PRODID, VERSION and `props` as jCal lines, exactly as `addPropertyWithValue` would add them. */
function calendarProperties(props: Record<string, string>): unknown[] {
  const lines: unknown[] = [
    ['prodid', {}, 'text', PRODID],
    ['version', {}, 'text', '2.0'],
  ];
  for (const name in props) {
    const value = props[name]!;
    if (TEXT_PROPERTIES.has(name) && typeof value === 'string') lines.push([name, {}, 'text', value]);
    else {
      const cal = new ICAL.Component('vcalendar');
      cal.addPropertyWithValue(name, value);
      lines.push(cal.getFirstProperty(name)!.toJSON());
    }
  }
  return lines;
}

/** Only the VTIMEZONEs whose TZID the given components use. */
export function neededTimezones(timezones: Component[], components: Component[]): Component[] {
  const used = new Set<string>();
  // The TZID parameters as getFirstParameter reads them, from the jCal (RFC 7265 §3.4.1: a
  // property is [name, parameters, type, value…]), without building a property object per line.
  for (const c of components)
    for (const line of (c.toJSON() as unknown[])[1] as unknown[][]) {
      const param = (line[1] as Record<string, unknown>).tzid;
      const tzid = Array.isArray(param) ? param[0] : param;
      if (tzid) used.add(String(tzid));
    }
  const seen = new Set<string>();
  return timezones.filter((tz) => {
    const id = String(tz.getFirstPropertyValue('tzid') ?? '');
    if (!used.has(id) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
