// Whole outgoing messages on the organiser's side, a resource's automatic answers and free/busy
// (test/engine/itip-compare.ts): the user's action or a message in, the complete message out, the
// way RFC 5546 §4 writes its examples.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, type World } from './harness.js';
import { expectMessage, itip, stamped, zone } from './itip-compare.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const ORG = 'olga@example.com';
const BERLIN = zone('Europe/Berlin');

const OWN = 'review-9@example.test';
const OWN_EVENT = cal(
  null,
  ...vevent(
    `UID:${OWN}`,
    'DTSTAMP:20261120T080000Z',
    'DTSTART;TZID=Europe/Berlin:20261201T140000',
    'DTEND;TZID=Europe/Berlin:20261201T150000',
    'RRULE:BYDAY=TU;FREQ=WEEKLY;COUNT=4',
    'SUMMARY:Design review',
    `ATTENDEE;CN=Bob:mailto:${BOB}`,
  ),
);

async function organising(): Promise<World> {
  const w = world();
  await w.prefs(ALICE, { TZID: 'Europe/Berlin' });
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: OWN_EVENT }));
  return w;
}

const OWN_MASTER = (sequence: number, partstat = 'NEEDS-ACTION;RSVP=TRUE', ...extra: string[]) => [
  ...stamped(
    `UID:${OWN}`,
    `SEQUENCE:${sequence}`,
    'DTSTART;TZID=Europe/Berlin:20261201T140000',
    'DTEND;TZID=Europe/Berlin:20261201T150000',
    'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4',
    'SUMMARY:Design review',
    `ORGANIZER:mailto:${ALICE}`,
    `ATTENDEE;CN=Bob;PARTSTAT=${partstat}:mailto:${BOB}`,
    ...extra,
  ),
];

test('organiser: invite sends a REQUEST with a generated VTIMEZONE and RRULE written FREQ first', async () => {
  const w = world();
  await w.prefs(ALICE, { TZID: 'Europe/Berlin' });
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: OWN_EVENT }));
  expectMessage(out.outgoing[0], [`From: ${ALICE}`, `To: ${BOB}`, 'Subject: Invitation: Design review', '', ...itip('REQUEST', ...BERLIN, ...OWN_MASTER(0))]);
});

test("organiser: DECLINECOUNTER goes to the proposer with the event's identity (RFC 5546 §3.2.8)", async () => {
  const w = await organising();
  const counter = cal(
    'COUNTER',
    ...vevent(
      `UID:${OWN}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T120000Z',
      'DTSTART:20261202T090000Z',
      'DTEND:20261202T100000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`,
    ),
  );
  await w.deliver(ALICE, counter, { from: BOB });
  const out = await w.run((tx) => engine.declineCounter(tx, w.opts(ALICE), { uid: OWN, from: BOB, comment: 'Tuesdays only' }));
  expectMessage(out.outgoing[0], [
    `To: ${BOB}`,
    '',
    ...itip(
      'DECLINECOUNTER',
      ...stamped(
        `UID:${OWN}`,
        'SEQUENCE:0',
        `ORGANIZER:mailto:${ALICE}`,
        `ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOB}`,
        'COMMENT:Tuesdays only',
      ),
    ),
  ]);
});

test('organiser: cancelling one occurrence sends CANCEL with its RECURRENCE-ID and SEQUENCE + 1', async () => {
  const w = await organising();
  const out = await w.run((tx) => engine.cancel(tx, w.opts(ALICE), { uid: OWN, recurrenceId: '2026-12-08T13:00:00Z' }));
  expectMessage(out.outgoing[0], [
    `To: ${BOB}`,
    '',
    ...itip(
      'CANCEL',
      ...BERLIN,
      ...stamped(
        `UID:${OWN}`,
        'SEQUENCE:1',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261208T140000',
        'DTSTART;TZID=Europe/Berlin:20261208T140000',
        'DTEND;TZID=Europe/Berlin:20261208T150000',
        'SUMMARY:Design review',
        `ORGANIZER:mailto:${ALICE}`,
        `ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOB}`,
        'STATUS:CANCELLED',
      ),
    ),
  ]);
});

