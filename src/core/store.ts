// The store as the core sees it. The core never opens a database or a file itself: adapters in
// src/store implement these interfaces (Dexie over IndexedDB, a directory of JSON files) and hand
// the engine a transaction. Everything one message does happens inside one transaction, so a
// failure changes nothing and two decisions for one calendar user never interleave.

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
} from './types.js';

/** One calendar user's part of a transaction. */
export interface UserTx {
  readonly user: Address;

  getEvent(uid: string): Promise<StoredEvent | undefined>;
  putEvent(event: StoredEvent): Promise<void>;
  deleteEvent(uid: string): Promise<void>;
  listEvents(): Promise<StoredEvent[]>;

  /** Counters of one event (all occurrences, both directions). */
  listCounters(uid: string): Promise<CounterRecord[]>;
  listAllCounters(): Promise<CounterRecord[]>;
  putCounter(counter: CounterRecord): Promise<void>;
  deleteCounter(uid: string, recurrenceId: string, attendee: Address, direction: CounterRecord['direction']): Promise<void>;

  listQueue(): Promise<QueueItem[]>;
  putQueue(item: QueueItem): Promise<void>;
  deleteQueue(id: string): Promise<void>;

  getFreeBusy(address: Address): Promise<FreeBusyRecord | undefined>;
  putFreeBusy(record: FreeBusyRecord): Promise<void>;
  listFreeBusy(): Promise<FreeBusyRecord[]>;

  getProcessed(messageId: string): Promise<ProcessedRecord | undefined>;
  putProcessed(record: ProcessedRecord): Promise<void>;
  /** Every processed-message record (backups). */
  listProcessed(): Promise<ProcessedRecord[]>;

  /** Stored preferences only (defaults are applied by core/prefs). */
  getPrefs(): Promise<Prefs>;
  setPrefs(prefs: Prefs): Promise<void>;

  /** Stored attachment bytes of one event (core/attachments keeps them in step with its ATTACH lines). */
  getAttachment(uid: string, id: string): Promise<AttachmentRecord | undefined>;
  putAttachment(record: AttachmentRecord): Promise<void>;
  deleteAttachment(uid: string, id: string): Promise<void>;
  listAttachments(uid: string): Promise<AttachmentRecord[]>;

  putOutbox(record: OutboxRecord): Promise<void>;
  listOutbox(): Promise<OutboxRecord[]>;

  /** Replaces every free/busy index row of one event (core/busy-index computes them). */
  putBusyRows(uid: string, rows: BusyRow[]): Promise<void>;
  /** Index rows whose bucket lies between `from` and `to` inclusive (compared as strings). */
  /** Index rows with from <= bucket <= to. Shared with the store: read them, never modify them. */
  listBusyRows(from: string, to: string): Promise<readonly Readonly<BusyRow>[]>;
  getBusyIndexState(): Promise<BusyIndexState | undefined>;
  setBusyIndexState(state: BusyIndexState | undefined): Promise<void>;
}

/**
 * What deciding may do with a user's part of the store: read it. Handlers, the resource agent and
 * the user actions see this; their changes are data (core/itip/decision.ts) that one place applies
 * (core/itip/commit.ts).
 */
export type UserReader = Pick<
  UserTx,
  | 'user'
  | 'getEvent'
  | 'listEvents'
  | 'listCounters'
  | 'listAllCounters'
  | 'listQueue'
  | 'getFreeBusy'
  | 'listFreeBusy'
  | 'getProcessed'
  | 'listProcessed'
  | 'getPrefs'
  | 'getAttachment'
  | 'listAttachments'
  | 'listOutbox'
>;

/** The whole store as deciding sees it: other users' data and the quota journals, read only. */
export interface StoreReader {
  user(address: Address): UserReader;
  users(): Promise<Address[]>;
  listUsage(journal: string): Promise<UsageRecord[]>;
}

/** A transaction over the whole store (the resource agent reads other users: delegates, quota groups). */
export interface StoreTx {
  user(address: Address): UserTx;
  /** Every calendar user that has anything stored. */
  users(): Promise<Address[]>;
  /** Quota journal shared by a group of resources. */
  listUsage(journal: string): Promise<UsageRecord[]>;
  putUsage(record: UsageRecord): Promise<void>;
  deleteUsage(journal: string, organizer: Address, uid: string, recurrenceId: string): Promise<void>;
  /** Removes every record of every calendar user and journal (restoring a backup replaces all). */
  clear(): Promise<void>;
}

export interface Store {
  /**
   * Run `fn` as one atomic, serialised transaction: either every write it made is kept, or (when
   * it throws) none is. Transactions on one store never interleave.
   */
  transact<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Schema version of stored data; bump with a migration in every persistent adapter.
 * 1: first release. 2: the free/busy index tables (`busy`, `busyevents`), built lazily.
 * 3: the `attachments` table (bytes of inline and `CID:` attachments, RFC 6047 §4.3).
 * 4: the directory store's file names escape upper case (no two keys share a file where case
 *    is ignored); its files are renamed when an older store is opened.
 */
export const SCHEMA_VERSION = 4;
