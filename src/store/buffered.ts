// The typed store transaction, written once for every backend. A transaction reads through to
// its backend, keeps its own writes in memory (it sees them at once), and hands them to the
// backend in one piece on commit — so a failure anywhere leaves the store as it was.

import type { StoreTx, UserTx } from '../core/store.js';
import type {
  Address,
  AttachmentRecord,
  BusyIndexState,
  BusyRow,
  CounterRecord,
  FreeBusyRecord,
  OutboxRecord,
  Prefs,
  ProcessedRecord,
  QueueItem,
  StoredEvent,
  UsageRecord,
} from '../core/types.js';

export const TABLES = ['events', 'counters', 'queue', 'freebusy', 'processed', 'prefs', 'outbox', 'usage', 'busy', 'busyevents', 'attachments'] as const;
/** Tables that only hold what can be recomputed from the others (the free/busy index). */
export const DERIVED_TABLES: readonly Table[] = ['busy', 'busyevents'];
export type Table = (typeof TABLES)[number];

/** Keys are parts joined by NUL: the first part is the calendar user (or quota journal). */
export const SEP = '\u0000';
export const key = (...parts: string[]) => parts.join(SEP);

export interface Write {
  table: Table;
  k: string;
  /** undefined deletes. */
  value: unknown;
}

/** What a backend must offer for reading; writes come as one batch on commit. */
export interface ReadBackend {
  get(table: Table, k: string): Promise<unknown | undefined>;
  /** Every [key, value] whose key starts with `prefix` (prefix always has its first part whole). */
  list(table: Table, prefix: string): Promise<[string, unknown][]>;
  /** Every [key, value] with lo <= key <= hi (lo and hi share their first part). */
  range(table: Table, lo: string, hi: string): Promise<[string, unknown][]>;
  /** First key parts present in a table (the calendar users). */
  owners(table: Table): Promise<string[]>;
  /**
   * The values `get`, `list` and `range` hand out are the caller's own: IndexedDB clones every
   * value it reads, the directory store parses its files afresh. A backend that keeps its values
   * in memory leaves this unset and the transaction copies what it reads.
   */
  readonly fresh?: boolean;
}

// A deep copy, as structuredClone makes it, walking arrays and plain objects in script: stored
// records are such data with a few byte arrays, and structuredClone serialises every string (a
// stored event's text is kilobytes) through V8's message format and back, where a copy in script
// shares the immutable strings. Anything else (byte arrays, dates) is left to structuredClone.
// Records are trees: nothing in them is referenced twice, so no sharing needs keeping.
function copy<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = copy((v as Record<string, unknown>)[k]);
  return out as T;
}

export class BufferedTx implements StoreTx {
  readonly writes = new Map<string, Write>();
  /** The same writes by table: `list` and `range` read only their table's, not every write of the
   * transaction (a room deciding 100 series in one message wrote tens of thousands of rows, and
   * each later read walked them all). */
  private readonly byTable = new Map<Table, Map<string, Write>>();
  constructor(private readonly backend: ReadBackend) {}

  private slot(table: Table, k: string): string {
    return table + SEP + SEP + k;
  }

