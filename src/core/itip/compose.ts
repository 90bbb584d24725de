// Building outgoing iTIP objects (RFC 5546 §3.2) as data. Rendering to RFC 5322 happens in
// core/mime/render; here we only decide what the VCALENDAR says and who receives it.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Address, Method, OutgoingMessage, PartStat } from '../types.js';
import type { Ctx } from './context.js';
import type { Component, Property } from './model.js';
import { cloneComponent, findAttendee, propAddress, organizerOf, sequenceOf, summaryOf, setPartstat } from './model.js';
import { newCalendar, neededTimezones, type EventObject } from './objects.js';
import { serialize } from '../ical/parse.js';
import { generateVtimezone, isIanaZone } from '../ical/generate-vtimezone.js';
import { parseBasicTime, resolveZone, utcTime, type ZoneContext } from '../ical/tz.js';
import { CalendarError } from '../ical/parse.js';
import { fill, type Strings } from './strings.js';
import { calAddress } from './address.js';
import { displayLine } from '../display.js';
import { copyPlain } from '../copy.js';
import { mayFailToDecode } from '../ical/decode.js';

export function stamp(ctx: Ctx): ICAL.Time {
  return utcTime(ctx.nowMs);
}

/**
 * A VCALENDAR with METHOD holding the given components and the VTIMEZONEs they need; with the
 * object's zone context, also for TZIDs read through the Windows table or an offset.
 */
export function itipCalendar(method: Method, components: Component[], timezones: Component[] = [], zctx?: ZoneContext): string {
  const cal = newCalendar({ method });
  const zones = neededTimezones(timezones, components);
  for (const tz of zones) cal.addSubcomponent(cloneComponent(tz));
  for (const tz of generatedTimezones(components, zones, zctx)) cal.addSubcomponent(tz);
  for (const c of components) cal.addSubcomponent(c);
  return serialize(cal);
}

/**
 * VTIMEZONEs for TZIDs that came without one (RFC 5545 §3.6.5; Outlook needs them): IANA names,
 * and with the object's zone context also the names it reads otherwise (Windows, offsets), each
 * generated from the zone it is read in and carrying the TZID as written.
 */
export function generatedTimezones(components: Component[], present: Component[], zctx?: ZoneContext): Component[] {
  const have = new Set(present.map((tz) => String(tz.getFirstPropertyValue('tzid'))));
  const years = new Map<string, [number, number]>();
  for (const c of components)
    for (const prop of c.getAllProperties()) {
      const tzid = prop.getFirstParameter('tzid');
      // Most lines have no TZID, or one whose VTIMEZONE is present: their values are not needed,
      // and are decoded only where decoding could fail (and so fails here as it always did).
      const missing = !!tzid && !have.has(String(tzid));
      if (!missing && !mayFailToDecode(prop)) continue;
      const value = prop.getFirstValue();
      if (!missing || !(value instanceof ICAL.Time)) continue;
      const span = years.get(String(tzid)) ?? [value.year, value.year];
      // A recurring event needs the zone's rules for as long as it may recur (bounded inside).
      const until = c.hasProperty('rrule') ? value.year + 10 : value.year;
      years.set(String(tzid), [Math.min(span[0], value.year), Math.max(span[1], until)]);
    }
  const out: Component[] = [];
  for (const [tzid, [from, to]] of years) {
    if (isIanaZone(tzid)) out.push(generateVtimezone(tzid, from, to));
    else if (zctx) {
      const zone = resolveZone(tzid, zctx);
      if (zone.kind === 'fallback' || !zone.iana || !isIanaZone(zone.iana)) continue;
      const vtz = generateVtimezone(zone.iana, from, to);
      vtz.updatePropertyWithValue('tzid', tzid);
      out.push(vtz);
    }
  }
  return out;
}

