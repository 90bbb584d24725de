// METHOD:PUBLISH (RFC 5546 §3.2.1), and mail with no method at all: information only. Stored so
// the user can see it, never answered. A later PUBLISH changes the stored copy only when it
// comes from that copy's organiser and keeps the ORGANIZER (§6.1): a copy received through a
// list address must not be rewritten, or taken over, by whoever else writes to the list.

import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import { addHistory } from '../context.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import { replaceIfNewer } from '../apply.js';
import { newStored, openStored } from '../stored.js';
import { organizerOf, organizerSentBy } from '../model.js';
import { checkSender, holdForConfirmation } from '../trust.js';

/** `why` replaces the usual reason when a REQUEST is kept as information (it cannot be answered). */
export async function handlePublish(ctx: Ctx, inc: Incoming, why?: string): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  const organizer = organizerOf(head);
  if (!stored) {
    const verdict = checkSender(ctx, [organizer, organizerSentBy(head)]);
    const record = newStored(ctx, object, 'observer');
    addHistory(ctx, record, inc.method, 'stored');
    d.save(record, object);
    const warnings = verdict.level === 'verified' || !organizer ? inc.warnings : [...inc.warnings, verdict.note];
    d.result(inc.method, object.uid, rid, 'stored', why ?? 'published event stored for information', warnings);
    return d;
  }
  if (stored.relation !== 'observer') {
    d.result(inc.method, object.uid, rid, 'ignored', 'a published copy of an event you take part in does not change it', inc.warnings);
    return d;
  }
  const current = openStored(ctx, stored);
  const storedHead = current.master ?? current.overrides[0];
  const refusal = !stored.organizer
    ? 'the stored copy has no ORGANIZER, so no mail can update it'
    : organizer !== stored.organizer
      ? `a PUBLISH may not change the organizer (${stored.organizer} to ${organizer ?? 'none'})`
      : undefined;
  if (refusal) {
    d.result(inc.method, object.uid, rid, 'refused', refusal, inc.warnings);
    return d;
  }
  const verdict = checkSender(ctx, [stored.organizer, storedHead && organizerSentBy(storedHead)]);
  if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, rid, verdict, stored.organizer, 'published update');
  if (!replaceIfNewer(ctx, d, inc, current)) return d;
  addHistory(ctx, stored, inc.method, 'updated');
  d.save(stored, current);
  d.result(inc.method, object.uid, rid, 'updated', why ?? 'published event updated', inc.warnings);
  return d;
}
