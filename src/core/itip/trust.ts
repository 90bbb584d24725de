// What the handlers do with the sender check (core/itip/sender.ts): record it, hold what a
// stranger or an unknown relay sent for the user's confirmation, and keep automatic mail to the
// verified sender only (RFC 5546 §6.1, §6.2: a CUA must not be turned against third parties).

import type { Ctx } from './context.js';
import { result } from './context.js';
import { decider, type Decision } from './decision.js';
import type { Incoming } from './incoming.js';
import type { Component } from './model.js';
import { cloneComponent } from './model.js';
import { itipCalendar } from './compose.js';
import { verifySender, type SenderVerdict } from './sender.js';
import type { Address, Method, OutgoingMessage } from '../types.js';
import { listPref } from '../prefs.js';

/** Most automatic messages one received message may cause, whatever it carries. */
export const MAX_AUTOMATIC_MESSAGES = 10;

/** Checks the message's sender against the parties this object needs, and records the verdict. */
export function checkSender(ctx: Ctx, parties: (Address | undefined)[]): SenderVerdict {
  const verdict = verifySender(ctx.sender, parties, ctx.confirmed);
  ctx.verdict = verdict;
  if (verdict.level === 'verified' && verdict.party) ctx.answerable.add(verdict.party);
  return verdict;
}

/** The object alone as an iTIP message of its method: what the user may apply later. */
export function objectText(inc: Incoming): string {
  const components = [inc.object.master, ...inc.object.overrides].filter((c): c is Component => !!c).map(cloneComponent);
  return itipCalendar(inc.method as Method, components, inc.object.timezones);
}

/**
 * Keeps a message whose sender is not verified in the attention queue, unapplied; the popup
 * applies it with one click (engine applyQueued), as sent by `party`.
 */
export async function holdForConfirmation(
  ctx: Ctx,
  inc: Incoming,
  rid: string,
  verdict: SenderVerdict,
  party: Address | undefined,
  what: string,
): Promise<Decision> {
  const d = decider(ctx);
  const reason = `${what} ${verdict.note}: not applied until you confirm it`;
  d.result(inc.method, inc.object.uid, rid, 'queued', reason, inc.warnings);
  // Senders often carry one object twice (Google: inline and as invite.ics): held once.
  const held = (await ctx.utx.listQueue()).some(
    (q) => q.kind === 'unverified' && q.uid === inc.object.uid && (q.recurrenceId ?? '') === rid && q.messageId === ctx.messageId && q.method === inc.method,
  );
  if (held) return d;
  d.enqueue({
    kind: 'unverified',
    uid: inc.object.uid,
    ...(rid ? { recurrenceId: rid } : {}),
    reason,
    ics: objectText(inc),
    method: inc.method,
    ...(party ? { party } : {}),
  });
  return d;
}

/**
 * Automatic mail only to verified senders (or to the resource's own delegates, which its owner
 * named), at most one message per object and MAX_AUTOMATIC_MESSAGES per received message; what
 * is held back is reported.
 */
export function guardOutgoing(ctx: Ctx): OutgoingMessage[] {
  ctx.verdict = undefined;
  const allowed = new Set([...ctx.answerable, ...(ctx.opts.role === 'resource' ? listPref(ctx.prefs.delegates) : [])]);
  const kept: OutgoingMessage[] = [];
  const perObject = new Map<string, number>();
  for (const m of ctx.outgoing) {
    const stranger = m.to.find((a) => !allowed.has(a));
    // Free/busy answers carry no UID: each answers its own VFREEBUSY, one message each.
    const key = m.uid ? `${m.uid}|${m.to.join(',')}` : `#${kept.length}`;
    let why: string | undefined;
    if (!m.to.length || stranger) why = `not sent to ${stranger ?? 'nobody'}, who is not the verified sender of this message`;
    else if (perObject.has(key)) why = 'not sent: one automatic answer per object';
    else if (kept.length >= MAX_AUTOMATIC_MESSAGES) why = `not sent: at most ${MAX_AUTOMATIC_MESSAGES} automatic messages per received message`;
    if (why) {
      result(ctx, m.method, m.uid ?? null, null, 'refused', `automatic ${m.method} ${why}`);
      continue;
    }
    perObject.set(key, 1);
    kept.push(m);
  }
  return kept;
}
