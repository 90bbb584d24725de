// Schema migrations: a store written by an earlier release (schema 1, before the free/busy index;
// schema 2, before the attachments table) opens in this one with everything intact, free/busy
// over it is right, and attachments can be stored in it.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { openDexieStore } from '../../src/store/dexie-store.js';
import { openDirectoryStore } from '../../src/store/dir-store.js';
import { SCHEMA_VERSION, type Store } from '../../src/core/store.js';
import * as engine from '../../src/core/engine.js';
import type { StoredEvent } from '../../src/core/types.js';
import { busyLines, cal, vevent } from '../engine/harness.js';

const USER = 'alice@example.test';
const SEP = '\u0000';
const V1_TABLES = ['events', 'counters', 'queue', 'freebusy', 'processed', 'prefs', 'outbox', 'usage', 'meta'];
const event: StoredEvent = {
  uid: 'standup',
  ics: cal(
    null,
    ...vevent(
      'UID:standup',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261123T093000',
      'DTEND;TZID=Europe/Berlin:20261123T094500',
      'RRULE:FREQ=DAILY;COUNT=5',
      `ORGANIZER:mailto:${USER}`,
    ),
  ),
  relation: 'organizer',
  organizer: USER,
  sequence: 0,
  cancelled: false,
  created: '2026-11-01T00:00:00Z',
  updated: '2026-11-01T00:00:00Z',
  history: [],
};
const prefs = { TZID: 'Europe/Berlin', CN: 'Alice' };
const opts = { user: USER, role: 'person' as const, now: new Date('2026-11-22T12:00:00Z'), newId: () => 'id-1' };

async function checkMigrated(store: Store) {
  const got = await store.transact(async (tx) => ({ events: await tx.user(USER).listEvents(), prefs: await tx.user(USER).getPrefs() }));
  assert.deepEqual(got.events, [event], 'the stored event survives unchanged');
  assert.deepEqual(got.prefs, prefs);
  const fb = await store.transact((tx) => engine.freebusyCalendar(tx, opts, { start: '2026-11-23T00:00:00Z', end: '2026-11-25T00:00:00Z' }));
  assert.deepEqual(busyLines(fb), ['BUSY 2026-11-23T08:30:00Z/2026-11-23T08:45:00Z', 'BUSY 2026-11-24T08:30:00Z/2026-11-24T08:45:00Z']);
}

test('Dexie: a schema-1 database is upgraded in place, its records intact', async () => {
  const name = `migrate-${process.pid}`;
  const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
  v1.version(1).stores(Object.fromEntries(V1_TABLES.map((t) => [t, 'k'])));
  await v1.table('events').put({ k: `${USER}${SEP}standup`, v: event });
  await v1.table('prefs').put({ k: `${USER}${SEP}prefs`, v: prefs });
  v1.close();

  await checkMigrated(openDexieStore(name, { indexedDB, IDBKeyRange }));
  const after = new Dexie(name, { indexedDB, IDBKeyRange });
  await after.open();
  assert.equal(after.verno, SCHEMA_VERSION, 'the database now carries the current schema');
  assert.ok(
    after.tables.some((t) => t.name === 'busy'),
    'the index table was added',
  );
  assert.ok((await after.table('busy').count()) > 0, 'and filled by the first free/busy query');
  after.close();
});

const base = mkdtempSync(join(tmpdir(), 'imip-migrate-'));
after(() => rmSync(base, { recursive: true, force: true }));

