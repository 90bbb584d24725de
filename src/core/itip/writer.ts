// The writable side of a context's store transaction, kept out of the context itself: a handler,
// the resource agent or a user action reads through `ctx.utx` (a UserReader) and returns its
// changes as a Decision; only itip/commit.ts (and the engine's own bookkeeping: processed
// Message-IDs) asks for the writer. A WeakMap, so that no handler can reach it by a field name.

import type { StoreTx, UserTx } from '../store.js';

export interface Writer {
  tx: StoreTx;
  /** The user's part, through the free/busy index (core/busy-index.ts indexing). */
  utx: UserTx;
}

const writers = new WeakMap<object, Writer>();

export function bindWriter(ctx: object, writer: Writer): void {
  writers.set(ctx, writer);
}

export function writerOf(ctx: object): Writer {
  const w = writers.get(ctx);
  if (!w) throw new Error('no store transaction for this context');
  return w;
}

/**
 * The user's part (or another user's, by address) for reading free/busy through the index
 * (core/busy-index.ts): a query beyond
 * the indexed window extends the index, which is derived data kept in step with the events, not
 * a change a decision makes.
 */
export function busyReader(ctx: object, address?: string): UserTx {
  const w = writerOf(ctx);
  return address === undefined ? w.utx : w.tx.user(address);
}