  // Values this transaction wrote are copied when read, so that a caller changing what it read
  // changes nothing until it writes it; values a fresh backend hands out need no second copy.
  async get<T>(table: Table, k: string, shared = false): Promise<T | undefined> {
    const w = this.writes.get(this.slot(table, k));
    const v = w ? w.value : await this.backend.get(table, k);
    return v === undefined ? undefined : ((shared || (!w && this.backend.fresh) ? v : copy(v)) as T);
  }
  /** `owned`: the caller made the value for this write and keeps no hold on it: not copied. */
  put(table: Table, k: string, value: unknown, owned = false): void {
    this.write({ table, k, value: owned ? value : copy(value) });
  }
  del(table: Table, k: string): void {
    this.write({ table, k, value: undefined });
  }
  private write(w: Write): void {
    this.writes.set(this.slot(w.table, w.k), w);
    let own = this.byTable.get(w.table);
    if (!own) this.byTable.set(w.table, (own = new Map()));
    own.set(w.k, w);
  }
  async list<T>(table: Table, prefix: string): Promise<T[]> {
    const merged = new Map<string, unknown>(await this.backend.list(table, prefix));
    const written = new Set<unknown>();
    for (const w of this.byTable.get(table)?.values() ?? [])
      if (w.k.startsWith(prefix)) {
        merged.set(w.k, w.value);
        written.add(w.value);
      }
    return [...merged.entries()]
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => (this.backend.fresh && !written.has(v) ? v : copy(v)) as T);
  }

  /** `shared`: the caller only reads the values, so they are not copied (the index's hot path). */
  async range<T>(table: Table, lo: string, hi: string, shared = false): Promise<T[]> {
    const found = await this.backend.range(table, lo, hi);
    let rows = found;
    const own = this.byTable.get(table);
    if (own?.size) {
      const merged = new Map<string, unknown>(found);
      for (const w of own.values()) if (w.k >= lo && w.k <= hi) merged.set(w.k, w.value);
      rows = [...merged.entries()];
    }
    return rows
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => (shared ? v : copy(v)) as T);
  }

  // One view per calendar user and transaction: a message asks for the same user's view a dozen
  // times, and each view is some thirty closures.
  private readonly views = new Map<string, UserTx>();
  user(address: Address): UserTx {
    const u = address.toLowerCase();
    let view = this.views.get(u);
    if (!view) this.views.set(u, (view = this.view(u)));
    return view;
  }
  // Methods rather than arrow functions: the same own, enumerable functions (callers spread a
  // view to wrap some of them), without a name to set on each (esbuild's keepNames, under tsx).
  private view(u: string): UserTx {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the methods below have their own `this`
    const tx = this;
    const p = (...rest: string[]) => key(u, ...rest);
    return {
      user: u,
      getEvent(uid) {
        return tx.get<StoredEvent>('events', p(uid));
      },
      async putEvent(e) {
        return tx.put('events', p(e.uid), e);
      },
      async deleteEvent(uid) {
        return tx.del('events', p(uid));
      },
      listEvents() {
        return tx.list<StoredEvent>('events', p(''));
      },
      listCounters(uid) {
        return tx.list<CounterRecord>('counters', p(uid, ''));
      },
      listAllCounters() {
        return tx.list<CounterRecord>('counters', p(''));
      },
      async putCounter(c) {
        return tx.put('counters', p(c.uid, c.recurrenceId, c.attendee, c.direction), c);
      },
      async deleteCounter(uid, rid, attendee, direction) {
        return tx.del('counters', p(uid, rid, attendee, direction));
      },
      listQueue() {
        return tx.list<QueueItem>('queue', p(''));
      },
      async putQueue(item) {
        return tx.put('queue', p(item.id), item);
      },
      async deleteQueue(id) {
        return tx.del('queue', p(id));
      },
      getFreeBusy(a) {
        return tx.get<FreeBusyRecord>('freebusy', p(a));
      },
      async putFreeBusy(r) {
        return tx.put('freebusy', p(r.address), r);
      },
      listFreeBusy() {
        return tx.list<FreeBusyRecord>('freebusy', p(''));
      },
      getProcessed(id) {
        return tx.get<ProcessedRecord>('processed', p(id));
      },
      async putProcessed(r) {
        return tx.put('processed', p(r.messageId), r);
      },
      listProcessed() {
        return tx.list<ProcessedRecord>('processed', p(''));
      },
      async getPrefs() {
        return (await tx.get<Prefs>('prefs', p('prefs'))) ?? {};
      },
      async setPrefs(prefs) {
        return tx.put('prefs', p('prefs'), prefs);
      },
      getAttachment(uid, id) {
        return tx.get<AttachmentRecord>('attachments', p(uid, id));
      },
      async putAttachment(r) {
        return tx.put('attachments', p(r.uid, r.id), r);
      },
      async deleteAttachment(uid, id) {
        return tx.del('attachments', p(uid, id));
      },
      listAttachments(uid) {
        return tx.list<AttachmentRecord>('attachments', p(uid, ''));
      },
      async putOutbox(r: OutboxRecord) {
        return tx.put('outbox', p(r.id), r);
      },
      listOutbox() {
        return tx.list<OutboxRecord>('outbox', p(''));
      },
      // Index rows are keyed by bucket then UID, so a time range is one key range; the buckets
      // an event occupies are kept beside it so that replacing its rows removes the old ones.
      async putBusyRows(uid, rows) {
        const old = await tx.get<{ buckets: string[] }>('busyevents', p(uid), true);
        for (const b of old?.buckets ?? []) tx.del('busy', p(b, uid));
        // Index rows are made by the core for this call and never changed after (busy-index.ts).
        for (const r of rows) tx.put('busy', p(r.bucket, uid), r, true);
        if (rows.length) tx.put('busyevents', p(uid), { buckets: [...new Set(rows.map((r) => r.bucket))] }, true);
        else if (old) tx.del('busyevents', p(uid));
      },
      // Read-only to the core (it replaces rows, never edits them): not copied.
      listBusyRows(from, to) {
        return tx.range<BusyRow>('busy', p(from), p(to, '\uffff'), true);
      },
      // The state lives under the empty UID, which no event can have (core/itip/objects). Read
      // only (the core replaces it with setBusyIndexState): not copied.
      getBusyIndexState() {
        return tx.get<BusyIndexState>('busyevents', p(''), true);
      },
      async setBusyIndexState(state) {
        return state ? tx.put('busyevents', p(''), state) : tx.del('busyevents', p(''));
      },
    };
  }

  async users(): Promise<Address[]> {
    const out = new Set<Address>();
    for (const table of TABLES) {
      if (table === 'usage' || DERIVED_TABLES.includes(table)) continue;
      for (const owner of await this.backend.owners(table)) out.add(owner);
    }
    for (const w of this.writes.values()) if (w.table !== 'usage' && !DERIVED_TABLES.includes(w.table) && w.value !== undefined) out.add(w.k.split(SEP)[0]!);
    return [...out].sort();
  }
  listUsage(journal: string): Promise<UsageRecord[]> {
    return this.list<UsageRecord>('usage', key(journal, ''));
  }
  async putUsage(r: UsageRecord): Promise<void> {
    this.put('usage', key(r.journal, r.organizer, r.uid, r.recurrenceId), r);
  }
  async deleteUsage(journal: string, organizer: Address, uid: string, recurrenceId: string): Promise<void> {
    this.del('usage', key(journal, organizer, uid, recurrenceId));
  }

  /** Deletes every stored row, and turns this transaction's own writes into deletions. */
  async clear(): Promise<void> {
    for (const table of TABLES)
      for (const owner of await this.backend.owners(table)) for (const [k] of await this.backend.list(table, key(owner, ''))) this.del(table, k);
    for (const w of this.writes.values()) w.value = undefined;
  }
}

/** Runs transactions one after another in this process. */
export function serialiser(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };
}
