// An in-memory store: for tests and benchmarks of the engine alone (what Sabre's Broker measures),
// and for programs that keep state elsewhere. Same semantics as the persistent stores: a
// transaction sees its own writes, commits all of them or none, and transactions never interleave.

import type { Store, StoreTx, UserTx } from '../core/store.js';
import type { Address, CounterRecord, FreeBusyRecord, OutboxRecord, Prefs, ProcessedRecord, QueueItem, StoredEvent, UsageRecord } from '../core/types.js';

type Table = 'events' | 'counters' | 'queue' | 'freebusy' | 'processed' | 'prefs' | 'outbox' | 'usage';
type Data = Map<Table, Map<string, unknown>>;

const SEP = '\u0000';
const key = (...parts: string[]) => parts.join(SEP);
const copy = <T>(v: T): T => structuredClone(v);

class BufferedTx implements StoreTx {
  readonly writes = new Map<string, { table: Table; k: string; value: unknown | undefined }>();
  constructor(private readonly data: Data) {}

  get<T>(table: Table, k: string): T | undefined {
    const w = this.writes.get(table + SEP + SEP + k);
    const v = w ? w.value : this.data.get(table)?.get(k);
    return v === undefined ? undefined : (copy(v) as T);
  }
  put(table: Table, k: string, value: unknown): void {
    this.writes.set(table + SEP + SEP + k, { table, k, value: copy(value) });
  }
  del(table: Table, k: string): void {
    this.writes.set(table + SEP + SEP + k, { table, k, value: undefined });
  }
  list<T>(table: Table, prefix: string): T[] {
    const merged = new Map<string, unknown>();
    for (const [k, v] of this.data.get(table) ?? []) if (k.startsWith(prefix)) merged.set(k, v);
    for (const w of this.writes.values()) if (w.table === table && w.k.startsWith(prefix)) merged.set(w.k, w.value);
    return [...merged.entries()]
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => copy(v) as T);
  }

  user(address: Address): UserTx {
    const u = address.toLowerCase();
    const p = (...rest: string[]) => key(u, ...rest);
    return {
      user: u,
      getEvent: async (uid) => this.get<StoredEvent>('events', p(uid)),
      putEvent: async (e) => this.put('events', p(e.uid), e),
      deleteEvent: async (uid) => this.del('events', p(uid)),
      listEvents: async () => this.list<StoredEvent>('events', p('')),
      listCounters: async (uid) => this.list<CounterRecord>('counters', p(uid, '')),
      listAllCounters: async () => this.list<CounterRecord>('counters', p('')),
      putCounter: async (c) => this.put('counters', p(c.uid, c.recurrenceId, c.attendee, c.direction), c),
      deleteCounter: async (uid, rid, attendee, direction) => this.del('counters', p(uid, rid, attendee, direction)),
      listQueue: async () => this.list<QueueItem>('queue', p('')),
      putQueue: async (item) => this.put('queue', p(item.id), item),
      deleteQueue: async (id) => this.del('queue', p(id)),
      getFreeBusy: async (a) => this.get<FreeBusyRecord>('freebusy', p(a)),
      putFreeBusy: async (r) => this.put('freebusy', p(r.address), r),
      listFreeBusy: async () => this.list<FreeBusyRecord>('freebusy', p('')),
      getProcessed: async (id) => this.get<ProcessedRecord>('processed', p(id)),
      putProcessed: async (r) => this.put('processed', p(r.messageId), r),
      getPrefs: async () => this.get<Prefs>('prefs', u) ?? {},
      setPrefs: async (prefs) => this.put('prefs', u, prefs),
      putOutbox: async (r: OutboxRecord) => this.put('outbox', p(r.id), r),
      listOutbox: async () => this.list<OutboxRecord>('outbox', p('')),
    };
  }

  async users(): Promise<Address[]> {
    const out = new Set<Address>();
    for (const table of ['events', 'prefs', 'queue', 'counters', 'freebusy', 'processed'] as Table[]) {
      for (const k of this.data.get(table)?.keys() ?? []) out.add(k.split(SEP)[0]!);
      for (const w of this.writes.values()) if (w.table === table && w.value !== undefined) out.add(w.k.split(SEP)[0]!);
    }
    return [...out].sort();
  }
  async listUsage(journal: string): Promise<UsageRecord[]> {
    return this.list<UsageRecord>('usage', key(journal, ''));
  }
  async putUsage(r: UsageRecord): Promise<void> {
    this.put('usage', key(r.journal, r.organizer, r.uid, r.recurrenceId), r);
  }
  async deleteUsage(journal: string, organizer: Address, uid: string, recurrenceId: string): Promise<void> {
    this.del('usage', key(journal, organizer, uid, recurrenceId));
  }
}

export function openMemoryStore(): Store {
  const data: Data = new Map();
  let chain: Promise<unknown> = Promise.resolve();
  return {
    transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      const run = chain.then(async () => {
        const tx = new BufferedTx(data);
        const value = await fn(tx);
        for (const w of tx.writes.values()) {
          let table = data.get(w.table);
          if (!table) data.set(w.table, (table = new Map()));
          if (w.value === undefined) table.delete(w.k);
          else table.set(w.k, w.value);
        }
        return value;
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async close() {},
  };
}
