// Thunderbird's calendars beside the agent's store: one event per UID, and every busy consumer
// (free/busy answers, the popup's day picture and conflicts, free slots, the calendar view, the
// resource agent) sees both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, busyLines, parsedOut, attendeeLines } from '../engine/harness.js';
import { mail } from '../views/helpers.js';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import type { EngineOptions } from '../../src/core/api.js';
import type { CalendarSource } from '../../src/core/calendars/source.js';
import { ALICE, calendars, item } from './fake-source.js';

const ORG = 'olga@example.test';
const ROOM = 'room@example.test';
const WEEK = { start: '2026-11-23T00:00:00Z', end: '2026-11-30T00:00:00Z' };

function invitation(uid: string, start: string, end: string, attendee = ALICE, seq = 0): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${seq}`,
      'DTSTAMP:20261120T080000Z',
      `DTSTART:${start}`,
      `DTEND:${end}`,
      'SUMMARY:Planning',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${attendee}`,
    ),
  );
}

function withCalendars(opts: EngineOptions, source: CalendarSource): EngineOptions {
  return { ...opts, calendars: source };
}

test('free/busy: a meeting only in Thunderbird counts; an event in both counts once, at the time the agent holds', async () => {
  const w = world();
  await w.deliver(ALICE, invitation('shared', '20261124T100000Z', '20261124T110000Z'), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'shared', partstat: 'ACCEPTED' }));
  const { source } = calendars(w.now, {
    home: [
      item('home', 'dentist', 'DTSTART:20261125T080000Z', 'DTEND:20261125T090000Z', 'SUMMARY:Dentist'),
      // Thunderbird's stale copy of the same meeting, an hour off and still unanswered: the agent's state wins.
      item('home', 'shared', 'DTSTART:20261124T150000Z', 'DTEND:20261124T160000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`),
    ],
    // The same appointment in a second calendar is one appointment.
    work: [item('work', 'dentist', 'DTSTART:20261125T080000Z', 'DTEND:20261125T090000Z')],
  });
  const text = await w.run((tx) => engine.freebusyCalendar(tx, withCalendars(w.opts(ALICE), source), WEEK));
  assert.deepEqual(busyLines(text), ['BUSY 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z', 'BUSY 2026-11-25T08:00:00Z/2026-11-25T09:00:00Z']);
  const blocks = await w.run((tx) => views.busyRange(tx, withCalendars(w.opts(ALICE), source), WEEK));
  assert.deepEqual(
    blocks.map((b) => `${b.uid} ${b.start}`),
    ['shared 2026-11-24T10:00:00Z', 'dentist 2026-11-25T08:00:00Z'],
  );
});

test("a VFREEBUSY REQUEST is answered with the Thunderbird calendars' busy time", async () => {
  const w = world();
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const { source } = calendars(w.now, { home: [item('home', 'gym', 'DTSTART:20261126T170000Z', 'DTEND:20261126T180000Z', 'TRANSP:OPAQUE')] });
  const request = cal(
    'REQUEST',
    'BEGIN:VFREEBUSY',
    'UID:fb-1',
    'DTSTAMP:20261120T080000Z',
    `ORGANIZER:mailto:${ORG}`,
    `ATTENDEE:mailto:${ALICE}`,
    'DTSTART:20261123T000000Z',
    'DTEND:20261130T000000Z',
    'END:VFREEBUSY',
  );
  const msg = mail(request, ORG, ALICE);
  const out = await w.run((tx) => engine.handleMessage(tx, msg, withCalendars(w.opts(ALICE), source)));
  assert.equal(out.outgoing.length, 1);
  const { method, comp } = parsedOut(out.outgoing[0]!);
  assert.equal(method, 'REPLY');
  assert.deepEqual(busyLines(out.outgoing[0]!.ics), ['BUSY 2026-11-26T17:00:00Z/2026-11-26T18:00:00Z']);
  assert.equal(comp.getFirstPropertyValue('uid'), 'fb-1');
});

test('the popup: a colliding invitation shows the conflict coming from the Thunderbird calendar, with its summary', async () => {
  const w = world();
  const { source } = calendars(w.now, {
    home: [
      item('home', 'review', 'DTSTART:20261124T103000Z', 'DTEND:20261124T113000Z', 'SUMMARY:Design review'),
      item('home', 'lunch', 'DTSTART:20261124T120000Z', 'DTEND:20261124T130000Z', 'SUMMARY:Lunch', 'TRANSP:TRANSPARENT'),
    ],
  });
  const msg = mail(invitation('planning', '20261124T100000Z', '20261124T110000Z'), ORG, ALICE);
  const items = await w.run(async (tx) => {
    const opts = withCalendars(w.opts(ALICE), source);
    const outcome = await engine.handleMessage(tx, msg, opts);
    return views.messageItems(tx, opts, msg, { results: outcome.results, previous: outcome.previous });
  });
  const it = items[0]!;
  assert.deepEqual(
    it.conflicts.map((b) => [b.uid, b.start, b.end, b.fbtype, b.summary]),
    [['review', '2026-11-24T10:30:00Z', '2026-11-24T11:30:00Z', 'BUSY', 'Design review']],
  );
  assert.deepEqual(
    it.dayBusy.map((b) => b.uid),
    ['review'],
    'the transparent lunch leaves the day free',
  );
});

