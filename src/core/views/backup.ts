// Backup and restore of the whole store (every calendar user): one versioned JSON document.
// A restore checks the entire document before it changes anything, then replaces the store; a
// document from a newer release is refused rather than half understood.

import type { StoreTx, UserTx } from '../store.js';
import { SCHEMA_VERSION } from '../store.js';
import type { Address, CounterRecord, FreeBusyRecord, OutboxRecord, Prefs, ProcessedRecord, QueueItem, StoredEvent, UsageRecord } from '../types.js';
import { ACTIONS, COUNTER_DIRECTIONS, COUNTER_STATUSES, FBTYPES, FREEBUSY_SOURCES, METHODS, OUTBOX_STATES, QUEUE_KINDS, RELATIONS } from '../types.js';
import { loadStored } from '../itip/objects.js';
import { normalizeAddress } from '../itip/address.js';
import { validatePref } from '../prefs.js';
import { CalendarError, parseCalendar } from '../ical/parse.js';
import { base64 } from '../mime/encode.js';
import { decodeBase64 } from '../mime/decode.js';
// The resource preferences must be known to check a backup's prefs.
import '../policy/prefs.js';

export const BACKUP_FORMAT = 'imip-agent-backup';
/** Version of the backup document (not of the database schema, which it also records). */
export const BACKUP_VERSION = 1;

export interface BackupUser {
  address: Address;
  prefs: Prefs;
  events: StoredEvent[];
  counters: CounterRecord[];
  queue: QueueItem[];
  freebusy: FreeBusyRecord[];
  outbox: OutboxRecord[];
  processed: ProcessedRecord[];
  /** Stored attachment bytes (RFC 6047 §4.3 parts kept by core/attachments), base64. */
  attachments: BackupAttachment[];
}

export interface BackupAttachment {
  uid: string;
  id: string;
  name: string;
  type: string;
  size: number;
  dataBase64: string;
}

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  schema: number;
  created: string;
  users: BackupUser[];
  usage: UsageRecord[];
}

async function attachmentsOf(u: UserTx): Promise<BackupAttachment[]> {
  const out: BackupAttachment[] = [];
  for (const e of await u.listEvents())
    for (const a of await u.listAttachments(e.uid)) out.push({ uid: a.uid, id: a.id, name: a.name, type: a.type, size: a.size, dataBase64: base64(a.data) });
  return out;
}

export async function exportBackup(tx: StoreTx, now: Date): Promise<string> {
  const users: BackupUser[] = [];
  const journals = new Set<string>();
  for (const address of await tx.users()) {
    const u = tx.user(address);
    const prefs = await u.getPrefs();
    journals.add(address);
    // Quota journals are named by a resource's address or its quota_group (policy/functions).
    if (prefs.quota_group) journals.add(prefs.quota_group);
    users.push({
      address,
      prefs,
      events: await u.listEvents(),
      counters: await u.listAllCounters(),
      queue: await u.listQueue(),
      freebusy: await u.listFreeBusy(),
      outbox: await u.listOutbox(),
      processed: await u.listProcessed(),
      attachments: await attachmentsOf(u),
    });
  }
  const usage: UsageRecord[] = [];
  for (const j of [...journals].sort()) usage.push(...(await tx.listUsage(j)));
  const doc: Backup = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schema: SCHEMA_VERSION, created: now.toISOString(), users, usage };
  return JSON.stringify(doc, null, 1);
}

// ---------------------------------------------------------------------------------------------
// Checking a document: every record, with the path of the first bad value in the error.

