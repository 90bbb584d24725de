// An in-memory store: for tests and benchmarks of the engine alone (what Sabre's Broker measures),
// and for programs that keep state elsewhere. Same semantics as the persistent stores.
// Rows are grouped by their first two key parts (user and UID, or user and index bucket), so a
// prefix or range read touches the groups it needs instead of every row of the table.

import type { Store } from '../core/store.js';
import { BufferedTx, SEP, serialiser, type ReadBackend, type Table } from './buffered.js';

/** The key up to its second separator: `user NUL first-part`. */
function groupOf(k: string): string {
  const first = k.indexOf(SEP);
  if (first < 0) return k;
  const second = k.indexOf(SEP, first + 1);
  return second < 0 ? k : k.slice(0, second);
}

export function openMemoryStore(): Store {
  const data = new Map<Table, Map<string, Map<string, unknown>>>();
  const groups = (t: Table) => data.get(t) ?? (data.set(t, new Map()), data.get(t)!);
  const collect = (maps: Iterable<Map<string, unknown>>, keep: (k: string) => boolean) => {
    const out: [string, unknown][] = [];
    for (const m of maps) for (const [k, v] of m) if (keep(k)) out.push([k, v]);
    return out;
  };
  const backend: ReadBackend = {
    async get(t, k) {
      return groups(t).get(groupOf(k))?.get(k);
    },
    async list(t, prefix) {
      const g = groupOf(prefix);
      // A prefix that names a whole group reads that group alone.
      if (g !== prefix) return collect([groups(t).get(g) ?? new Map()], (k) => k.startsWith(prefix));
      return collect(
        [...groups(t)].filter(([name]) => name.startsWith(prefix)).map(([, m]) => m),
        (k) => k.startsWith(prefix),
      );
    },
    async range(t, lo, hi) {
      const glo = groupOf(lo);
      const ghi = groupOf(hi);
      return collect(
        [...groups(t)].filter(([name]) => name >= glo && name <= ghi).map(([, m]) => m),
        (k) => k >= lo && k <= hi,
      );
    },
    async owners(t) {
      return [...new Set([...groups(t).keys()].map((k) => k.split(SEP)[0]!))];
    },
  };
  const serial = serialiser();
  return {
    transact: (fn) =>
      serial(async () => {
        const tx = new BufferedTx(backend);
        const value = await fn(tx);
        for (const w of tx.writes.values()) {
          const g = groupOf(w.k);
          const map = groups(w.table);
          if (w.value === undefined) {
            const m = map.get(g);
            m?.delete(w.k);
            if (m && !m.size) map.delete(g);
          } else (map.get(g) ?? (map.set(g, new Map()), map.get(g)!)).set(w.k, w.value);
        }
        return value;
      }),
    async close() {},
  };
}
