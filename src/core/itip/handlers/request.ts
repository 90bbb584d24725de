// METHOD:REQUEST received by an attendee (RFC 5546 §3.2.2): a new invitation, an update of the
// whole event, or of one occurrence (§3.2.2.5, with RANGE=THISANDFUTURE for a split series).

import type { Ctx } from '../context.js';
import { addHistory } from '../context.js';
import { decider, type Decider, type Decision } from '../decision.js';
import type { Incoming } from '../incoming.js';
import { freshness, keepAnswer, ridOf } from '../incoming.js';
import type { Component } from '../model.js';
import { attendeeAddresses, findAttendee, organizerOf, organizerSentBy } from '../model.js';
import { findOverride, type EventObject } from '../objects.js';
import { newStored, openStored, userPartstat } from '../stored.js';
import { checkSender, holdForConfirmation } from '../trust.js';
import { recordCounter } from './counter.js';
import { applyOccurrence, mergeTimezones, noteChanges, replaceIfNewer } from '../apply.js';
import { handlePublish } from './publish.js';
import { limitWarnings } from '../../policy/limits.js';
import type { StoredEvent } from '../../types.js';
import ICAL from 'ical.js';
import { recurrenceIdKey } from '../../ical/recurrence.js';

/** Why a REQUEST without ORGANIZER can be stored but never answered. */
export const NO_ORGANIZER = 'the REQUEST names no ORGANIZER, so it cannot be answered (RFC 5546 §3.2.2)';

export async function handleRequest(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const organizer = organizerOf(head);
  const stored = await ctx.utx.getEvent(object.uid);

  if (ctx.opts.outgoing) return ownRequest(ctx, inc, stored);
  if (stored?.relation === 'organizer') return requestFromAttendee(ctx, inc, stored);
  // Lotus Notes and some Exchange exports send REQUESTs without ORGANIZER: there is nobody to
  // answer (RFC 5546 §3.2.2 requires one), so the event is kept as information, as PUBLISH is.
  if (!organizer) return handlePublish(ctx, inc, `stored for information: ${NO_ORGANIZER}`);
  if (organizer === ctx.user) {
    const d = decider(ctx);
    d.enqueue({ kind: 'refused', uid: object.uid, reason: 'a REQUEST naming you as organiser that was not sent from here', ics: inc.text });
    d.result(inc.method, object.uid, rid, 'refused', 'names you as organiser, but you have no such event', inc.warnings);
    return d;
  }
  if (!stored) return newInvitation(ctx, inc, organizer);
  return updateInvitation(ctx, inc, stored, organizer);
}

/**
 * A new invitation is stored whoever sent it (it overwrites nothing, and relays such as
 * Nextcloud must stay readable); who sent it is said plainly beside it.
 */
async function newInvitation(ctx: Ctx, inc: Incoming, organizer: string): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const invited = [object.master, ...object.overrides].some((c) => c && findAttendee(c, ctx.user));
  const stored = newStored(ctx, object, invited ? 'attendee' : 'observer');
  const verdict = checkSender(ctx, [organizer, organizerSentBy(head)]);
  const warnings = [...inc.warnings, ...limitWarnings(ctx.prefs, ctx.nowMs, object, ctx.expansion)];
  if (verdict.level !== 'verified') warnings.push(verdict.level === 'relayed' ? verdict.note : `${verdict.note} (the organizer ${organizer})`);
  if (!invited) warnings.push('you are not listed as an attendee');
  addHistory(ctx, stored, inc.method, 'stored');
  d.save(stored, object);
  d.enqueue({ kind: 'invitation', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason: `invitation from ${organizer}` });
  d.result(inc.method, object.uid, rid, 'stored', `new invitation from ${organizer}`, warnings);
  return d;
}

