// The user as organiser (RFC 5546 §3.2.2, §3.2.3, §3.2.5–§3.2.8): invitations out, answers in,
// counters decided.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, parsedOut, attendeeLines, busyLines, type World } from './harness.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const UID = 'review-7@example.test';

const EVENT = cal(
  null,
  ...vevent(
    `UID:${UID}`,
    'DTSTAMP:20261120T080000Z',
    'DTSTART;TZID=Europe/Berlin:20261201T140000',
    'DTEND;TZID=Europe/Berlin:20261201T150000',
    'SUMMARY:Design review',
    'LOCATION:Room 2',
    `ATTENDEE;CN=Bob:mailto:${BOB}`,
    `ATTENDEE:mailto:${CAROL}`,
    `ATTENDEE:mailto:${BOB}`,
  ),
);

async function organised(): Promise<World> {
  const w = world();
  await w.prefs(ALICE, { TZID: 'Europe/Berlin' });
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: EVENT }));
  return w;
}

function reply(from: string, partstat: string, stamp = '20261120T100000Z', ...extra: string[]): string {
  return cal(
    'REPLY',
    ...vevent(`UID:${UID}`, 'SEQUENCE:0', `DTSTAMP:${stamp}`, `ORGANIZER:mailto:${ALICE}`, `ATTENDEE;PARTSTAT=${partstat}:mailto:${from}`, ...extra),
  );
}

test('invite sends one REQUEST to every attendee but the organiser, one ATTENDEE line per address', async () => {
  const w = world();
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: EVENT }));
  assert.equal(out.outgoing.length, 1);
  const req = out.outgoing[0]!;
  assert.deepEqual([req.method, req.from, req.to.sort(), req.subject], ['REQUEST', ALICE, [BOB, CAROL], 'Invitation: Design review']);
  const { comp, root } = parsedOut(req);
  assert.equal(String(comp.getFirstPropertyValue('organizer')), `mailto:${ALICE}`);
  assert.equal(comp.getFirstPropertyValue('sequence'), 0);
  assert.deepEqual(
    attendeeLines(comp).map((a) => [a.address, a.partstat]),
    [
      [BOB, 'NEEDS-ACTION'],
      [CAROL, 'NEEDS-ACTION'],
    ],
  );
  assert.ok(attendeeLines(comp).every((a) => a.params.rsvp === 'TRUE'));
  assert.equal(root.getFirstPropertyValue('method'), 'REQUEST');
  const again = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: EVENT }));
  assert.equal(again.results[0]!.action, 'refused');
});

test('an IANA TZID goes out with a generated VTIMEZONE that any reader resolves the same way', async () => {
  const w = world();
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: EVENT }));
  const { root, comp } = parsedOut(out.outgoing[0]!);
  const vtz = root.getFirstSubcomponent('vtimezone');
  assert.ok(vtz, 'RFC 5545 §3.6.5: a VTIMEZONE for every TZID used');
  assert.equal(vtz.getFirstPropertyValue('tzid'), 'Europe/Berlin');
  // Read DTSTART with ical.js's own VTIMEZONE logic only (no zone database involved).
  const zone = new ICAL.Timezone(vtz);
  const start = comp.getFirstPropertyValue('dtstart') as ICAL.Time;
  const utc = start.convertToZone(ICAL.Timezone.utcTimezone);
  assert.equal(utc.toString(), '2026-12-01T13:00:00Z');
  assert.equal(zone.tzid, 'Europe/Berlin');
  const summer = ICAL.Time.fromData({ year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0 }, zone);
  assert.equal(summer.convertToZone(ICAL.Timezone.utcTimezone).toString(), '2026-07-01T10:00:00Z');
});

test('an organiser is busy for their own event', async () => {
  const w = await organised();
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')), ['BUSY 2026-12-01T13:00:00Z/2026-12-01T14:00:00Z']);
});