test('directory store: a schema-1 directory is upgraded in place, its files intact', async () => {
  const dir = join(base, 'v1');
  // The layout schema 1 wrote: store.json, then <table>/<user>/<key>.json with {k, v}.
  writeFileSync(join(mkdirp(dir), 'store.json'), JSON.stringify({ schemaVersion: 1 }));
  const user = encodeURIComponent(USER).replace(/\./g, '%2E');
  writeFileSync(join(mkdirp(join(dir, 'events', user)), 'standup.json'), JSON.stringify({ k: `${USER}${SEP}standup`, v: event }));
  writeFileSync(join(mkdirp(join(dir, 'prefs', user)), 'prefs.json'), JSON.stringify({ k: `${USER}${SEP}prefs`, v: prefs }));

  await checkMigrated(await openDirectoryStore(dir));
  assert.equal(JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')).schemaVersion, SCHEMA_VERSION);
  assert.equal(JSON.parse(readFileSync(join(dir, 'events', user, 'standup.json'), 'utf8')).v.ics, event.ics, 'event file untouched');
});

/** After opening an older store: an event with an attachment can be stored and read back. */
async function checkAttachments(store: Store) {
  const ics = cal(
    'REQUEST',
    ...vevent(
      'UID:with-file',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261124T100000Z',
      'ORGANIZER:mailto:olga@example.test',
      `ATTENDEE:mailto:${USER}`,
      'ATTACH;FILENAME=a.txt:CID:a@x',
    ),
  );
  const msg = {
    messageId: 'm-attach@x',
    from: { address: 'olga@example.test' },
    replyTo: [],
    to: [],
    cc: [],
    calendarParts: [{ contentType: 'text/calendar', text: ics, path: '1' }],
    related: [{ contentId: 'a@x', contentType: 'text/plain', data: new Uint8Array([0, 104, 105, 255]) }],
  };
  await store.transact((tx) => engine.handleMessage(tx, msg, opts));
  const [info] = await store.transact((tx) => engine.listAttachments(tx, opts, { uid: 'with-file' }));
  assert.equal(info?.kind, 'stored');
  assert.deepEqual(
    (await store.transact((tx) => engine.getAttachment(tx, opts, { uid: 'with-file', id: info!.id })))?.data,
    new Uint8Array([0, 104, 105, 255]),
  );
}

const V2_TABLES = [...V1_TABLES, 'busy', 'busyevents'];

test('Dexie: a schema-2 database gains the attachments table; its records intact', async () => {
  const name = `migrate2-${process.pid}`;
  const v2 = new Dexie(name, { indexedDB, IDBKeyRange });
  v2.version(1).stores(Object.fromEntries(V1_TABLES.map((t) => [t, 'k'])));
  v2.version(2).stores({ busy: 'k', busyevents: 'k' });
  await v2.table('events').put({ k: `${USER}${SEP}standup`, v: event });
  await v2.table('prefs').put({ k: `${USER}${SEP}prefs`, v: prefs });
  v2.close();

  const store = openDexieStore(name, { indexedDB, IDBKeyRange });
  await checkMigrated(store);
  await checkAttachments(store);
  await store.close();
  const after = new Dexie(name, { indexedDB, IDBKeyRange });
  await after.open();
  assert.equal(after.verno, SCHEMA_VERSION);
  assert.deepEqual(after.tables.map((t) => t.name).sort(), [...V2_TABLES, 'attachments'].sort());
  assert.equal(await after.table('attachments').count(), 1);
  after.close();
});

test('directory store: a schema-2 directory is upgraded in place and takes attachments', async () => {
  const dir = join(base, 'v2');
  writeFileSync(join(mkdirp(dir), 'store.json'), JSON.stringify({ schemaVersion: 2 }));
  const user = encodeURIComponent(USER).replace(/\./g, '%2E');
  writeFileSync(join(mkdirp(join(dir, 'events', user)), 'standup.json'), JSON.stringify({ k: `${USER}${SEP}standup`, v: event }));
  writeFileSync(join(mkdirp(join(dir, 'prefs', user)), 'prefs.json'), JSON.stringify({ k: `${USER}${SEP}prefs`, v: prefs }));

  const store = await openDirectoryStore(dir);
  await checkMigrated(store);
  await checkAttachments(store);
  assert.equal(JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')).schemaVersion, SCHEMA_VERSION);
  // The bytes are a file of their own, base64 in JSON, and read back as bytes after reopening.
  const again = await openDirectoryStore(dir);
  const [info] = await again.transact((tx) => engine.listAttachments(tx, opts, { uid: 'with-file' }));
  assert.equal(info?.size, 4);
});

function mkdirp(d: string): string {
  mkdirSync(d, { recursive: true });
  return d;
}

test('directory store: a schema-3 directory has its files renamed to names case cannot merge, every record kept', async () => {
  const dir = join(base, 'v3');
  writeFileSync(join(mkdirp(dir), 'store.json'), JSON.stringify({ schemaVersion: 3 }));
  const user = encodeURIComponent(USER).replace(/\./g, '%2E');
  // Schema 3 named files by encodeURIComponent alone: upper case kept, `~` bare, long names cut.
  const uids = ['040000008200E00074C5B7101A82E008', 'Standup~1', 'standup', 'x'.repeat(300)];
  const legacy = (uid: string) => {
    const enc = encodeURIComponent(uid).replace(/\./g, '%2E');
    return enc.length <= 120 ? enc : `${enc.slice(0, 80)}~${createHash('sha256').update(uid).digest('hex').slice(0, 32)}`;
  };
  for (const uid of uids)
    writeFileSync(join(mkdirp(join(dir, 'events', user)), `${legacy(uid)}.json`), JSON.stringify({ k: `${USER}${SEP}${uid}`, v: { ...event, uid } }));
  const store = await openDirectoryStore(dir);
  for (const uid of uids) assert.equal(await store.transact(async (tx) => (await tx.user(USER).getEvent(uid))?.uid), uid);
  const names = readdirSync(join(dir, 'events', user)).sort();
  assert.equal(names.length, uids.length);
  for (const n of names) assert.match(n, /^(?:[^A-Z%~]|%[0-9A-F]{2})*(?:~[0-9a-f]{32})?\.json$/, 'upper case only inside escapes, `~` only before a hash');
  assert.ok(names.includes('040000008200%4500074%435%427101%4182%45008.json'), names.join(' '));
  assert.equal(JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')).schemaVersion, SCHEMA_VERSION);
  // Opening again renames nothing more.
  await openDirectoryStore(dir);
  assert.deepEqual(readdirSync(join(dir, 'events', user)).sort(), names);
});
