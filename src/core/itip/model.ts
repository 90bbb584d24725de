// Reading and changing the scheduling properties of a VEVENT (RFC 5545 §3.8.4, RFC 5546 §3.2).
// Thin helpers over ical.js components, named after the properties they touch.

import ICAL from 'ical.js';
import type { Address, PartStat } from '../types.js';
import { PARTSTATS } from '../types.js';
import { normalizeAddress, calAddress } from './address.js';
import { recurrenceIdKey } from '../ical/recurrence.js';
import type { ZoneContext } from '../ical/tz.js';
import { toInstant } from '../ical/tz.js';
import { utcLineInstant } from '../ical/line-time.js';
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
