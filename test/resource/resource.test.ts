// The resource agent: a room answers by policy, at once — a message in, an answer out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, parsedOut, attendeeLines, busyLines, type World } from '../engine/harness.js';
import type { Outcome } from '../../src/core/types.js';

const ROOM = 'room@example.test';
const ROOM2 = 'room2@example.test';
const ORG = 'olga@example.test';
const WEEK = ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'] as const;

let seq = 0;
function booking(uid: string, start: string, end: string, opts: { organizer?: string; room?: string; seq?: number; extra?: string[] } = {}): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${opts.seq ?? 0}`,
      `DTSTAMP:20261120T08${String(++seq % 60).padStart(2, '0')}00Z`,
      `DTSTART:${start}`,
      `DTEND:${end}`,
      'SUMMARY:Team meeting',
      `ORGANIZER:mailto:${opts.organizer ?? ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${opts.organizer ?? ORG}`,
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${opts.room ?? ROOM}`,
      ...(opts.extra ?? []),
    ),
  );
}

async function book(w: World, ics: string, from = ORG, room = ROOM): Promise<Outcome> {
  return w.deliver(room, ics, { from, role: 'resource' });
}

function answer(out: Outcome, i = 0) {
  const msg = out.outgoing[i]!;
  const { comp, method } = parsedOut(msg);
  const line = attendeeLines(comp)[0];
  const status = comp.getAllProperties('request-status').map((p) => (p.getFirstValue() as string[]).join(';'));
  return { method, to: msg.to, from: msg.from, partstat: line?.partstat, status, comment: comp.getFirstPropertyValue('comment'), comp };
}

test('a free room accepts at once: REPLY ACCEPTED with REQUEST-STATUS 2.0, and the time becomes busy', async () => {
  const w = world();
  const out = await book(w, booking('b1', '20261124T100000Z', '20261124T110000Z'));
  assert.equal(out.results[0]!.action, 'answered');
  assert.equal(out.results[0]!.reason, 'accepted');
  const a = answer(out);
  assert.deepEqual([a.method, a.from, a.to, a.partstat, a.status], ['REPLY', ROOM, [ORG], 'ACCEPTED', ['2.0;Success']]);
  assert.deepEqual(busyLines(await w.freebusy(ROOM, ...WEEK)), ['BUSY 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z']);
  assert.equal((await w.json(ROOM)).queue.length, 0, 'nothing waits for a person');
});

test('an overlapping request is declined with 4.0; two racing requests never both win', async () => {
  const w = world();
  const [a, b] = await Promise.all([
    book(w, booking('race-1', '20261124T100000Z', '20261124T110000Z')),
    book(w, booking('race-2', '20261124T103000Z', '20261124T113000Z', { organizer: 'bob@example.test' }), 'bob@example.test'),
  ]);
  const answers = [answer(a), answer(b)].map((x) => x.partstat).sort();
  assert.deepEqual(answers, ['ACCEPTED', 'DECLINED']);
  const declined = [answer(a), answer(b)].find((x) => x.partstat === 'DECLINED')!;
  assert.deepEqual(declined.status, ['4.0;Event conflict. Date-time is busy.']);
});

test('capacity: schedule_in_freebusy 2 takes two concurrent bookings, not three', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_in_freebusy 2' });
  const r = [];
  for (const [i, org] of ['a@example.test', 'b@example.test', 'c@example.test'].entries())
    r.push(answer(await book(w, booking(`cap-${i}`, '20261124T100000Z', '20261124T110000Z', { organizer: org }), org)).partstat);
  assert.deepEqual(r, ['ACCEPTED', 'ACCEPTED', 'DECLINED']);
});

