// What an attendee does with an invitation (RFC 5546 §3.2.3, §3.2.6, §3.2.7, §4.2.5): answer,
// counter-propose, delegate, or ask for the current version.

import ICAL from 'ical.js';
import type { EngineOptions, CounterArgs, DelegateArgs, RespondArgs } from '../../api.js';
import type { StoreTx } from '../../store.js';
import type { Outcome } from '../../types.js';
import { actionCtx, makeCtx, addHistory, keepNote, type Ctx } from '../context.js';
import { decider, type Decider, type Decision } from '../decision.js';
import { commit } from '../commit.js';
import { loadForAction, parseRange } from './common.js';
import { targetComponent } from '../handlers/reply.js';
import { ensureAttendee, findAttendee, isCancelled, organizerOf, partstatOf, setPartstat, summaryOf } from '../model.js';
import { refreshMessage, replyMessage, requestMessage } from '../outbound.js';
import { answerSkeleton, copyProps, itipCalendar, message } from '../compose.js';
import { isoUtc, utcTime } from '../../ical/tz.js';
import { calAddress, normalizeAddress } from '../address.js';
import { DURATION_RE } from '../../prefs.js';
import { copyPlain } from '../../copy.js';

/** Applies an action's decision (itip/commit.ts) and reports it. */
async function done(ctx: Ctx, d: Decision): Promise<Outcome> {
  await commit(ctx, d);
  return { results: ctx.results, outgoing: ctx.outgoing };
}

export async function respond(tx: StoreTx, opts: EngineOptions, args: RespondArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'REPLY', args.uid, args.recurrenceId, 'attendee');
  if (!loaded) return done(ctx, d);
  const { stored, current, rid } = loaded;
  const target = targetComponent(current, rid);
  const organizer = target && (organizerOf(target) ?? (current.master && organizerOf(current.master)));
  if (!target) return refusal(ctx, d, 'REPLY', args.uid, rid, 'no such occurrence');
  if (!organizer) return refusal(ctx, d, 'REPLY', args.uid, rid, 'the event names no organiser to answer');
  // Nothing is mailed about an event the organiser has cancelled (RFC 5546 §3.2.5): it is over.
  if (stored.cancelled || isCancelled(target))
    return refusal(ctx, d, 'REPLY', args.uid, rid, `${organizer} cancelled this event: no answer was sent`, 'ignored');
  const received = stored.history.filter((h) => h.method === 'REQUEST' || h.method === 'PUBLISH').pop();
  if (!findAttendee(target, ctx.user) && stored.relation === 'observer' && received?.method === 'PUBLISH')
    return refusal(ctx, d, 'REPLY', args.uid, rid, 'a published event is information only (RFC 5546 §3.2.1): there is nothing to answer');
  const before = partstatOf(findAttendee(target, ctx.user));
  // A forwarded invitation, or one mailed to a list (RFC 5546 §3.2.2.6): the user answers with
  // their own ATTENDEE line and the organiser's `party_crashers` decides.
  const line = findAttendee(target, ctx.user) ?? copyMasterLine(ctx, current.master, target) ?? ensureAttendee(target, ctx.user);
  setPartstat(line, args.partstat);
  // A series answer holds for every occurrence the user has not answered on its own.
  if (target === current.master)
    for (const o of current.overrides) {
      const own = findAttendee(o, ctx.user);
      if (own && (partstatOf(own) === 'NEEDS-ACTION' || partstatOf(own) === before)) setPartstat(own, args.partstat);
    }
  if (stored.relation === 'observer') stored.relation = 'attendee';
  const send = args.send !== false;
  const said = args.comment?.trim() ? { comment: args.comment.trim() } : {};
  keepNote(ctx, stored, `${ctx.user}|${rid}`, { partstat: args.partstat, ...said });
  addHistory(ctx, stored, 'REPLY', send ? 'sent' : 'recorded', { ...(rid ? { recurrenceId: rid } : {}), note: args.partstat, ...said });
  d.save(stored, current);
  d.unqueue(args.uid, ['invitation', 'update'], rid || undefined);
  if (!send) {
    d.result('REPLY', args.uid, rid, 'recorded', `recorded ${args.partstat} without mailing ${organizer}`);
    return done(ctx, d);
  }
  d.send(replyMessage(ctx, current, target, rid, args.partstat, args.comment));
  d.result('REPLY', args.uid, rid, 'sent', `answered ${args.partstat} to ${organizer}`);
  return done(ctx, d);
}

