// An in-memory store: for tests and benchmarks of the engine alone (what Sabre's Broker measures),
// and for programs that keep state elsewhere. Same semantics as the persistent stores.

import type { Store } from '../core/store.js';
import { BufferedTx, SEP, serialiser, type ReadBackend, type Table } from './buffered.js';

export function openMemoryStore(): Store {
  const data = new Map<Table, Map<string, unknown>>();
  const table = (t: Table) => data.get(t) ?? (data.set(t, new Map()), data.get(t)!);
  const backend: ReadBackend = {
    async get(t, k) {
      return table(t).get(k);
    },
    async list(t, prefix) {
      return [...table(t)].filter(([k]) => k.startsWith(prefix));
    },
    async owners(t) {
      return [...new Set([...table(t).keys()].map((k) => k.split(SEP)[0]!))];
    },
  };
  const serial = serialiser();
  return {
    transact: (fn) =>
      serial(async () => {
        const tx = new BufferedTx(backend);
        const value = await fn(tx);
        for (const w of tx.writes.values()) {
          if (w.value === undefined) table(w.table).delete(w.k);
          else table(w.table).set(w.k, w.value);
        }
        return value;
      }),
    async close() {},
  };
}