test('a chain: access control, then capacity, then quota', async () => {
  const w = world();
  await w.prefs(ROOM, {
    scheduling_function: 'access_control_list\nschedule_in_freebusy\ncheck_quota',
    acl: 'decline\naccept organiser @example.test\ndecline organiser mallory@example.test',
    quota: 'PT2H per P7D',
  });
  const stranger = answer(await book(w, booking('acl-1', '20261124T080000Z', '20261124T090000Z', { organizer: 'eve@other.example' }), 'eve@other.example'));
  assert.deepEqual([stranger.partstat, stranger.status[0]], ['DECLINED', '3.8;No authority']);
  assert.match(String(stranger.comment), /access control list/);
  const mallory = answer(
    await book(w, booking('acl-2', '20261124T080000Z', '20261124T090000Z', { organizer: 'mallory@example.test' }), 'mallory@example.test'),
  );
  assert.equal(mallory.partstat, 'DECLINED', 'a later rule overrides an earlier one');
  assert.equal(answer(await book(w, booking('q-1', '20261124T100000Z', '20261124T113000Z'))).partstat, 'ACCEPTED');
  const over = answer(await book(w, booking('q-2', '20261125T100000Z', '20261125T110000Z')));
  assert.deepEqual([over.partstat, over.status[0]], ['DECLINED', '5.1;Service unavailable']);
  assert.match(String(over.comment), /quota exceeded/);
  const busyToo = answer(await book(w, booking('q-3', '20261124T110000Z', '20261124T120000Z')));
  assert.equal(busyToo.status[0], '4.0;Event conflict. Date-time is busy.', 'capacity is checked before quota');
});

