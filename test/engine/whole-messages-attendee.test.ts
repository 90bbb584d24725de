// Whole outgoing messages on the attendee's side (test/engine/itip-compare.ts): a REQUEST in, the
// user's answer and the complete message out, the way RFC 5546 §4 writes its examples. An extra or
// leaked property fails these tests.

import { test } from 'node:test';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, type World } from './harness.js';
import { expectMessage, itip, stamped, zone } from './itip-compare.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const ORG = 'olga@example.com';
const UID = 'standup-3@example.com';

/** Olga's weekly stand-up in Berlin time, with one moved occurrence (RFC 5546 §4.4.1 shape). */
const SERIES = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
  ...vevent(
    `UID:${UID}`,
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'DTSTART;TZID=Europe/Berlin:20261201T093000',
    'DTEND;TZID=Europe/Berlin:20261201T094500',
    'RRULE:FREQ=WEEKLY;COUNT=6',
    'SUMMARY:Stand-up',
    `ORGANIZER;CN=Olga:mailto:${ORG}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
    `ATTENDEE;CN=Alice;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`,
  ),
  ...vevent(
    `UID:${UID}`,
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'RECURRENCE-ID;TZID=Europe/Berlin:20261208T093000',
    'DTSTART;TZID=Europe/Berlin:20261208T110000',
    'DTEND;TZID=Europe/Berlin:20261208T111500',
    'SUMMARY:Stand-up (late)',
    `ORGANIZER;CN=Olga:mailto:${ORG}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
    `ATTENDEE;CN=Alice;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`,
  ),
];

const BERLIN = zone('Europe/Berlin');

async function invited(): Promise<World> {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...SERIES), { from: ORG });
  return w;
}

test("attendee: REPLY to the series carries only Alice's line, with the times it answers", async () => {
  const w = await invited();
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED', comment: 'Gladly' }));
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${ORG}`,
    'Subject: Accepted: Stand-up',
    '',
    ...itip(
      'REPLY',
      ...BERLIN,
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        'DTSTART;TZID=Europe/Berlin:20261201T093000',
        'DTEND;TZID=Europe/Berlin:20261201T094500',
        'SUMMARY:Stand-up',
        `ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
        'COMMENT:Gladly',
      ),
    ),
  ]);
});

test('attendee: REPLY for the moved occurrence names it by RECURRENCE-ID (RFC 5546 §4.4.2)', async () => {
  const w = await invited();
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, recurrenceId: '2026-12-08T08:30:00Z', partstat: 'DECLINED' }));
  expectMessage(out.outgoing[0], [
    `To: ${ORG}`,
    'Subject: Declined: Stand-up (late)',
    '',
    ...itip(
      'REPLY',
      ...BERLIN,
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        'RECURRENCE-ID;TZID=Europe/Berlin:20261208T093000',
        'DTSTART;TZID=Europe/Berlin:20261208T110000',
        'DTEND;TZID=Europe/Berlin:20261208T111500',
        'SUMMARY:Stand-up (late)',
        `ATTENDEE;CN=Alice;PARTSTAT=DECLINED:mailto:${ALICE}`,
      ),
    ),
  ]);
});

test('attendee: COUNTER proposes a new time for one occurrence (RFC 5546 §3.2.7)', async () => {
  const w = await invited();
  const out = await w.run((tx) =>
    engine.counterPropose(tx, w.opts(ALICE), {
      uid: UID,
      recurrenceId: '2026-12-15T08:30:00Z',
      start: '2026-12-15T10:00:00Z',
      end: '2026-12-15T10:15:00Z',
      comment: 'Later that day?',
    }),
  );
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${ORG}`,
    '',
    ...itip(
      'COUNTER',
      ...BERLIN,
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        'RECURRENCE-ID;TZID=Europe/Berlin:20261215T093000',
        'DTSTART:20261215T100000Z',
        'DTEND:20261215T101500Z',
        'SUMMARY:Stand-up',
        `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
        'COMMENT:Later that day?',
      ),
    ),
  ]);
});