class Bad extends CalendarError {}
type Obj = Record<string, unknown>;
const bad = (path: string, why: string): never => {
  throw new Bad(`backup${path ? ` ${path}` : ''}: ${why}`);
};
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'must be an object');
  return v as Obj;
}
function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'must be a list');
  return v as unknown[];
}
function str(o: Obj, name: string, path: string, optional = false): void {
  const v = o[name];
  if (v === undefined && optional) return;
  if (typeof v !== 'string') bad(`${path}.${name}`, 'must be text');
}
function oneOf(o: Obj, name: string, values: readonly string[], path: string): void {
  if (!values.includes(o[name] as string)) bad(`${path}.${name}`, `must be one of ${values.join(', ')}`);
}
function strings(o: Obj, name: string, path: string, optional = false): void {
  if (o[name] === undefined && optional) return;
  if (!list(o[name], `${path}.${name}`).every((s) => typeof s === 'string')) bad(`${path}.${name}`, 'must be a list of text');
}

function checkEvent(v: unknown, path: string): void {
  const e = obj(v, path);
  str(e, 'uid', path);
  str(e, 'ics', path);
  oneOf(e, 'relation', RELATIONS, path);
  if (!Number.isInteger(e.sequence) || (e.sequence as number) < 0) bad(`${path}.sequence`, 'must be a whole number');
  if (typeof e.cancelled !== 'boolean') bad(`${path}.cancelled`, 'must be true or false');
  for (const n of ['created', 'updated']) str(e, n, path);
  for (const n of ['organizer', 'dtstamp']) str(e, n, path, true);
  strings(e, 'attachments', path, true);
  list(e.history, `${path}.history`).forEach((h, i) => {
    const p = `${path}.history[${i}]`;
    const entry = obj(h, p);
    str(entry, 'at', p);
    str(entry, 'method', p);
    oneOf(entry, 'action', ACTIONS, p);
  });
  if (e.replies !== undefined)
    for (const [k, s] of Object.entries(obj(e.replies, `${path}.replies`))) if (typeof s !== 'string') bad(`${path}.replies.${k}`, 'must be text');
  if (e.notes !== undefined) for (const [k, n] of Object.entries(obj(e.notes, `${path}.notes`))) str(obj(n, `${path}.notes.${k}`), 'at', `${path}.notes.${k}`);
  let uid: string;
  try {
    // A backup file is not the engine's own text: read with every bound and repair first.
    parseCalendar(e.ics as string);
    uid = loadStored(e.ics as string, 'UTC').uid;
  } catch (err) {
    return bad(`${path}.ics`, `is not a readable calendar (${(err as Error).message})`);
  }
  if (uid !== e.uid) bad(`${path}.ics`, `holds event ${uid}, not ${String(e.uid)}`);
}

function checkUser(v: unknown, path: string): BackupUser {
  const u = obj(v, path);
  str(u, 'address', path);
  if (normalizeAddress(u.address as string) !== u.address || !u.address) bad(`${path}.address`, 'must be a lower-case address without mailto:');
  const prefs = obj(u.prefs, `${path}.prefs`);
  for (const [name, value] of Object.entries(prefs)) {
    if (typeof value !== 'string') bad(`${path}.prefs.${name}`, 'must be text');
    try {
      validatePref(name, value as string);
    } catch (e) {
      bad(`${path}.prefs`, (e as Error).message);
    }
  }
  list(u.events, `${path}.events`).forEach((e, i) => checkEvent(e, `${path}.events[${i}]`));
  list(u.counters, `${path}.counters`).forEach((c, i) => {
    const p = `${path}.counters[${i}]`;
    const r = obj(c, p);
    for (const n of ['uid', 'recurrenceId', 'attendee', 'ics', 'received']) str(r, n, p);
    oneOf(r, 'direction', COUNTER_DIRECTIONS, p);
    oneOf(r, 'status', COUNTER_STATUSES, p);
  });
  list(u.queue, `${path}.queue`).forEach((q, i) => {
    const p = `${path}.queue[${i}]`;
    const r = obj(q, p);
    for (const n of ['id', 'reason', 'created']) str(r, n, p);
    oneOf(r, 'kind', QUEUE_KINDS, p);
  });
  list(u.freebusy, `${path}.freebusy`).forEach((f, i) => {
    const p = `${path}.freebusy[${i}]`;
    const r = obj(f, p);
    str(r, 'address', p);
    str(r, 'updated', p);
    oneOf(r, 'source', FREEBUSY_SOURCES, p);
    list(r.periods, `${p}.periods`).forEach((x, j) => {
      const pp = `${p}.periods[${j}]`;
      const period = obj(x, pp);
      str(period, 'start', pp);
      str(period, 'end', pp);
      oneOf(period, 'fbtype', FBTYPES, pp);
    });
  });
  list(u.outbox, `${path}.outbox`).forEach((o, i) => {
    const p = `${path}.outbox[${i}]`;
    const r = obj(o, p);
    str(r, 'id', p);
    str(r, 'created', p);
    oneOf(r, 'state', OUTBOX_STATES, p);
    const m = obj(r.message, `${p}.message`);
    for (const n of ['from', 'subject', 'text', 'ics']) str(m, n, `${p}.message`);
    strings(m, 'to', `${p}.message`);
    oneOf(m, 'method', METHODS, `${p}.message`);
  });
  list(u.attachments, `${path}.attachments`).forEach((x, i) => {
    const p = `${path}.attachments[${i}]`;
    const r = obj(x, p);
    for (const n of ['uid', 'id', 'name', 'type', 'dataBase64']) str(r, n, p);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(r.dataBase64 as string) || (r.dataBase64 as string).length % 4 !== 0) bad(`${p}.dataBase64`, 'is not base64');
    if (decodeBase64(r.dataBase64 as string).length !== r.size) bad(`${p}.size`, 'does not match the data');
  });
  list(u.processed, `${path}.processed`).forEach((x, i) => {
    const p = `${path}.processed[${i}]`;
    const r = obj(x, p);
    str(r, 'messageId', p);
    str(r, 'at', p);
    list(r.results, `${p}.results`);
  });
  return u as unknown as BackupUser;
}