test('a CANCEL frees the room and gives the quota back', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_in_freebusy\ncheck_quota', quota: 'PT1H per P7D' });
  await book(w, booking('c-1', '20261124T100000Z', '20261124T110000Z'));
  assert.equal((await w.json(ROOM)).usage.length, 1);
  assert.equal(answer(await book(w, booking('c-2', '20261125T100000Z', '20261125T110000Z'))).partstat, 'DECLINED');
  const cancel = cal(
    'CANCEL',
    ...vevent('UID:c-1', 'SEQUENCE:1', 'DTSTAMP:20261121T080000Z', 'STATUS:CANCELLED', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ROOM}`),
  );
  assert.equal((await book(w, cancel)).results[0]!.action, 'cancelled');
  assert.equal((await w.json(ROOM)).usage.length, 0);
  assert.deepEqual(busyLines(await w.freebusy(ROOM, ...WEEK)), []);
  assert.equal(answer(await book(w, booking('c-3', '20261125T100000Z', '20261125T110000Z'))).partstat, 'ACCEPTED');
});

test('a quota group is shared by two rooms; quota_limits overrides per organiser', async () => {
  const w = world();
  for (const room of [ROOM, ROOM2])
    await w.prefs(room, {
      scheduling_function: 'schedule_in_freebusy\ncheck_quota',
      quota: 'PT1H per P7D',
      quota_group: 'floor-3',
      quota_limits: 'boss@example.test PT10H per P7D',
    });
  assert.equal(answer(await book(w, booking('g-1', '20261124T100000Z', '20261124T110000Z'))).partstat, 'ACCEPTED');
  const other = answer(await book(w, booking('g-2', '20261124T140000Z', '20261124T150000Z', { room: ROOM2 }), ORG, ROOM2));
  assert.equal(other.partstat, 'DECLINED', 'the group journal already holds an hour for this organiser');
  const boss = (uid: string, s: string, e: string) => booking(uid, s, e, { organizer: 'boss@example.test', room: ROOM2 });
  assert.equal(answer(await book(w, boss('g-3', '20261124T140000Z', '20261124T170000Z'), 'boss@example.test', ROOM2)).partstat, 'ACCEPTED');
  const usage = (await w.json(ROOM2)).usage;
  assert.deepEqual(usage.map((u: any) => [u.organizer, u.resource]).sort(), [
    ['boss@example.test', ROOM2],
    [ORG, ROOM],
  ]);
});

const DAILY = ['RRULE:FREQ=DAILY;COUNT=5'];

test('a recurring request with one conflicting occurrence: declined whole by default, naming it', async () => {
  const w = world();
  await book(w, booking('blocker', '20261126T100000Z', '20261126T110000Z'));
  const out = answer(await book(w, booking('series-1', '20261124T100000Z', '20261124T110000Z', { extra: DAILY })));
  assert.equal(out.partstat, 'DECLINED');
  assert.match(String(out.comment), /2026-11-26T10:00Z/);
});

test('recurrence_conflicts=partial accepts the series and declines the conflicting occurrence', async () => {
  const w = world();
  await w.prefs(ROOM, { recurrence_conflicts: 'partial' });
  await book(w, booking('blocker', '20261126T100000Z', '20261126T110000Z'));
  const out = await book(w, booking('series-2', '20261124T100000Z', '20261124T110000Z', { extra: DAILY }));
  // Was: two messages. One answer per booking now: the declined occurrence rides in the same REPLY.
  assert.equal(out.outgoing.length, 1);
  const [series, occurrence] = parsedOut(out.outgoing[0]!).root.getAllSubcomponents('vevent');
  assert.equal(attendeeLines(series!)[0]!.partstat, 'ACCEPTED');
  assert.equal(attendeeLines(occurrence!)[0]!.partstat, 'DECLINED');
  assert.equal(String(occurrence!.getFirstPropertyValue('recurrence-id')), '2026-11-26T10:00:00Z');
  assert.deepEqual(
    occurrence!.getAllProperties('request-status').map((p) => (p.getFirstValue() as string[]).join(';')),
    ['4.0;Event conflict. Date-time is busy.'],
  );
  assert.deepEqual(busyLines(await w.freebusy(ROOM, '2026-11-24T00:00:00Z', '2026-11-29T00:00:00Z')), [
    'BUSY 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z',
    'BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z',
    'BUSY 2026-11-26T10:00:00Z/2026-11-26T11:00:00Z',
    'BUSY 2026-11-27T10:00:00Z/2026-11-27T11:00:00Z',
    'BUSY 2026-11-28T10:00:00Z/2026-11-28T11:00:00Z',
  ]);
  assert.equal((await w.json(ROOM)).usage.filter((u: any) => u.uid === 'series-2').length, 4);
});

test('a moved booking is re-decided; the old period is released only by the new decision', async () => {
  const w = world();
  await book(w, booking('m-1', '20261124T100000Z', '20261124T110000Z'));
  await book(w, booking('other', '20261124T140000Z', '20261124T150000Z', { organizer: 'bob@example.test' }), 'bob@example.test');
  const clash = answer(await book(w, booking('m-1', '20261124T143000Z', '20261124T153000Z', { seq: 1 })));
  assert.equal(clash.partstat, 'DECLINED', 'moved onto a busy slot');
  assert.deepEqual(busyLines(await w.freebusy(ROOM, ...WEEK)), ['BUSY 2026-11-24T14:00:00Z/2026-11-24T15:00:00Z']);
  const moved = answer(await book(w, booking('m-1', '20261124T120000Z', '20261124T130000Z', { seq: 2 })));
  assert.equal(moved.partstat, 'ACCEPTED');
  assert.deepEqual(busyLines(await w.freebusy(ROOM, ...WEEK)), [
    'BUSY 2026-11-24T12:00:00Z/2026-11-24T13:00:00Z',
    'BUSY 2026-11-24T14:00:00Z/2026-11-24T15:00:00Z',
  ]);
});

test('schedule_corrected_in_freebusy counters with the period moved onto permitted_times', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_corrected_in_freebusy', permitted_times: '*:0,30' });
  const out = await book(w, booking('grid-1', '20261124T101000Z', '20261124T104000Z'));
  const a = answer(out);
  assert.equal(a.method, 'COUNTER');
  assert.equal(String(a.comp.getFirstPropertyValue('dtstart')), '2026-11-24T10:30:00Z');
  assert.equal(String(a.comp.getFirstPropertyValue('dtend')), '2026-11-24T11:00:00Z');
  assert.match(out.results[0]!.reason, /counter-proposed/);
  const ok = answer(await book(w, booking('grid-2', '20261125T100000Z', '20261125T103000Z')));
  assert.equal(ok.partstat, 'ACCEPTED', 'already on the grid');
});

test('schedule_next_available_in_freebusy counters with the next free slot inside working hours; the offer is held', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_next_available_in_freebusy', working_hours: 'MO-FR 08:00-18:00', freebusy_offers: 'PT2H' });
  await book(w, booking('full', '20261124T090000Z', '20261124T180000Z', { organizer: 'bob@example.test' }), 'bob@example.test');
  const a = answer(await book(w, booking('want', '20261124T100000Z', '20261124T110000Z')));
  assert.equal(a.method, 'COUNTER');
  assert.equal(String(a.comp.getFirstPropertyValue('dtstart')), '2026-11-25T08:00:00Z', 'next working morning');
  assert.ok(busyLines(await w.freebusy(ROOM, ...WEEK)).includes('BUSY-TENTATIVE 2026-11-25T08:00:00Z/2026-11-25T09:00:00Z'), 'the offer is held');
  const rival = answer(await book(w, booking('rival', '20261125T080000Z', '20261125T090000Z', { organizer: 'carl@example.test' }), 'carl@example.test'));
  assert.equal(rival.method, 'COUNTER', 'the held period is not given away');
  assert.equal(String(rival.comp.getFirstPropertyValue('dtstart')), '2026-11-25T09:00:00Z');
  const taken = answer(await book(w, booking('want', '20261125T080000Z', '20261125T090000Z', { seq: 1 })));
  assert.equal(taken.partstat, 'ACCEPTED', 'the organiser takes the offer');
});

test('schedule_for_delegate: a busy room delegates to the first free room of the pool', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'schedule_for_delegate\nschedule_in_freebusy', delegates: `${ROOM2}, room3@example.test` });
  await book(w, booking('first', '20261124T100000Z', '20261124T110000Z'));
  const out = await book(w, booking('second', '20261124T100000Z', '20261124T110000Z', { organizer: 'bob@example.test' }), 'bob@example.test');
  assert.equal(out.results[0]!.reason, `delegated to ${ROOM2}`);
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [
      ['REQUEST', [ROOM2]],
      ['REPLY', ['bob@example.test']],
    ],
  );
  const reply = attendeeLines(parsedOut(out.outgoing[1]!).comp);
  assert.equal(reply[0]!.partstat, 'DELEGATED');
  assert.equal(reply[0]!.params['delegated-to'], `mailto:${ROOM2}`);
  // The pool's second room receives the delegated request and accepts it.
  const forwarded = await w.deliver(ROOM2, out.outgoing[0]!.ics, { from: ROOM, role: 'resource' });
  assert.equal(forwarded.results[0]!.reason, 'accepted');
});

test('same_domain_only declines organisers from elsewhere', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'same_domain_only\nschedule_in_freebusy' });
  const a = answer(await book(w, booking('d-1', '20261124T100000Z', '20261124T110000Z', { organizer: 'x@elsewhere.example' }), 'x@elsewhere.example'));
  assert.deepEqual([a.partstat, a.status[0]], ['DECLINED', '3.8;No authority']);
});

test('event limits: a resource declines what breaks them; a person is warned', async () => {
  const w = world();
  const limits = {
    indefinite_recurrence: 'decline',
    permitted_frequencies: 'DAILY,WEEKLY',
    max_duration: 'PT4H',
    max_horizon: 'P1Y',
    max_periods: '1 per P1D',
  };
  await w.prefs(ROOM, limits);
  const cases: [string, string[], RegExp][] = [
    ['endless', ['RRULE:FREQ=WEEKLY'], /without an end/],
    ['hourly', ['RRULE:FREQ=HOURLY;COUNT=3'], /FREQ=HOURLY is not allowed/],
    ['twice-a-day', ['RDATE:20261124T150000Z'], /more than 1 per P1D/],
  ];
  for (const [uid, extra, why] of cases) {
    const a = answer(await book(w, booking(uid, '20261124T100000Z', '20261124T110000Z', { extra })));
    assert.equal(a.partstat, 'DECLINED', uid);
    assert.match(String(a.comment), why);
  }
  const long = answer(await book(w, booking('long', '20261124T080000Z', '20261124T170000Z')));
  assert.match(String(long.comment), /longer than PT4H/);
  const far = answer(await book(w, booking('far', '20281124T080000Z', '20281124T090000Z')));
  assert.match(String(far.comment), /further ahead than P1Y/);

  await w.prefs('alice@example.test', limits);
  const person = await w.deliver('alice@example.test', booking('long', '20261124T080000Z', '20261124T170000Z', { room: 'alice@example.test' }), { from: ORG });
  assert.equal(person.results[0]!.action, 'stored');
  assert.ok(person.results[0]!.warnings?.some((x) => /limit broken: an occurrence lasts longer than PT4H/.test(x)));
  assert.equal(person.outgoing.length, 0);
});

test('REPLY, REFRESH and COUNTER addressed to a resource are recorded, not answered', async () => {
  const w = world();
  const reply = cal('REPLY', ...vevent('UID:x', 'DTSTAMP:20261120T080000Z', `ORGANIZER:mailto:${ROOM}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`));
  const out = await book(w, reply);
  assert.deepEqual([out.results[0]!.action, out.outgoing.length], ['recorded', 0]);
  assert.equal((await w.json(ROOM)).queue[0].kind, 'reply');
});

test('unknown scheduling functions are refused when the preference is set', async () => {
  const w = world();
  await assert.rejects(w.prefs(ROOM, { scheduling_function: 'schedule_in_freebusy\nbook_everything' }), /unknown scheduling function "book_everything"/);
  await assert.rejects(w.prefs(ROOM, { permitted_times: '25:00' }), /out of range/);
  await assert.rejects(w.prefs(ROOM, { quota: 'lots per week' }), /not an RFC 5545 duration/);
});

test('ADD is decided like a request for the grown series', async () => {
  const w = world();
  await book(w, booking('weekly', '20261124T100000Z', '20261124T110000Z', { extra: ['RRULE:FREQ=WEEKLY;COUNT=2'] }));
  const add = cal(
    'ADD',
    ...vevent(
      'UID:weekly',
      'SEQUENCE:0',
      'DTSTAMP:20261121T080000Z',
      'DTSTART:20261126T100000Z',
      'DTEND:20261126T110000Z',
      'SUMMARY:Team meeting',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ROOM}`,
    ),
  );
  const out = await book(w, add);
  assert.equal(out.results[0]!.action, 'answered');
  assert.equal(answer(out).partstat, 'ACCEPTED');
  assert.deepEqual(busyLines(await w.freebusy(ROOM, '2026-11-24T00:00:00Z', '2026-12-02T00:00:00Z')), [
    'BUSY 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z',
    'BUSY 2026-11-26T10:00:00Z/2026-11-26T11:00:00Z',
    'BUSY 2026-12-01T10:00:00Z/2026-12-01T11:00:00Z',
  ]);
});

