// Every outgoing iTIP message compared as a whole (test/engine/itip-compare.ts), for the attendee
// and the organiser side: a message in or a user action, and the complete message out, the way
// RFC 5546 §4 writes its examples. An extra or leaked property fails these tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, type World } from './harness.js';
import { expectMessage, itip, stamped } from './itip-compare.js';

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

const BERLIN = ['BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', '**ANY**', 'END:VTIMEZONE'];

async function invited(): Promise<World> {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...SERIES), { from: ORG });
  return w;
}

test('attendee: REPLY to the series carries only Alice\'s line, with the times it answers', async () => {
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
  const out = await w.run((tx) => engine.counterPropose(tx, w.opts(ALICE), { uid: UID, recurrenceId: '2026-12-15T08:30:00Z', start: '2026-12-15T10:00:00Z', end: '2026-12-15T10:15:00Z', comment: 'Later that day?' }));
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

test('attendee: REFRESH asks for the current version with Alice\'s line only (RFC 5546 §3.2.6)', async () => {
  const w = await invited();
  const out = await w.run((tx) => engine.refresh(tx, w.opts(ALICE), { uid: UID }));
  expectMessage(out.outgoing[0], [
    `To: ${ORG}`,
    '',
    ...itip(
      'REFRESH',
      ...stamped(
        `UID:${UID}`,
        `ORGANIZER;CN=Olga:mailto:${ORG}`,
        `ATTENDEE;CN=Alice;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      ),
    ),
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

// ---------------------------------------------------------------------------------------------
// The organiser's side: Alice organises.

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
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${BOB}`,
    'Subject: Invitation: Design review',
    '',
    ...itip(
      'REQUEST',
      ...BERLIN,
      ...OWN_MASTER(0),
    ),
  ]);
});

test('organiser: DECLINECOUNTER goes to the proposer with the event\'s identity (RFC 5546 §3.2.8)', async () => {
  const w = await organising();
  const counter = cal('COUNTER', ...vevent(`UID:${OWN}`, 'SEQUENCE:0', 'DTSTAMP:20261120T120000Z', 'DTSTART:20261202T090000Z', 'DTEND:20261202T100000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`));
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
    ...itip(
      'REQUEST',
      ...BERLIN,
      ...OWN_MASTER(2, 'NEEDS-ACTION;RSVP=TRUE', 'LOCATION:Room 4', 'EXDATE;TZID=Europe/Berlin:20261208T140000'),
    ),
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

test('VFREEBUSY: a shared REPLY lists Alice\'s busy time for the asked range (RFC 5546 §4.3.2)', async () => {
  const w = await organising();
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const request = cal('REQUEST', 'BEGIN:VFREEBUSY', 'UID:fb-1', 'DTSTAMP:20261120T080000Z', `ORGANIZER:mailto:${BOB}`, `ATTENDEE:mailto:${ALICE}`, 'DTSTART:20261201T000000Z', 'DTEND:20261209T000000Z', 'END:VFREEBUSY');
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

test('attendee: REPLY to a THISANDFUTURE override names it with its RANGE (RFC 5545 §3.8.4.4)', async () => {
  const w = world();
  const line = `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`;
  const master = vevent('UID:class-1@example.com', 'SEQUENCE:0', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'RRULE:FREQ=WEEKLY;COUNT=6', 'SUMMARY:Class', `ORGANIZER:mailto:${ORG}`, line);
  const later = vevent('UID:class-1@example.com', 'SEQUENCE:0', 'DTSTAMP:20261120T080000Z', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20261215T100000Z', 'DTSTART:20261215T140000Z', 'DTEND:20261215T150000Z', 'SUMMARY:Class (afternoons)', `ORGANIZER:mailto:${ORG}`, line);
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

test('resource: a free room answers REPLY with REQUEST-STATUS, a taken one COUNTERs with the next free slot', async () => {
  const ROOM = 'room@example.test';
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_next_available_in_freebusy' });
  const booking = (uid: string, start: string, end: string) =>
    cal('REQUEST', ...vevent(`UID:${uid}`, 'SEQUENCE:0', 'DTSTAMP:20261120T080000Z', `DTSTART:${start}`, `DTEND:${end}`, 'SUMMARY:Board', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`));
  const answer = (method: string, ...lines: string[]) => itip(method, ...stamped('SEQUENCE:0', `ORGANIZER:mailto:${ORG}`, 'SUMMARY:Board', ...lines));
  const free = await w.deliver(ROOM, booking('room-1', '20261202T100000Z', '20261202T110000Z'), { from: ORG, role: 'resource' });
  expectMessage(free.outgoing[0], [
    `From: ${ROOM}`,
    `To: ${ORG}`,
    'Subject: Accepted: Board',
    '',
    ...answer('REPLY', 'UID:room-1', 'DTSTART:20261202T100000Z', 'DTEND:20261202T110000Z', `ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:${ROOM}`, 'REQUEST-STATUS:2.0;Success'),
  ]);
  const taken = await w.deliver(ROOM, booking('room-2', '20261202T101500Z', '20261202T104500Z'), { from: ORG, role: 'resource' });
  expectMessage(taken.outgoing[0], [
    `To: ${ORG}`,
    'Subject: Counter-proposal: Board',
    '',
    ...answer('COUNTER', 'UID:room-2', 'DTSTART:20261202T110000Z', 'DTEND:20261202T113000Z', `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${ROOM}`, 'COMMENT:the requested time is not available; next free: 2026-12-02T11:00Z'),
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
    ...itip('REQUEST', 'BEGIN:VFREEBUSY', 'UID:**ANY**', 'DTSTAMP:**ANY**', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${BOB}`, 'DTSTART:20261201T000000Z', 'DTEND:20261208T000000Z', 'END:VFREEBUSY'),
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
  assert.deepEqual(out.outgoing.map((o) => o.method), ['CANCEL', 'REQUEST']);
  // COUNT=4 from 1 December: two Tuesdays remain before 15 December.
  expectMessage(out.outgoing[1], [`To: ${BOB}`, '', ...itip('REQUEST', ...BERLIN, ...OWN_MASTER(1).map((l) => l.replace('COUNT=4', 'COUNT=2')))]);
});
