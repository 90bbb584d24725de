// METHOD:REPLY received by the organiser (RFC 5546 §3.2.3): one attendee's answer, for the event
// or one occurrence, recorded on that attendee and on no one else. Delegation replies (§4.2.5)
// add the delegates the answering attendee names, at most MAX_DELEGATES_PER_REPLY.

import ICAL from 'ical.js';
import type { Ctx } from '../context.js';
import { decider, type Decider, type Decision } from '../decision.js';
import { addHistory, keepNote } from '../context.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import type { Component, Property } from '../model.js';
import {
  attendees,
  cloneComponent,
  comments,
  dtstampOf,
  ensureAttendee,
  findAttendee,
  partstatOf,
  propAddress,
  requestStatuses,
  setPartstat,
  setTime,
} from '../model.js';
import { findOverride, type EventObject } from '../objects.js';
import { openStored } from '../stored.js';
import { checkSender, holdForConfirmation } from '../trust.js';
import { normalizeAddress } from '../address.js';
import { keyToTime } from '../compose.js';
import { isoUtc, setTzid, tzidOf, wallClock } from '../../ical/tz.js';
import { expandEvent } from '../../ical/recurrence.js';
import type { BusyPeriod, StoredEvent } from '../../types.js';

export async function handleReply(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  if (ctx.opts.outgoing) return ownReply(ctx, inc, stored, rid);
  if (!stored || stored.relation !== 'organizer') {
    d.result(inc.method, object.uid, rid, 'ignored', 'reply for an event you do not organise', inc.warnings);
    return d;
  }
  // Outlook/Exchange replies may lack ORGANIZER (test/fixtures/real-world/): the stored event says who it is.
  const lines = attendees(head);
  if (lines.length < 1) {
    d.result(inc.method, object.uid, rid, 'refused', 'a REPLY must name the answering attendee', inc.warnings);
    return d;
  }
  const current = openStored(ctx, stored);
  const target = targetComponent(current, rid);
  if (!target) {
    d.result(inc.method, object.uid, rid, 'refused', 'reply for an occurrence this event does not have', inc.warnings);
    return d;
  }
  const answering = await answeringLine(ctx, d, inc, rid, lines, current, target);
  if (!answering) return d;
  const attendee = propAddress(answering);
  const key = `${attendee}|${rid}`;
  const stamp = dtstampOf(head, object.ctx);
  const last = stored.replies?.[key];
  if (last && stamp !== undefined && Date.parse(last) > stamp) {
    d.result(inc.method, object.uid, rid, 'ignored', `older than the reply already recorded for ${attendee}`, inc.warnings);
    return d;
  }
  let line = findAttendee(target, attendee);
  if (!line) {
    const delegator = delegatorOf(current, attendee, answering);
    if (!delegator && ctx.prefs.party_crashers !== 'accept') {
      d.result(inc.method, object.uid, rid, 'refused', `${attendee} was not invited (party_crashers=refuse)`, inc.warnings);
      return d;
    }
    line = ensureAttendee(target, attendee, delegator ? { 'delegated-from': `mailto:${delegator}` } : {});
  }
  const partstat = partstatOf(answering);
  setPartstat(line, partstat);
  const warnings = [...inc.warnings, ...addDelegates(target, line, answering, attendee, lines)];
  const comment = comments(head).join('\n');
  const status = requestStatuses(head);
  stored.replies = { ...(stored.replies ?? {}), [key]: stamp !== undefined ? isoUtc(stamp) : ctx.nowIso };
  keepNote(ctx, stored, key, { partstat, ...(comment ? { comment } : {}), ...(status.length ? { requestStatus: status } : {}) });
  addHistory(ctx, stored, inc.method, 'recorded', { ...(rid ? { recurrenceId: rid } : {}), from: attendee, note: partstat, ...(comment ? { comment } : {}) });
  d.save(stored, current);
  await recordAttendeeBusy(ctx, d, stored, current, attendee);
  d.result(inc.method, object.uid, rid, 'recorded', `${attendee} answered ${partstat}${comment ? ` ("${comment}")` : ''}`, warnings);
  return d;
}

/** Delegates one REPLY may add (RFC 5546 §4.2.5 delegates to one; a few more are tolerated). */
export const MAX_DELEGATES_PER_REPLY = 10;

function sentBy(p: Property): string | undefined {
  const v = p.getFirstParameter('sent-by');
  return v ? normalizeAddress(v) : undefined;
}

/**
 * The attendee line this REPLY may change: the one whose address is the verified sender, or
 * whose SENT-BY is the verified sender when our copy already names that SENT-BY for that
 * attendee (else anyone could answer for anyone by writing SENT-BY). Otherwise the reply waits
 * for the user, or (naming no one it could be from) is refused; undefined then.
 */
