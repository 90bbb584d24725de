// The iTIP messages the user sends, one builder per method (RFC 5546 §3.2), shared by the
// handlers (automatic answers) and the user actions.

import ICAL from 'ical.js';
import type { Address, OutgoingMessage, PartStat } from '../types.js';
import type { Ctx } from './context.js';
import type { Component, Property } from './model.js';
import { cloneComponent, findAttendee, isCancelled, isThisAndFuture, organizerOf, summaryOf, setText } from './model.js';
import { toInstant, utcTime } from '../ical/tz.js';
import { expandEvent } from '../ical/recurrence.js';
import type { EventObject } from './objects.js';
import { answerSkeleton, attendeeLine, copyProps, itipCalendar, message, recipients, stamp, subjectSummary } from './compose.js';
import { copyPlain } from '../copy.js';

const SUBJECT: Record<'ACCEPTED' | 'TENTATIVE' | 'DECLINED' | 'DELEGATED', 'accepted' | 'tentative' | 'declined' | 'delegated'> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'tentative',
  DECLINED: 'declined',
  DELEGATED: 'delegated',
};

const BODY = {
  ACCEPTED: 'bodyAccepted',
  TENTATIVE: 'bodyTentative',
  DECLINED: 'bodyDeclined',
  DELEGATED: 'bodyDelegated',
} as const;

/**
 * REPLY (§3.2.3): UID, SEQUENCE, fresh DTSTAMP, ORGANIZER, RECURRENCE-ID where relevant and only
 * the user's own ATTENDEE line (plus, for delegation, the delegate's line, §4.2.5).
 */
export function replyMessage(
  ctx: Ctx,
  object: EventObject,
  source: Component,
  rid: string,
  partstat: Exclude<PartStat, 'NEEDS-ACTION'>,
  comment?: string,
  extra: Property[] = [],
  requestStatus?: string[],
): OutgoingMessage {
  const vevent = answerSkeleton(ctx, object, source, rid);
  copyProps(source, vevent, ['dtstart', 'dtend', 'duration', 'summary']);
  vevent.addProperty(attendeeLine(source, ctx.user, partstat));
  for (const p of extra) vevent.addProperty(p);
  if (comment) vevent.addPropertyWithValue('comment', comment);
  for (const status of requestStatus ?? []) addRequestStatus(vevent, status);
  const organizer = organizerOf(source) ?? organizerOf(object.master ?? source);
  const ics = itipCalendar('REPLY', [vevent], object.timezones, object.ctx);
  return message(ctx, 'REPLY', organizer ? [organizer] : [], SUBJECT[partstat], BODY[partstat], subjectSummary(object, source), ics, object.uid, comment);
}

/** REQUEST-STATUS is a structured value: code;description[;data] (RFC 5545 §3.8.8.3). */
export function addRequestStatus(vevent: Component, status: string): void {
  // ical.js keeps structured values as arrays; a joined string would be escaped to `\;`.
  vevent.addPropertyWithValue('request-status', status.split(';'));
}

/** REFRESH (§3.2.6): asks the organiser for the current version. */
export function refreshMessage(ctx: Ctx, object: EventObject, source: Component, rid: string): OutgoingMessage | undefined {
  const organizer = organizerOf(source) ?? (object.master && organizerOf(object.master));
  if (!organizer) return undefined;
  const vevent = answerSkeleton(ctx, object, source, rid);
  vevent.removeAllProperties('sequence');
  vevent.addProperty(attendeeLine(source, ctx.user, 'NEEDS-ACTION'));
  const ics = itipCalendar('REFRESH', [vevent]);
  return message(ctx, 'REFRESH', [organizer], 'refresh', 'bodyRefresh', subjectSummary(object, source), ics, object.uid);
}

/** REQUEST (§3.2.2) of the whole object to the given attendees (all but the organiser by default). */
export function requestMessage(ctx: Ctx, object: EventObject, kind: 'invitation' | 'updated', to?: Address[]): OutgoingMessage {
  // A REQUEST carries only TENTATIVE or CONFIRMED (RFC 5546 §3.2.2): a cancelled occurrence is
  // left out and excluded from the master (EXDATE; a cancelled THISANDFUTURE ends the series
  // before it), so the attendee's copy does not revive it.
  const master = object.master && withStamp(ctx, object.master);
  const overrides = object.overrides.filter((o) => !(master && isCancelled(o))).map((c) => withStamp(ctx, c));
  for (const o of object.overrides) {
    if (!master || !isCancelled(o)) continue;
    if (isThisAndFuture(o)) endSeriesBefore(master, o, object);
    else {
      const [, params, type, value] = o.getFirstProperty('recurrence-id')!.toJSON() as [string, Record<string, unknown>, string, unknown];
      master.addProperty(new ICAL.Property(['exdate', params, type, value] as never));
    }
  }
  const components = [master, ...overrides].filter((c): c is Component => !!c);
  const ics = itipCalendar('REQUEST', components, object.timezones, object.ctx);
  return message(ctx, 'REQUEST', to ?? recipients(object, components), kind, 'bodyRequest', subjectSummary(object), ics, object.uid);
}

