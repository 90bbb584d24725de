// METHOD:REFRESH received by the organiser (RFC 5546 §3.2.6): an attendee asks for the current
// version. Preference `event_refreshing`: `always` answers with a REQUEST to that attendee,
// `never` (default) keeps the request for the user.

import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import { attendees, findAttendee, propAddress } from '../model.js';
import { openStored } from '../stored.js';
import { checkSender } from '../trust.js';
import { requestMessage } from '../outbound.js';

export async function handleRefresh(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  if (!stored || stored.relation !== 'organizer') {
    d.result(inc.method, object.uid, rid, 'ignored', 'refresh request for an event you do not organise', inc.warnings);
    return d;
  }
  // The event goes only to the attendee who verifiably asked (never to Reply-To or a relay).
  const verdict = checkSender(ctx, attendees(head).map(propAddress));
  const asking = verdict.level === 'verified' ? verdict.party : undefined;
  const current = openStored(ctx, stored);
  const invited = asking && [current.master, ...current.overrides].some((c) => c && findAttendee(c, asking));
  if (!asking || !invited) {
    d.result(inc.method, object.uid, rid, 'refused', `refresh request ${verdict.note}${asking ? ', who is not an attendee' : ''}`, inc.warnings);
    return d;
  }
  if (ctx.prefs.event_refreshing === 'always') {
    d.send(requestMessage(ctx, current, 'updated', [asking]));
    d.result(inc.method, object.uid, rid, 'answered', `sent the current event to ${asking}`, inc.warnings);
    return d;
  }
  d.enqueue({ kind: 'refresh', uid: object.uid, ...(rid ? { recurrenceId: rid } : {}), reason: `${asking} asks for the current version` });
  d.result(inc.method, object.uid, rid, 'queued', `${asking} asks for the current version (event_refreshing=never)`, inc.warnings);
  return d;
}
