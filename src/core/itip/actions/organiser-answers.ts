// The organiser's answers to counter-proposals (RFC 5546 §3.2.7, §3.2.8) and free/busy requests
// to others (§3.3.2).

import ICAL from 'ical.js';
import type { CounterDecisionArgs, EngineOptions, FreeBusyRequestArgs } from '../../api.js';
import type { StoreTx } from '../../store.js';
import type { CounterRecord, Outcome } from '../../types.js';
import { makeCtx, addHistory, type Ctx } from '../context.js';
import { decider, type Decider } from '../decision.js';
import { loadForAction, parseRange } from './common.js';
import { done, refusal } from './attendee.js';
import { targetComponent } from '../handlers/reply.js';
import type { Component } from '../model.js';
import { attendees, propAddress } from '../model.js';
import { declineCounterMessage, requestMessage } from '../outbound.js';
import { itipCalendar, message } from '../compose.js';
import { parseCalendar } from '../../ical/parse.js';
import { utcTime } from '../../ical/tz.js';
import { calAddress, normalizeAddress } from '../address.js';
import { copyPlain } from '../../copy.js';

/** What an accepted counter may change: Outlook only counters times; others may move the place. */
const COUNTERABLE = ['dtstart', 'dtend', 'duration', 'location'];

async function pendingCounter(ctx: Ctx, d: Decider, method: string, args: CounterDecisionArgs, rid: string): Promise<CounterRecord | Outcome> {
  const from = normalizeAddress(args.from);
  const pending = (await ctx.utx.listCounters(args.uid)).filter(
    (c) => c.direction === 'received' && c.status === 'pending' && c.attendee === from && (!args.recurrenceId || c.recurrenceId === rid),
  );
  if (!pending.length) return refusal(ctx, d, method, args.uid, rid, `no pending counter-proposal from ${from}`);
  if (pending.length > 1) return refusal(ctx, d, method, args.uid, rid, `${from} has proposed for several occurrences: name one with --recurrence-id`);
  return pending[0]!;
}

export async function acceptCounter(tx: StoreTx, opts: EngineOptions, args: CounterDecisionArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'REQUEST', args.uid, args.recurrenceId, 'organizer');
  if (!loaded) return done(ctx, d);
  const { stored, current } = loaded;
  const counter = await pendingCounter(ctx, d, 'REQUEST', args, loaded.rid);
  if (!('uid' in counter)) return counter;
  const proposal = parseCalendar(counter.ics).root.getFirstSubcomponent('vevent');
  const target = targetComponent(current, counter.recurrenceId);
  if (!proposal || !target) return refusal(ctx, d, 'REQUEST', args.uid, counter.recurrenceId, 'the counter-proposal no longer matches the event');
  for (const name of COUNTERABLE) {
    if (!proposal.hasProperty(name)) continue;
    target.removeAllProperties(name);
    for (const p of proposal.getAllProperties(name)) target.addProperty(new ICAL.Property(copyPlain(p.toJSON())));
  }
  if (proposal.hasProperty('dtend')) target.removeAllProperties('duration');
  if (proposal.hasProperty('duration')) target.removeAllProperties('dtend');
  // The proposal may use a zone we only know from its own message.
  const proposalTz = parseCalendar(counter.ics).root.getAllSubcomponents('vtimezone');
  current.timezones = [...current.timezones, ...proposalTz];
  const next = stored.sequence + 1;
  for (const c of [current.master, ...current.overrides].filter((x): x is Component => !!x)) {
    c.updatePropertyWithValue('sequence', next);
    for (const line of attendees(c))
      if (propAddress(line) !== ctx.user) {
        line.setParameter('partstat', 'NEEDS-ACTION');
        line.setParameter('rsvp', 'TRUE');
      }
  }
  d.counter({ ...counter, status: 'accepted' });
  addHistory(ctx, stored, 'REQUEST', 'sent', { note: `counter-proposal of ${counter.attendee} accepted` });
  d.save(stored, current);
  d.unqueue(args.uid, ['counter']);
  const out = requestMessage(ctx, current, 'updated');
  if (out.to.length) d.send(out);
  d.result('REQUEST', args.uid, counter.recurrenceId, 'sent', `accepted the proposal of ${counter.attendee}; updated event sent to ${out.to.join(', ')}`);
  return done(ctx, d);
}

export async function declineCounter(tx: StoreTx, opts: EngineOptions, args: CounterDecisionArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const loaded = await loadForAction(ctx, d, 'DECLINECOUNTER', args.uid, args.recurrenceId, 'organizer');
  if (!loaded) return done(ctx, d);
  const { stored, current } = loaded;
  const counter = await pendingCounter(ctx, d, 'DECLINECOUNTER', args, loaded.rid);
  if (!('uid' in counter)) return counter;
  const source = targetComponent(current, counter.recurrenceId) ?? current.master!;
  d.send(declineCounterMessage(ctx, current, source, counter.recurrenceId, counter.attendee, args.comment));
  d.counter({ ...counter, status: 'declined', ...(args.comment ? { comment: args.comment } : {}) });
  addHistory(ctx, stored, 'DECLINECOUNTER', 'sent', { note: `counter-proposal of ${counter.attendee} declined` });
  d.record(stored);
  d.unqueue(args.uid, ['counter']);
  d.result('DECLINECOUNTER', args.uid, counter.recurrenceId, 'sent', `declined the proposal of ${counter.attendee}`);
  return done(ctx, d);
}

export async function requestFreebusy(tx: StoreTx, opts: EngineOptions, args: FreeBusyRequestArgs): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const to = [...new Set(args.to.map(normalizeAddress).filter((a) => a && a !== ctx.user))];
  const range = parseRange(ctx, args.start, args.end);
  if (typeof range === 'string') return refusal(ctx, d, 'REQUEST', null, '', range);
  const { start, end } = range;
  if (!to.length) return refusal(ctx, d, 'REQUEST', null, '', 'no one to ask');
  const uid = ctx.opts.newId();
  const fb = new ICAL.Component('vfreebusy');
  fb.addPropertyWithValue('uid', uid);
  fb.addPropertyWithValue('dtstamp', utcTime(ctx.nowMs));
  fb.addPropertyWithValue('organizer', calAddress(ctx.user));
  for (const a of to) fb.addPropertyWithValue('attendee', calAddress(a));
  fb.addPropertyWithValue('dtstart', utcTime(start));
  fb.addPropertyWithValue('dtend', utcTime(end));
  const ics = itipCalendar('REQUEST', [fb]);
  d.send(message(ctx, 'REQUEST', to, 'freebusyRequest', 'bodyFreebusy', '', ics));
  d.result('REQUEST', uid, '', 'sent', `asked ${to.join(', ')} for their free/busy`);
  return done(ctx, d);
}
