// Schema migrations: a store written by the previous release (schema 1, before the free/busy
// index) opens in this one with everything intact, and free/busy over it is right.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
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
  ics: cal(null, ...vevent('UID:standup', 'DTSTAMP:20261101T000000Z', 'DTSTART;TZID=Europe/Berlin:20261123T093000', 'DTEND;TZID=Europe/Berlin:20261123T094500', 'RRULE:FREQ=DAILY;COUNT=5', `ORGANIZER:mailto:${USER}`)),
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
  assert.ok(after.tables.some((t) => t.name === 'busy'), 'the index table was added');
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

function mkdirp(d: string): string {
  mkdirSync(d, { recursive: true });
  return d;
}