test('a request for one occurrence is answered for that occurrence', async () => {
  const w = world();
  const occ = cal(
    'REQUEST',
    ...vevent(
      'UID:one-off',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'RECURRENCE-ID:20261124T100000Z',
      'DTSTART:20261124T120000Z',
      'DTEND:20261124T130000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ROOM}`,
    ),
  );
  const a = answer(await book(w, occ));
  assert.equal(a.partstat, 'ACCEPTED');
  assert.equal(String(a.comp.getFirstPropertyValue('recurrence-id')), '2026-11-24T10:00:00Z');
  assert.deepEqual(busyLines(await w.freebusy(ROOM, ...WEEK)), ['BUSY 2026-11-24T12:00:00Z/2026-11-24T13:00:00Z']);
});

test('a minor update (same SEQUENCE, later DTSTAMP) keeps the room’s answer: nothing is decided or sent anew', async () => {
  const w = world();
  assert.equal((await book(w, booking('minor-1', '20261124T100000Z', '20261124T110000Z'))).results[0]!.action, 'answered');
  const minor = await book(w, booking('minor-1', '20261124T100000Z', '20261124T110000Z', { extra: ['DESCRIPTION:agenda attached'] }));
  assert.equal(minor.results[0]!.action, 'updated');
  assert.equal(minor.outgoing.length, 0);
  const major = await book(w, booking('minor-1', '20261124T120000Z', '20261124T130000Z', { seq: 1 }));
  assert.equal(major.results[0]!.action, 'answered');
  assert.equal(answer(major).partstat, 'ACCEPTED');
});