async function updateInvitation(ctx: Ctx, inc: Incoming, stored: StoredEvent, organizer: string): Promise<Decision> {
  const { object } = inc;
  const current = openStored(ctx, stored);
  const rid = object.master ? '' : ridOf(object.overrides[0]!, object);
  const storedHead = current.master ?? current.overrides[0];

  // RFC 5546 §6.1: only the organiser (or the SENT-BY our copy names) may change the event.
  const allowed: (string | undefined)[] = [stored.organizer, storedHead && organizerSentBy(storedHead)];
  if (stored.organizer && organizer !== stored.organizer) {
    // A new organiser is never taken by itself: a co-attendee could otherwise name themself
    // and then move or cancel the event for the user.
    const why = replacementRefusal(ctx, storedHead, organizer);
    if (why) return refuse(ctx, inc, rid, why);
    if (!ctx.confirmed)
      return holdForConfirmation(
        ctx,
        inc,
        rid,
        checkSender(ctx, [...allowed, organizer]),
        organizer,
        `organiser change from ${stored.organizer} to ${organizer},`,
      );
    allowed.push(organizer);
  }
  const verdict = checkSender(ctx, allowed);
  if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, stored.organizer, 'update');

  const incoming = [object.master, ...object.overrides].filter((c): c is Component => !!c);
  const verdicts = incoming.map((c) => {
    const r = ridOf(c, object);
    const before = r ? (findOverride(current, r) ?? current.master) : (current.master ?? findOverride(current, r));
    return { c, r, before, fresh: freshness(c, before, ctx, object, current) };
  });
  const applicable = verdicts.filter((v) => v.fresh === 'newer' || v.fresh === 'minor');
  const d = decider(ctx);
  if (!applicable.length) {
    const same = verdicts.every((v) => v.fresh === 'same');
    d.result(inc.method, object.uid, rid, 'ignored', same ? 'duplicate of the stored version' : 'older than the stored version (stale update)', inc.warnings);
    return d;
  }

  const changed = new Set<string>();
  const major = applicable.some((v) => v.fresh === 'newer');
  if (object.master && applicable.some((v) => v.c === object.master)) {
    // A REQUEST carrying the master is the complete object (RFC 5546 §3.2.2): it replaces all.
    for (const v of verdicts) {
      noteChanges(v.before, current.ctx, v.c, object.ctx, changed);
      if (v.fresh === 'minor' || v.fresh === 'same') keepAnswer(ctx.user, v.before, v.c);
    }
    current.master = object.master;
    current.overrides = object.overrides;
    current.timezones = mergeTimezones(current.timezones, object.timezones);
  } else {
    for (const v of applicable) applyOccurrence(ctx, current, object, v.c, v.r, v.before, v.fresh === 'minor', changed);
    current.timezones = mergeTimezones(current.timezones, object.timezones);
  }
  addHistory(ctx, stored, inc.method, 'updated', { ...(rid ? { recurrenceId: rid } : {}), note: [...changed].join(',') });
  d.save(stored, current);
  if (major) await settleOwnCounters(ctx, d, object.uid, current);

  const answer = userPartstat(ctx.user, current.master ?? current.overrides[0], current.master);
  const needsAttention = major || answer === 'NEEDS-ACTION' || answer === undefined;
  if (needsAttention) {
    d.unqueue(object.uid, ['invitation', 'update'], rid);
    const what = changed.size ? `changed: ${[...changed].join(', ')}` : 'no significant change';
    d.enqueue({ kind: 'update', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason: `update from ${organizer} (${what})` });
  }
  const kind = major ? 'update' : 'minor update (your answer is kept)';
  const warnings = [...inc.warnings, ...limitWarnings(ctx.prefs, ctx.nowMs, current, ctx.expansion)];
  const reason = `${kind}${changed.size ? `; changed: ${[...changed].join(', ')}` : ''}`;
  if (major) d.result(inc.method, object.uid, rid, 'updated', reason, warnings);
  else d.minorResult(inc.method, object.uid, rid, reason, warnings);
  return d;
}

/**
 * `organiser_replacement`: may the organiser of a stored event change to `next` once the user
 * confirms it (never without)? `never` (the default) refuses outright.
 */