/** The document checked through; throws naming the first bad value. */
export function readBackup(json: string): Backup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return bad('', 'the file is not JSON');
  }
  const doc = obj(parsed, '(document)');
  if (doc.format !== BACKUP_FORMAT) bad('', `this is not an imip-agent backup (format ${JSON.stringify(doc.format)})`);
  if (!Number.isInteger(doc.version) || (doc.version as number) < 1) bad('version', 'must be a whole number');
  if ((doc.version as number) > BACKUP_VERSION)
    bad('', `format version ${doc.version} was written by a newer release (this one reads up to ${BACKUP_VERSION}): nothing was changed`);
  const seen = new Set<string>();
  const users = list(doc.users, 'users').map((u, i) => {
    const user = checkUser(u, `users[${i}]`);
    if (seen.has(user.address)) bad(`users[${i}].address`, `${user.address} appears twice`);
    seen.add(user.address);
    return user;
  });
  list(doc.usage, 'usage').forEach((x, i) => {
    const r = obj(x, `usage[${i}]`);
    for (const n of ['journal', 'organizer', 'uid', 'recurrenceId', 'resource', 'start', 'end']) str(r, n, `usage[${i}]`);
  });
  return { ...(doc as unknown as Backup), users };
}

export async function restoreBackup(tx: StoreTx, json: string): Promise<{ users: number; events: number }> {
  const doc = readBackup(json);
  await tx.clear();
  let events = 0;
  for (const u of doc.users) {
    const t = tx.user(u.address);
    await t.setPrefs(u.prefs);
    // Written as stored: the free/busy index is derived and rebuilt on the first query.
    for (const e of u.events) await t.putEvent(e);
    for (const c of u.counters) await t.putCounter(c);
    for (const q of u.queue) await t.putQueue(q);
    for (const f of u.freebusy) await t.putFreeBusy(f);
    for (const o of u.outbox) await t.putOutbox(o);
    for (const p of u.processed) await t.putProcessed(p);
    for (const a of u.attachments) await t.putAttachment({ uid: a.uid, id: a.id, name: a.name, type: a.type, size: a.size, data: decodeBase64(a.dataBase64) });
    events += u.events.length;
  }
  for (const r of doc.usage) await tx.putUsage(r);
  return { users: doc.users.length, events };
}
