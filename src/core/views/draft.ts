// The editor's draft (EventDraft) to iCalendar and back. The organiser's own event, written the
// way Outlook and Google read best: VTIMEZONE for the TZID, ORGANIZER with CN, one ATTENDEE line
// per address asking for an answer. On an edit everything the editor does not know about (X-
// properties, VALARMs, links, overrides of an unmoved series) is kept from the stored copy, and
// stored files as long as the draft keeps their ids.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Address, StoredEvent } from '../types.js';
import type { EventDraft } from '../../shared/protocol.js';
import type { Component } from '../itip/model.js';
import { attendees, propAddress, recurrenceIdOf } from '../itip/model.js';
import { eventObjects, loadStored, neededTimezones, newCalendar, type EventObject } from '../itip/objects.js';
import { calAddress, normalizeAddress } from '../itip/address.js';
import { CalendarError, parseCalendar, serialize } from '../ical/parse.js';
import { eventLength, recurrenceIdKey } from '../ical/recurrence.js';
import { generateVtimezone, MAX_VTIMEZONE_YEARS } from '../ical/generate-vtimezone.js';
import { toInstant, utcTime, zoneContext } from '../ical/tz.js';
import { eventZone } from './event-view.js';
import { checkRrule } from './rrule.js';
import { readAttach } from '../attachments/refs.js';
import { descriptionOf, upper } from './text.js';
import { copyPlain } from '../copy.js';

const ROLES = ['REQ-PARTICIPANT', 'OPT-PARTICIPANT', 'NON-PARTICIPANT', 'CHAIR'] as const;
const CUTYPES = ['INDIVIDUAL', 'ROOM', 'RESOURCE', 'GROUP'] as const;
/** Properties the draft decides; everything else on a stored copy is kept as it was. */
const MANAGED = [
  'uid',
  'dtstamp',
  'created',
  'last-modified',
  'summary',
  'location',
  'description',
  'dtstart',
  'dtend',
  'duration',
  'rrule',
  'exdate',
  'transp',
  'categories',
  'organizer',
  'attendee',
];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;
const MAX_ATTENDEES = 1000;
const MAX_EXDATES = 1000;

const fail = (why: string): never => {
  throw new CalendarError(why);
};

function validZone(tzid: string): boolean {
  return typeof tzid === 'string' && tzid.length < 80 && DateTime.now().setZone(tzid).isValid;
}