async function answeringLine(
  ctx: Ctx,
  d: Decider,
  inc: Incoming,
  rid: string,
  lines: Property[],
  current: EventObject,
  target: Component,
): Promise<Property | undefined> {
  const { object } = inc;
  const verdict = checkSender(ctx, lines.map(propAddress));
  if (verdict.level === 'verified') return lines.find((p) => propAddress(p) === verdict.party);
  const identity = ctx.sender.identity;
  const delegated = identity ? lines.find((p) => sentBy(p) === identity) : undefined;
  if (delegated && identity) {
    const address = propAddress(delegated);
    const known = findAttendee(target, address) ?? (current.master && findAttendee(current.master, address));
    if (known && sentBy(known) === identity) {
      checkSender(ctx, [identity]);
      return delegated;
    }
    d.include(
      await holdForConfirmation(
        ctx,
        inc,
        rid,
        { level: 'unverified', note: `sent by ${identity} for ${address} (SENT-BY), which your copy does not name` },
        address,
        'reply',
      ),
    );
    return undefined;
  }
  const party = verdict.party ?? (lines.length === 1 ? propAddress(lines[0]!) : undefined);
  if (party) {
    d.include(await holdForConfirmation(ctx, inc, rid, verdict, party, 'reply'));
    return undefined;
  }
  d.result(inc.method, object.uid, rid, 'refused', `reply for ${lines.length} attendees ${verdict.note}`, inc.warnings);
  return undefined;
}

/**
 * Delegates named by the answering attendee's own line (DELEGATED-TO) whose lines say
 * DELEGATED-FROM that attendee; any other line of the reply changes nothing. Linear in the lines.
 */
export function addDelegates(target: Component, line: Property, answering: Property, attendee: string, lines: Property[]): string[] {
  const to = [answering.getParameter('delegated-to')]
    .flat()
    .filter((v): v is string => typeof v === 'string')
    .map(normalizeAddress)
    .filter(Boolean);
  const named = new Set(to.slice(0, MAX_DELEGATES_PER_REPLY));
  if (named.size)
    line.setParameter(
      'delegated-to',
      [...named].map((a) => `mailto:${a}`),
    );
  else line.removeParameter('delegated-to');
  const warnings: string[] = [];
  if (to.length > MAX_DELEGATES_PER_REPLY) warnings.push(`${to.length} delegates named: only the first ${MAX_DELEGATES_PER_REPLY} are added`);
  for (const p of lines) {
    if (p === answering || !named.has(propAddress(p))) continue;
    if (normalizeAddress(String(p.getFirstParameter('delegated-from') ?? '')) !== attendee) continue;
    ensureDelegate(target, p);
    named.delete(propAddress(p));
  }
  return warnings;
}

function copyParam(from: Property, to: Property, name: string): void {
  const v = from.getParameter(name);
  if (v) to.setParameter(name, v);
  else to.removeParameter(name);
}

function ensureDelegate(target: Component, p: Property): void {
  const line = ensureAttendee(target, propAddress(p));
  copyParam(p, line, 'delegated-from');
  if (!line.getFirstParameter('partstat')) setPartstat(line, 'NEEDS-ACTION');
}

/** The attendee who delegated to `address`, as recorded on our copy or said in this reply. */
function delegatorOf(current: EventObject, address: string, answering: Property): string | undefined {
  const from = answering.getFirstParameter('delegated-from');
  for (const c of [current.master, ...current.overrides])
    for (const p of c ? attendees(c) : []) {
      const to = [p.getParameter('delegated-to')].flat().map((v) =>
        String(v ?? '')
          .replace(/^mailto:/i, '')
          .toLowerCase(),
      );
      if (
        to.includes(address) &&
        (!from ||
          String(from)
            .replace(/^mailto:/i, '')
            .toLowerCase() === propAddress(p))
      )
        return propAddress(p);
    }
  return undefined;
}

/** The component an occurrence reply lands on: an override, created from the master if needed. */
export function targetComponent(current: EventObject, rid: string): Component | undefined {
  if (!rid) return current.master ?? current.overrides[0];
  const existing = findOverride(current, rid);
  if (existing) return existing;
  if (!current.master) return undefined;
  // ±2 days: an all-day key names a date, whose instant depends on the user's zone.
  const window = { start: Date.parse(keyIso(rid)) - 2 * 86400000, end: Date.parse(keyIso(rid)) + 2 * 86400000 };
  const occ = expandEvent(current.master, [], window, current.ctx).occurrences.find((o) => o.recurrenceIdKey === rid);
  if (!occ) return undefined;
  const override = cloneComponent(current.master);
  for (const name of ['rrule', 'rdate', 'exdate', 'recurrence-id']) override.removeAllProperties(name);
  // The new override names its times in the master's zone, as DTSTART does (RFC 5545 §3.8.4.4).
  const zoned = sameZone(occ.start, current.master.getFirstPropertyValue('dtstart'), current);
  const time = sameZone(occ.recurrenceId, current.master.getFirstPropertyValue('dtstart'), current) ?? keyToTime(rid);
  setTime(override, 'recurrence-id', time);
  const duration = occ.end - occ.start;
  override.removeAllProperties('dtend');
  override.removeAllProperties('duration');
  setTime(override, 'dtstart', zoned ?? time.clone());
  if (!time.isDate || duration !== 86400000) {
    const end = sameZone(occ.end, current.master.getFirstPropertyValue('dtstart'), current) ?? keyToTime(rid);
    if (!zoned) end.addDuration(ICALDuration(duration));
    setTime(override, 'dtend', end);
  }
  const tzid = zoned && tzidOf(zoned);
  if (tzid) for (const name of ['recurrence-id', 'dtstart', 'dtend']) override.getFirstProperty(name)?.setParameter('tzid', tzid);
  current.overrides.push(override);
  return override;
}

