// METHOD:CANCEL received by an attendee (RFC 5546 §3.2.5): the whole event, one occurrence (or
// this and future ones), or only this user (uninvited: STATUS is absent and the event goes on).
// The cancelled event is kept with STATUS:CANCELLED for reference; its time becomes free.

import ICAL from 'ical.js';
import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import { addHistory } from '../context.js';
import type { Incoming } from '../incoming.js';
import { freshness, ridOf } from '../incoming.js';
import type { Component } from '../model.js';
import { attendeeAddresses, findAttendee, isCancelled, isThisAndFuture, organizerOf, organizerSentBy, sequenceOf, setText } from '../model.js';
import { findOverride } from '../objects.js';
import { openStored } from '../stored.js';
import { checkSender, holdForConfirmation } from '../trust.js';
import { targetComponent } from './reply.js';

export async function handleCancel(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  if (!stored) {
    d.result(inc.method, object.uid, rid, 'ignored', 'cancellation of an event not stored here', inc.warnings);
    return d;
  }
  const current = openStored(ctx, stored);
  if (ctx.opts.outgoing) {
    if (stored.relation !== 'organizer' || organizerOf(head) !== ctx.user) {
      d.result(inc.method, object.uid, rid, 'ignored', 'a cancellation you relayed for an event you do not organise', inc.warnings);
      return d;
    }
  } else if (stored.relation === 'organizer') {
    // The user's own event is cancelled only by the user: here, or by mail they sent (Sent).
    const reason = `a cancellation of an event you organise, ${checkSender(ctx, [ctx.user]).note}: only you cancel your events`;
    d.enqueue({ kind: 'refused', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason, ics: inc.text });
    d.result(inc.method, object.uid, rid, 'refused', reason, inc.warnings);
    return d;
  } else {
    const storedHead = current.master ?? current.overrides[0];
    const verdict = checkSender(ctx, [stored.organizer, storedHead && organizerSentBy(storedHead)]);
    if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, stored.organizer, 'cancellation');
  }
  const before = rid ? (findOverride(current, rid) ?? current.master) : current.master;
  if (before && freshness(head, before, ctx, object, current) === 'older') {
    d.result(inc.method, object.uid, rid, 'ignored', 'older than the stored version (stale cancellation)', inc.warnings);
    return d;
  }
  // §3.2.5: STATUS:CANCELLED cancels; without it the attendees it names are uninvited, so a
  // STATUS-less CANCEL that names only someone else changes nothing here. (One naming nobody
  // at all is read as the whole event's, as minimal senders mean it.)
  const uninvited = !isCancelled(head) && !ctx.opts.outgoing;
  const named = attendeeAddresses(head);
  if (uninvited && named.length && !findAttendee(head, ctx.user)) {
    d.result(inc.method, object.uid, rid, 'ignored', `a cancellation that removes ${named.join(', ')}, not you`, inc.warnings);
    return d;
  }
  let reason: string;
  if (!rid) {
    for (const c of [current.master, ...current.overrides]) if (c) markCancelled(c, head);
    reason = uninvited ? 'you were removed from the attendees' : 'the event was cancelled';
  } else {
    const target = targetComponent(current, rid);
    if (!target) {
      d.result(inc.method, object.uid, rid, 'ignored', 'cancellation of an occurrence this event does not have', inc.warnings);
      return d;
    }
    markCancelled(target, head);
    if (isThisAndFuture(head)) {
      // Carry the range so expansion cancels every later occurrence too (RFC 5545 §3.8.4.4).
      target.getFirstProperty('recurrence-id')?.setParameter('range', 'THISANDFUTURE');
      current.overrides = current.overrides.filter((o) => o === target || ridOf(o, current) < rid);
    }
    reason = isThisAndFuture(head) ? 'this and all later occurrences were cancelled' : 'one occurrence was cancelled';
  }
  addHistory(ctx, stored, inc.method, 'cancelled', { ...(rid ? { recurrenceId: rid } : {}), note: reason });
  d.save(stored, current);
  if (!rid) d.unqueue(object.uid, ['invitation', 'update']);
  if (!ctx.opts.outgoing) d.enqueue({ kind: 'cancel', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason });
  d.result(inc.method, object.uid, rid, 'cancelled', reason, inc.warnings);
  return d;
}

/**
 * Marks a stored component cancelled and takes over the CANCEL's SEQUENCE and DTSTAMP, so the
 * stored revision is the cancellation's: a stale REQUEST of the old SEQUENCE (RFC 5546 §2.1.5)
 * can no longer revive the event.
 */
function markCancelled(c: Component, cancel: Component): void {
  setText(c, 'status', 'CANCELLED');
  const sequence = cancel.getFirstPropertyValue('sequence');
  if (sequence != null && sequenceOf(cancel) > sequenceOf(c)) c.updatePropertyWithValue('sequence', sequenceOf(cancel));
  const stamp = cancel.getFirstPropertyValue('dtstamp');
  if (stamp instanceof ICAL.Time) c.updatePropertyWithValue('dtstamp', stamp.clone());
}