function replacementRefusal(ctx: Ctx, storedHead: Component | undefined, next: string): string | undefined {
  const rule = ctx.prefs.organiser_replacement;
  if (rule === 'any') return undefined;
  if (rule === 'never') return `organiser change to ${next} refused (organiser_replacement=never)`;
  const wasAttendee = storedHead ? attendeeAddresses(storedHead).includes(next) : false;
  return wasAttendee ? undefined : `organiser change to ${next}, who was not an attendee, refused (organiser_replacement=attendee)`;
}

function refuse(ctx: Ctx, inc: Incoming, rid: string, reason: string): Decision {
  const d = decider(ctx);
  d.enqueue({ kind: 'refused', uid: inc.object.uid, ...(rid ? { recurrenceId: rid } : {}), reason, ics: inc.text });
  d.result(inc.method, inc.object.uid, rid, 'refused', reason, inc.warnings);
  return d;
}

/** The user's own REQUEST seen in Sent (or passed with --outgoing): they organise this event. */
async function ownRequest(ctx: Ctx, inc: Incoming, stored: StoredEvent | undefined): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  if (organizerOf(head) !== ctx.user) {
    d.result(inc.method, object.uid, rid, 'ignored', 'a REQUEST you forwarded or relayed (you are not its organiser)', inc.warnings);
    return d;
  }
  const record = stored ?? newStored(ctx, object, 'organizer');
  const current = stored ? openStored(ctx, stored) : undefined;
  if (current && !replaceIfNewer(ctx, d, inc, current)) return d;
  record.relation = 'organizer';
  addHistory(ctx, record, inc.method, stored ? 'updated' : 'stored', { note: 'sent by you' });
  d.save(record, current ?? object);
  d.result(inc.method, object.uid, rid, stored ? 'updated' : 'stored', 'your own invitation, sent from another program', inc.warnings);
  return d;
}

/**
 * A REQUEST from an attendee for an event the user organises: clients that cannot send COUNTER
 * do this (imip-agent's IMIP_COUNTER_AS_REQUEST). It is never applied as an update.
 */
async function requestFromAttendee(ctx: Ctx, inc: Incoming, stored: StoredEvent): Promise<Decision> {
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const current = openStored(ctx, stored);
  const invited = [current.master, ...current.overrides].flatMap((c) => (c ? attendeeAddresses(c) : []));
  const verdict = checkSender(ctx, invited);
  if (ctx.prefs.counter_as_request !== 'yes' || !verdict.party) {
    const reason = !verdict.party
      ? `REQUEST for your event from ${ctx.sender.identity ?? 'an unknown sender'}, who is not an attendee`
      : 'REQUEST from an attendee for your event (counter_as_request=no)';
    return refuse(ctx, inc, rid, reason);
  }
  if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, verdict.party, 'counter-proposal (as a REQUEST)');
  return recordCounter(ctx, inc, stored, verdict.party, rid);
}

/**
 * A new revision from the organiser answers the user's pending counter-proposals: accepted when
 * it moved the event to the proposed start, declined otherwise. Either way the hold is released.
 */
async function settleOwnCounters(ctx: Ctx, d: Decider, uid: string, current: EventObject): Promise<void> {
  for (const counter of await ctx.utx.listCounters(uid)) {
    if (counter.direction !== 'sent' || counter.status !== 'pending') continue;
    const proposed = /^DTSTART[^:]*:(\d{8}T\d{6}Z)/m.exec(counter.ics)?.[1];
    const target = counter.recurrenceId ? (findOverride(current, counter.recurrenceId) ?? current.master) : current.master;
    const start = target?.getFirstPropertyValue('dtstart');
    const now = start instanceof ICAL.Time ? recurrenceIdKey(start, current.ctx) : '';
    const { holdUntil: _released, ...rest } = counter;
    d.counter({ ...rest, status: proposed && proposed === now ? 'accepted' : 'declined' });
  }
}