test('organiser: an update after a cancelled occurrence leaves it out of the REQUEST (EXDATE)', async () => {
  const w = await organising();
  await w.run((tx) => engine.cancel(tx, w.opts(ALICE), { uid: OWN, recurrenceId: '2026-12-08T13:00:00Z' }));
  const moved = OWN_EVENT.replace('SUMMARY:Design review', 'SUMMARY:Design review\r\nLOCATION:Room 4');
  const stored = await w.run((tx) => engine.showCalendar(tx, w.opts(ALICE), { uid: OWN }));
  const override = stored.slice(stored.lastIndexOf('BEGIN:VEVENT'), stored.lastIndexOf('END:VEVENT') + 'END:VEVENT'.length);
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: moved.replace('END:VCALENDAR', `${override}\r\nEND:VCALENDAR`) }));
  expectMessage(out.outgoing[0], [
    `To: ${BOB}`,
    '',
    ...itip('REQUEST', ...BERLIN, ...OWN_MASTER(2, 'NEEDS-ACTION;RSVP=TRUE', 'LOCATION:Room 4', 'EXDATE;TZID=Europe/Berlin:20261208T140000')),
  ]);
});

test('organiser: THISANDFUTURE: REQUEST for the rest of the series moved by an hour (RFC 5545 §3.8.4.4)', async () => {
  const w = await organising();
  const split = OWN_EVENT.replace(
    'END:VCALENDAR',
    [
      'BEGIN:VEVENT',
      `UID:${OWN}`,
      'DTSTAMP:20261120T080000Z',
      'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261215T140000',
      'DTSTART;TZID=Europe/Berlin:20261215T150000',
      'DTEND;TZID=Europe/Berlin:20261215T160000',
      'SUMMARY:Design review',
      `ATTENDEE;CN=Bob:mailto:${BOB}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n'),
  );
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: split }));
  expectMessage(out.outgoing[0], [
    `To: ${BOB}`,
    '',
    ...itip(
      'REQUEST',
      ...BERLIN,
      ...OWN_MASTER(1),
      ...stamped(
        `UID:${OWN}`,
        'SEQUENCE:1',
        'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261215T140000',
        'DTSTART;TZID=Europe/Berlin:20261215T150000',
        'DTEND;TZID=Europe/Berlin:20261215T160000',
        'SUMMARY:Design review',
        `ORGANIZER:mailto:${ALICE}`,
        `ATTENDEE;CN=Bob;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOB}`,
      ),
    ),
  ]);
});

test('organiser: REFRESH from an attendee is answered with the whole current event (event_refreshing=always)', async () => {
  const w = await organising();
  await w.prefs(ALICE, { event_refreshing: 'always' });
  const refresh = cal('REFRESH', ...vevent(`UID:${OWN}`, 'DTSTAMP:20261120T130000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${BOB}`));
  const out = await w.deliver(ALICE, refresh, { from: BOB });
  expectMessage(out.outgoing[0], [`To: ${BOB}`, '', ...itip('REQUEST', ...BERLIN, ...OWN_MASTER(0))]);
});

