// The one place a Decision (itip/decision.ts) is applied: its changes written to the user's store
// transaction in order — through the free/busy index, which follows every event written
// (core/busy-index.ts) — and its results and mail added to what the engine reports. A failure
// here throws, and the caller's transaction rolls everything back (core/store.ts).

import type { Ctx } from './context.js';
import type { Decision } from './decision.js';
import { writerOf } from './writer.js';
import { syncAttachments } from '../attachments/sync.js';

export async function commit(ctx: Ctx, d: Decision): Promise<void> {
  const { tx, utx } = writerOf(ctx);
  for (const c of d.changes) {
    switch (c.kind) {
      case 'save':
        await syncAttachments(ctx, utx, c.stored, c.object);
        await utx.putEvent(c.stored);
        break;
      case 'record':
        await utx.putEvent(c.stored);
        break;
      case 'enqueue':
        await utx.putQueue(c.item);
        break;
      case 'unqueue':
        for (const item of await utx.listQueue())
          if (item.uid === c.uid && c.kinds.includes(item.kind) && (c.recurrenceId === undefined || (item.recurrenceId ?? '') === c.recurrenceId))
            await utx.deleteQueue(item.id);
        break;
      case 'drop':
        await utx.deleteQueue(c.id);
        break;
      case 'counter':
        await utx.putCounter(c.counter);
        break;
      case 'freebusy':
        await utx.putFreeBusy(c.record);
        break;
      case 'book':
        await tx.putUsage(c.usage);
        break;
      case 'release':
        for (const u of await tx.listUsage(c.journal))
          if (u.uid === c.uid && u.resource === ctx.user) await tx.deleteUsage(c.journal, u.organizer, u.uid, u.recurrenceId);
        break;
    }
  }
  ctx.results.push(...d.results);
  ctx.outgoing.push(...d.outgoing);
}
