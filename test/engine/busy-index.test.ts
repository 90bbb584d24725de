// The free/busy index must say exactly what expanding every stored event says, for any window:
// near and far, past and future, across coverage edges, after updates, deletions, zone changes
// and the clock moving on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryStore } from '../../src/store/memory-store.js';
import type { UserTx } from '../../src/core/store.js';
import type { BusyPeriod, StoredEvent } from '../../src/core/types.js';
import { indexedBusy, indexing, scanBusy, INDEX_FUTURE_MS } from '../../src/core/busy-index.js';
import { world, cal, vevent } from './harness.js';

const USER = 'alice@example.test';
const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T09:00:00Z');

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
const local = (ms: number) => stamp(ms).replace('Z', '');

function randomEvent(r: () => number, i: number): StoredEvent {
  const start = NOW + Math.floor((r() - 0.5) * 6 * 365) * DAY + Math.floor(r() * 24) * 3600_000;
  const len = [30, 60, 90, 24 * 60, 14 * 24 * 60, 500 * 24 * 60][Math.floor(r() * 6)]! * 60_000;
  const kind = r();
  const dt =
    kind < 0.5
      ? [`DTSTART;TZID=Europe/Berlin:${local(start)}`, `DTEND;TZID=Europe/Berlin:${local(start + len)}`]
      : kind < 0.7
        ? [`DTSTART:${stamp(start)}`, `DTEND:${stamp(start + len)}`]
        : kind < 0.85
          ? [`DTSTART:${local(start)}`, `DURATION:PT${len / 60_000}M`] // floating
          : [`DTSTART;VALUE=DATE:${local(start).slice(0, 8)}`]; // all day
  const rules = ['', '', '', 'RRULE:FREQ=WEEKLY', 'RRULE:FREQ=DAILY;COUNT=40', `RRULE:FREQ=MONTHLY;UNTIL=${stamp(start + 700 * DAY)}`, 'RRULE:FREQ=YEARLY'];
  const rule = rules[Math.floor(r() * rules.length)]!;
  const partstat = ['ACCEPTED', 'TENTATIVE', 'DECLINED', 'NEEDS-ACTION'][Math.floor(r() * 4)];
  const relation: StoredEvent['relation'] = r() < 0.3 ? 'organizer' : 'attendee';
  const uid = `ev-${i}`;
  const lines = [
    `UID:${uid}`,
    'DTSTAMP:20261101T000000Z',
    ...dt,
    ...(rule ? [rule] : []),
    ...(rule && r() < 0.3 ? [`EXDATE;TZID=Europe/Berlin:${local(start + 7 * DAY)}`] : []),
    ...(r() < 0.1 ? ['TRANSP:TRANSPARENT'] : []),
    'ORGANIZER:mailto:org@example.test',
    `ATTENDEE;PARTSTAT=${partstat}:mailto:${USER}`,
  ];
  const ics = cal(null, ...vevent(...lines));
  return { uid, ics, relation, organizer: 'org@example.test', sequence: 0, cancelled: r() < 0.05, created: '', updated: '', history: [] };
}

const sorted = (ps: BusyPeriod[]) => ps.map((p) => `${p.uid} ${p.start} ${p.end} ${p.fbtype}`).sort();

/**
 * The index's answer equals the full scan's. Two empty answers agree without proving anything, so
 * a window must hold busy time unless the caller says it may be empty (and then counts them).
 */
async function agree(utx: UserTx, zone: string, nowMs: number, start: number, end: number, label: string, mayBeEmpty = false): Promise<number> {
  const expected = sorted(await scanBusy(utx, zone, { start, end }));
  const actual = sorted(await indexedBusy(utx, zone, nowMs, { start, end }));
  const where = `${label}: ${new Date(start).toISOString()} … ${new Date(end).toISOString()}`;
  assert.deepEqual(actual, expected, where);
  if (!mayBeEmpty) assert.ok(expected.length > 0, `${where}: no busy time, so nothing was compared`);
  return expected.length;
}

test('the index agrees with expanding every event, for windows near, far, past and future', async () => {
  const store = openMemoryStore();
  const r = rng(20261122);
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    for (let i = 0; i < 120; i++) await utx.putEvent(randomEvent(r, i));
  });
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    // The first query builds the index; every later one reads it.
    await agree(utx, 'Europe/Berlin', NOW, NOW, NOW + 7 * DAY, 'first week');
    let filled = 0;
    for (let i = 0; i < 60; i++) {
      const start = NOW + Math.floor((r() - 0.5) * 14 * 365) * DAY;
      const len = [DAY, 7 * DAY, 31 * DAY, 365 * DAY][i % 4]!;
      if (await agree(utx, 'Europe/Berlin', NOW, start, start + len, `window ${i}`, true)) filled++;
    }
    assert.ok(filled >= 30, `only ${filled} of 60 random windows held busy time`);
    // Coverage edges exactly.
    await agree(utx, 'Europe/Berlin', NOW, NOW + INDEX_FUTURE_MS - 3 * DAY, NOW + INDEX_FUTURE_MS + 3 * DAY, 'coverage end');
  });
});

