// The user as organiser (RFC 5546 §2.1.4, §3.2.2, §3.2.5): invite, update, cancel.

import ICAL from 'ical.js';
import type { EngineOptions, OrganiseArgs, CancelArgs } from '../../api.js';
import type { StoreTx } from '../../store.js';
import type { Outcome, StoredEvent } from '../../types.js';
import { makeCtx, addHistory, type Ctx } from '../context.js';
import { decider, type Decider } from '../decision.js';
import { loadForAction } from './common.js';
import { done, refusal } from './attendee.js';
import { targetComponent } from '../handlers/reply.js';
import type { Component } from '../model.js';
import {
  attendees,
  attendeeAddresses,
  dedupeAttendees,
  findAttendee,
  isCancelled,
  organizerOf,
  partstatOf,
  propAddress,
  recurrenceIdOf,
  sequenceOf,
  setOrganizer,
  setPartstat,
  setText,
} from '../model.js';
import { eventObjects, findOverride, type EventObject } from '../objects.js';
import { changedInMeaning } from '../meaning.js';
import { newStored, openStored } from '../stored.js';
import { cancelMessage, requestMessage } from '../outbound.js';
import { stamp } from '../compose.js';
import { CalendarError, parseCalendar } from '../../ical/parse.js';
import { zoneContext } from '../../ical/tz.js';
import { AttachmentRefusal, stageOwn } from '../../attachments/stage.js';
import { copyPlain } from '../../copy.js';

/** Changes that need the attendees' answers again (RFC 5546 §2.1.4: time, recurrence, place). */
const SIGNIFICANT = ['dtstart', 'dtend', 'duration', 'rrule', 'rdate', 'exdate', 'location'];

export async function invite(tx: StoreTx, opts: EngineOptions, args: OrganiseArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const object = readOwnEvent(ctx, args.ics);
  if (await ctx.utx.getEvent(object.uid)) return refusal(ctx, d, 'REQUEST', object.uid, '', 'an event with this UID is already stored: use update');
  const why = await ownAttachments(ctx, object, args);
  if (why) return refusal(ctx, d, 'REQUEST', object.uid, '', why);
  for (const c of components(object)) {
    if (!c.hasProperty('sequence')) c.addPropertyWithValue('sequence', 0);
    for (const line of attendees(c)) if (propAddress(line) !== ctx.user && !line.getFirstParameter('partstat')) invitePending(line);
  }
  const stored = newStored(ctx, object, 'organizer');
  addHistory(ctx, stored, 'REQUEST', 'sent');
  d.save(stored, object);
  const out = requestMessage(ctx, object, 'invitation');
  if (out.to.length) d.send(out);
  d.result(
    'REQUEST',
    object.uid,
    '',
    out.to.length ? 'sent' : 'stored',
    out.to.length ? `invited ${out.to.join(', ')}` : 'stored; the event has no attendees to invite',
  );
  return done(ctx, d);
}

export async function update(tx: StoreTx, opts: EngineOptions, args: OrganiseArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const object = readOwnEvent(ctx, args.ics);
  const stored = await ctx.utx.getEvent(object.uid);
  if (!stored) return refusal(ctx, d, 'REQUEST', object.uid, '', `no stored event with UID ${object.uid}: use invite`);
  if (stored.relation !== 'organizer') return refusal(ctx, d, 'REQUEST', object.uid, '', 'you do not organise this event');
  const why = await ownAttachments(ctx, object, args);
  if (why) return refusal(ctx, d, 'REQUEST', object.uid, '', why);
  const previous = openStored(ctx, stored);
  // A REQUEST carries only TENTATIVE or CONFIRMED (RFC 5546 §3.2.2): an edit to CANCELLED is a
  // cancellation and goes out as CANCEL (§3.2.5), as `cancel` sends it.
  if (object.master && isCancelled(object.master) && stored.cancelled) return refusal(ctx, d, 'CANCEL', object.uid, '', 'the event is already cancelled');
  if (object.master && isCancelled(object.master)) {
    // The answers stand as they were: a cancellation asks nobody anything.
    for (const c of components(object))
      for (const line of attendees(c)) {
        const old = findAttendee(findSame(previous, c, object) ?? previous.master ?? c, propAddress(line));
        if (old && old !== line) setPartstat(line, partstatOf(old));
      }
    // Attendees the edit also removed hear of the cancellation too.
    const before = attendeeAddresses(previous.master ?? previous.overrides[0]!);
    return cancelObject(ctx, d, stored, object, object.master, '', before);
  }
  const significant = isSignificant(previous, object);
  const sequence = Math.max(...components(object).map(sequenceOf), stored.sequence + (significant ? 1 : 0));
  for (const c of components(object)) {
    c.updatePropertyWithValue('sequence', sequence);
    const before = previous.master && (findSame(previous, c, object) ?? previous.master);
    for (const line of attendees(c)) {
      const address = propAddress(line);
      if (address === ctx.user) continue;
      const old = before && findAttendee(before, address);
      // A significant change asks everyone again; a minor one keeps their answers (§2.1.4).
      if (significant || !old) invitePending(line);
      else setPartstat(line, partstatOf(old));
    }
  }
  const removed = attendeeAddresses(previous.master ?? previous.overrides[0]!).filter(
    (a) => a !== ctx.user && !components(object).some((c) => findAttendee(c, a)),
  );
  if (removed.length) {
    // Uninvited attendees get a CANCEL naming them, without STATUS (RFC 5546 §3.2.5).
    const head = (object.master ?? object.overrides[0]!).toJSON();
    const copy = new ICAL.Component(copyPlain(head));
    copy.removeAllProperties('attendee');
    for (const a of removed) {
      const line = findAttendee(previous.master ?? previous.overrides[0]!, a);
      if (line) copy.addProperty(new ICAL.Property(copyPlain(line.toJSON())));
    }
    d.send(cancelMessage(ctx, object, removed, [copy], false));
  }
  const cancelled = object.overrides.filter((o) => isCancelled(o) && !isCancelled(findSame(previous, o, object) ?? previous.master ?? o));
  for (const o of cancelled) {
    const to = attendeeAddresses(o).filter((a) => a !== ctx.user);
    if (to.length) d.send(cancelMessage(ctx, object, to, [o], true));
  }
  addHistory(ctx, stored, 'REQUEST', 'sent', { note: significant ? 'significant change' : 'minor change' });
  d.save(stored, object);
  const out = requestMessage(ctx, object, 'updated');
  if (out.to.length) d.send(out);
  const parts = [significant ? `sequence ${sequence}, answers reset` : 'minor change, answers kept'];
  if (out.to.length) parts.push(`sent to ${out.to.join(', ')}`);
  if (removed.length) parts.push(`cancelled for ${removed.join(', ')}`);
  d.result('REQUEST', object.uid, '', 'sent', parts.join('; '));
  return done(ctx, d);
}

