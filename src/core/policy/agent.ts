// The resource agent: a calendar user whose invitations are answered by policy, at once and
// without a person (a room, a car, a projector). The person's handlers store and check the
// message; this decides, answers, and keeps the quota journal. The requester is the verified
// sender (core/itip/sender.ts), never the ORGANIZER a stranger writes: ACL, same-domain and quota
// judge them, and the one answer goes to them.

import type { Ctx } from '../itip/context.js';
import { addHistory } from '../itip/context.js';
import { decider, type Decider, type Decision } from '../itip/decision.js';
import { commit } from '../itip/commit.js';
import type { Incoming } from '../itip/incoming.js';
import type { Component } from '../itip/model.js';
import { attendeeAddresses, findAttendee, recurrenceIdOf, setPartstat, summaryOf } from '../itip/model.js';
import { refusedRequester, requesterOf } from './requester.js';
import { MAX_AUTOMATIC_MESSAGES } from '../itip/trust.js';
import { parseCalendar } from '../ical/parse.js';
import type { EventObject } from '../itip/objects.js';
import { openStored } from '../itip/stored.js';
import { handleRequest } from '../itip/handlers/request.js';
import { handleCancel } from '../itip/handlers/cancel.js';
import { handleAdd } from '../itip/handlers/add.js';
import { handleDeclineCounter } from '../itip/handlers/declinecounter.js';
import { handlePublish } from '../itip/handlers/publish.js';
import { targetComponent } from '../itip/handlers/reply.js';
import { replyMessage } from '../itip/outbound.js';
import { answerSkeleton, copyProps, itipCalendar, message } from '../itip/compose.js';
import * as attendeeActions from '../itip/actions/attendee.js';
import { isoUtc, utcTime } from '../ical/tz.js';
import type { StoredEvent } from '../types.js';
import { brokenLimits, requestedPeriods, type Period } from './limits.js';
import { parseChain } from './prefs.js';
import { quotaJournal, runFunction, type Proposal, type Verdict as FunctionVerdict } from './functions.js';
import { durationMs } from './syntax.js';
import { DEFAULT_LIMITS, MAX_EXPANSION_PER_MESSAGE } from '../ical/rule-walk.js';

export async function handleAsResource(ctx: Ctx, inc: Incoming): Promise<Decision> {
  switch (inc.method) {
    case 'REQUEST':
      return (await refusedRequester(ctx, inc)) ?? decideAfter(ctx, inc, await handleRequest(ctx, inc));
    case 'ADD':
      // Added occurrences are decided like a request for the whole, grown series.
      return decideAfter(ctx, inc, await handleAdd({ ...ctx, prefs: { ...ctx.prefs, add_method_response: 'add' } }, inc));
    case 'CANCEL': {
      const d = decider(ctx);
      d.include(await handleCancel(ctx, inc));
      // The quota the booking held is given back (policy/functions.ts quotaJournal).
      if (d.results[0]?.action === 'cancelled') d.release(quotaJournal(ctx), inc.object.uid);
      return d;
    }
    case 'DECLINECOUNTER':
      return handleDeclineCounter(ctx, inc);
    case 'PUBLISH':
      return handlePublish(ctx, inc);
    default: {
      // A resource never organises: REPLY, REFRESH and COUNTER are kept for its owner.
      const kind = inc.method === 'COUNTER' ? 'counter' : inc.method === 'REFRESH' ? 'refresh' : 'reply';
      const d = decider(ctx);
      d.enqueue({ kind, uid: inc.object.uid, reason: `${inc.method} addressed to a resource (not answered)` });
      d.result(inc.method, inc.object.uid, null, 'recorded', 'a resource does not organise events: kept for its owner, not answered', inc.warnings);
      return d;
    }
  }
}

/**
 * Takes the person's decision about a booking (storing, sender and freshness checks) and, when it
 * stored or changed the booking, decides it by policy. The person's decision is applied first, as
 * for a person: the policy reads the calendar, and a delegation the store, with the booking in it.
 */