export async function counterPropose(tx: StoreTx, opts: EngineOptions, args: CounterArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'COUNTER', args.uid, args.recurrenceId, 'attendee');
  if (!loaded) return done(ctx, d);
  const { stored, current, rid } = loaded;
  const range = parseRange(ctx, args.start, args.end);
  if (typeof range === 'string') return refusal(ctx, d, 'COUNTER', args.uid, rid, `proposed time: ${range}`);
  const { start, end } = range;
  const source = rid ? targetComponent(current, rid) : current.master;
  if (!source) return refusal(ctx, d, 'COUNTER', args.uid, rid, 'no such occurrence');
  const organizer = organizerOf(source) ?? (current.master && organizerOf(current.master));
  if (!organizer) return refusal(ctx, d, 'COUNTER', args.uid, rid, 'the event names no organiser');
  if (String(current.master?.getFirstPropertyValue('x-microsoft-disallow-counter') ?? '').toUpperCase() === 'TRUE')
    return refusal(ctx, d, 'COUNTER', args.uid, rid, 'the organiser does not allow counter-proposals for this event');

  const vevent = answerSkeleton(ctx, current, source, rid);
  vevent.addPropertyWithValue('dtstart', utcTime(start));
  vevent.addPropertyWithValue('dtend', utcTime(end));
  copyProps(source, vevent, ['summary', 'location', 'description']);
  const line = findAttendee(source, ctx.user) ?? (current.master && findAttendee(current.master, ctx.user));
  const mine = ensureAttendee(vevent, ctx.user);
  setPartstat(mine, line ? partstatOf(line) : 'NEEDS-ACTION');
  if (args.comment) vevent.addPropertyWithValue('comment', args.comment);
  const ics = itipCalendar('COUNTER', [vevent]);
  d.send(message(ctx, 'COUNTER', [organizer], 'counter', 'bodyCounter', summaryOf(source), ics, args.uid, args.comment, { start, end }));

  // `freebusy_offers`: hold the proposed period as busy-tentative until the offer lapses.
  const hold = ctx.prefs.freebusy_offers;
  const holdUntil = hold && DURATION_RE.test(hold) ? isoUtc(ctx.nowMs + ICAL.Duration.fromString(hold).toSeconds() * 1000) : undefined;
  d.counter({
    uid: args.uid,
    recurrenceId: rid,
    attendee: ctx.user,
    direction: 'sent',
    status: 'pending',
    ics,
    ...(args.comment ? { comment: args.comment } : {}),
    dtstamp: ctx.nowIso,
    received: ctx.nowIso,
    ...(holdUntil ? { holdUntil } : {}),
  });
  addHistory(ctx, stored, 'COUNTER', 'sent', {
    ...(rid ? { recurrenceId: rid } : {}),
    note: `${isoUtc(start)}/${isoUtc(end)}`,
    ...(args.comment ? { comment: args.comment } : {}),
  });
  d.record(stored);
  d.result('COUNTER', args.uid, rid, 'sent', `proposed ${isoUtc(start)} – ${isoUtc(end)} to ${organizer}`);
  return done(ctx, d);
}

/**
 * Delegation (RFC 5546 §4.2.5): a REQUEST to the delegate naming them DELEGATED-FROM the user,
 * and a REPLY to the organiser with PARTSTAT=DELEGATED and DELEGATED-TO.
 */
export async function delegate(tx: StoreTx, opts: EngineOptions, args: DelegateArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  return done(ctx, await decideDelegation(ctx, args));
}

/** The delegation decided, not applied: the resource agent delegates a booking this way (policy/agent.ts). */
export async function delegationDecision(ctx: Ctx, args: DelegateArgs): Promise<Decision> {
  return decideDelegation(await actionCtx(ctx), args);
}