/** A draft time (`YYYY-MM-DD` or wall clock `YYYY-MM-DDTHH:mm[:ss]`) as an ICAL.Time in `tzid`. */
function draftTime(text: string, allDay: boolean, tzid: string, what: string): { time: ICAL.Time; ms: number } {
  const m = (allDay ? DATE : WALL).exec(String(text ?? '').trim());
  if (!m) fail(`${what} must be ${allDay ? 'a date YYYY-MM-DD' : 'a date and time YYYY-MM-DDTHH:mm'}, not ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s] = m!;
  const fields = { year: +y!, month: +mo!, day: +d!, hour: allDay ? 0 : +h!, minute: allDay ? 0 : +mi!, second: allDay ? 0 : +(s ?? 0) };
  const dt = DateTime.fromObject(fields, { zone: allDay ? 'UTC' : tzid });
  if (!dt.isValid || dt.day !== fields.day || dt.month !== fields.month)
    fail(`${what} ${JSON.stringify(text)} is not a real ${allDay ? 'date' : 'date and time'}`);
  const time = ICAL.Time.fromData({ ...fields, isDate: allDay });
  if (!allDay && tzid === 'UTC') time.zone = ICAL.Timezone.utcTimezone;
  return { time, ms: dt.toMillis() };
}

function setTimeProp(c: Component, name: string, times: ICAL.Time[], allDay: boolean, tzid: string): void {
  const p = new ICAL.Property(name, c);
  if (!allDay && tzid !== 'UTC') p.setParameter('tzid', tzid);
  if (times.length === 1) p.setValue(times[0]!);
  else p.setValues(times);
  c.addProperty(p);
}

function checkDraft(draft: EventDraft): void {
  if (!draft || typeof draft !== 'object') fail('no event draft');
  if (!validZone(draft.tzid)) fail(`unknown time zone ${JSON.stringify(draft.tzid)}: use an IANA name such as Europe/Berlin`);
  for (const [name, value] of [
    ['summary', draft.summary],
    ['location', draft.location],
    ['description', draft.description],
  ] as const)
    if (typeof value !== 'string' || value.length > 100_000) fail(`${name} must be text of at most 100,000 characters`);
  if (!Array.isArray(draft.attendees) || draft.attendees.length > MAX_ATTENDEES) fail(`at most ${MAX_ATTENDEES} attendees`);
  if (!Array.isArray(draft.exdates) || draft.exdates.length > MAX_EXDATES) fail(`at most ${MAX_EXDATES} removed occurrences`);
  if (!Array.isArray(draft.categories)) fail('categories must be a list');
  if (!Array.isArray(draft.attachments)) fail('attachments must be a list');
  if (draft.transparency !== 'OPAQUE' && draft.transparency !== 'TRANSPARENT') fail('transparency must be OPAQUE or TRANSPARENT');
  for (const a of draft.attendees) {
    if (!ADDRESS.test(normalizeAddress(a.address))) fail(`${JSON.stringify(a.address)} is not an e-mail address`);
    if (!(ROLES as readonly string[]).includes(a.role)) fail(`attendee role must be one of ${ROLES.join(', ')}`);
    if (a.cutype !== undefined && !(CUTYPES as readonly string[]).includes(a.cutype)) fail(`attendee type must be one of ${CUTYPES.join(', ')}`);
  }
}

function readPrevious(previousIcs: string | undefined): EventObject | undefined {
  if (!previousIcs) return undefined;
  const { root } = parseCalendar(previousIcs);
  const { objects } = eventObjects(root, zoneContext(root, 'UTC'));
  if (objects.length !== 1 || !objects[0]!.master) fail('the stored event to edit is not one event with a master VEVENT');
  return objects[0]!;
}

export function draftToIcs(
  draft: EventDraft,
  args: { organizer: Address; organizerName?: string; now: Date; newId: () => string; previousIcs?: string },
): string {
  checkDraft(draft);
  const { allDay, tzid } = draft;
  const previous = readPrevious(args.previousIcs);
  const uid = draft.uid || previous?.uid || args.newId();
  if (previous && draft.uid && previous.uid !== draft.uid) fail(`the draft is for ${draft.uid}, the stored event is ${previous.uid}`);
  const start = draftTime(draft.start, allDay, tzid, 'start');
  const end = draftTime(draft.end, allDay, tzid, 'end');
  if (!(end.ms > start.ms)) fail('the end must come after the start');
  const rrule = draft.rrule ? checkRrule(draft.rrule, allDay, tzid) : null;
  const exdates = [...new Set(draft.exdates)].map((x) => draftTime(x, allDay, tzid, 'removed occurrence').time);

  const before = previous?.master;
  const ev = before ? new ICAL.Component(copyPlain(before.toJSON())) : new ICAL.Component('vevent');
  const oldLines = new Map((before ? attendees(before) : []).map((p) => [propAddress(p), p] as const));
  const oldDescription = before ? descriptionOf(before) : null;
  const oldCreated = before?.getFirstProperty('created');
  const oldStart = before?.getFirstProperty('dtstart')?.toICALString();
  const oldRule = before?.getFirstProperty('rrule')?.toICALString() ?? null;
  for (const name of MANAGED) ev.removeAllProperties(name);
  // Stored files stay only while the draft keeps them (by id); links and the rest are kept.
  // New files are not written here: the background hands them to the engine (OrganiseArgs).
  const keep = new Set(draft.attachments.map((a) => a.keepId).filter((id): id is string => !!id));
  for (const line of ev.getAllProperties('attach')) {
    const ref = readAttach(line);
    if (ref.kind === 'stored' && !keep.has(ref.id)) ev.removeProperty(line);
  }
  // An HTML description would still say what the text used to: it goes when the text changes.
  if (oldDescription !== (draft.description || null)) ev.removeAllProperties('x-alt-desc');

  const stamp = utcTime(args.now.getTime());
  ev.addPropertyWithValue('uid', uid);
  ev.addPropertyWithValue('dtstamp', stamp);
  if (oldCreated) ev.addProperty(new ICAL.Property(copyPlain(oldCreated.toJSON())));
  else ev.addPropertyWithValue('created', stamp);
  ev.addPropertyWithValue('last-modified', stamp);
  if (!ev.hasProperty('sequence')) ev.addPropertyWithValue('sequence', 0);
  for (const [name, value] of [
    ['summary', draft.summary],
    ['location', draft.location],
    ['description', draft.description],
  ] as const)
    if (value.trim()) ev.addPropertyWithValue(name, value);
  setTimeProp(ev, 'dtstart', [start.time], allDay, tzid);
  setTimeProp(ev, 'dtend', [end.time], allDay, tzid);
  if (rrule) ev.addPropertyWithValue('rrule', ICAL.Recur.fromString(rrule));
  if (rrule && exdates.length) setTimeProp(ev, 'exdate', exdates, allDay, tzid);
  ev.addPropertyWithValue('transp', draft.transparency);
  const categories = [...new Set(draft.categories.map((c) => String(c).trim()).filter(Boolean))];
  if (categories.length) {
    const p = new ICAL.Property('categories', ev);
    p.setValues(categories);
    ev.addProperty(p);
  }
  const organizer = new ICAL.Property('organizer', ev);
  organizer.setValue(calAddress(normalizeAddress(args.organizer)));
  if (args.organizerName) organizer.setParameter('cn', args.organizerName);
  ev.addProperty(organizer);
  const seen = new Set<Address>();
  for (const a of draft.attendees) {
    const address = normalizeAddress(a.address);
    if (seen.has(address)) continue;
    seen.add(address);
    const old = oldLines.get(address);
    // Delegation and other parameters a stored line carries stay with it.
    const line = old ? new ICAL.Property(copyPlain(old.toJSON())) : new ICAL.Property('attendee', ev);
    line.setValue(calAddress(address));
    for (const p of ['cn', 'role', 'cutype', 'partstat', 'rsvp']) line.removeParameter(p);
    if (a.name?.trim()) line.setParameter('cn', a.name.trim());
    line.setParameter('role', a.role);
    line.setParameter('cutype', a.cutype ?? 'INDIVIDUAL');
    line.setParameter('partstat', 'NEEDS-ACTION');
    line.setParameter('rsvp', 'TRUE');
    ev.addProperty(line);
  }

  // Overrides belong to the series' instants: kept only while start and rule stay, and not
  // for occurrences now removed.
  const sameSeries =
    !!before && oldStart === ev.getFirstProperty('dtstart')!.toICALString() && oldRule === (ev.getFirstProperty('rrule')?.toICALString() ?? null);
  const ctx = zoneContext(new ICAL.Component('vcalendar'), tzid);
  const removed = new Set(exdates.map((t) => recurrenceIdKey(withZone(t, allDay, tzid), ctx)));
  const overrides = sameSeries && rrule ? previous!.overrides.filter((o) => !removed.has(recurrenceIdOf(o, previous!.ctx))) : [];

  const cal = newCalendar();
  if (!allDay && tzid !== 'UTC') {
    cal.addSubcomponent(generateVtimezone(tzid, start.time.year, Math.max(lastYear(rrule, start.time), end.time.year)));
  }
  for (const tz of neededTimezones(previous?.timezones ?? [], overrides)) if (String(tz.getFirstPropertyValue('tzid')) !== tzid) cal.addSubcomponent(tz);
  cal.addSubcomponent(ev);
  for (const o of overrides) cal.addSubcomponent(o);
  return serialize(cal);
}

/** The year of a series' last occurrence, so the VTIMEZONE covers it (bounded for endless ones). */
function lastYear(rrule: string | null, start: ICAL.Time): number {
  if (!rrule) return start.year;
  const recur = ICAL.Recur.fromString(rrule);
  const cap = start.year + MAX_VTIMEZONE_YEARS - 1;
  if (recur.until) return Math.min(recur.until.year, cap);
  if (!recur.count) return cap;
  // Walked in floating time: only the year is wanted, and the walk is bounded.
  const it = recur.iterator(
    ICAL.Time.fromData({
      year: start.year,
      month: start.month,
      day: start.day,
      hour: start.hour,
      minute: start.minute,
      second: start.second,
      isDate: start.isDate,
    }),
  );
  let year = start.year;
  for (let i = 0; i < Math.min(recur.count, 5000); i++) {
    const next = it.next();
    if (!next) break;
    year = next.year;
    if (year >= cap) return cap;
  }
  return year;
}

function withZone(t: ICAL.Time, allDay: boolean, tzid: string): ICAL.Time {
  const copy = t.clone();
  if (!allDay && tzid !== 'UTC') (copy as unknown as { timezone?: string }).timezone = tzid;
  return copy;
}

/** Wall-clock text of an instant in a zone, as the editor writes it. */
function wallText(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.toFormat(dt.second ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm");
}

function dateText(t: ICAL.Time): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** The stored event as the editor shows it (the inverse of draftToIcs). */
export function eventToDraft(stored: StoredEvent, zone: string): EventDraft {
  const object = loadStored(stored.ics, zone);
  const master = object.master;
  if (!master) fail('only an event with a master VEVENT can be edited');
  const ctx = object.ctx;
  const st = master!.getFirstPropertyValue('dtstart');
  if (!(st instanceof ICAL.Time)) fail('the event has no DTSTART');
  const s = st as ICAL.Time;
  const allDay = s.isDate;
  // UTC and floating times are edited in the user's zone.
  const tzid = eventZone(master!, ctx) ?? (validZone(zone) ? zone : 'UTC');
  const startMs = toInstant(s, ctx);
  const length = eventLength(master!, ctx);
  let start: string;
  let end: string;
  if (allDay) {
    start = dateText(s);
    const last = s.clone();
    last.adjust(Math.max(1, Math.round(length / 86_400_000)), 0, 0, 0);
    end = dateText(last);
  } else {
    start = wallText(startMs, tzid);
    end = wallText(startMs + length, tzid);
  }
  const rule = master!.getFirstProperty('rrule');
  const exdates: string[] = [];
  for (const p of master!.getAllProperties('exdate'))
    for (const v of p.getValues()) if (v instanceof ICAL.Time) exdates.push(v.isDate ? dateText(v) : wallText(toInstant(v, ctx), tzid));
  return {
    uid: object.uid,
    summary: String(master!.getFirstPropertyValue('summary') ?? ''),
    location: String(master!.getFirstPropertyValue('location') ?? ''),
    description: descriptionOf(master!) ?? '',
    start,
    end,
    allDay,
    tzid,
    rrule: rule ? String(rule.getFirstValue()) : null,
    exdates,
    attendees: attendees(master!)
      // The organiser's own line (CHAIR, Thunderbird's habit) is kept like every other.
      .filter((p) => propAddress(p) !== '')
      .map((p) => {
        const role = upper(p.getFirstParameter('role'), 'REQ-PARTICIPANT');
        const cutype = upper(p.getFirstParameter('cutype'), 'INDIVIDUAL');
        const cn = p.getFirstParameter('cn');
        return {
          address: propAddress(p),
          ...(cn ? { name: String(cn) } : {}),
          role: ((ROLES as readonly string[]).includes(role) ? role : 'REQ-PARTICIPANT') as EventDraft['attendees'][number]['role'],
          cutype: ((CUTYPES as readonly string[]).includes(cutype) ? cutype : 'INDIVIDUAL') as NonNullable<EventDraft['attendees'][number]['cutype']>,
        };
      }),
    transparency: upper(master!.getFirstPropertyValue('transp'), 'OPAQUE') === 'TRANSPARENT' ? 'TRANSPARENT' : 'OPAQUE',
    categories: master!
      .getAllProperties('categories')
      .flatMap((p) => p.getValues())
      .map((v) => String(v).trim())
      .filter(Boolean),
    attachments: master!
      .getAllProperties('attach')
      .map(readAttach)
      .flatMap((ref) => (ref.kind === 'stored' ? [{ name: ref.name ?? 'attachment', type: ref.type ?? 'application/octet-stream', keepId: ref.id }] : [])),
  };
}
