// The background's own records, in an IndexedDB database of their own ("imip-agent-addon"), next
// to the engine's store ("imip-agent"): what happened to each message (keyed on the Message-ID
// header, since Thunderbird's message ids change across restarts and moves), the scheduled
// reminders, and the time of the last catch-up. Nothing the background needs lives only in
// memory: the MV3 event page is suspended when idle.
import Dexie, { type Table } from 'dexie';
import type { Result, StoredEvent } from '../core/types.js';
import type { FolderKind } from '../thunderbird/folders.js';
import type { Technology } from '../thunderbird/read.js';

export interface IdentityOutcome {
  results: Result[];
  /** Stored versions before this message was applied (the popup's "what changed"). */
  previous: StoredEvent[];
}

export interface MessageRecord {
  /** The Message-ID header without angle brackets. */
  headerMessageId: string;
  /** processed; waiting-decryption (retried, never done); none (no calendar data for us); error. */
  state: 'processed' | 'waiting-decryption' | 'none' | 'error';
  folder: FolderKind;
  at: string;
  encrypted: boolean;
  technology: Technology | null;
  /** UIDs the message touched, for "was this event's mail encrypted?". */
  uids: string[];
  /** Per identity address. */
  identities: Record<string, IdentityOutcome>;
  reason?: string;
  attempts: number;
}

export interface ReminderRecord {
  /** `identity|uid|trigger instant`. */
  key: string;
  identity: string;
  uid: string;
  /** When to remind (ISO UTC). */
  at: string;
  start: string;
  summary: string | null;
}

class RecordsDb extends Dexie {
  messages!: Table<MessageRecord, string>;
  reminders!: Table<ReminderRecord, string>;
  meta!: Table<{ k: string; v: unknown }, string>;
  constructor(name: string, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, deps);
    this.version(1).stores({ messages: 'headerMessageId, *uids', reminders: 'key, identity, uid', meta: 'k' });
  }
}

export class Records {
  private readonly db: RecordsDb;
  constructor(name = 'imip-agent-addon', deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    this.db = new RecordsDb(name, deps);
  }
  getMessage(id: string): Promise<MessageRecord | undefined> {
    return this.db.messages.get(id);
  }
  async putMessage(r: MessageRecord): Promise<void> {
    await this.db.messages.put(r);
  }
  /** Records of messages that touched an event. */
  byUid(uid: string): Promise<MessageRecord[]> {
    return this.db.messages.where('uids').equals(uid).toArray();
  }
  waiting(): Promise<MessageRecord[]> {
    return this.db.messages.filter((r) => r.state === 'waiting-decryption').toArray();
  }
  async getMeta<T>(k: string): Promise<T | undefined> {
    return (await this.db.meta.get(k))?.v as T | undefined;
  }
  async setMeta(k: string, v: unknown): Promise<void> {
    await this.db.meta.put({ k, v });
  }
  getReminder(key: string): Promise<ReminderRecord | undefined> {
    return this.db.reminders.get(key);
  }
  remindersOf(identity: string, uid: string): Promise<ReminderRecord[]> {
    return this.db.reminders
      .where('identity')
      .equals(identity)
      .filter((r) => r.uid === uid)
      .toArray();
  }
  async putReminder(r: ReminderRecord): Promise<void> {
    await this.db.reminders.put(r);
  }
  async deleteReminder(key: string): Promise<void> {
    await this.db.reminders.delete(key);
  }
  close(): void {
    this.db.close();
  }
}