async function decideDelegation(ctx: Ctx, args: DelegateArgs): Promise<Decider> {
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'REPLY', args.uid, args.recurrenceId, 'attendee');
  if (!loaded) return d;
  const { stored, current, rid } = loaded;
  const to = normalizeAddress(args.to);
  if (!/^[^@\s]+@[^@\s]+$/.test(to)) return refused(d, 'REPLY', args.uid, rid, `not an address: ${args.to}`);
  if (to === ctx.user) return refused(d, 'REPLY', args.uid, rid, 'you cannot delegate to yourself');
  const target = targetComponent(current, rid);
  if (!target) return refused(d, 'REPLY', args.uid, rid, 'no such occurrence');
  const mine = findAttendee(target, ctx.user) ?? copyMasterLine(ctx, current.master, target);
  if (!mine) return refused(d, 'REPLY', args.uid, rid, 'you are not an attendee of this event');
  if (findAttendee(target, to) && !findAttendee(target, to)?.getFirstParameter('delegated-from'))
    return refused(d, 'REPLY', args.uid, rid, `${to} is already an attendee`);

  setPartstat(mine, 'DELEGATED');
  mine.setParameter('delegated-to', calAddress(to));
  const delegateLine = ensureAttendee(target, to);
  delegateLine.setParameter('delegated-from', calAddress(ctx.user));
  delegateLine.setParameter('partstat', 'NEEDS-ACTION');
  delegateLine.setParameter('rsvp', 'TRUE');
  const role = mine.getFirstParameter('role');
  if (role) delegateLine.setParameter('role', role);

  const request = requestMessage(ctx, current, 'invitation', [to]);
  d.send(request);
  const delegateCopy = new ICAL.Property(copyPlain(delegateLine.toJSON()));
  const reply = replyMessage(ctx, current, target, rid, 'DELEGATED', args.comment, [delegateCopy]);
  d.send(reply);
  keepNote(ctx, stored, `${ctx.user}|${rid}`, { partstat: 'DELEGATED', ...(args.comment ? { comment: args.comment } : {}) });
  addHistory(ctx, stored, 'REPLY', 'sent', {
    ...(rid ? { recurrenceId: rid } : {}),
    note: `delegated to ${to}`,
    ...(args.comment ? { comment: args.comment } : {}),
  });
  d.save(stored, current);
  d.unqueue(args.uid, ['invitation', 'update'], rid || undefined);
  d.result('REPLY', args.uid, rid, 'sent', `delegated to ${to}`);
  return d;
}

export async function refresh(tx: StoreTx, opts: EngineOptions, args: { uid: string; recurrenceId?: string }): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'REFRESH', args.uid, args.recurrenceId, 'attendee');
  if (!loaded) return done(ctx, d);
  const { current, rid } = loaded;
  const source = current.master ?? current.overrides[0]!;
  const out = refreshMessage(ctx, current, source, rid);
  if (!out) return refusal(ctx, d, 'REFRESH', args.uid, rid, 'the event names no organiser');
  d.send(out);
  d.result('REFRESH', args.uid, rid, 'sent', `asked ${out.to.join(', ')} for the current version`);
  return done(ctx, d);
}

/** An override without the user's line inherits it from the master (RFC 5545 §3.8.4.4). */
function copyMasterLine(ctx: Ctx, master: ICAL.Component | undefined, target: ICAL.Component) {
  const line = master && master !== target ? findAttendee(master, ctx.user) : undefined;
  if (!line) return undefined;
  const copy = new ICAL.Property(copyPlain(line.toJSON()));
  target.addProperty(copy);
  return copy;
}

function refusal(
  ctx: Ctx,
  d: Decider,
  method: string,
  uid: string | null,
  rid: string,
  reason: string,
  action: 'refused' | 'ignored' = 'refused',
): Promise<Outcome> {
  return done(ctx, refused(d, method, uid, rid, reason, action));
}

/** A refusal decided, not applied. */
function refused(d: Decider, method: string, uid: string | null, rid: string, reason: string, action: 'refused' | 'ignored' = 'refused'): Decider {
  d.result(method, uid, rid, action, reason);
  return d;
}

export { done, refusal };