test("free slots for a counter-proposal go around the Thunderbird calendars' meetings", async () => {
  const w = world();
  await w.prefs(ALICE, { TZID: 'UTC', working_hours: 'MO-FR 09:00-12:00' });
  const { source } = calendars(w.now, { home: [item('home', 'block', 'DTSTART:20261123T090000Z', 'DTEND:20261123T110000Z')] });
  const slots = await w.run((tx) =>
    views.freeSlots(tx, withCalendars(w.opts(ALICE), source), { after: '2026-11-23T00:00:00Z', durationMinutes: 60, count: 2 }),
  );
  assert.deepEqual(
    slots.map((s) => s.start),
    ['2026-11-23T11:00:00Z', '2026-11-24T09:00:00Z'],
  );
});

test("the calendar view shows Thunderbird's events marked with their calendar, and the agent's copy only once", async () => {
  const w = world();
  await w.deliver(ALICE, invitation('shared', '20261124T100000Z', '20261124T110000Z'), { from: ORG });
  const { source } = calendars(w.now, {
    home: [
      item('home', 'shared', 'DTSTART:20261124T100000Z', 'DTEND:20261124T110000Z', 'SUMMARY:Planning (Thunderbird copy)'),
      item(
        'home',
        'party',
        'DTSTART:20261127T180000Z',
        'DTEND:20261127T220000Z',
        'SUMMARY:Party',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE;PARTSTAT=DECLINED:mailto:${ALICE}`,
      ),
    ],
  });
  const occs = await w.run((tx) => views.calendarRange(tx, withCalendars(w.opts(ALICE), source), WEEK));
  assert.deepEqual(
    occs.map((o) => [o.uid, o.summary, o.partstat, o.calendar?.name ?? null]),
    [
      ['shared', 'Planning', 'NEEDS-ACTION', null],
      ['party', 'Party', 'DECLINED', 'Calendar home'],
    ],
  );
});

function booking(uid: string, start: string, end: string): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      `DTSTART:${start}`,
      `DTEND:${end}`,
      'SUMMARY:Team meeting',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
    ),
  );
}

test('a room declines a request that collides with a booking made directly in its Thunderbird calendar, and accepts a free time', async () => {
  const w = world();
  const { source } = calendars(w.now, { room: [item('room', 'walk-in', 'DTSTART:20261124T090000Z', 'DTEND:20261124T103000Z', 'SUMMARY:Booked at the desk')] }, [
    ROOM,
  ]);
  const opts = () => withCalendars(w.opts(ROOM, 'resource'), source);
  const out = await w.run((tx) => engine.handleMessage(tx, mail(booking('b1', '20261124T100000Z', '20261124T110000Z'), ORG, ROOM), opts()));
  const answer = parsedOut(out.outgoing[0]!);
  assert.deepEqual(
    [answer.method, attendeeLines(answer.comp)[0]!.partstat, answer.comp.getFirstProperty('request-status')?.getFirstValue()],
    ['REPLY', 'DECLINED', ['4.0', 'Event conflict. Date-time is busy.']],
  );
  const ok = await w.run((tx) => engine.handleMessage(tx, mail(booking('b2', '20261124T110000Z', '20261124T120000Z'), ORG, ROOM), opts()));
  assert.equal(attendeeLines(parsedOut(ok.outgoing[0]!).comp)[0]!.partstat, 'ACCEPTED');
});

test("a room's quota counts the organiser's bookings made directly in its Thunderbird calendar", async () => {
  const w = world();
  await w.prefs(ROOM, { quota: 'PT2H per P7D', scheduling_function: 'check_quota' });
  const { source } = calendars(
    w.now,
    {
      room: [
        item('room', 'direct', 'DTSTART:20261123T090000Z', 'DTEND:20261123T103000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ROOM}`),
      ],
    },
    [ROOM],
  );
  const out = await w.run((tx) =>
    engine.handleMessage(tx, mail(booking('q1', '20261125T100000Z', '20261125T110000Z'), ORG, ROOM), withCalendars(w.opts(ROOM, 'resource'), source)),
  );
  const answer = parsedOut(out.outgoing[0]!);
  assert.equal(attendeeLines(answer.comp)[0]!.partstat, 'DECLINED');
  assert.match(out.results.map((r) => r.reason).join(' '), /quota exceeded/);
});
