// Who a resource's booking is from: the verified sender (core/itip/sender.ts), never the
// ORGANIZER a stranger writes. ACL, same-domain and quota judge them, and the one answer goes to
// them (src/core/policy/agent.ts).

import type { Ctx } from '../itip/context.js';
import { decider, type Decision } from '../itip/decision.js';
import type { Incoming } from '../itip/incoming.js';
import type { Component } from '../itip/model.js';
import { findAttendee, organizerOf, organizerSentBy, uidOf } from '../itip/model.js';
import { checkSender } from '../itip/trust.js';
import { normalizeAddress } from '../itip/address.js';
import type { StoredEvent } from '../types.js';
import { addressList } from './syntax.js';

/**
 * A booking is answered only when its sender is verified as its ORGANIZER or that ORGANIZER's
 * SENT-BY: anything else is kept for the owner and never answered, so no stranger can make the
 * resource write to the address they put in ORGANIZER. (Updates of a stored booking are checked
 * against the stored organiser by the REQUEST handler.) Undefined when it may be decided; else the
 * refusal, decided.
 */
export async function refusedRequester(ctx: Ctx, inc: Incoming): Promise<Decision | undefined> {
  if (ctx.opts.outgoing || (await ctx.utx.getEvent(inc.object.uid))) return undefined;
  const head = inc.object.master ?? inc.object.overrides[0]!;
  const verdict = checkSender(ctx, [organizerOf(head), organizerSentBy(head)]);
  if (verdict.level === 'verified' || (await fromPool(ctx, head))) return undefined;
  const d = decider(ctx);
  const reason = `booking ${verdict.note}: not answered (a resource answers only a verified organiser)`;
  d.enqueue({ kind: 'refused', uid: inc.object.uid, reason, ics: inc.text });
  d.result(inc.method, inc.object.uid, null, 'refused', reason, inc.warnings);
  return d;
}

/**
 * A booking delegated to this resource by a resource of the same store that lists it among its
 * `delegates` (schedule_for_delegate, RFC 5546 §4.2.5): the delegating resource verified the
 * organiser when it stored the booking, so its copy vouches for them.
 */
async function fromPool(ctx: Ctx, head: Component): Promise<boolean> {
  const mine = findAttendee(head, ctx.user);
  const delegator = normalizeAddress(String(mine?.getFirstParameter('delegated-from') ?? ''));
  const organizer = organizerOf(head);
  if (!delegator || !organizer || checkSender(ctx, [delegator]).level !== 'verified') return false;
  const pool = addressList((await ctx.tx.user(delegator).getPrefs()).delegates ?? '');
  const theirs = await ctx.tx.user(delegator).getEvent(uidOf(head));
  if (!pool.includes(ctx.user) || theirs?.organizer !== organizer) return false;
  ctx.verdict = { level: 'verified', party: organizer, note: `delegated by ${delegator}, which booked it for ${organizer}` };
  ctx.answerable.add(organizer);
  return true;
}

/** The verified sender this booking is decided for and answered to. */
export function requesterOf(ctx: Ctx, stored: StoredEvent, head: Component): string {
  return (ctx.verdict?.level === 'verified' ? ctx.verdict.party : undefined) ?? stored.organizer ?? organizerOf(head) ?? '';
}