test("VFREEBUSY: a shared REPLY lists Alice's busy time for the asked range (RFC 5546 §4.3.2)", async () => {
  const w = await organising();
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const request = cal(
    'REQUEST',
    'BEGIN:VFREEBUSY',
    'UID:fb-1',
    'DTSTAMP:20261120T080000Z',
    `ORGANIZER:mailto:${BOB}`,
    `ATTENDEE:mailto:${ALICE}`,
    'DTSTART:20261201T000000Z',
    'DTEND:20261209T000000Z',
    'END:VFREEBUSY',
  );
  const out = await w.deliver(ALICE, request, { from: BOB });
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${BOB}`,
    '',
    ...itip(
      'REPLY',
      'BEGIN:VFREEBUSY',
      'UID:fb-1',
      'DTSTAMP:**ANY**',
      `ORGANIZER:mailto:${BOB}`,
      `ATTENDEE:mailto:${ALICE}`,
      'DTSTART:20261201T000000Z',
      'DTEND:20261209T000000Z',
      'FREEBUSY;FBTYPE=BUSY:20261201T130000Z/20261201T140000Z',
      'FREEBUSY;FBTYPE=BUSY:20261208T130000Z/20261208T140000Z',
      'END:VFREEBUSY',
    ),
  ]);
});

test('resource: a free room answers REPLY with REQUEST-STATUS, a taken one COUNTERs with the next free slot', async () => {
  const ROOM = 'room@example.test';
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_next_available_in_freebusy' });
  const booking = (uid: string, start: string, end: string) =>
    cal(
      'REQUEST',
      ...vevent(
        `UID:${uid}`,
        'SEQUENCE:0',
        'DTSTAMP:20261120T080000Z',
        `DTSTART:${start}`,
        `DTEND:${end}`,
        'SUMMARY:Board',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
      ),
    );
  const answer = (method: string, ...lines: string[]) => itip(method, ...stamped('SEQUENCE:0', `ORGANIZER:mailto:${ORG}`, 'SUMMARY:Board', ...lines));
  const free = await w.deliver(ROOM, booking('room-1', '20261202T100000Z', '20261202T110000Z'), { from: ORG, role: 'resource' });
  expectMessage(free.outgoing[0], [
    `From: ${ROOM}`,
    `To: ${ORG}`,
    'Subject: Accepted: Board',
    '',
    ...answer(
      'REPLY',
      'UID:room-1',
      'DTSTART:20261202T100000Z',
      'DTEND:20261202T110000Z',
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:${ROOM}`,
      'REQUEST-STATUS:2.0;Success',
    ),
  ]);
  const taken = await w.deliver(ROOM, booking('room-2', '20261202T101500Z', '20261202T104500Z'), { from: ORG, role: 'resource' });
  expectMessage(taken.outgoing[0], [
    `To: ${ORG}`,
    'Subject: Counter-proposal: Board',
    '',
    ...answer(
      'COUNTER',
      'UID:room-2',
      'DTSTART:20261202T110000Z',
      'DTEND:20261202T113000Z',
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${ROOM}`,
      'COMMENT:the requested time is not available; next free: 2026-12-02T11:00Z',
    ),
  ]);
});

test('VFREEBUSY: asking others sends a REQUEST naming each attendee and the range (RFC 5546 §4.3.1)', async () => {
  const w = world();
  const out = await w.run((tx) => engine.requestFreebusy(tx, w.opts(ALICE), { to: [BOB], start: '2026-12-01T00:00:00Z', end: '2026-12-08T00:00:00Z' }));
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${BOB}`,
    'Subject: Free/busy request',
    '',
    ...itip(
      'REQUEST',
      'BEGIN:VFREEBUSY',
      'UID:**ANY**',
      'DTSTAMP:**ANY**',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE:mailto:${BOB}`,
      'DTSTART:20261201T000000Z',
      'DTEND:20261208T000000Z',
      'END:VFREEBUSY',
    ),
  ]);
});

test('organiser: a cancelled THISANDFUTURE occurrence ends the series before it in the next REQUEST', async () => {
  const w = await organising();
  const ended = OWN_EVENT.replace(
    'END:VCALENDAR',
    [
      'BEGIN:VEVENT',
      `UID:${OWN}`,
      'DTSTAMP:20261120T080000Z',
      'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261215T140000',
      'DTSTART;TZID=Europe/Berlin:20261215T140000',
      'DTEND;TZID=Europe/Berlin:20261215T150000',
      'SUMMARY:Design review',
      'STATUS:CANCELLED',
      `ATTENDEE;CN=Bob:mailto:${BOB}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n'),
  );
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: ended }));
  assert.deepEqual(
    out.outgoing.map((o) => o.method),
    ['CANCEL', 'REQUEST'],
  );
  // COUNT=4 from 1 December: two Tuesdays remain before 15 December.
  expectMessage(out.outgoing[1], [`To: ${BOB}`, '', ...itip('REQUEST', ...BERLIN, ...OWN_MASTER(1).map((l) => l.replace('COUNT=4', 'COUNT=2')))]);
});
