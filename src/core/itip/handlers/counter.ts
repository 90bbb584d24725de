// METHOD:COUNTER received by the organiser (RFC 5546 §3.2.7): kept per attendee and occurrence,
// never applied by itself — the organiser accepts (REQUEST to all) or declines (DECLINECOUNTER).

import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import { attendees, comments, dtstampOf, findAttendee, isRecurring, propAddress } from '../model.js';
import { openStored } from '../stored.js';
import { checkSender, holdForConfirmation } from '../trust.js';
import { normalizeAddress } from '../address.js';
import { recurrenceIdKey } from '../../ical/recurrence.js';
import { isoUtc, parseBasicTime } from '../../ical/tz.js';
import type { StoredEvent } from '../../types.js';

export async function handleCounter(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  let rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);

  if (ctx.opts.outgoing) return ownCounter(ctx, inc, rid);
  if (!stored || stored.relation !== 'organizer') {
    d.result(inc.method, object.uid, rid, 'ignored', 'counter-proposal for an event you do not organise', inc.warnings);
    return d;
  }
  const lines = attendees(head);
  if (lines.length !== 1) {
    d.result(inc.method, object.uid, rid, 'refused', `a COUNTER must name exactly one attendee, it names ${lines.length}`, inc.warnings);
    return d;
  }
  const attendee = propAddress(lines[0]!);
  const current = openStored(ctx, stored);
  // Only the attendee, or the SENT-BY our copy already names for them (RFC 5546 §6.1).
  const sentBy = normalizeAddress(lines[0]!.getFirstParameter('sent-by'));
  const known = [current.master, ...current.overrides].map((c) => c && findAttendee(c, attendee)).find(Boolean);
  const storedSentBy = known ? normalizeAddress(known.getFirstParameter('sent-by')) : '';
  const verdict = checkSender(ctx, [attendee, sentBy && sentBy === storedSentBy ? sentBy : undefined]);
  if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, attendee, 'counter-proposal');
  // Outlook proposes for one occurrence and names it only by its original start (MS-OXCICAL).
  if (!rid && current.master && isRecurring(current.master)) {
    const original = head.getFirstPropertyValue('x-ms-olk-originalstart');
    if (original) {
      // An unreadable original start leaves the counter on the whole series.
      const t = parseBasicTime(String(original));
      if (t) rid = recurrenceIdKey(t, object.ctx);
    }
  }
  const disallow = String(current.master?.getFirstPropertyValue('x-microsoft-disallow-counter') ?? '').toUpperCase() === 'TRUE';
  if (disallow) {
    d.result(inc.method, object.uid, rid, 'refused', 'counter-proposals are not allowed for this event (X-MICROSOFT-DISALLOW-COUNTER)', inc.warnings);
    return d;
  }
  const invited = [current.master, ...current.overrides].some((c) => c && findAttendee(c, attendee));
  if (!invited) {
    d.result(inc.method, object.uid, rid, 'refused', `${attendee} is not an attendee of this event`, inc.warnings);
    return d;
  }
  return recordCounter(ctx, inc, stored, attendee, rid);
}

/** Records a received counter-proposal (also used for REQUESTs from attendees). */
export async function recordCounter(ctx: Ctx, inc: Incoming, stored: StoredEvent, attendee: string, rid: string): Promise<Decision> {
  const d = decider(ctx);
  const head = inc.object.master ?? inc.object.overrides[0]!;
  const stamp = dtstampOf(head, inc.object.ctx);
  const existing = (await ctx.utx.listCounters(stored.uid)).find((c) => c.direction === 'received' && c.attendee === attendee && c.recurrenceId === rid);
  if (existing?.dtstamp && stamp !== undefined && Date.parse(existing.dtstamp) >= stamp) {
    d.result(inc.method, stored.uid, rid, 'ignored', 'an equal or newer counter-proposal from this attendee is already recorded', inc.warnings);
    return d;
  }
  const comment = comments(head).join('\n');
  d.counter({
    uid: stored.uid,
    recurrenceId: rid,
    attendee,
    direction: 'received',
    status: 'pending',
    ics: inc.text,
    ...(comment ? { comment } : {}),
    ...(stamp !== undefined ? { dtstamp: isoUtc(stamp) } : {}),
    received: ctx.nowIso,
    ...(ctx.messageId ? { messageId: ctx.messageId } : {}),
  });
  d.enqueue({ kind: 'counter', uid: stored.uid, ...(rid ? { recurrenceId: rid } : {}), reason: `counter-proposal from ${attendee}` });
  d.result(inc.method, stored.uid, rid, 'recorded', `counter-proposal from ${attendee} kept for your decision`, inc.warnings);
  return d;
}

/** The user's own COUNTER sent from another program: recorded as theirs. */
async function ownCounter(ctx: Ctx, inc: Incoming, rid: string): Promise<Decision> {
  const d = decider(ctx);
  const head = inc.object.master ?? inc.object.overrides[0]!;
  const stamp = dtstampOf(head, inc.object.ctx);
  d.counter({
    uid: inc.object.uid,
    recurrenceId: rid,
    attendee: ctx.user,
    direction: 'sent',
    status: 'pending',
    ics: inc.text,
    ...(stamp !== undefined ? { dtstamp: isoUtc(stamp) } : {}),
    received: ctx.nowIso,
  });
  d.result(inc.method, inc.object.uid, rid, 'recorded', 'your own counter-proposal, sent from another program', inc.warnings);
  return d;
}
