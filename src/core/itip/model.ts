// Reading and changing the scheduling properties of a VEVENT (RFC 5545 §3.8.4, RFC 5546 §3.2).
// Thin helpers over ical.js components, named after the properties they touch.

import ICAL from 'ical.js';
import type { Address, PartStat } from '../types.js';
import { PARTSTATS } from '../types.js';
import { normalizeAddress, calAddress } from './address.js';
import { recurrenceIdKey } from '../ical/recurrence.js';
import type { ZoneContext } from '../ical/tz.js';
import { timeInstant, toInstant, tzidText, type WallFields } from '../ical/tz.js';
import { copyPlain } from '../copy.js';

export type Component = ICAL.Component;
export type Property = ICAL.Property;

/** The address of an ORGANIZER/ATTENDEE property; falls back on the EMAIL parameter (RFC 7986). */
export function propAddress(prop: Property): Address {
  return addressOf(String(prop.getFirstValue() ?? ''), prop.getFirstParameter('email'));
}

/** The same from a line's value and EMAIL parameter (the free/busy index's text reader's too). */
export function addressOf(value: string, email: string | null | undefined): Address {
  if (/^mailto:/i.test(value.trim())) return normalizeAddress(value);
  if (email) return normalizeAddress(email);
  return normalizeAddress(value);
}

export function organizerOf(event: Component): Address | undefined {
  const prop = event.getFirstProperty('organizer');
  const address = prop ? propAddress(prop) : '';
  return address || undefined;
}

/** SENT-BY of the ORGANIZER (RFC 5545 §3.2.18): who may act for the organiser. */
export function organizerSentBy(event: Component): Address | undefined {
  const prop = event.getFirstProperty('organizer');
  const sentBy = prop?.getFirstParameter('sent-by');
  return sentBy ? normalizeAddress(sentBy) : undefined;
}

export function attendees(event: Component): Property[] {
  return event.getAllProperties('attendee');
}

export function findAttendee(event: Component, address: Address): Property | undefined {
  return attendees(event).find((p) => propAddress(p) === address);
}

export function attendeeAddresses(event: Component): Address[] {
  return [
    ...new Set(
      attendees(event)
        .map(propAddress)
        .filter((a) => a !== ''),
    ),
  ];
}

export function partstatOf(prop: Property | undefined): PartStat {
  return partstatValue(prop?.getFirstParameter('partstat'));
}

/** A PARTSTAT parameter's value as the engine reads it: unknown or absent is NEEDS-ACTION (RFC 5545 §3.2.12). */
export function partstatValue(raw: unknown): PartStat {
  const value = String(raw ?? 'NEEDS-ACTION').toUpperCase() as PartStat;
  return PARTSTATS.includes(value) ? value : 'NEEDS-ACTION';
}

/** The user's PARTSTAT on a component, falling back on the master's for overrides without it. */
export function userPartstat(user: string, component: Component | undefined, master?: Component): PartStat | undefined {
  const prop = (component && findAttendee(component, user)) ?? (master && findAttendee(master, user));
  return prop ? partstatOf(prop) : undefined;
}

export function setPartstat(prop: Property, partstat: PartStat): void {
  prop.setParameter('partstat', partstat);
  // RSVP asks for an answer (RFC 5545 §3.2.17); once answered it no longer applies.
  if (partstat !== 'NEEDS-ACTION') prop.removeParameter('rsvp');
}

export function uidOf(event: Component): string {
  return String(event.getFirstPropertyValue('uid') ?? '').trim();
}