test('updates and deletions through the engine view keep the index in step', async () => {
  const store = openMemoryStore();
  const r = rng(7);
  const events = Array.from({ length: 40 }, (_, i) => randomEvent(r, i));
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    for (const e of events) await utx.putEvent(e);
    await agree(utx, 'Europe/Berlin', NOW, NOW - 30 * DAY, NOW + 60 * DAY, 'built');
  });
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    for (const e of events.slice(0, 20)) await utx.putEvent({ ...e, ics: e.ics.replace(/PARTSTAT=[A-Z-]+/, 'PARTSTAT=ACCEPTED') });
    for (const e of events.slice(20, 30)) await utx.deleteEvent(e.uid);
    for (const e of events.slice(30)) await utx.putEvent({ ...e, cancelled: true });
    await agree(utx, 'Europe/Berlin', NOW, NOW - 400 * DAY, NOW + 400 * DAY, 'after changes');
  });
});

test('the clock moving past coverage: endless series are still busy and get re-indexed', async () => {
  const store = openMemoryStore();
  const weekly = cal(
    null,
    ...vevent(
      'UID:weekly',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261123T100000',
      'DTEND;TZID=Europe/Berlin:20261123T110000',
      'RRULE:FREQ=WEEKLY',
      'ORGANIZER:mailto:' + USER,
    ),
  );
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    await utx.putEvent({ uid: 'weekly', ics: weekly, relation: 'organizer', sequence: 0, cancelled: false, created: '', updated: '', history: [] });
    await indexedBusy(utx, 'UTC', NOW, { start: NOW, end: NOW + DAY });
  });
  const later = NOW + 5 * 365 * DAY;
  await store.transact(async (tx) => {
    const utx = tx.user(USER);
    const periods = await indexedBusy(utx, 'UTC', later, { start: later, end: later + 7 * DAY });
    assert.equal(periods.length, 1, 'one meeting in a week, five years on');
    const rows = await utx.listBusyRows('f000000', 'f999999');
    assert.ok((rows[0]?.to ?? 0) > later, 'coverage renewed past the new clock');
    await agree(utx, 'UTC', later, later, later + 30 * DAY, 'renewed');
  });
});

test('a zone change rebuilds the index in the new zone', async () => {
  const w = world();
  const floating = cal(
    null,
    ...vevent('UID:float', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261125T090000', 'DTEND:20261125T100000', 'ORGANIZER:mailto:' + USER),
  );
  await w.run(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    await utx.putEvent({ uid: 'float', ics: floating, relation: 'organizer', sequence: 0, cancelled: false, created: '', updated: '', history: [] });
  });
  await w.prefs(USER, { TZID: 'Europe/Berlin' });
  assert.match(await w.freebusy(USER, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z'), /FREEBUSY;FBTYPE=BUSY:20261125T080000Z\/20261125T090000Z/);
  await w.prefs(USER, { TZID: 'America/New_York' });
  assert.match(await w.freebusy(USER, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z'), /FREEBUSY;FBTYPE=BUSY:20261125T140000Z\/20261125T150000Z/);
});

test('a rule too dense to index (every five minutes) is expanded at query time, bounded there', async () => {
  const store = openMemoryStore();
  const dense = cal(
    null,
    ...vevent(
      'UID:dense',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261120T080000Z',
      'DTEND:20261120T080100Z',
      'RRULE:FREQ=MINUTELY;INTERVAL=5',
      'ORGANIZER:mailto:' + USER,
    ),
  );
  await store.transact(async (tx) => {
    const utx = indexing(tx.user(USER), NOW);
    await utx.putEvent({ uid: 'dense', ics: dense, relation: 'organizer', sequence: 0, cancelled: false, created: '', updated: '', history: [] });
    const hour = await indexedBusy(utx, 'UTC', NOW, { start: NOW, end: NOW + 3600_000 });
    assert.equal(hour.length, 12, 'twelve five-minute slots in an hour');
    assert.deepEqual(
      (await utx.listBusyRows('x', 'x')).map((r) => r.uid),
      ['dense'],
      'kept as a query-time row',
    );
    await agree(utx, 'UTC', NOW, NOW + DAY, NOW + 2 * DAY, 'next day');
  });
});

test('asked in a zone other than the index was built in, the answer is still right', async () => {
  // The same events in two stores: one indexed in Berlin and asked in Tokyo, one indexed in Tokyo.
  // Comparing the first with a full scan would compare the scan with itself (a zone other than the
  // index's falls back to scanning), so it is compared with a real Tokyo index instead.
  const r = rng(99);
  const events = Array.from({ length: 30 }, (_, i) => randomEvent(r, i));
  const floating = cal(
    null,
    ...vevent('UID:float', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261125T090000', 'DTEND:20261125T100000', 'ORGANIZER:mailto:' + USER),
  );
  events.push({ uid: 'float', ics: floating, relation: 'organizer', sequence: 0, cancelled: false, created: '', updated: '', history: [] });
  const berlin = openMemoryStore();
  const tokyo = openMemoryStore();
  const window = { start: NOW - 10 * DAY, end: NOW + 40 * DAY };
  const answer = async (store: typeof berlin, builtIn: string) =>
    store.transact(async (tx) => {
      const utx = indexing(tx.user(USER), NOW);
      for (const e of events) await utx.putEvent(e);
      await indexedBusy(utx, builtIn, NOW, { start: NOW, end: NOW + DAY });
      return sorted(await indexedBusy(utx, 'Asia/Tokyo', NOW, window));
    });
  const asked = await answer(berlin, 'Europe/Berlin');
  const indexed = await answer(tokyo, 'Asia/Tokyo');
  assert.deepEqual(asked, indexed);
  // The floating event is read in Tokyo: 09:00 there is 00:00Z, not Berlin's 08:00Z.
  assert.ok(asked.includes('float 2026-11-25T00:00:00Z 2026-11-25T01:00:00Z BUSY'), asked.join('\n'));
  assert.ok(asked.length > 1, 'the random events hold busy time in the window too');
});
