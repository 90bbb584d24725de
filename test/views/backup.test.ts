// Backup and restore of the whole store, on the memory store and on Dexie over fake-indexeddb.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import type { Store, StoreTx } from '../../src/core/store.js';
import { openMemoryStore } from '../../src/store/memory-store.js';
import { openDexieStore } from '../../src/store/dexie-store.js';
import { cal, vevent } from '../engine/harness.js';
import { mail } from './helpers.js';
import { OUTBOX_STATES, QUEUE_KINDS } from '../../src/core/types.js';

const ALICE = 'alice@example.test';
const ROOM = 'room@example.test';
const ORG = 'organizer@example.com';
const NOW = new Date('2025-07-01T08:00:00Z');
let ids = 0;
const opts = (user: string, role: 'person' | 'resource' = 'person') => ({ user, role, now: NOW, newId: () => `id-${++ids}` });

/** A store with something of every kind: events, counters, queue, free/busy, prefs, outbox, usage. */
async function fill(store: Store): Promise<void> {
  await store.transact(async (tx) => {
    await engine.setPrefs(tx, opts(ALICE), { TZID: 'Europe/Berlin', freebusy_sharing: 'share' });
    await engine.setPrefs(tx, opts(ROOM, 'resource'), { quota: 'PT4H per P7D' });
    const invitation = cal(
      'REQUEST',
      ...vevent(
        'UID:inv@example.com',
        'DTSTAMP:20250701T070000Z',
        'DTSTART:20250714T090000Z',
        'DTEND:20250714T100000Z',
        'SUMMARY:Invitation',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
        `ATTENDEE;CUTYPE=ROOM:mailto:${ROOM}`,
      ),
    );
    await engine.handleMessage(tx, mail(invitation, ORG, ALICE), opts(ALICE));
    await engine.handleMessage(tx, mail(invitation, ORG, ROOM), opts(ROOM, 'resource'));
    const agenda = { name: 'agenda.pdf', type: 'application/pdf', data: new Uint8Array(300).map((_, i) => (i * 7) % 256) };
    await engine.invite(tx, opts(ALICE), {
      ics: cal(
        null,
        ...vevent('UID:own@example.test', 'DTSTART:20250715T090000Z', 'DTEND:20250715T100000Z', 'SUMMARY:Own', 'ATTENDEE:mailto:bob@example.test'),
      ),
      attachments: [agenda],
    });
    const counter = cal(
      'COUNTER',
      ...vevent(
        'UID:own@example.test',
        'DTSTAMP:20250701T070000Z',
        'DTSTART:20250716T090000Z',
        'DTEND:20250716T100000Z',
        `ORGANIZER:mailto:${ALICE}`,
        'ATTENDEE:mailto:bob@example.test',
      ),
    );
    await engine.handleMessage(tx, mail(counter, 'bob@example.test', ALICE), opts(ALICE));
    const fb = cal(
      'PUBLISH',
      'BEGIN:VFREEBUSY',
      'DTSTAMP:20250701T070000Z',
      'ORGANIZER:mailto:carol@example.test',
      'FREEBUSY:20250714T090000Z/PT1H',
      'END:VFREEBUSY',
    );
    await engine.handleMessage(tx, mail(fb, 'carol@example.test', ALICE), opts(ALICE));
    await tx.user(ALICE).putOutbox({
      id: 'out-1',
      created: NOW.toISOString(),
      state: 'needs-consent',
      message: { from: ALICE, to: [ORG], subject: 'Accepted: Invitation', text: 't', method: 'REPLY', ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' },
    });
  });
}

async function everything(tx: StoreTx) {
  const out: Record<string, unknown> = {};
  for (const u of await tx.users()) {
    const t = tx.user(u);
    out[u] = {
      prefs: await t.getPrefs(),
      events: await t.listEvents(),
      counters: await t.listAllCounters(),
      queue: await t.listQueue(),
      freebusy: await t.listFreeBusy(),
      outbox: await t.listOutbox(),
      processed: await t.listProcessed(),
      attachments: await Promise.all((await t.listEvents()).map((e) => t.listAttachments(e.uid))),
    };
  }
  out.usage = await tx.listUsage(ROOM);
  return out;
}

for (const [name, open] of [
  ['memory store', async () => openMemoryStore()],
  ['Dexie store', async () => openDexieStore(`backup-${process.pid}-${++ids}`, { indexedDB, IDBKeyRange })],
] as const) {
  test(`${name}: a backup restores every user's records exactly, replacing what was there`, async () => {
    const source = await open();
    await fill(source);
    const json = await source.transact((tx) => views.exportBackup(tx, NOW));
    const doc = JSON.parse(json);
    assert.deepEqual([doc.format, doc.version, doc.created], ['imip-agent-backup', 1, '2025-07-01T08:00:00.000Z']);
    const want = await source.transact(everything);
    assert.equal((want.usage as unknown[]).length, 1, 'the resource booked the room: its quota journal is in the backup');
    assert.deepEqual(
      doc.users[0].attachments.map((a: { name: string; size: number }) => [a.name, a.size]),
      [['agenda.pdf', 300]],
    );

    const target = await open();
    await target.transact(async (tx) =>
      tx
        .user('stale@example.test')
        .putEvent({ uid: 'gone', ics: 'x', relation: 'attendee', sequence: 0, cancelled: false, created: '', updated: '', history: [] }),
    );
    const counts = await target.transact((tx) => views.restoreBackup(tx, json));
    assert.deepEqual(counts, { users: 2, events: 3 });
    assert.deepEqual(await target.transact(everything), want);
    // The free/busy index is rebuilt from the restored events on the first question.
    const busy = await target.transact((tx) => views.busyRange(tx, opts(ALICE), { start: '2025-07-15T00:00:00Z', end: '2025-07-16T00:00:00Z' }));
    assert.deepEqual(
      busy.map((b) => [b.uid, b.start]),
      [['own@example.test', '2025-07-15T09:00:00Z']],
    );
    // Exporting the restored store gives the same document.
    assert.equal(await target.transact((tx) => views.exportBackup(tx, NOW)), json);
  });

  test(`${name}: a damaged or newer backup is refused and changes nothing`, async () => {
    const store = await open();
    await fill(store);
    const before = await store.transact(everything);
    const json = await store.transact((tx) => views.exportBackup(tx, NOW));
    const doc = JSON.parse(json);
    const broken = structuredClone(doc);
    broken.users[1].events[0].ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
    const badPref = structuredClone(doc);
    badPref.users[0].prefs.TZID = 'Mars/Olympus';
    const badBytes = structuredClone(doc);
    badBytes.users[0].attachments[0].size = 3;
    const cases: [string, RegExp][] = [
      [JSON.stringify(badBytes), /backup users\[0\]\.attachments\[0\]\.size: does not match the data/],
      [JSON.stringify({ ...doc, version: 2 }), /version 2 was written by a newer release/],
      [JSON.stringify(broken), /backup users\[1\]\.events\[0\]\.ics: is not a readable calendar/],
      [JSON.stringify(badPref), /backup users\[0\]\.prefs: preference TZID="Mars\/Olympus"/],
      [JSON.stringify({ ...doc, format: 'something' }), /is not an imip-agent backup/],
      ['{"format": "imip-agent-backup", "version": 1, "users": [{}]', /is not JSON/],
      [JSON.stringify({ ...doc, users: [...doc.users, doc.users[0]] }), /appears twice/],
    ];
    for (const [text, error] of cases)
      await assert.rejects(
        store.transact((tx) => views.restoreBackup(tx, text)),
        error,
      );
    assert.deepEqual(await store.transact(everything), before);
  });
}

test('the backup accepts every value the types allow and no other (one list each, core/types.ts)', async () => {
  const store = await openMemoryStore();
  await fill(store);
  const doc = JSON.parse(await store.transact((tx) => views.exportBackup(tx, NOW)));
  const alice = doc.users.findIndex((u: { address: string }) => u.address === ALICE);
  // `unverified` (a message held until the user confirms its sender) was once missing here.
  doc.users[alice].queue = QUEUE_KINDS.map((kind, i) => ({
    id: `q-${i}`,
    kind,
    reason: kind,
    created: NOW.toISOString(),
    ...(kind === 'unverified' ? { party: ORG, method: 'REQUEST', ics: 'x' } : {}),
  }));
  doc.users[alice].outbox = OUTBOX_STATES.map((state, i) => ({ ...doc.users[alice].outbox[0], id: `out-${i}`, state }));
  const target = await openMemoryStore();
  await target.transact((tx) => views.restoreBackup(tx, JSON.stringify(doc)));
  assert.deepEqual((await target.transact((tx) => tx.user(ALICE).listQueue())).map((q) => q.kind).sort(), [...QUEUE_KINDS].sort());
  assert.deepEqual((await target.transact((tx) => tx.user(ALICE).listOutbox())).map((o) => o.state).sort(), [...OUTBOX_STATES].sort());
  doc.users[alice].queue[0].kind = 'nonsense';
  await assert.rejects(
    target.transact((tx) => views.restoreBackup(tx, JSON.stringify(doc))),
    new RegExp(`queue\\[0\\]\\.kind: must be one of ${QUEUE_KINDS.join(', ')}$`),
  );
});
