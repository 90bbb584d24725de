// METHOD:DECLINECOUNTER received by an attendee (RFC 5546 §3.2.8): the organiser turned down the
// user's counter-proposal; any tentative hold for it is released.

import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import { addHistory } from '../context.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import { comments, organizerOf } from '../model.js';
import { checkSender, holdForConfirmation } from '../trust.js';

export async function handleDeclineCounter(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  const organizer = stored?.organizer ?? organizerOf(head);
  if (!ctx.opts.outgoing) {
    const verdict = checkSender(ctx, [organizer]);
    if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, organizer, 'declined counter-proposal');
  }
  const mine = (await ctx.utx.listCounters(object.uid)).filter((c) => c.direction === 'sent' && c.status === 'pending' && (c.recurrenceId === rid || !rid));
  if (!mine.length) {
    d.result(inc.method, object.uid, rid, 'ignored', 'no pending counter-proposal of yours for this event', inc.warnings);
    return d;
  }
  const comment = comments(head).join('\n');
  for (const counter of mine) {
    const { holdUntil: _released, ...rest } = counter;
    d.counter({ ...rest, status: 'declined', ...(comment ? { comment } : {}) });
  }
  if (stored) {
    addHistory(ctx, stored, inc.method, 'recorded', { ...(rid ? { recurrenceId: rid } : {}), note: 'counter-proposal declined' });
    d.record(stored);
  }
  d.enqueue({
    kind: 'counter',
    uid: object.uid,
    ...(rid ? { recurrenceId: rid } : {}),
    reason: `your counter-proposal was declined${comment ? `: ${comment}` : ''}`,
  });
  d.result(inc.method, object.uid, rid, 'recorded', `your counter-proposal was declined${comment ? ` ("${comment}")` : ''}`, inc.warnings);
  return d;
}
