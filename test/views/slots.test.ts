// Free slots for a counter-proposal and busy pictures: the user's own time, working hours, DST.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import { world, cal, vevent } from '../engine/harness.js';

const ALICE = 'alice@example.test';

async function own(w: ReturnType<typeof world>, uid: string, start: string, end: string, ...extra: string[]) {
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), { ics: cal(null, ...vevent(`UID:${uid}`, `DTSTART:${start}`, `DTEND:${end}`, `SUMMARY:${uid}`, ...extra)) }),
  );
}

test('free slots skip busy time, stay on the quarter-hour grid and inside the default working hours', async () => {
  // Monday 2025-07-14, 07:50 UTC; the user's zone is UTC.
  const w = world('2025-07-14T07:50:00Z');
  await own(w, 'busy-1', '20250714T080000Z', '20250714T093000Z');
  await own(w, 'busy-2', '20250714T100000Z', '20250714T171000Z');
  // Transparent time is free (RFC 5545 §3.8.2.7).
  await own(w, 'free', '20250714T093000Z', '20250714T100000Z', 'TRANSP:TRANSPARENT');
  const slots = await w.run((tx) => views.freeSlots(tx, w.opts(ALICE), { after: '2025-07-14T07:50:00Z', durationMinutes: 30, count: 4 }));
  assert.deepEqual(slots, [
    { start: '2025-07-14T09:30:00Z', end: '2025-07-14T10:00:00Z' },
    { start: '2025-07-14T17:15:00Z', end: '2025-07-14T17:45:00Z' },
    // 17:45–18:15 would leave the working day: the next slot is on Tuesday at 08:00.
    { start: '2025-07-15T08:00:00Z', end: '2025-07-15T08:30:00Z' },
    { start: '2025-07-15T08:30:00Z', end: '2025-07-15T09:00:00Z' },
  ]);
  // The event being moved does not stand in its own way.
  const moving = await w.run((tx) =>
    views.freeSlots(tx, w.opts(ALICE), { after: '2025-07-14T07:50:00Z', durationMinutes: 60, count: 1, excludeUid: 'busy-1' }),
  );
  assert.deepEqual(moving, [{ start: '2025-07-14T08:00:00Z', end: '2025-07-14T09:00:00Z' }]);
});

test('free slots respect working_hours in the user zone, across a DST change, and skip weekends', async () => {
  const w = world('2025-03-28T12:00:00Z');
  await w.prefs(ALICE, { TZID: 'Europe/Berlin', working_hours: 'MO-FR 09:00-12:00' });
  // Friday 28 March, Berlin 13:00 — past Friday's hours; Sunday 30 March Berlin changes to CEST.
  const slots = await w.run((tx) => views.freeSlots(tx, w.opts(ALICE), { after: '2025-03-28T12:00:00Z', durationMinutes: 90, count: 3 }));
  assert.deepEqual(slots, [
    { start: '2025-03-31T07:00:00Z', end: '2025-03-31T08:30:00Z' }, // Monday 09:00 CEST
    { start: '2025-03-31T08:30:00Z', end: '2025-03-31T10:00:00Z' },
    { start: '2025-04-01T07:00:00Z', end: '2025-04-01T08:30:00Z' },
  ]);
  await assert.rejects(
    w.run((tx) => views.freeSlots(tx, w.opts(ALICE), { after: '2025-03-28T12:00:00Z', durationMinutes: 0, count: 3 })),
    /length of a slot/,
  );
});

test('free slots are never in the past, and a fully booked horizon gives none', async () => {
  const w = world('2025-07-14T12:00:00Z');
  const past = await w.run((tx) => views.freeSlots(tx, w.opts(ALICE), { after: '2025-07-01T00:00:00Z', durationMinutes: 60, count: 1 }));
  assert.deepEqual(past, [{ start: '2025-07-14T12:00:00Z', end: '2025-07-14T13:00:00Z' }]);
  await own(w, 'always', '20250714T000000Z', '20251231T000000Z');
  assert.deepEqual(await w.run((tx) => views.freeSlots(tx, w.opts(ALICE), { after: '2025-07-14T12:00:00Z', durationMinutes: 60, count: 3 })), []);
});

test("busy blocks of the user name their own events; others' invitations not answered hold nothing", async () => {
  const w = world('2025-07-01T08:00:00Z');
  await own(w, 'weekly', '20250714T090000Z', '20250714T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE:20250721T090000Z');
  await w.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent(
        'UID:x@example.com',
        'DTSTAMP:20250701T080000Z',
        'DTSTART:20250714T120000Z',
        'DTEND:20250714T130000Z',
        'ORGANIZER:mailto:o@example.com',
        `ATTENDEE:mailto:${ALICE}`,
      ),
    ),
    { from: 'o@example.com' },
  );
  const blocks = await w.run((tx) => views.busyRange(tx, w.opts(ALICE), { start: '2025-07-14T00:00:00Z', end: '2025-08-01T00:00:00Z' }));
  assert.deepEqual(blocks, [
    { start: '2025-07-14T09:00:00Z', end: '2025-07-14T10:00:00Z', fbtype: 'BUSY', uid: 'weekly', summary: 'weekly' },
    { start: '2025-07-28T09:00:00Z', end: '2025-07-28T10:00:00Z', fbtype: 'BUSY', uid: 'weekly', summary: 'weekly' },
  ]);
  await assert.rejects(
    w.run((tx) => views.busyRange(tx, w.opts(ALICE), { start: '2025-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z' })),
    /at most 400 days/,
  );
});

test("people's busy time comes from their free/busy messages and their answers; nothing known says so", async () => {
  const w = world('2025-07-01T08:00:00Z');
  const BOB = 'bob@example.test';
  await own(w, 'review', '20250714T090000Z', '20250714T100000Z', `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`);
  await w.deliver(
    ALICE,
    cal('REPLY', ...vevent('UID:review', 'DTSTAMP:20250702T080000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${BOB}`)),
    { from: BOB },
  );
  await w.deliver(
    ALICE,
    cal(
      'PUBLISH',
      'BEGIN:VFREEBUSY',
      'DTSTAMP:20250701T080000Z',
      `ORGANIZER:mailto:${BOB}`,
      'DTSTART:20250714T000000Z',
      'DTEND:20250721T000000Z',
      'FREEBUSY:20250715T140000Z/20250715T150000Z',
      'END:VFREEBUSY',
    ),
    { from: BOB },
  );
  const people = await w.run((tx) =>
    views.peopleBusy(tx, w.opts(ALICE), { addresses: [BOB, 'Carol@Example.TEST'], start: '2025-07-14T00:00:00Z', end: '2025-07-16T00:00:00Z' }),
  );
  assert.deepEqual(people[0], {
    address: BOB,
    known: true,
    updated: '2025-07-01T08:00:00.000Z',
    range: { start: '2025-07-14T00:00:00Z', end: '2025-07-21T00:00:00Z' },
    busy: [
      { start: '2025-07-14T09:00:00Z', end: '2025-07-14T10:00:00Z', fbtype: 'BUSY', uid: 'review', summary: 'review' },
      { start: '2025-07-15T14:00:00Z', end: '2025-07-15T15:00:00Z', fbtype: 'BUSY', uid: null, summary: null },
    ],
  });
  assert.deepEqual(people[1], { address: 'carol@example.test', known: false, updated: null, range: null, busy: [] });
});