test("attendee: REFRESH asks for the current version with Alice's line only (RFC 5546 §3.2.6)", async () => {
  const w = await invited();
  const out = await w.run((tx) => engine.refresh(tx, w.opts(ALICE), { uid: UID }));
  expectMessage(out.outgoing[0], [
    `To: ${ORG}`,
    '',
    ...itip('REFRESH', ...stamped(`UID:${UID}`, `ORGANIZER;CN=Olga:mailto:${ORG}`, `ATTENDEE;CN=Alice;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`)),
  ]);
});

test('attendee: delegating sends the delegate a REQUEST and the organiser a REPLY (RFC 5546 §4.2.5)', async () => {
  const w = await invited();
  const out = await w.run((tx) => engine.delegate(tx, w.opts(ALICE), { uid: UID, to: 'dave@example.test' }));
  const [request, reply] = out.outgoing;
  expectMessage(reply, [
    `To: ${ORG}`,
    '',
    ...itip(
      'REPLY',
      ...BERLIN,
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        'DTSTART;TZID=Europe/Berlin:20261201T093000',
        'DTEND;TZID=Europe/Berlin:20261201T094500',
        'SUMMARY:Stand-up',
        `ATTENDEE;CN=Alice;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:dave@example.test":mailto:${ALICE}`,
        `ATTENDEE;DELEGATED-FROM="mailto:${ALICE}";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:dave@example.test`,
      ),
    ),
  ]);
  expectMessage(request, [
    'To: dave@example.test',
    '',
    ...itip(
      'REQUEST',
      ...BERLIN,
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        'DTSTART;TZID=Europe/Berlin:20261201T093000',
        'DTEND;TZID=Europe/Berlin:20261201T094500',
        'RRULE:FREQ=WEEKLY;COUNT=6',
        'SUMMARY:Stand-up',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
        `ATTENDEE;CN=Alice;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:dave@example.test":mailto:${ALICE}`,
        `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`,
        `ATTENDEE;DELEGATED-FROM="mailto:${ALICE}";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:dave@example.test`,
      ),
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261208T093000',
        'DTSTART;TZID=Europe/Berlin:20261208T110000',
        'DTEND;TZID=Europe/Berlin:20261208T111500',
        'SUMMARY:Stand-up (late)',
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
        `ATTENDEE;CN=Alice;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
        `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`,
      ),
    ),
  ]);
});

test('attendee: REPLY to a THISANDFUTURE override names it with its RANGE (RFC 5545 §3.8.4.4)', async () => {
  const w = world();
  const line = `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`;
  const master = vevent(
    'UID:class-1@example.com',
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:20261201T100000Z',
    'DTEND:20261201T110000Z',
    'RRULE:FREQ=WEEKLY;COUNT=6',
    'SUMMARY:Class',
    `ORGANIZER:mailto:${ORG}`,
    line,
  );
  const later = vevent(
    'UID:class-1@example.com',
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'RECURRENCE-ID;RANGE=THISANDFUTURE:20261215T100000Z',
    'DTSTART:20261215T140000Z',
    'DTEND:20261215T150000Z',
    'SUMMARY:Class (afternoons)',
    `ORGANIZER:mailto:${ORG}`,
    line,
  );
  await w.deliver(ALICE, cal('REQUEST', ...master, ...later), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'class-1@example.com', recurrenceId: '20261215T100000Z', partstat: 'DECLINED' }));
  expectMessage(out.outgoing[0], [
    `To: ${ORG}`,
    'Subject: Declined: Class (afternoons)',
    '',
    ...itip(
      'REPLY',
      ...stamped(
        'UID:class-1@example.com',
        'SEQUENCE:0',
        `ORGANIZER:mailto:${ORG}`,
        'RECURRENCE-ID;RANGE=THISANDFUTURE:20261215T100000Z',
        'DTSTART:20261215T140000Z',
        'DTEND:20261215T150000Z',
        'SUMMARY:Class (afternoons)',
        `ATTENDEE;PARTSTAT=DECLINED:mailto:${ALICE}`,
      ),
    ),
  ]);
});