async function decideAfter(ctx: Ctx, inc: Incoming, person: Decision): Promise<Decision> {
  const r = person.results[0];
  if (!r || (r.action !== 'stored' && r.action !== 'updated')) return person;
  if (person.minor.has(r)) return person; // same periods, the answer stands
  const saved = person.changes.find((c) => c.kind === 'save' && c.stored.uid === inc.object.uid);
  const stored = saved?.kind === 'save' ? saved.stored : undefined;
  if (stored?.relation !== 'attendee') return person;
  // Only as many bookings are decided as can be answered (MAX_AUTOMATIC_MESSAGES): a booking
  // made without telling the requester would be worse than none. The rest stay stored, unanswered,
  // in the owner's attention queue — and 100 bookings in one message cost what 10 do.
  if (ctx.resourceDecisions >= MAX_AUTOMATIC_MESSAGES) {
    const reason = `stored, not decided: a resource decides at most ${MAX_AUTOMATIC_MESSAGES} bookings per received message (MAX_AUTOMATIC_MESSAGES); kept for the owner`;
    return { ...person, results: person.results.map((x) => (x === r ? { ...r, reason } : x)) };
  }
  ctx.resourceDecisions++;
  await commit(ctx, { ...person, results: [], outgoing: [] });
  const current = openStored(ctx, stored);
  const verdict = await decide(ctx, stored, current);
  const d = decider(ctx);
  const answered = { ...r, action: 'answered' as const, reason: verdict.summary };
  if (verdict.warnings.length) answered.warnings = [...(r.warnings ?? []), ...verdict.warnings];
  d.results.push(...person.results.map((x) => (x === r ? answered : x)));
  d.send(...person.outgoing);
  d.unqueue(stored.uid, ['invitation', 'update', 'add']);
  await apply(ctx, d, stored, current, verdict);
  return d;
}

/** What policy decided about one booking. */
interface Verdict {
  kind: 'accept' | 'decline' | 'counter' | 'delegate';
  periods: Period[];
  declined: Period[];
  status: string;
  reason: string;
  to?: string;
  summary: string;
  warnings: string[];
}

async function decide(ctx: Ctx, stored: StoredEvent, current: EventObject): Promise<Verdict> {
  const { periods, endless, firstStart, truncated } = requestedPeriods(current, ctx.nowMs, ctx.expansion);
  const head = current.master ?? current.overrides[0]!;
  const organizer = requesterOf(ctx, stored, head);
  const base = { periods, declined: [] as Period[], warnings: [] as string[] };
  const broken = brokenLimits(ctx.prefs, ctx.nowMs, current, periods, endless, firstStart);
  if (broken.length) return { ...base, kind: 'decline', status: broken[0]!.status, reason: broken[0]!.reason, summary: `declined: ${broken[0]!.reason}` };
  // The message's objects before this one used up its recurrence work: not every occurrence
  // could be checked, so none is booked.
  if (ctx.expansion.spent) {
    const reason = `this message asks for more recurrence work than the agent does for one message (MAX_EXPANSION_PER_MESSAGE, ${MAX_EXPANSION_PER_MESSAGE} occurrences)`;
    return { ...base, kind: 'decline', status: '3.5;Invalid rule', reason, summary: `declined: ${reason}` };
  }
  // More occurrences than the expansion bound in the decision horizon: not every one could be
  // checked for conflicts, so none is booked.
  if (truncated) {
    const reason = `more occurrences in the next two years than this agent checks (${DEFAULT_LIMITS.maxInstances})`;
    return { ...base, kind: 'decline', status: '3.5;Invalid rule', reason, summary: `declined: ${reason}` };
  }
  if (!periods.length) {
    const reason =
      firstStart !== undefined && firstStart > ctx.nowMs ? 'the booking lies beyond the two years this agent books ahead' : 'the booking lies in the past';
    return { ...base, kind: 'decline', status: '3.1;Invalid property value', reason, summary: `declined: ${reason}` };
  }

  const proposal: Proposal = {
    ctx,
    uid: stored.uid,
    organizer,
    attendees: attendeeAddresses(head),
    recurring: periods.length > 1 || !!current.master?.hasProperty('rrule'),
    periods,
  };
  let declined: Period[] = [];
  const notes: string[] = [];
  for (const { name, arg } of parseChain(ctx.prefs.scheduling_function || 'schedule_in_freebusy')) {
    const v: FunctionVerdict = await runFunction(name, arg, proposal);
    if (v.kind === 'decline') return { ...base, kind: 'decline', status: v.status, reason: v.reason, summary: `declined: ${v.reason}` };
    if (v.kind === 'delegate') return { ...base, kind: 'delegate', status: '2.0;Success', reason: v.reason, to: v.to, summary: `delegated to ${v.to}` };
    if (v.kind === 'refine') {
      proposal.periods = v.periods;
      notes.push(v.reason);
    }
    if (v.kind === 'partial') declined = v.declined;
  }
  const moved = proposal.periods.some((p, i) => p.start !== periods[i]?.start || p.end !== periods[i]?.end);
  if (moved)
    return {
      ...base,
      kind: 'counter',
      periods: proposal.periods,
      status: '2.0;Success',
      reason: notes.join('; '),
      summary: `counter-proposed ${isoUtc(proposal.periods[0]!.start)} – ${isoUtc(proposal.periods[0]!.end)}: ${notes.join('; ')}`,
    };
  const accepted = periods.filter((p) => !declined.includes(p));
  const summary = declined.length ? `accepted, except ${declined.length} conflicting occurrence(s): ${declined.map((d) => d.rid).join(', ')}` : 'accepted';
  return { ...base, kind: 'accept', periods: accepted, declined, status: '2.0;Success', reason: '', summary };
}

