// METHOD:CANCEL received by an attendee (RFC 5546 §3.2.5): the whole event, one occurrence (or
// this and future ones), or only this user (uninvited: STATUS is absent and the event goes on).
// The cancelled event is kept with STATUS:CANCELLED for reference; its time becomes free.

import type { Ctx } from '../context.js';
import { result, enqueue, addHistory, clearQueue } from '../context.js';
import type { Incoming } from '../incoming.js';
import { freshness, ridOf } from '../incoming.js';
import { isCancelled, isThisAndFuture, organizerOf, organizerSentBy, setText } from '../model.js';
import { findOverride } from '../objects.js';
import { openStored, saveStored } from '../stored.js';
import { checkSender, holdForConfirmation } from '../trust.js';
import { targetComponent } from './reply.js';

export async function handleCancel(ctx: Ctx, inc: Incoming): Promise<void> {
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  if (!stored) {
    result(ctx, inc.method, object.uid, rid, 'ignored', 'cancellation of an event not stored here', inc.warnings);
    return;
  }
  const current = openStored(ctx, stored);
  if (ctx.opts.outgoing) {
    if (stored.relation !== 'organizer' || organizerOf(head) !== ctx.user) {
      result(ctx, inc.method, object.uid, rid, 'ignored', 'a cancellation you relayed for an event you do not organise', inc.warnings);
      return;
    }
  } else if (stored.relation === 'organizer') {
    // The user's own event is cancelled only by the user: here, or by mail they sent (Sent).
    const reason = `a cancellation of an event you organise, ${checkSender(ctx, [ctx.user]).note}: only you cancel your events`;
    await enqueue(ctx, { kind: 'refused', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason, ics: inc.text });
    result(ctx, inc.method, object.uid, rid, 'refused', reason, inc.warnings);
    return;
  } else {
    const storedHead = current.master ?? current.overrides[0];
    const verdict = checkSender(ctx, [stored.organizer, storedHead && organizerSentBy(storedHead)]);
    if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, stored.organizer, 'cancellation');
  }
  const before = rid ? findOverride(current, rid) ?? current.master : current.master;
  if (before && freshness(head, before, ctx, object, current) === 'older') {
    result(ctx, inc.method, object.uid, rid, 'ignored', 'older than the stored version (stale cancellation)', inc.warnings);
    return;
  }
  // §3.2.5: STATUS:CANCELLED cancels; without it the named attendees are uninvited.
  const uninvited = !isCancelled(head) && !ctx.opts.outgoing;
  let reason: string;
  if (!rid) {
    if (current.master) setText(current.master, 'status', 'CANCELLED');
    for (const o of current.overrides) setText(o, 'status', 'CANCELLED');
    reason = uninvited ? 'you were removed from the attendees' : 'the event was cancelled';
  } else {
    const target = targetComponent(current, rid);
    if (!target) {
      result(ctx, inc.method, object.uid, rid, 'ignored', 'cancellation of an occurrence this event does not have', inc.warnings);
      return;
    }
    setText(target, 'status', 'CANCELLED');
    if (isThisAndFuture(head)) {
      // Carry the range so expansion cancels every later occurrence too (RFC 5545 §3.8.4.4).
      target.getFirstProperty('recurrence-id')?.setParameter('range', 'THISANDFUTURE');
      current.overrides = current.overrides.filter((o) => o === target || ridOf(o, current) < rid);
    }
    reason = isThisAndFuture(head) ? 'this and all later occurrences were cancelled' : 'one occurrence was cancelled';
  }
  addHistory(ctx, stored, inc.method, 'cancelled', { ...(rid ? { recurrenceId: rid } : {}), note: reason });
  await saveStored(ctx, stored, current);
  if (!rid) await clearQueue(ctx, object.uid, ['invitation', 'update']);
  if (!ctx.opts.outgoing) await enqueue(ctx, { kind: 'cancel', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason });
  result(ctx, inc.method, object.uid, rid, 'cancelled', reason, inc.warnings);
}
