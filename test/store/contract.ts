// The contract every store passes (memory, directory, Dexie): round trips, isolation between
// calendar users, all-or-nothing transactions, serialisation, copies, hostile keys.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Store, StoreTx } from '../../src/core/store.js';
import type { StoredEvent } from '../../src/core/types.js';

const event = (uid: string, extra: Partial<StoredEvent> = {}): StoredEvent => ({
  uid,
  ics: `BEGIN:VCALENDAR\r\nUID:${uid}\r\nEND:VCALENDAR\r\n`,
  relation: 'attendee',
  sequence: 0,
  cancelled: false,
  created: '2026-11-20T09:00:00Z',
  updated: '2026-11-20T09:00:00Z',
  history: [],
  ...extra,
});

async function snapshot(tx: StoreTx, users: string[]) {
  const out: Record<string, unknown> = {};
  for (const u of users) {
    const t = tx.user(u);
    out[u] = {
      events: await t.listEvents(),
      counters: await t.listAllCounters(),
      queue: await t.listQueue(),
      freebusy: await t.listFreeBusy(),
      prefs: await t.getPrefs(),
      outbox: await t.listOutbox(),
    };
  }
  out.usage = await tx.listUsage('rooms');
  return out;
}

export function storeContract(name: string, open: () => Promise<Store>, reopen?: (s: Store) => Promise<Store>): void {
  test(`${name}: every record kind round-trips`, async () => {
    const store = await open();
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      await a.putEvent(event('e1'));
      await a.putCounter({ uid: 'e1', recurrenceId: '', attendee: 'bob@example.test', direction: 'received', status: 'pending', ics: 'X', received: 'now' });
      await a.putQueue({ id: 'q1', kind: 'invitation', uid: 'e1', reason: 'new', created: 'now' });
      await a.putFreeBusy({ address: 'bob@example.test', periods: [{ start: 's', end: 'e', fbtype: 'BUSY' }], updated: 'now', source: 'reply' });
      await a.putProcessed({ messageId: 'm1@x', at: 'now', results: [] });
      await a.setPrefs({ TZID: 'Europe/Berlin' });
      await a.putOutbox({
        id: 'o1',
        created: 'now',
        state: 'pending',
        message: { from: 'alice@example.test', to: ['bob@example.test'], subject: 's', text: 't', method: 'REPLY', ics: 'X' },
      });
      await tx.putUsage({ journal: 'rooms', organizer: 'bob@example.test', uid: 'e1', recurrenceId: '', resource: 'room@example.test', start: 's', end: 'e' });
    });
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      assert.equal((await a.getEvent('e1'))?.uid, 'e1');
      assert.equal((await a.listCounters('e1')).length, 1);
      assert.equal((await a.listQueue())[0]?.id, 'q1');
      assert.equal((await a.getFreeBusy('bob@example.test'))?.periods.length, 1);
      assert.equal((await a.getProcessed('m1@x'))?.messageId, 'm1@x');
      assert.deepEqual(await a.getPrefs(), { TZID: 'Europe/Berlin' });
      assert.equal((await a.listOutbox())[0]?.state, 'pending');
      assert.equal((await tx.listUsage('rooms')).length, 1);
      assert.deepEqual(await tx.users(), ['alice@example.test']);
      await a.deleteQueue('q1');
      await a.deleteCounter('e1', '', 'bob@example.test', 'received');
      await tx.deleteUsage('rooms', 'bob@example.test', 'e1', '');
    });
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      assert.equal((await a.listQueue()).length, 0);
      assert.equal((await a.listCounters('e1')).length, 0);
      assert.equal((await tx.listUsage('rooms')).length, 0);
    });
    await store.close();
  });

  test(`${name}: processed records are listed; clear removes every record of every user`, async () => {
    const store = await open();
    await store.transact(async (tx) => {
      for (const u of ['alice@example.test', 'bob@example.test']) {
        const t = tx.user(u);
        await t.putEvent(event(`e-${u}`));
        await t.putProcessed({ messageId: `m1-${u}`, at: 'now', results: [] });
        await t.putProcessed({ messageId: `m2-${u}`, at: 'now', results: [] });
        await t.setPrefs({ TZID: 'Europe/Berlin' });
        await t.putFreeBusy({ address: 'carol@example.test', periods: [], updated: 'now', source: 'publish' });
        await t.putBusyRows(`e-${u}`, [{ bucket: 'w200000', uid: `e-${u}`, periods: [[0, 1, 0]] }]);
      }
      await tx.putUsage({ journal: 'rooms', organizer: 'bob@example.test', uid: 'e1', recurrenceId: '', resource: 'room@example.test', start: 's', end: 'e' });
    });
    await store.transact(async (tx) => {
      assert.deepEqual(
        (await tx.user('alice@example.test').listProcessed()).map((r) => r.messageId),
        ['m1-alice@example.test', 'm2-alice@example.test'],
      );
      await tx.user('alice@example.test').putQueue({ id: 'q-in-the-same-tx', kind: 'invitation', reason: 'r', created: 'now' });
      await tx.clear();
      assert.deepEqual(await tx.user('alice@example.test').listQueue(), [], 'the transaction sees its own clear');
      await tx.user('dave@example.test').putEvent(event('after-clear'));
    });
    await store.transact(async (tx) => {
      assert.deepEqual(await tx.users(), ['dave@example.test']);
      assert.deepEqual(await snapshot(tx, ['alice@example.test', 'bob@example.test']), {
        'alice@example.test': { events: [], counters: [], queue: [], freebusy: [], prefs: {}, outbox: [] },
        'bob@example.test': { events: [], counters: [], queue: [], freebusy: [], prefs: {}, outbox: [] },
        usage: [],
      });
      assert.deepEqual(await tx.user('alice@example.test').listProcessed(), []);
      assert.deepEqual(await tx.user('alice@example.test').listBusyRows('w', 'w999999'), []);
      assert.equal((await tx.user('dave@example.test').getEvent('after-clear'))?.uid, 'after-clear');
    });
    await store.close();
  });

  test(`${name}: attachment bytes round-trip exactly, per event, and are deleted on their own`, async () => {
    const store = await open();
    const every = new Uint8Array(256).map((_, i) => i);
    const rec = (uid: string, id: string, data: Uint8Array) => ({ uid, id, name: 'agenda.pdf', type: 'application/pdf', size: data.length, data });
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      await a.putAttachment(rec('e1', 'aaaaaaaaaaaaaaaa', every));
      await a.putAttachment(rec('e1', 'bbbbbbbbbbbbbbbb', new Uint8Array(0)));
      await a.putAttachment(rec('e10', 'aaaaaaaaaaaaaaaa', new Uint8Array([1])));
      await a.putAttachment(rec('../../etc/passwd', 'cccccccccccccccc', new Uint8Array([2])));
      await tx.user('bob@example.test').putAttachment(rec('e1', 'aaaaaaaaaaaaaaaa', new Uint8Array([3])));
      assert.deepEqual((await a.getAttachment('e1', 'aaaaaaaaaaaaaaaa'))?.data, every, 'a transaction sees its own bytes');
    });
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      const got = await a.getAttachment('e1', 'aaaaaaaaaaaaaaaa');
      assert.ok(got?.data instanceof Uint8Array, 'bytes come back as bytes');
      assert.deepEqual(got, rec('e1', 'aaaaaaaaaaaaaaaa', every));
      assert.deepEqual(
        (await a.listAttachments('e1')).map((r) => [r.id, r.data.length]),
        [
          ['aaaaaaaaaaaaaaaa', 256],
          ['bbbbbbbbbbbbbbbb', 0],
        ],
        'e10 is not part of e1',
      );
      assert.deepEqual(
        (await a.listAttachments('../../etc/passwd')).map((r) => r.id),
        ['cccccccccccccccc'],
      );
      assert.deepEqual((await tx.user('bob@example.test').getAttachment('e1', 'aaaaaaaaaaaaaaaa'))?.data, new Uint8Array([3]));
      await a.deleteAttachment('e1', 'aaaaaaaaaaaaaaaa');
    });
    await store.transact(async (tx) => {
      const a = tx.user('alice@example.test');
      assert.equal(await a.getAttachment('e1', 'aaaaaaaaaaaaaaaa'), undefined);
      assert.deepEqual(
        (await a.listAttachments('e1')).map((r) => r.id),
        ['bbbbbbbbbbbbbbbb'],
      );
      assert.equal((await a.listAttachments('e10')).length, 1);
    });
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.user('alice@example.test').putAttachment(rec('e2', 'dddddddddddddddd', every));
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await store.transact((tx) => tx.user('alice@example.test').listAttachments('e2')), [], 'a failed transaction stores no bytes');
    await store.close();
  });

  test(`${name}: calendar users are isolated; a uid prefix does not leak counters`, async () => {
    const store = await open();
    await store.transact(async (tx) => {
      await tx.user('alice@example.test').putEvent(event('e1'));
      await tx.user('bob@example.test').putEvent(event('e2'));
      await tx
        .user('alice@example.test')
        .putCounter({ uid: 'e10', recurrenceId: '', attendee: 'x@y', direction: 'received', status: 'pending', ics: '', received: '' });
    });
    await store.transact(async (tx) => {
      assert.deepEqual(
        (await tx.user('alice@example.test').listEvents()).map((e) => e.uid),
        ['e1'],
      );
      assert.deepEqual(
        (await tx.user('bob@example.test').listEvents()).map((e) => e.uid),
        ['e2'],
      );
      assert.equal((await tx.user('alice@example.test').listCounters('e1')).length, 0);
    });
  });

  test(`${name}: a transaction that throws keeps nothing`, async () => {
    const store = await open();
    await store.transact(async (tx) => tx.user('alice@example.test').putEvent(event('keep')));
    const before = await store.transact((tx) => snapshot(tx, ['alice@example.test']));
    await assert.rejects(
      store.transact(async (tx) => {
        const a = tx.user('alice@example.test');
        await a.putEvent(event('new'));
        await a.deleteEvent('keep');
        await tx.putUsage({ journal: 'rooms', organizer: 'o', uid: 'u', recurrenceId: '', resource: 'r', start: 's', end: 'e' });
        assert.equal((await a.getEvent('new'))?.uid, 'new', 'a transaction sees its own writes');
        assert.equal(await a.getEvent('keep'), undefined);
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await store.transact((tx) => snapshot(tx, ['alice@example.test'])), before);
  });

  test(`${name}: concurrent transactions are serialised`, async () => {
    const store = await open();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transact(async (tx) => {
          const a = tx.user('alice@example.test');
          const e = (await a.getEvent('counter')) ?? event('counter');
          e.sequence += 1;
          await a.putEvent(e);
        }),
      ),
    );
    assert.equal(await store.transact(async (tx) => (await tx.user('alice@example.test').getEvent('counter'))?.sequence), 20);
  });

  test(`${name}: returned records are copies`, async () => {
    const store = await open();
    await store.transact(async (tx) => tx.user('alice@example.test').putEvent(event('c1')));
    await store.transact(async (tx) => {
      const e = (await tx.user('alice@example.test').getEvent('c1'))!;
      e.sequence = 99;
      assert.equal((await tx.user('alice@example.test').getEvent('c1'))?.sequence, 0);
    });
  });

  test(`${name}: hostile uids stay inside the store`, async () => {
    const store = await open();
    const uids = ['../../etc/passwd', 'x'.repeat(10_000), 'nul\u0000inside', 'ünïcødé ☕', '.hidden', 'a/b\\c', 'CON'];
    await store.transact(async (tx) => {
      for (const uid of uids) await tx.user('alice@example.test').putEvent(event(uid));
    });
    const listed = await store.transact(async (tx) => (await tx.user('alice@example.test').listEvents()).map((e) => e.uid));
    assert.deepEqual(listed.sort(), [...uids].sort());
    for (const uid of uids) assert.equal(await store.transact(async (tx) => (await tx.user('alice@example.test').getEvent(uid))?.uid), uid);
  });

  test(`${name}: keys apart stay apart: a UID crafted as another's shortened name, and UIDs that differ only in case`, async () => {
    const store = await open();
    const long = 'meeting-' + 'x'.repeat(200) + '@example.test';
    // The name schema 3 gave the long UID (its first 80 characters, `~`, a SHA-256): as a UID of
    // its own it once wrote into the long UID's file.
    const crafted = [`${encodeURIComponent(long).slice(0, 80)}~${createHash('sha256').update(long).digest('hex').slice(0, 32)}`, `${long.slice(0, 80)}~`];
    const cased = ['Standup', 'standup', 'STANDUP', 'stand~up', 'stand%7Eup', 'A.b', 'a%2Eb'];
    const uids = [long, ...crafted, ...cased];
    await store.transact(async (tx) => {
      for (const uid of uids) await tx.user('alice@example.test').putEvent(event(uid, { sequence: uids.indexOf(uid) }));
    });
    for (const [i, uid] of uids.entries())
      assert.equal(await store.transact(async (tx) => (await tx.user('alice@example.test').getEvent(uid))?.sequence), i, uid);
    assert.equal((await store.transact((tx) => tx.user('alice@example.test').listEvents())).length, uids.length);
  });

  if (reopen)
    test(`${name}: data survives reopening`, async () => {
      const store = await open();
      await store.transact(async (tx) => tx.user('alice@example.test').putEvent(event('persist')));
      await store.close();
      const again = await reopen(store);
      assert.equal(await again.transact(async (tx) => (await tx.user('alice@example.test').getEvent('persist'))?.uid), 'persist');
    });
}