test("REPLY: the attendee's answer, comment and REQUEST-STATUS are recorded; older replies never win", async () => {
  const w = await organised();
  const out = await w.deliver(ALICE, reply(BOB, 'ACCEPTED', '20261120T100000Z', 'COMMENT:Happy to', 'REQUEST-STATUS:2.0;Success'), { from: BOB });
  assert.deepEqual(
    out.results.map((r) => r.action),
    ['recorded'],
  );
  let ev = (await w.json(ALICE)).events[0];
  let bob = ev.attendees.find((a: any) => a.address === BOB);
  assert.deepEqual([bob.partstat, bob.comment, bob.requestStatus], ['ACCEPTED', 'Happy to', ['2.0;Success']]);

  const older = await w.deliver(ALICE, reply(BOB, 'DECLINED', '20261120T090000Z'), { from: BOB });
  assert.equal(older.results[0]!.action, 'ignored');
  ev = (await w.json(ALICE)).events[0];
  bob = ev.attendees.find((a: any) => a.address === BOB);
  assert.equal(bob.partstat, 'ACCEPTED');
  const fb = (await w.json(ALICE)).freebusy.find((f: any) => f.address === BOB);
  assert.deepEqual(
    fb.periods.map((p: any) => [p.start, p.fbtype]),
    [['2026-12-01T13:00:00Z', 'BUSY']],
    "the attendee's busy time is kept",
  );
});

test('REPLY: an attendee who declines later is no longer busy for the event; one who accepts again is', async () => {
  const w = await organised();
  const bobsPeriods = async () => ((await w.json(ALICE)).freebusy.find((f: any) => f.address === BOB)?.periods ?? []).map((p: any) => [p.start, p.fbtype]);
  await w.deliver(ALICE, reply(BOB, 'ACCEPTED', '20261120T100000Z'), { from: BOB });
  assert.deepEqual(await bobsPeriods(), [['2026-12-01T13:00:00Z', 'BUSY']]);
  await w.deliver(ALICE, reply(BOB, 'DECLINED', '20261121T100000Z'), { from: BOB });
  assert.deepEqual(await bobsPeriods(), [], 'declined: the periods of this event are removed');
  await w.deliver(ALICE, reply(BOB, 'TENTATIVE', '20261122T100000Z'), { from: BOB });
  assert.deepEqual(await bobsPeriods(), [['2026-12-01T13:00:00Z', 'BUSY-TENTATIVE']]);
});

// Was: refused. A REPLY for someone else than its sender now waits, unapplied, for the user.
test('REPLY for someone else than the sender is not applied; party crashers follow the preference', async () => {
  const w = await organised();
  const before = (await w.json(ALICE)).events;
  const forged = await w.deliver(ALICE, reply(BOB, 'DECLINED'), { from: CAROL });
  assert.deepEqual([forged.results[0]!.action, forged.results[0]!.verification], ['queued', 'unverified']);
  assert.deepEqual((await w.json(ALICE)).events, before);
  const crasher = await w.deliver(ALICE, reply('dave@example.test', 'ACCEPTED'), { from: 'dave@example.test' });
  assert.equal(crasher.results[0]!.action, 'refused');
  await w.prefs(ALICE, { party_crashers: 'accept' });
  const welcome = await w.deliver(ALICE, reply('dave@example.test', 'ACCEPTED'), { from: 'dave@example.test' });
  assert.equal(welcome.results[0]!.action, 'recorded');
  assert.ok((await w.json(ALICE)).events[0].attendees.some((a: any) => a.address === 'dave@example.test'));
});

test('an Outlook REPLY without ORGANIZER still counts', async () => {
  const w = await organised();
  const outlook = cal('REPLY', ...vevent(`UID:${UID}`, 'SEQUENCE:0', 'DTSTAMP:20261120T100000Z', `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${CAROL}`));
  const out = await w.deliver(ALICE, outlook, { from: CAROL });
  assert.equal(out.results[0]!.action, 'recorded');
  assert.equal((await w.json(ALICE)).events[0].attendees.find((a: any) => a.address === CAROL).partstat, 'TENTATIVE');
});

test("a delegate named in the delegator's reply may answer (not a party crasher)", async () => {
  const w = await organised();
  const delegating = reply(BOB, 'DELEGATED', '20261120T100000Z').replace(
    `ATTENDEE;PARTSTAT=DELEGATED:mailto:${BOB}`,
    `ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:erin@example.test":mailto:${BOB}\r\nATTENDEE;DELEGATED-FROM="mailto:${BOB}";PARTSTAT=NEEDS-ACTION:mailto:erin@example.test`,
  );
  assert.equal((await w.deliver(ALICE, delegating, { from: BOB })).results[0]!.action, 'recorded');
  const accepted = await w.deliver(ALICE, reply('erin@example.test', 'ACCEPTED', '20261120T110000Z'), { from: 'erin@example.test' });
  assert.equal(accepted.results[0]!.action, 'recorded');
  const people = (await w.json(ALICE)).events[0].attendees;
  assert.equal(people.find((a: any) => a.address === BOB).partstat, 'DELEGATED');
  assert.equal(people.find((a: any) => a.address === 'erin@example.test').partstat, 'ACCEPTED');
});

