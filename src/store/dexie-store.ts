// IndexedDB through Dexie: the add-on's store. One table per record kind, rows {k, v}; prefix
// listing through the primary key. IndexedDB transactions give atomicity and serialisation.
// Dexie 4 keeps a transaction alive across awaits only of its own IndexedDB work: the engine does
// nothing but synchronous computation between store calls, which is what makes this safe.

import Dexie, { type Table as DexieTable } from 'dexie';
import type { Store } from '../core/store.js';
import { SCHEMA_VERSION } from '../core/store.js';
import { BufferedTx, SEP, TABLES, type ReadBackend, type Table } from './buffered.js';

interface Row {
  k: string;
  v: unknown;
}

/** The tables of schema version 1 (kept to declare the upgrade path). */
const V1_TABLES = ['events', 'counters', 'queue', 'freebusy', 'processed', 'prefs', 'outbox', 'usage'];

export class StoreVersionError extends Error {
  override name = 'StoreVersionError';
}

export function openDexieStore(name: string, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }): Store {
  const db = new Dexie(name, deps ? { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange } : undefined);
  // Dexie's version is the schema version: each release adds .version(N+1) with what changed,
  // and Dexie upgrades an older database step by step when it opens it.
  db.version(1).stores(Object.fromEntries([...V1_TABLES, 'meta'].map((t) => [t, 'k'])));
  // 2: the free/busy index. New tables only; the core fills them on the first free/busy query.
  db.version(2).stores({ busy: 'k', busyevents: 'k' });
  // 3: attachment bytes (IndexedDB keeps the Uint8Array as it is). A new, empty table.
  db.version(3).stores({ attachments: 'k' });
  // 4: the directory store renamed its files (case-insensitive file systems); nothing here.
  db.version(4).stores({});
  const table = (t: Table | 'meta') => db.table(t) as DexieTable<Row, string>;
  const all = [...TABLES, 'meta'].map((t) => db.table(t));

  const backend: ReadBackend = {
    fresh: true, // IndexedDB hands out a clone of every value it reads
    async get(t, k) {
      return (await table(t).get(k))?.v;
    },
    async list(t, prefix) {
      return (await table(t).where('k').startsWith(prefix).toArray()).map((r) => [r.k, r.v] as [string, unknown]);
    },
    async range(t, lo, hi) {
      return (await table(t).where('k').between(lo, hi, true, true).toArray()).map((r) => [r.k, r.v] as [string, unknown]);
    },
    async owners(t) {
      const keys = (await table(t).toCollection().primaryKeys()) as string[];
      return [...new Set(keys.map((k) => k.split(SEP)[0]!))];
    },
  };

  let checked: Promise<void> | undefined;
  const checkVersion = () =>
    (checked ??= (async () => {
      try {
        await db.open();
      } catch (e) {
        // Dexie refuses a database whose version is newer than ours: say so, touch nothing.
        if ((e as Error).name === 'VersionError') throw new StoreVersionError(`database ${name} was written by a newer release (schema > ${SCHEMA_VERSION})`);
        throw e;
      }
      // Dexie 4 opens a newer database in place rather than failing: refuse it ourselves.
      // (IndexedDB's version is Dexie's times ten.)
      const installed = (db.backendDB()?.version ?? 0) / 10;
      if (installed > SCHEMA_VERSION) {
        db.close();
        throw new StoreVersionError(`database ${name} was written by a newer release (schema ${installed} > ${SCHEMA_VERSION})`);
      }
    })());

  return {
    async transact(fn) {
      await checkVersion();
      return db.transaction('rw', all, async () => {
        const tx = new BufferedTx(backend);
        const value = await fn(tx);
        for (const w of tx.writes.values()) {
          if (w.value === undefined) await table(w.table).delete(w.k);
          else await table(w.table).put({ k: w.k, v: w.value });
        }
        return value;
      });
    },
    async close() {
      db.close();
    },
  };
}
