import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { storeContract } from './contract.js';
import { openDirectoryStore } from '../../src/store/dir-store.js';

const base = mkdtempSync(join(tmpdir(), 'imip-dir-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const dirs = new WeakMap<object, string>();
storeContract(
  'directory store',
  async () => {
    const dir = join(base, `s${++n}`);
    const store = await openDirectoryStore(dir);
    dirs.set(store, dir);
    return store;
  },
  async (old) => openDirectoryStore(dirs.get(old)!),
);

test('directory store: a journal left by a crash is replayed on open', async () => {
  const dir = join(base, 'crash');
  const store = await openDirectoryStore(dir);
  await store.transact(async (tx) => tx.user('alice@example.test').setPrefs({ TZID: 'UTC' }));
  // A commit that died after writing its journal but before applying it.
  const journal = [{ table: 'prefs', k: 'alice@example.test\u0000prefs', value: { TZID: 'Asia/Tokyo' } }];
  writeFileSync(join(dir, 'journal.json'), JSON.stringify(journal));
  const again = await openDirectoryStore(dir);
  assert.deepEqual(await again.transact((tx) => tx.user('alice@example.test').getPrefs()), { TZID: 'Asia/Tokyo' });
  assert.equal(existsSync(join(dir, 'journal.json')), false);
});

test('directory store: attachment bytes in a crashed journal are replayed as bytes', async () => {
  const dir = join(base, 'crash-bytes');
  await openDirectoryStore(dir);
  const record = {
    uid: 'e1',
    id: '0123456789abcdef',
    name: 'a.bin',
    type: 'application/octet-stream',
    size: 3,
    data: { $base64: Buffer.from([0, 128, 255]).toString('base64') },
  };
  writeFileSync(join(dir, 'journal.json'), JSON.stringify([{ table: 'attachments', k: 'alice@example.test\u0000e1\u00000123456789abcdef', value: record }]));
  const again = await openDirectoryStore(dir);
  const got = await again.transact((tx) => tx.user('alice@example.test').getAttachment('e1', '0123456789abcdef'));
  assert.deepEqual(got?.data, new Uint8Array([0, 128, 255]));
});

test('directory store: a stale lock of a dead process is taken over', async () => {
  const dir = join(base, 'stale');
  await openDirectoryStore(dir);
  writeFileSync(join(dir, 'lock'), '999999');
  const store = await openDirectoryStore(dir);
  await store.transact(async (tx) => tx.user('a@b').setPrefs({ CN: 'x' }));
  assert.equal(existsSync(join(dir, 'lock')), false);
});

test('directory store: two processes incrementing one record never lose an update', async () => {
  const dir = join(base, 'race');
  await openDirectoryStore(dir);
  const script = join(base, 'inc.mts');
  writeFileSync(
    script,
    `import { openDirectoryStore } from ${JSON.stringify(new URL('../../src/store/dir-store.ts', import.meta.url).pathname)};
const store = await openDirectoryStore(${JSON.stringify(dir)});
for (let i = 0; i < 20; i++) await store.transact(async (tx) => {
  const u = tx.user('a@b');
  const p = await u.getPrefs();
  await u.setPrefs({ CN: String(Number(p.CN ?? 0) + 1) });
});`,
  );
  const runOne = () => new Promise<number>((res) => spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' }).on('exit', (c) => res(c ?? 1)));
  assert.deepEqual(await Promise.all([runOne(), runOne()]), [0, 0]);
  const store = await openDirectoryStore(dir);
  assert.deepEqual(await store.transact((tx) => tx.user('a@b').getPrefs()), { CN: '40' });
  assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
});

test('directory store: a planted journal that names a path outside the store is refused, nothing written', async () => {
  const dir = join(base, 'planted');
  await openDirectoryStore(dir);
  const outside = join(base, 'outside');
  for (const journal of [
    [{ table: '../../outside', k: 'x\u0000y', value: { owned: true } }],
    [{ table: 'events', k: '../../../outside', value: { owned: true } }],
    { table: 'events' },
  ]) {
    writeFileSync(join(dir, 'journal.json'), JSON.stringify(journal));
    await assert.rejects(openDirectoryStore(dir), /has a journal that is not this store's/);
    assert.equal(existsSync(outside), false);
    assert.ok(!readdirSync(base).some((f) => f.startsWith('outside')));
  }
  // A key with `../` in it is a key like any other: it stays inside, under its encoded name.
  writeFileSync(join(dir, 'journal.json'), JSON.stringify([{ table: 'events', k: '../..\u0000../../outside', value: { uid: 'x' } }]));
  const store = await openDirectoryStore(dir);
  assert.equal(existsSync(outside), false);
  assert.deepEqual(await store.transact(async (tx) => tx.user('../..').getEvent('../../outside')), { uid: 'x' });
});

test('directory store: a lock whose owner lives is waited for, not taken', async () => {
  const dir = join(base, 'live');
  const store = await openDirectoryStore(dir);
  // Our own pid: alive. The transaction waits until the lock is gone.
  writeFileSync(join(dir, 'lock'), `${process.pid} someone-else`);
  let done = false;
  const pending = store.transact(async (tx) => tx.user('a@b').setPrefs({ CN: 'late' })).then(() => (done = true));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(done, false, 'still waiting for the live owner');
  rmSync(join(dir, 'lock'));
  await pending;
  assert.equal(done, true);
});