test('COUNTER is kept, never applied; accepting sends the changed event to all with SEQUENCE + 1', async () => {
  const w = await organised();
  await w.deliver(ALICE, reply(CAROL, 'ACCEPTED'), { from: CAROL });
  const counter = cal(
    'COUNTER',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T120000Z',
      'DTSTART:20261202T090000Z',
      'DTEND:20261202T100000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`,
      'COMMENT:Wednesday morning?',
    ),
  );
  const got = await w.deliver(ALICE, counter, { from: BOB });
  assert.equal(got.results[0]!.action, 'recorded');
  let state = await w.json(ALICE);
  assert.equal(state.events[0].start, '2026-12-01T13:00:00Z', 'a counter changes nothing by itself');
  assert.deepEqual([state.counters[0].attendee, state.counters[0].status, state.counters[0].proposed.start], [BOB, 'pending', '2026-12-02T09:00:00Z']);
  assert.ok(state.queue.some((q: any) => q.kind === 'counter'));

  const out = await w.run((tx) => engine.acceptCounter(tx, w.opts(ALICE), { uid: UID, from: BOB }));
  assert.equal(out.outgoing.length, 1);
  const req = out.outgoing[0]!;
  assert.deepEqual([req.method, req.to.sort()], ['REQUEST', [BOB, CAROL]]);
  const { comp } = parsedOut(req);
  assert.equal(comp.getFirstPropertyValue('sequence'), 1);
  assert.equal(String(comp.getFirstPropertyValue('dtstart')), '2026-12-02T09:00:00Z');
  assert.ok(attendeeLines(comp).every((a) => a.partstat === 'NEEDS-ACTION'));
  state = await w.json(ALICE);
  assert.equal(state.counters[0].status, 'accepted');
  assert.equal(state.events[0].start, '2026-12-02T09:00:00Z');
});

test('declining a counter sends DECLINECOUNTER to that attendee only', async () => {
  const w = await organised();
  const counter = cal(
    'COUNTER',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T120000Z',
      'DTSTART:20261202T090000Z',
      'DTEND:20261202T100000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE:mailto:${BOB}`,
    ),
  );
  await w.deliver(ALICE, counter, { from: BOB });
  const out = await w.run((tx) => engine.declineCounter(tx, w.opts(ALICE), { uid: UID, from: BOB, comment: 'No, sorry' }));
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [['DECLINECOUNTER', [BOB]]],
  );
  const { comp } = parsedOut(out.outgoing[0]!);
  assert.equal(comp.getFirstPropertyValue('comment'), 'No, sorry');
  assert.equal((await w.json(ALICE)).counters[0].status, 'declined');
});

test('X-MICROSOFT-DISALLOW-COUNTER refuses counters; a COUNTER from a non-attendee is refused', async () => {
  const w = world();
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: EVENT.replace('LOCATION:Room 2', 'LOCATION:Room 2\r\nX-MICROSOFT-DISALLOW-COUNTER:TRUE') }));
  const counter = (who: string) =>
    cal(
      'COUNTER',
      ...vevent(`UID:${UID}`, 'SEQUENCE:0', 'DTSTAMP:20261120T120000Z', 'DTSTART:20261202T090000Z', 'DTEND:20261202T100000Z', `ATTENDEE:mailto:${who}`),
    );
  assert.match((await w.deliver(ALICE, counter(BOB), { from: BOB })).results[0]!.reason, /not allowed/);
  const v = await organised();
  assert.equal((await v.deliver(ALICE, counter('zed@example.test'), { from: 'zed@example.test' })).results[0]!.action, 'refused');
});

test("a REQUEST from an attendee for the user's event is kept as a counter (counter_as_request)", async () => {
  const w = await organised();
  const asRequest = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T130000Z',
      'DTSTART:20261203T090000Z',
      'DTEND:20261203T100000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE:mailto:${BOB}`,
    ),
  );
  const out = await w.deliver(ALICE, asRequest, { from: BOB });
  assert.equal(out.results[0]!.action, 'recorded');
  const state = await w.json(ALICE);
  assert.equal(state.events[0].start, '2026-12-01T13:00:00Z');
  assert.equal(state.counters[0].attendee, BOB);
  await w.prefs(ALICE, { counter_as_request: 'no' });
  const again = await w.deliver(ALICE, asRequest.replace('20261120T130000Z', '20261120T140000Z'), { from: BOB });
  assert.equal(again.results[0]!.action, 'refused');
});