export async function cancel(tx: StoreTx, opts: EngineOptions, args: CancelArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'CANCEL', args.uid, args.recurrenceId, 'organizer');
  if (!loaded) return done(ctx, d);
  const { stored, current, rid } = loaded;
  if (!rid && stored.cancelled) return refusal(ctx, d, 'CANCEL', args.uid, rid, 'the event is already cancelled');
  const target = targetComponent(current, rid);
  if (!target) return refusal(ctx, d, 'CANCEL', args.uid, rid, 'no such occurrence');
  return cancelObject(ctx, d, stored, current, target, rid);
}

/** Cancels the whole event (rid '') or one occurrence: stores it cancelled and tells the attendees. */
async function cancelObject(
  ctx: Ctx,
  d: Decider,
  stored: StoredEvent,
  current: EventObject,
  target: Component,
  rid: string,
  alsoTo: string[] = [],
): Promise<Outcome> {
  const next = Math.max(stored.sequence + 1, ...(rid ? [target] : components(current)).map(sequenceOf));
  const changed = rid ? [target] : components(current);
  for (const c of changed) {
    c.updatePropertyWithValue('sequence', next);
    c.updatePropertyWithValue('dtstamp', stamp(ctx));
    setText(c, 'status', 'CANCELLED');
  }
  const to = [...new Set([...changed.flatMap(attendeeAddresses), ...alsoTo])].filter((a) => a !== ctx.user);
  if (to.length) d.send(cancelMessage(ctx, current, to, changed, true));
  addHistory(ctx, stored, 'CANCEL', 'cancelled', rid ? { recurrenceId: rid } : {});
  d.save(stored, current);
  d.result('CANCEL', current.uid, rid, 'cancelled', `${rid ? 'occurrence' : 'event'} cancelled${to.length ? `; told ${to.join(', ')}` : ''}`);
  return done(ctx, d);
}

/** Stages the event's attachments (files given and ATTACH lines); a reason when they are refused. */
async function ownAttachments(ctx: Ctx, object: EventObject, args: OrganiseArgs): Promise<string | undefined> {
  try {
    await stageOwn(ctx, object, args.attachments ?? []);
    return undefined;
  } catch (e) {
    if (e instanceof AttachmentRefusal) return `${e.message}: nothing was stored or sent`;
    throw e;
  }
}

function components(object: EventObject): Component[] {
  return [object.master, ...object.overrides].filter((c): c is Component => !!c);
}

function invitePending(line: ICAL.Property): void {
  line.setParameter('partstat', 'NEEDS-ACTION');
  line.setParameter('rsvp', 'TRUE');
}

/** Reads the organiser's own event file: exactly one event, organised by the user. */
function readOwnEvent(ctx: Ctx, ics: string): EventObject {
  const { root } = parseCalendar(ics);
  const zctx = zoneContext(root, ctx.zone);
  const { objects } = eventObjects(root, zctx);
  if (objects.length !== 1) throw new CalendarError(`an event file must hold exactly one event (UID); it holds ${objects.length}`);
  const object = objects[0]!;
  if (!object.master) throw new CalendarError('the event file has no master VEVENT (one without RECURRENCE-ID)');
  if (!object.master.hasProperty('dtstart')) throw new CalendarError('the event has no DTSTART');
  for (const c of components(object)) {
    const organizer = organizerOf(c);
    if (organizer && organizer !== ctx.user) throw new CalendarError(`the event's ORGANIZER is ${organizer}, not ${ctx.user}`);
    if (!organizer) setOrganizer(c, ctx.user, ctx.prefs.CN);
    dedupeAttendees(c);
    c.updatePropertyWithValue('dtstamp', stamp(ctx));
    const own = findAttendee(c, ctx.user);
    if (own) setPartstat(own, 'ACCEPTED');
  }
  return object;
}

/** The previous version of a component: the master, or the override of the same instant. */
function findSame(previous: EventObject, c: Component, next: EventObject): Component | undefined {
  if (!c.hasProperty('recurrence-id')) return previous.master;
  return findOverride(previous, recurrenceIdOf(c, next.ctx));
}

/** Compared in meaning (core/itip/meaning): notation alone never asks everyone again. */
function isSignificant(previous: EventObject, next: EventObject): boolean {
  if (previous.overrides.length !== next.overrides.length) return true;
  for (const c of components(next)) {
    const before = findSame(previous, c, next);
    if (!before || changedInMeaning(before, c, SIGNIFICANT, previous.ctx, next.ctx).length) return true;
  }
  return false;
}
