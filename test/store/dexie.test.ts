import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { storeContract } from './contract.js';
import { openDexieStore } from '../../src/store/dexie-store.js';
import { SCHEMA_VERSION } from '../../src/core/store.js';

let n = 0;
const deps = { indexedDB, IDBKeyRange };
const names = new WeakMap<object, string>();
storeContract(
  'Dexie store',
  async () => {
    const name = `contract-${process.pid}-${++n}`;
    const store = openDexieStore(name, deps);
    names.set(store, name);
    return store;
  },
  async (old) => openDexieStore(names.get(old)!, deps),
);

test('Dexie store: a database written by a newer release is refused and left alone', async () => {
  const newer = new Dexie('from-the-future', deps);
  newer.version(SCHEMA_VERSION + 1).stores({ events: 'k', extra: 'k' });
  await newer.table('events').put({ k: 'x', v: 1 });
  newer.close();
  const store = openDexieStore('from-the-future', deps);
  await assert.rejects(
    store.transact(async () => undefined),
    /newer release/,
  );
  const check = new Dexie('from-the-future', deps);
  check.version(SCHEMA_VERSION + 1).stores({ events: 'k', extra: 'k' });
  assert.equal((await check.table('events').get('x'))?.v, 1);
  check.close();
});