test('REFRESH: answered with the current event under event_refreshing=always, else queued', async () => {
  const w = await organised();
  const refresh = cal('REFRESH', ...vevent(`UID:${UID}`, 'DTSTAMP:20261120T130000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${CAROL}`));
  assert.equal((await w.deliver(ALICE, refresh, { from: CAROL })).results[0]!.action, 'queued');
  await w.prefs(ALICE, { event_refreshing: 'always' });
  const out = await w.deliver(ALICE, refresh, { from: CAROL, messageId: 'refresh-2@example.test' });
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [['REQUEST', [CAROL]]],
  );
});

test('a significant update asks everyone again; removed attendees get a CANCEL', async () => {
  const w = await organised();
  await w.deliver(ALICE, reply(BOB, 'ACCEPTED'), { from: BOB });
  const moved = EVENT.replace('T140000', 'T160000').replace('T150000', 'T170000').replace(`ATTENDEE:mailto:${CAROL}\r\n`, '');
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: moved }));
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [
      ['CANCEL', [CAROL]],
      ['REQUEST', [BOB]],
    ],
  );
  const req = parsedOut(out.outgoing[1]!).comp;
  assert.equal(req.getFirstPropertyValue('sequence'), 1);
  assert.deepEqual(
    attendeeLines(req).map((a) => [a.address, a.partstat]),
    [[BOB, 'NEEDS-ACTION']],
  );
  const cancel = parsedOut(out.outgoing[0]!).comp;
  assert.equal(cancel.getFirstPropertyValue('status'), null, 'uninviting carries no STATUS');

  const minor = moved.replace('SUMMARY:Design review', 'SUMMARY:Design review (slides)');
  await w.deliver(ALICE, reply(BOB, 'ACCEPTED', '20261120T110000Z').replace('SEQUENCE:0', 'SEQUENCE:1'), { from: BOB });
  const out2 = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: minor }));
  const req2 = parsedOut(out2.outgoing[0]!).comp;
  assert.equal(req2.getFirstPropertyValue('sequence'), 1, 'a minor change keeps the sequence');
  assert.deepEqual(
    attendeeLines(req2).map((a) => [a.address, a.partstat]),
    [[BOB, 'ACCEPTED']],
  );
});

test('cancel sends CANCEL with SEQUENCE + 1 to everyone and frees the time', async () => {
  const w = await organised();
  const out = await w.run((tx) => engine.cancel(tx, w.opts(ALICE), { uid: UID }));
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to.sort()]),
    [['CANCEL', [BOB, CAROL]]],
  );
  const { comp } = parsedOut(out.outgoing[0]!);
  assert.deepEqual([comp.getFirstPropertyValue('sequence'), comp.getFirstPropertyValue('status')], [1, 'CANCELLED']);
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')), []);
});

test('free/busy requests: answered only when shared', async () => {
  const w = await organised();
  const request = cal(
    'REQUEST',
    'BEGIN:VFREEBUSY',
    'UID:fb-1',
    'DTSTAMP:20261120T080000Z',
    `ORGANIZER:mailto:${BOB}`,
    `ATTENDEE:mailto:${ALICE}`,
    'DTSTART:20261201T000000Z',
    'DTEND:20261202T000000Z',
    'END:VFREEBUSY',
  );
  const no = await w.deliver(ALICE, request, { from: BOB });
  assert.equal(no.results[0]!.action, 'ignored');
  assert.equal(no.outgoing.length, 0);
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const yes = await w.deliver(ALICE, request, { from: BOB, messageId: 'fb-2@example.test' });
  assert.equal(yes.results[0]!.action, 'answered');
  const out = yes.outgoing[0]!;
  assert.deepEqual([out.method, out.to], ['REPLY', [BOB]]);
  assert.deepEqual(busyLines(out.ics), ['BUSY 2026-12-01T13:00:00Z/2026-12-01T14:00:00Z']);

  const theirs = cal(
    'REPLY',
    'BEGIN:VFREEBUSY',
    'UID:fb-9',
    'DTSTAMP:20261120T080000Z',
    `ORGANIZER:mailto:${ALICE}`,
    `ATTENDEE:mailto:${CAROL}`,
    'DTSTART:20261201T000000Z',
    'DTEND:20261202T000000Z',
    'FREEBUSY;FBTYPE=BUSY:20261201T080000Z/PT2H',
    'END:VFREEBUSY',
  );
  assert.equal((await w.deliver(ALICE, theirs, { from: CAROL })).results[0]!.action, 'recorded');
  const carol = (await w.json(ALICE)).freebusy.find((f: any) => f.address === CAROL);
  assert.deepEqual(
    carol.periods.map((p: any) => [p.start, p.end]),
    [['2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z']],
  );
});