/** An instant as a date-time in the zone (TZID) of `like`, or undefined when `like` has none. */
function sameZone(ms: number, like: unknown, object: EventObject): ICAL.Time | undefined {
  if (!(like instanceof ICAL.Time) || like.isDate) return undefined;
  const tzid = tzidOf(like);
  if (!tzid || tzid === 'Z' || like.zone === ICAL.Timezone.utcTimezone) return undefined;
  const t = ICAL.Time.fromData({ ...wallClock(ms, like, object.ctx), isDate: false });
  setTzid(t, tzid);
  return t;
}

function ICALDuration(ms: number): ICAL.Duration {
  return ICAL.Duration.fromSeconds(Math.round(ms / 1000));
}

function keyIso(key: string): string {
  if (/^\d{8}$/.test(key)) return `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T00:00:00Z`;
  return `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}T${key.slice(9, 11)}:${key.slice(11, 13)}:${key.slice(13, 15)}Z`;
}

/** Keeps the attendee's busy time from their answer in the record of others' free/busy. */
async function recordAttendeeBusy(ctx: Ctx, d: Decider, stored: StoredEvent, current: EventObject, attendee: string): Promise<void> {
  const record = (await ctx.utx.getFreeBusy(attendee)) ?? { address: attendee, periods: [], updated: ctx.nowIso, source: 'attendee-reply' as const };
  const periods: BusyPeriod[] = record.periods.filter((p) => p.uid !== stored.uid);
  // Bounded: a year ahead of now, at most what expandEvent allows.
  const window = { start: ctx.nowMs - 86400000, end: ctx.nowMs + 366 * 86400000 };
  // The attendee's answer is read once per component (the master's holds for every occurrence
  // it generates), not once per occurrence.
  const answers = new Map<Component, string>();
  const answerIn = (c: Component): string => {
    let partstat = answers.get(c);
    if (partstat === undefined) {
      const line = findAttendee(c, attendee) ?? (current.master && findAttendee(current.master, attendee));
      answers.set(c, (partstat = line ? partstatOf(line) : 'NEEDS-ACTION'));
    }
    return partstat;
  };
  // An attendee who is busy in no component (declined throughout, or not yet answered) has no
  // period to record: the event's old ones are only removed, and nothing is expanded.
  const busySomewhere = [current.master, ...current.overrides].some((c) => {
    if (!c) return false;
    const partstat = answerIn(c);
    return partstat === 'ACCEPTED' || partstat === 'TENTATIVE';
  });
  if (busySomewhere)
    for (const occ of expandEvent(current.master, current.overrides, window, current.ctx).occurrences) {
      const partstat = answerIn(occ.component);
      if (partstat === 'ACCEPTED' || partstat === 'TENTATIVE')
        periods.push({ start: isoUtc(occ.start), end: isoUtc(occ.end), fbtype: partstat === 'ACCEPTED' ? 'BUSY' : 'BUSY-TENTATIVE', uid: stored.uid });
    }
  d.freebusy({ ...record, periods, updated: ctx.nowIso });
}

/** The user's own REPLY sent from another program: their answer is recorded as if given here. */
async function ownReply(ctx: Ctx, inc: Incoming, stored: StoredEvent | undefined, rid: string): Promise<Decision> {
  const d = decider(ctx);
  const head = inc.object.master ?? inc.object.overrides[0]!;
  const mine = findAttendee(head, ctx.user);
  if (!stored || !mine) {
    d.result(inc.method, inc.object.uid, rid, 'ignored', stored ? 'your reply names another attendee' : 'reply for an event not stored here', inc.warnings);
    return d;
  }
  const current = openStored(ctx, stored);
  const target = targetComponent(current, rid);
  const line = target && findAttendee(target, ctx.user);
  if (!target || !line) {
    d.result(inc.method, inc.object.uid, rid, 'ignored', 'you are not an attendee of that event or occurrence', inc.warnings);
    return d;
  }
  const partstat = partstatOf(mine);
  setPartstat(line, partstat);
  copyParam(mine, line, 'delegated-to');
  const comment = comments(head).join('\n');
  keepNote(ctx, stored, `${ctx.user}|${rid}`, { partstat, ...(comment ? { comment } : {}) });
  addHistory(ctx, stored, inc.method, 'recorded', {
    ...(rid ? { recurrenceId: rid } : {}),
    note: `${partstat} (sent by you)`,
    ...(comment ? { comment } : {}),
  });
  d.save(stored, current);
  d.result(inc.method, inc.object.uid, rid, 'recorded', `your answer ${partstat}, sent from another program`, inc.warnings);
  return d;
}