/** CANCEL (§3.2.5) of the event, one occurrence, or for removed attendees only. */
export function cancelMessage(ctx: Ctx, object: EventObject, to: Address[], components: Component[], wholeEvent: boolean): OutgoingMessage {
  const out = components.map((c) => {
    const copy = withStamp(ctx, c);
    // STATUS:CANCELLED cancels the event; uninviting attendees leaves it out (§3.2.5).
    if (wholeEvent) setText(copy, 'status', 'CANCELLED');
    else copy.removeAllProperties('status');
    return copy;
  });
  const ics = itipCalendar('CANCEL', out, object.timezones, object.ctx);
  return message(ctx, 'CANCEL', to, 'cancelled', 'bodyCancel', subjectSummary(object), ics, object.uid);
}

/** DECLINECOUNTER (§3.2.8) to the attendee who proposed. */
export function declineCounterMessage(ctx: Ctx, object: EventObject, source: Component, rid: string, attendee: Address, comment?: string): OutgoingMessage {
  const vevent = answerSkeleton(ctx, object, source, rid);
  const line = findAttendee(source, attendee);
  vevent.addProperty(line ? cloneProp(line) : attendeeLine(source, attendee, 'NEEDS-ACTION'));
  if (comment) vevent.addPropertyWithValue('comment', comment);
  const ics = itipCalendar('DECLINECOUNTER', [vevent]);
  return message(
    ctx,
    'DECLINECOUNTER',
    [attendee],
    'declineCounter',
    'bodyDeclineCounter',
    summaryOf(source) || subjectSummary(object),
    ics,
    object.uid,
    comment,
  );
}

/**
 * Ends a series before a cancelled THISANDFUTURE occurrence (RFC 5545 §3.8.4.4): every RRULE
 * gets an UNTIL just before it (a date for all-day series, else UTC, §3.3.10), later RDATEs go.
 */
function endSeriesBefore(master: Component, cancelled: Component, object: EventObject): void {
  const rid = cancelled.getFirstPropertyValue('recurrence-id');
  const start = master.getFirstPropertyValue('dtstart');
  if (!(rid instanceof ICAL.Time) || !(start instanceof ICAL.Time)) return;
  const cut = toInstant(rid, object.ctx);
  const until = start.isDate ? rid.clone() : utcTime(cut - 1000);
  if (start.isDate) {
    until.isDate = true;
    until.adjust(-1, 0, 0, 0);
  }
  for (const prop of master.getAllProperties('rrule')) {
    const rule = (prop.getFirstValue() as ICAL.Recur).clone();
    if (rule.count) {
      // COUNT and UNTIL exclude each other: the count of this rule's occurrences before the cut.
      const alone = new ICAL.Component(['vevent', [], []]);
      alone.addProperty(new ICAL.Property(copyPlain(master.getFirstProperty('dtstart')!.toJSON())));
      alone.addPropertyWithValue('rrule', rule.clone());
      const before = expandEvent(alone, [], { start: toInstant(start, object.ctx), end: cut }, object.ctx).occurrences.filter(
        (o) => o.recurrenceId < cut,
      ).length;
      rule.count = Math.max(1, Math.min(rule.count, before));
    } else if (!rule.until || toInstant(rule.until, object.ctx) >= cut) rule.until = until;
    prop.setValue(rule);
  }
  for (const prop of master.getAllProperties('rdate')) {
    const kept = prop.getValues().filter((v) => toInstant(v instanceof ICAL.Period ? v.start : (v as ICAL.Time), object.ctx) < cut);
    if (!kept.length) master.removeProperty(prop);
    else if (kept.length < prop.getValues().length) prop.setValues(kept);
  }
}

function cloneProp(p: Property): Property {
  return new ICAL.Property(copyPlain(p.toJSON()));
}

function withStamp(ctx: Ctx, c: Component): Component {
  const copy = cloneComponent(c);
  copy.updatePropertyWithValue('dtstamp', stamp(ctx));
  return copy;
}