test('request-freebusy asks others with a VFREEBUSY REQUEST', async () => {
  const w = world();
  const out = await w.run((tx) =>
    engine.requestFreebusy(tx, w.opts(ALICE), { to: [BOB, 'mailto:CAROL@example.test'], start: '2026-12-01T00:00:00Z', end: '2026-12-08T00:00:00Z' }),
  );
  const msg = out.outgoing[0]!;
  assert.deepEqual([msg.method, msg.to], ['REQUEST', [BOB, CAROL]]);
  const { comp } = parsedOut(msg);
  assert.equal(comp.name, 'vfreebusy');
  assert.equal(String(comp.getFirstPropertyValue('dtstart')), '2026-12-01T00:00:00Z');
});

test("the user's own REQUEST seen in Sent makes them organiser of the event", async () => {
  const w = world();
  const sent = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261201T130000Z',
      'DTEND:20261201T140000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE:mailto:${BOB}`,
    ),
  );
  const out = await w.deliver(ALICE, sent, { from: ALICE, outgoing: true });
  assert.equal(out.results[0]!.action, 'stored');
  assert.equal((await w.json(ALICE)).events[0].relation, 'organizer');
  assert.equal((await w.deliver(ALICE, reply(BOB, 'ACCEPTED'), { from: BOB })).results[0]!.action, 'recorded');
});

const SERIES = cal(
  null,
  ...vevent(
    'UID:weekly-9',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:20261201T130000Z',
    'DTEND:20261201T140000Z',
    'RRULE:FREQ=WEEKLY;COUNT=4',
    'SUMMARY:Weekly',
    `ATTENDEE:mailto:${BOB}`,
  ),
);

test('a REPLY for one occurrence records that occurrence only', async () => {
  const w = world();
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: SERIES }));
  const occ = cal(
    'REPLY',
    ...vevent(
      'UID:weekly-9',
      'SEQUENCE:0',
      'DTSTAMP:20261120T100000Z',
      'RECURRENCE-ID:20261208T130000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=DECLINED:mailto:${BOB}`,
    ),
  );
  const out = await w.deliver(ALICE, occ, { from: BOB });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.recurrenceId]),
    [['recorded', '20261208T130000Z']],
  );
  const ev = (await w.json(ALICE)).events[0];
  assert.equal(ev.attendees.find((a: any) => a.address === BOB).partstat, 'NEEDS-ACTION', 'the series answer is unchanged');
  assert.equal(ev.overrides[0].recurrenceId, '20261208T130000Z');
  assert.equal(ev.overrides[0].attendees.find((a: any) => a.address === BOB).partstat, 'DECLINED');
});

test('an Outlook COUNTER names its occurrence only by X-MS-OLK-ORIGINALSTART', async () => {
  const w = world();
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: SERIES }));
  const outlook = cal(
    'COUNTER',
    ...vevent(
      'UID:weekly-9',
      'SEQUENCE:0',
      'DTSTAMP:20261120T120000Z',
      'DTSTART:20261215T150000Z',
      'DTEND:20261215T160000Z',
      'X-MS-OLK-ORIGINALSTART:20261215T130000Z',
      'X-MS-OLK-ORIGINALEND:20261215T140000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`,
    ),
  );
  const got = await w.deliver(ALICE, outlook, { from: BOB });
  assert.deepEqual(
    got.results.map((r) => [r.action, r.recurrenceId]),
    [['recorded', '20261215T130000Z']],
  );
  const out = await w.run((tx) => engine.acceptCounter(tx, w.opts(ALICE), { uid: 'weekly-9', from: BOB }));
  assert.equal(out.outgoing[0]!.method, 'REQUEST');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z')), [
    'BUSY 2026-12-01T13:00:00Z/2026-12-01T14:00:00Z',
    'BUSY 2026-12-08T13:00:00Z/2026-12-08T14:00:00Z',
    'BUSY 2026-12-15T15:00:00Z/2026-12-15T16:00:00Z',
    'BUSY 2026-12-22T13:00:00Z/2026-12-22T14:00:00Z',
  ]);
});