export function message(
  ctx: Ctx,
  method: Method,
  to: Address[],
  subjectKey: keyof Strings,
  bodyKey: keyof Strings,
  summary: string,
  ics: string,
  uid?: string,
  comment?: string,
  proposed?: { start: number; end: number },
): OutgoingMessage {
  // Subjects and names go out as one clean line (core/display.ts), whoever wrote them.
  const title = displayLine(summary) || ctx.strings.untitled;
  // The CN preference wins; otherwise the name the adapter knows (the mail identity's).
  const name = displayLine(ctx.prefs.CN || ctx.opts.userName?.trim() || '');
  const who = name ? `${name} <${ctx.user}>` : ctx.user;
  const lines = [fill(ctx.strings[bodyKey], title, who)];
  if (proposed) lines.push('', fill(ctx.strings.proposedTime, periodText(proposed.start, proposed.end, ctx.zone, ctx.opts.locale)));
  if (comment) lines.push('', fill(ctx.strings.comment, comment));
  const out: OutgoingMessage = {
    from: ctx.user,
    to: [...new Set(to.filter((a) => a && a !== ctx.user))],
    subject: fill(ctx.strings[subjectKey], title),
    text: lines.join('\n') + '\n',
    method,
    ics,
  };
  if (name) out.fromName = name;
  if (uid) out.uid = uid;
  return out;
}

/**
 * A period as a person reads it in the mail's text, in the user's zone and language:
 * "Tue, Dec 8, 2026, 10:15 – 11:15 (Europe/Berlin)"; the end repeats the date only when it differs.
 */
export function periodText(start: number, end: number, zone: string, locale = 'en'): string {
  const s = DateTime.fromMillis(start, { zone }).setLocale(locale);
  const e = DateTime.fromMillis(end, { zone }).setLocale(locale);
  const tail = s.hasSame(e, 'day') ? e.toLocaleString(DateTime.TIME_SIMPLE) : e.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY);
  return `${s.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY)} – ${tail} (${zone})`;
}

/** Copies the named properties from one component to another (first values, with parameters). */
export function copyProps(from: Component, to: Component, names: string[]): void {
  for (const name of names) for (const prop of from.getAllProperties(name)) to.addProperty(new ICAL.Property(copyPlain(prop.toJSON())));
}

/**
 * The skeleton of an answer about one event or occurrence (REPLY, COUNTER, REFRESH,
 * DECLINECOUNTER): UID, SEQUENCE, a fresh DTSTAMP, ORGANIZER, RECURRENCE-ID (RFC 5546 §3.2.3).
 */
export function answerSkeleton(ctx: Ctx, object: EventObject, source: Component, recurrenceId: string): Component {
  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', object.uid);
  vevent.addPropertyWithValue('dtstamp', stamp(ctx));
  vevent.addPropertyWithValue('sequence', sequenceOf(source));
  copyProps(source, vevent, ['organizer']);
  if (source.hasProperty('recurrence-id')) copyProps(source, vevent, ['recurrence-id']);
  else if (recurrenceId) vevent.addPropertyWithValue('recurrence-id', keyToTime(recurrenceId));
  return vevent;
}

/** Turns a canonical recurrence-id key (YYYYMMDD or YYYYMMDDTHHMMSSZ) back into a time. */
export function keyToTime(key: string): ICAL.Time {
  const t = parseBasicTime(key);
  if (!t) throw new CalendarError(`not a recurrence id: ${key}`);
  return t;
}

/** An attendee line copied from the event, with a new PARTSTAT. */
export function attendeeLine(event: Component, address: Address, partstat: PartStat): Property {
  const existing = findAttendee(event, address);
  const prop = existing ? new ICAL.Property(copyPlain(existing.toJSON())) : new ICAL.Property('attendee');
  if (!existing) prop.setValue(calAddress(address));
  setPartstat(prop, partstat);
  return prop;
}

/** Recipients of an organiser's message: every attendee but the organiser (RFC 5546 §3.2.2). */
export function recipients(object: EventObject, components: Component[]): Address[] {
  const organizer = object.master ? organizerOf(object.master) : undefined;
  const all = new Set<Address>();
  for (const c of components)
    for (const p of c.getAllProperties('attendee')) {
      const a = propAddress(p);
      if (a && a !== organizer) all.add(a);
    }
  return [...all];
}

export function subjectSummary(object: EventObject, component?: Component): string {
  return summaryOf(component ?? object.master ?? object.overrides[0]!) || summaryOf(object.master ?? object.overrides[0]!);
}
