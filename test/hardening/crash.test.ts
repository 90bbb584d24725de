// Crash safety: `imip-agent handle` killed with SIGKILL at random points while it works through a
// stream of messages. After each kill the store must open, be consistent, and every message must be
// either wholly applied (recorded as processed, its event stored, the index row written) or not at
// all; the retry applies what was not. The same for Dexie with a transaction aborted midway.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { indexedDB, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { openDirectoryStore } from '../../src/store/dir-store.js';
import { openDexieStore } from '../../src/store/dexie-store.js';
import type { Store } from '../../src/core/store.js';
import * as engine from '../../src/core/engine.js';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'dist/cli/imip-agent.mjs');
const base = mkdtempSync(join(tmpdir(), 'imip-crash-'));
after(() => rmSync(base, { recursive: true, force: true }));
const ALICE = 'alice@example.test';
const NOW = '2026-11-20T09:00:00Z';
const opts = { user: ALICE, role: 'person' as const, now: new Date(NOW), newId: () => 'x' };

function message(i: number): string {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Crash//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:crash-${i}`,
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    `DTSTART:202612${String(1 + (i % 28)).padStart(2, '0')}T100000Z`,
    'DTEND:20261201T110000Z'.replace('20261201', `202612${String(1 + (i % 28)).padStart(2, '0')}`),
    'RRULE:FREQ=WEEKLY;COUNT=20',
    'ORGANIZER:mailto:olga@example.com',
    `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  return [
    'From: olga@example.com',
    `To: ${ALICE}`,
    `Message-ID: <crash-${i}@example.com>`,
    'Subject: crash',
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; method=REQUEST; charset=utf-8',
    '',
    ics,
  ].join('\r\n');
}

/** Every message is applied wholly or not at all. Returns the applied ones. */
async function consistent(store: Store, count: number): Promise<Set<number>> {
  return store.transact(async (tx) => {
    const utx = tx.user(ALICE);
    const applied = new Set<number>();
    for (let i = 0; i < count; i++) {
      const processed = !!(await utx.getProcessed(`crash-${i}@example.com`));
      const event = !!(await utx.getEvent(`crash-${i}`));
      assert.equal(event, processed, `message ${i}: event stored ${event} but processed ${processed}`);
      if (event) applied.add(i);
    }
    return applied;
  });
}

test('imip-agent killed at random points: every message all or nothing, and applied on retry', { timeout: 300_000 }, async () => {
  if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'build.mjs')], { stdio: 'inherit' });
  const dir = join(base, 'store');
  const count = 12;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let killed = 0;
  for (let i = 0; i < count; i++) {
    const file = join(base, `m${i}.eml`);
    writeFileSync(file, message(i));
    const args = [bin, 'handle', '--store', dir, '--user', ALICE, '--now', NOW, file];
    // First attempt: killed after a random delay — before start, mid-parse, mid-commit or after.
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const delay = Math.floor(random() * 250);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.kill('SIGKILL')) killed++;
      }, delay);
      child.on('exit', () => (clearTimeout(timer), resolve()));
    });
    // Reopening replays any journal; the store must be consistent for every message so far.
    const applied = await consistent(await openDirectoryStore(dir), count);
    for (let j = 0; j < i; j++) assert.ok(applied.has(j), `message ${j} was applied earlier and must still be`);
    // The retry runs to the end and applies the message if the kill stopped it.
    const retry = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(retry.status, 0, retry.stderr);
    assert.ok((await consistent(await openDirectoryStore(dir), count)).has(i), `message ${i} applied on retry`);
  }
  assert.ok(killed > 0, 'some attempts were killed mid-run');
  // In the end every message is stored exactly once.
  const store = await openDirectoryStore(dir);
  const events = await store.transact((tx) => tx.user(ALICE).listEvents());
  assert.equal(events.length, count);
});

test('Dexie: a commit interrupted between two writes leaves neither', async () => {
  const deps = { indexedDB, IDBKeyRange };
  const name = `crash-${process.pid}`;
  const store = openDexieStore(name, deps);
  await store.transact((tx) => engine.setPrefs(tx, opts, { TZID: 'Europe/Berlin' }));
  const before = await store.transact((tx) => engine.showJson(tx, opts, {}));
  // The IndexedDB write of the second record fails (quota, a closing page): the first one, already
  // handed to IndexedDB in the same transaction, must be rolled back with it.
  const put = IDBObjectStore.prototype.put;
  let puts = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
    if (++puts === 2) throw new DOMException('interrupted', 'QuotaExceededError');
    return put.apply(this, args);
  };
  try {
    await assert.rejects(
      store.transact(async (tx) => {
        await engine.setPrefs(tx, opts, { TZID: 'Asia/Tokyo' });
        await tx.user(ALICE).putEvent({
          uid: 'half',
          ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
          relation: 'attendee',
          sequence: 0,
          cancelled: false,
          created: '',
          updated: '',
          history: [],
        });
      }),
    );
  } finally {
    IDBObjectStore.prototype.put = put;
  }
  assert.ok(puts >= 2, 'the commit reached the failing write');
  const reopened = openDexieStore(name, deps);
  assert.deepEqual(await reopened.transact((tx) => engine.showJson(tx, opts, {})), before);
  assert.equal(await reopened.transact((tx) => tx.user(ALICE).getEvent('half')), undefined);
  assert.equal((await reopened.transact((tx) => engine.getPrefs(tx, opts))).TZID, 'Europe/Berlin');
});