export function sequenceOf(event: Component): number {
  const value = event.getFirstPropertyValue('sequence');
  let n = typeof value === 'number' ? value : Number.parseInt(String(value ?? ''), 10);
  // Old CDO/Outlook carry the sequence only in X-MICROSOFT-CDO-APPT-SEQUENCE ([MS-OXCICAL]).
  if (!Number.isFinite(n)) n = Number.parseInt(String(event.getFirstPropertyValue('x-microsoft-cdo-appt-sequence') ?? ''), 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export function dtstampOf(event: Component, ctx: ZoneContext): number | undefined {
  const fast = utcLineInstant(event, 'dtstamp');
  if (fast !== undefined) return fast;
  const value = event.getFirstPropertyValue('dtstamp');
  if (!(value instanceof ICAL.Time)) return undefined;
  return toInstant(value, ctx);
}

// DTSTAMP is a UTC DATE-TIME (RFC 5545 §3.8.7.2, §3.3.5 form 2) read for every object handled
// and every record saved: its instant is taken from the jCal text itself, without an ical.js Time.
const UTC_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
// jCal's DATE and DATE-TIME (RFC 7265 §3.6.4, §3.6.5): what ical.js reads a Time from.
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;

/** The component's first `name` line, when it holds one string value of the given jCal type. */
function plainLine(event: Component, name: string): unknown[] | undefined | null {
  for (const line of (event.toJSON() as unknown[])[1] as unknown[][]) {
    if (line[0] !== name) continue;
    return line.length === 4 && typeof line[3] === 'string' ? line : null;
  }
  return undefined;
}

/** Wall fields as read from a matched DATE or DATE-TIME text, when every one is in range. */
function fieldsInRange(m: RegExpExecArray): WallFields | undefined {
  const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > 28 && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant of the component's first `name` line when it is a UTC DATE-TIME without parameters
 * whose fields are all in range: what decoding it and `toInstant` give (both end in the same
 * `Date.UTC` of the same fields). Undefined for anything else, which is decoded as before.
 */
function utcLineInstant(event: Component, name: string): number | undefined {
  const line = plainLine(event, name);
  if (!line || line[2] !== 'date-time') return undefined;
  for (const _ in line[1] as object) return undefined;
  const m = UTC_TEXT.exec(line[3] as string);
  const f = m && fieldsInRange(m);
  return f ? Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) : undefined;
}

/**
 * `toInstant` of the first `name` line's value, read from the jCal text without an ical.js Time:
 * the same fields, DATE or not, UTC or not and TZID that decoding the line gives (ical.js's
 * `Time.fromDateTimeString`: a trailing Z makes the time UTC whatever the TZID; otherwise the TZID
 * parameter is kept, bound to the calendar's VTIMEZONE of that exact TZID when there is one, which
 * `tzidOf` reads back as the same text), through the same `timeInstant`. `null` when the component
 * has no such line; undefined when the line is of any other shape (several values, another value
 * type, a value out of range, a TZID list), which the caller decodes as before.
 */
export function lineInstant(event: Component, name: string, ctx: ZoneContext): number | null | undefined {
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
  const utc = !isDate && (m[7] === 'Z' || tzid === 'Z');
  return timeInstant(f, isDate, utc, m[7] === 'Z' ? undefined : tzid, ctx, () => text);
}

export function summaryOf(event: Component): string {
  return String(event.getFirstPropertyValue('summary') ?? '').trim();
}

export function textOf(event: Component, name: string): string | undefined {
  const value = event.getFirstPropertyValue(name);
  return value == null ? undefined : String(value);
}

export function recurrenceIdOf(event: Component, ctx: ZoneContext): string {
  const value = event.getFirstPropertyValue('recurrence-id');
  return value instanceof ICAL.Time ? recurrenceIdKey(value, ctx) : '';
}

export function isThisAndFuture(event: Component): boolean {
  const prop = event.getFirstProperty('recurrence-id');
  return String(prop?.getFirstParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE';
}

export function isCancelled(event: Component): boolean {
  return String(event.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

export function isTransparent(event: Component): boolean {
  return String(event.getFirstPropertyValue('transp') ?? '').toUpperCase() === 'TRANSPARENT';
}

export function isRecurring(event: Component): boolean {
  return event.hasProperty('rrule') || event.hasProperty('rdate');
}

export function cloneComponent(comp: Component): Component {
  return new ICAL.Component(copyPlain(comp.toJSON()));
}

/** Adds an ATTENDEE line, or returns the existing one: one line per address, so one person never has two answers. */
export function ensureAttendee(event: Component, address: Address, params: Record<string, string> = {}): Property {
  const existing = findAttendee(event, address);
  if (existing) return existing;
  const prop = new ICAL.Property('attendee', event);
  prop.setValue(calAddress(address));
  for (const [k, v] of Object.entries(params)) prop.setParameter(k, v);
  event.addProperty(prop);
  return prop;
}

/** Removes duplicate ATTENDEE lines for one address (they break Google and Outlook updates). */
export function dedupeAttendees(event: Component): void {
  const seen = new Set<Address>();
  for (const prop of attendees(event)) {
    const address = propAddress(prop);
    if (!address || seen.has(address)) event.removeProperty(prop);
    else seen.add(address);
  }
}

export function setOrganizer(event: Component, address: Address, cn?: string): void {
  event.removeAllProperties('organizer');
  const prop = new ICAL.Property('organizer', event);
  prop.setValue(calAddress(address));
  if (cn) prop.setParameter('cn', cn);
  event.addProperty(prop);
}

export function setText(event: Component, name: string, value: string | undefined): void {
  event.removeAllProperties(name);
  if (value !== undefined && value !== '') event.addPropertyWithValue(name, value);
}

export function setTime(event: Component, name: string, time: ICAL.Time): void {
  event.removeAllProperties(name);
  event.addPropertyWithValue(name, time);
}

export function comments(event: Component): string[] {
  return event.getAllProperties('comment').map((p) => String(p.getFirstValue() ?? ''));
}

/** REQUEST-STATUS values (RFC 5546 §3.6), e.g. "2.0;Success". */
export function requestStatuses(event: Component): string[] {
  return event.getAllProperties('request-status').map((p) => {
    const v = p.getFirstValue() as unknown;
    return Array.isArray(v) ? v.join(';') : String(v ?? '');
  });
}