/** The resource's own ATTENDEE line on every component that names it. */
function setAnswer(ctx: Ctx, current: EventObject, partstat: 'ACCEPTED' | 'DECLINED' | 'NEEDS-ACTION'): void {
  for (const c of [current.master, ...current.overrides]) {
    const line = c && findAttendee(c, ctx.user);
    if (line) setPartstat(line, partstat);
  }
}

/** The answer to a booking, as changes and mail in `out`. */
async function apply(ctx: Ctx, out: Decider, stored: StoredEvent, current: EventObject, d: Verdict): Promise<void> {
  const head: Component = current.master ?? current.overrides[0]!;
  // A request for one occurrence (no master) is answered for that occurrence.
  const rid = current.master ? '' : recurrenceIdOf(head, current.ctx);
  out.release(quotaJournal(ctx), stored.uid);
  if (d.kind === 'delegate') {
    // Delegated as the owner would from the popup: the action's own decision, its mail sent here.
    const delegation = await attendeeActions.delegationDecision(ctx, { uid: stored.uid, to: d.to!, comment: d.reason });
    out.include({ ...delegation, results: [] });
    return;
  }
  if (d.kind === 'counter') return counter(ctx, out, stored, current, head, rid, d);
  setAnswer(ctx, current, d.kind === 'accept' ? 'ACCEPTED' : 'DECLINED');
  for (const p of d.declined) {
    const occ = targetComponent(current, p.rid);
    const line = occ && (findAttendee(occ, ctx.user) ?? undefined);
    if (line) setPartstat(line, 'DECLINED');
  }
  addHistory(ctx, stored, 'REPLY', 'sent', { note: d.summary });
  out.save(stored, current);
  const partstat = d.kind === 'accept' ? 'ACCEPTED' : 'DECLINED';
  const requester = requesterOf(ctx, stored, head);
  const answer = replyMessage(ctx, current, head, rid, partstat, d.reason || undefined, [], [d.status]);
  // One answer per booking: the declined occurrences ride in the same REPLY (RFC 5546 §3.2.3
  // allows the master and overridden instances in one iCalendar object).
  const declined = d.declined.map((p) =>
    replyMessage(
      ctx,
      current,
      targetComponent(current, p.rid)!,
      p.rid,
      'DECLINED',
      'this occurrence conflicts with another booking',
      [],
      ['4.0;Event conflict. Date-time is busy.'],
    ),
  );
  out.send({
    ...answer,
    to: [requester],
    ics: declined.length
      ? joinReplies(
          answer.ics,
          declined.map((m) => m.ics),
        )
      : answer.ics,
  });
  if (d.kind === 'accept') {
    const organizer = requester;
    for (const p of d.periods)
      out.book({
        journal: quotaJournal(ctx),
        organizer,
        uid: stored.uid,
        recurrenceId: p.rid,
        resource: ctx.user,
        start: isoUtc(p.start),
        end: isoUtc(p.end),
      });
  }
}

/** COUNTER from the resource with the period it can offer, held under `freebusy_offers`. */
function counter(ctx: Ctx, out: Decider, stored: StoredEvent, current: EventObject, head: Component, rid: string, d: Verdict): void {
  const p = d.periods[0]!;
  const vevent = answerSkeleton(ctx, current, head, rid);
  vevent.addPropertyWithValue('dtstart', utcTime(p.start));
  vevent.addPropertyWithValue('dtend', utcTime(p.end));
  copyProps(head, vevent, ['summary', 'location']);
  const line = vevent.addPropertyWithValue('attendee', `mailto:${ctx.user}`);
  line.setParameter('partstat', 'TENTATIVE');
  vevent.addPropertyWithValue('comment', d.reason);
  const ics = itipCalendar('COUNTER', [vevent]);
  const requester = requesterOf(ctx, stored, head);
  if (requester) out.send(message(ctx, 'COUNTER', [requester], 'counter', 'bodyCounter', summaryOf(head), ics, stored.uid, d.reason));
  const hold = ctx.prefs.freebusy_offers;
  out.counter({
    uid: stored.uid,
    recurrenceId: rid,
    attendee: ctx.user,
    direction: 'sent',
    status: 'pending',
    ics,
    comment: d.reason,
    dtstamp: ctx.nowIso,
    received: ctx.nowIso,
    ...(hold ? { holdUntil: isoUtc(ctx.nowMs + durationMs(hold)) } : {}),
  });
  setAnswer(ctx, current, 'NEEDS-ACTION');
  addHistory(ctx, stored, 'COUNTER', 'sent', { note: d.summary });
  out.save(stored, current);
}

/** The VEVENTs of further REPLY objects added to the first one (their zones are the same event's). */
function joinReplies(first: string, more: string[]): string {
  const { root } = parseCalendar(first);
  for (const text of more) for (const vevent of parseCalendar(text).root.getAllSubcomponents('vevent')) root.addSubcomponent(vevent);
  return root.toString();
}
