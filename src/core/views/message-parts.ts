// Pieces of the popup's item: who sent it compared with who may (RFC 5546 §6.1), whether it is
// older than what is stored (§2.1.5), and the counter and reply sections.

import type { StoredEvent } from '../types.js';
import type { InvitationItem } from '../../shared/protocol.js';
import type { Ctx } from '../itip/context.js';
import type { Component } from '../itip/model.js';
import {
  attendees,
  comments,
  dtstampOf,
  isRecurring,
  organizerOf,
  organizerSentBy,
  partstatOf,
  propAddress,
  recurrenceIdOf,
  requestStatuses,
  sequenceOf,
} from '../itip/model.js';
import { findOverride, loadStored, type EventObject } from '../itip/objects.js';
import { verifySender, type SenderVerdict } from '../itip/sender.js';
import { when } from '../itip/describe.js';
import { normalizeAddress } from '../itip/address.js';
import { isOrganizerMethod } from '../itip/methods.js';
import { recurrenceIdKey } from '../ical/recurrence.js';
import { parseBasicTime } from '../ical/tz.js';
import { headOf } from './event-view.js';

function sentByParam(p: ReturnType<typeof attendees>[number]): string | undefined {
  const v = p.getFirstParameter('sent-by');
  return v ? normalizeAddress(v) : undefined;
}

/** A REQUEST from an attendee for an event the user organises: a counter-proposal in disguise. */
function isAttendeeRequest(ctx: Ctx, method: string, stored: StoredEvent | undefined): boolean {
  return method === 'REQUEST' && stored?.relation === 'organizer' && ctx.msg?.from?.address !== ctx.user;
}

/**
 * Who sent the object, checked as the handlers check it (core/itip/sender.ts): against the stored
 * copy's organiser (or the object's, when new), or the attendees it names. Null for the user's
 * own mail, which needs no check against strangers.
 */
export function senderVerdict(ctx: Ctx, method: string, object: EventObject, base: StoredEvent | undefined): SenderVerdict | null {
  if (!ctx.msg || ctx.msg.from?.address === ctx.user) return null;
  const head = headOf(object);
  if (isOrganizerMethod(method) && !isAttendeeRequest(ctx, method, base)) {
    const organizer = base?.organizer ?? organizerOf(head);
    return verifySender(ctx.sender, [organizer, base ? undefined : organizerSentBy(head)]);
  }
  return verifySender(ctx.sender, attendees(head).slice(0, 1000).map(propAddress));
}

export function senderWarnings(ctx: Ctx, method: string, object: EventObject, base: StoredEvent | undefined): string[] {
  const verdict = senderVerdict(ctx, method, object, base);
  if (!verdict) return [];
  const head = headOf(object);
  const from = ctx.msg?.from?.address;
  const out: string[] = [];
  if (isOrganizerMethod(method) && !isAttendeeRequest(ctx, method, base)) {
    const organizer = base?.organizer ?? organizerOf(head);
    if (organizer && verdict.level === 'relayed') out.push(verdict.note);
    else if (organizer && verdict.level === 'unverified') out.push(`sender ${from ?? '(none)'} is not the organizer ${organizer}`);
    if (base?.organizer && organizerOf(head) && organizerOf(head) !== base.organizer)
      out.push(`the organizer changed from ${base.organizer} to ${organizerOf(head)}`);
  } else {
    const lines = attendees(head);
    if (!lines.length) out.push(`a ${method} must name the attendee it is from`);
    else if (verdict.level === 'relayed') out.push(verdict.note);
    else if (verdict.level === 'unverified' && !lines.some((p) => sentByParam(p) === ctx.sender.identity))
      out.push(`sender ${from ?? '(none)'} is not the attendee ${lines.slice(0, 10).map(propAddress).join(', ')}`);
  }
  return out;
}

function baseComponent(ctx: Ctx, base: StoredEvent, rid: string): { comp?: Component; object: EventObject } | undefined {
  try {
    const object = loadStored(base.ics, ctx.zone);
    return { comp: (rid ? findOverride(object, rid) : undefined) ?? object.master ?? object.overrides[0], object };
  } catch {
    return undefined;
  }
}

/** RFC 5546 §2.1.5: a lower SEQUENCE, or the same with an earlier DTSTAMP, is out of date. */
export function staleWarning(ctx: Ctx, method: string, object: EventObject, base: StoredEvent | undefined): string[] {
  if (!base || !isOrganizerMethod(method) || method === 'DECLINECOUNTER' || isAttendeeRequest(ctx, method, base)) return [];
  const head = headOf(object);
  const rid = object.master ? '' : recurrenceIdOf(head, object.ctx);
  const before = baseComponent(ctx, base, rid);
  if (!before?.comp) return [];
  const a = sequenceOf(head);
  const b = sequenceOf(before.comp);
  if (a < b) return [`stale update: SEQUENCE ${a} is older than the stored ${b}`];
  if (a > b) return [];
  const sa = dtstampOf(head, object.ctx);
  const sb = dtstampOf(before.comp, before.object.ctx);
  if (sa !== undefined && sb !== undefined && sa < sb) return ['stale update: its DTSTAMP is older than the stored version'];
  return [];
}

/** COUNTER (or an attendee's REQUEST) for the user's event: who proposes what, and its status. */
export async function counterSection(
  ctx: Ctx,
  method: string,
  object: EventObject,
  stored: StoredEvent | undefined,
  rid: string,
): Promise<InvitationItem['counter']> {
  if (method !== 'COUNTER' && !isAttendeeRequest(ctx, method, stored)) return null;
  const head = headOf(object);
  const from = method === 'COUNTER' ? (attendees(head)[0] ? propAddress(attendees(head)[0]!) : ctx.msg?.from?.address) : ctx.msg?.from?.address;
  if (!from) return null;
  let key = rid;
  // Outlook names the occurrence it proposes for only by its original start (MS-OXCICAL).
  const current = stored && baseComponent(ctx, stored, '');
  if (!key && current?.object.master && isRecurring(current.object.master)) {
    const t = parseBasicTime(String(head.getFirstPropertyValue('x-ms-olk-originalstart') ?? ''));
    if (t) key = recurrenceIdKey(t, object.ctx);
  }
  const record = stored
    ? (await ctx.utx.listCounters(stored.uid)).find((c) => c.direction === 'received' && c.attendee === from && c.recurrenceId === key)
    : undefined;
  let period = when(head, object);
  if (!period.start && current?.comp) period = when(current.comp, current.object);
  return {
    from,
    proposed: { start: period.start ?? '', end: period.end ?? period.start ?? '' },
    comment: comments(head).join('\n') || record?.comment || null,
    status: record?.status ?? 'pending',
  };
}

/** REPLY: the answering attendee (the one the sender speaks for) and what they said. */
export function replySection(ctx: Ctx, object: EventObject): InvitationItem['reply'] {
  const head = headOf(object);
  const lines = attendees(head);
  const identity = ctx.sender.identity;
  const answering = lines.find((p) => propAddress(p) === identity) ?? lines.find((p) => identity && sentByParam(p) === identity) ?? lines[0];
  if (!answering) return null;
  return { from: propAddress(answering), partstat: partstatOf(answering), comment: comments(head).join('\n') || null, requestStatus: requestStatuses(head) };
}
