// METHOD:PUBLISH (RFC 5546 §3.2.1), and mail with no method at all: information only. Stored so
// the user can see it, never answered.

import type { Ctx } from '../context.js';
import { result, addHistory } from '../context.js';
import type { Incoming } from '../incoming.js';
import { ridOf } from '../incoming.js';
import { replaceIfNewer } from './request.js';
import { newStored, openStored, saveStored } from '../stored.js';

/** `why` replaces the usual reason when a REQUEST is kept as information (it cannot be answered). */
export async function handlePublish(ctx: Ctx, inc: Incoming, why?: string): Promise<void> {
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const stored = await ctx.utx.getEvent(object.uid);
  if (!stored) {
    const record = newStored(ctx, object, 'observer');
    addHistory(ctx, record, inc.method, 'stored');
    await saveStored(ctx, record, object);
    result(ctx, inc.method, object.uid, rid, 'stored', why ?? 'published event stored for information', inc.warnings);
    return;
  }
  if (stored.relation !== 'observer') {
    result(ctx, inc.method, object.uid, rid, 'ignored', 'a published copy of an event you take part in does not change it', inc.warnings);
    return;
  }
  const current = openStored(ctx, stored);
  if (!replaceIfNewer(ctx, inc, current)) return;
  addHistory(ctx, stored, inc.method, 'updated');
  await saveStored(ctx, stored, current);
  result(ctx, inc.method, object.uid, rid, 'updated', why ?? 'published event updated', inc.warnings);
}
