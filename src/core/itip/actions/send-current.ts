// The organiser answers a REFRESH by hand (RFC 5546 §3.2.6): the current version of the event,
// as a REQUEST to the attendee who asked. `event_refreshing=always` does this automatically in
// handlers/refresh.ts; with `never` the request waits in the queue until the user sends this.

import type { EngineOptions } from '../../api.js';
import type { StoreTx } from '../../store.js';
import type { Outcome } from '../../types.js';
import { makeCtx } from '../context.js';
import { decider } from '../decision.js';
import { done } from './attendee.js';
import { normalizeAddress } from '../address.js';
import { findAttendee } from '../model.js';
import { requestMessage } from '../outbound.js';
import { openStored } from '../stored.js';

export async function sendCurrent(tx: StoreTx, opts: EngineOptions, args: { uid: string; to: string }): Promise<Outcome> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  const to = normalizeAddress(args.to);
  const stored = await ctx.utx.getEvent(args.uid);
  if (!stored || stored.relation !== 'organizer') {
    d.result('REQUEST', args.uid, null, 'refused', 'you do not organise this event');
    return done(ctx, d);
  }
  const current = openStored(ctx, stored);
  if (![current.master, ...current.overrides].some((c) => c && findAttendee(c, to))) {
    d.result('REQUEST', args.uid, null, 'refused', `${to || '(nobody)'} is not an attendee of this event`);
    return done(ctx, d);
  }
  d.send(requestMessage(ctx, current, 'updated', [to]));
  // The refresh request it answers no longer needs attention.
  d.unqueue(args.uid, ['refresh']);
  d.result('REQUEST', args.uid, null, 'sent', `sent the current event to ${to}`);
  return done(ctx, d);
}
