// Where RFC 5545 and RFC 5546 are exact: each case is a message in (or a user action) and the
// stored state and whole outgoing messages out, as the RFC examples it comes from read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, busyLines, type World } from './harness.js';
import { expectMessage, itip, stamped } from './itip-compare.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const ORG = 'olga@example.com';
const UID = 'plan-5@example.com';
const WEEK = ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'] as const;

const meeting = (seq: number, stamp: string, ...extra: string[]) =>
  vevent(
    `UID:${UID}`,
    `SEQUENCE:${seq}`,
    `DTSTAMP:${stamp}`,
    'DTSTART:20261125T100000Z',
    'DTEND:20261125T110000Z',
    'SUMMARY:Planning',
    `ORGANIZER:mailto:${ORG}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOB}`,
    ...extra,
  );

/** The stored VEVENTs of one event as `show` prints them, parsed. */
async function shown(w: World, user: string, uid: string) {
  const text = await w.run((tx) => engine.showCalendar(tx, w.opts(user), { uid }));
  const root = ICAL.Component.fromString(text);
  return { text, root, events: root.getAllSubcomponents('vevent') };
}

test('RFC 5546 §2.1.5: a CANCEL keeps its SEQUENCE, so a stale REQUEST cannot revive the event', async () => {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...meeting(1, '20261120T080000Z')), { from: ORG });
  const cancel = await w.deliver(ALICE, cal('CANCEL', ...meeting(2, '20261120T083000Z', 'STATUS:CANCELLED')), { from: ORG });
  assert.equal(cancel.results[0]!.action, 'cancelled');
  const { events } = await shown(w, ALICE, UID);
  assert.deepEqual(
    events.map((e) => [e.getFirstPropertyValue('status'), e.getFirstPropertyValue('sequence'), String(e.getFirstPropertyValue('dtstamp'))]),
    [['CANCELLED', 2, '2026-11-20T08:30:00Z']],
  );
  assert.equal((await w.json(ALICE)).events[0].sequence, 2);
  // The REQUEST of SEQUENCE 1 arrives late, with a newer DTSTAMP: it is older than the CANCEL.
  const stale = await w.deliver(ALICE, cal('REQUEST', ...meeting(1, '20261120T090000Z')), { from: ORG });
  assert.deepEqual(
    stale.results.map((r) => [r.action, r.reason]),
    [['ignored', 'older than the stored version (stale update)']],
  );
  assert.equal((await w.json(ALICE)).events[0].status, 'CANCELLED');
});

test('RFC 5546 §3.2.5: a CANCEL without STATUS uninvites only the attendees it names', async () => {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...meeting(0, '20261120T080000Z')), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  const bobOnly = cal('CANCEL', ...vevent(`UID:${UID}`, 'SEQUENCE:1', 'DTSTAMP:20261120T083000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${BOB}`));
  const out = await w.deliver(ALICE, bobOnly, { from: ORG });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['ignored', `a cancellation that removes ${BOB}, not you`]],
  );
  const state = await w.json(ALICE);
  assert.deepEqual([state.events[0].status, state.events[0].partstat], ['CONFIRMED', 'ACCEPTED']);
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), ['BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z']);
  // Naming Alice, the same CANCEL removes her.
  const alice = await w.deliver(
    ALICE,
    cal('CANCEL', ...vevent(`UID:${UID}`, 'SEQUENCE:1', 'DTSTAMP:20261120T083000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`)),
    { from: ORG },
  );
  assert.deepEqual(
    alice.results.map((r) => [r.action, r.reason]),
    [['cancelled', 'you were removed from the attendees']],
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), []);
  // A minimal CANCEL naming nobody (no STATUS, no ATTENDEE) is read as the whole event's.
  const other = world();
  await other.deliver(ALICE, cal('REQUEST', ...meeting(0, '20261120T080000Z')), { from: ORG });
  const bare = await other.deliver(ALICE, cal('CANCEL', ...vevent(`UID:${UID}`, 'SEQUENCE:1', 'DTSTAMP:20261120T083000Z', `ORGANIZER:mailto:${ORG}`)), {
    from: ORG,
  });
  assert.equal(bare.results[0]!.action, 'cancelled');
  assert.equal((await other.json(ALICE)).events[0].status, 'CANCELLED');
});

test('RFC 5546 §3.2.5: answering an event the organiser cancelled sends nothing and says so', async () => {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...meeting(0, '20261120T080000Z')), { from: ORG });
  await w.deliver(ALICE, cal('CANCEL', ...meeting(1, '20261120T083000Z', 'STATUS:CANCELLED')), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  assert.deepEqual(out.outgoing, []);
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['ignored', `${ORG} cancelled this event: no answer was sent`]],
  );
  assert.equal((await w.json(ALICE)).events[0].partstat, 'NEEDS-ACTION');
});

test("RFC 5546 §3.2.2.6: a forwarded invitation can be answered; the organiser's party_crashers decides", async () => {
  const w = world();
  // Bob forwarded Olga's invitation to Carol, who is not on the attendee list.
  const CAROL = 'carol@example.test';
  const stored = await w.deliver(CAROL, cal('REQUEST', ...meeting(0, '20261120T080000Z')), { from: BOB });
  assert.deepEqual(
    stored.results.map((r) => r.action),
    ['stored'],
  );
  assert.ok(stored.results[0]!.warnings?.includes('you are not listed as an attendee'), JSON.stringify(stored.results));
  const out = await w.run((tx) => engine.respond(tx, w.opts(CAROL), { uid: UID, partstat: 'ACCEPTED' }));
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['sent', `answered ACCEPTED to ${ORG}`]],
  );
  expectMessage(out.outgoing[0], [
    `From: ${CAROL}`,
    `To: ${ORG}`,
    '',
    ...itip(
      'REPLY',
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:0',
        `ORGANIZER:mailto:${ORG}`,
        'DTSTART:20261125T100000Z',
        'DTEND:20261125T110000Z',
        'SUMMARY:Planning',
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${CAROL}`,
      ),
    ),
  ]);
  assert.equal((await w.json(CAROL)).events[0].relation, 'attendee');

  // Olga's side: her event, and Carol's REPLY arriving.
  const olga = world();
  await olga.run((tx) => engine.invite(tx, olga.opts(ORG), { ics: cal(null, ...meeting(0, '20261120T080000Z').filter((l) => !l.startsWith('ORGANIZER'))) }));
  const refused = await olga.deliver(ORG, out.outgoing[0]!.ics, { from: CAROL });
  assert.deepEqual(
    refused.results.map((r) => [r.action, r.reason]),
    [['refused', `${CAROL} was not invited (party_crashers=refuse)`]],
  );
  await olga.prefs(ORG, { party_crashers: 'accept' });
  const accepted = await olga.deliver(ORG, out.outgoing[0]!.ics, { from: CAROL, messageId: 'carol-2@example.test' });
  assert.equal(accepted.results[0]!.action, 'recorded');
  const carol = (await olga.json(ORG)).events[0].attendees.find((a: any) => a.address === CAROL);
  assert.equal(carol.partstat, 'ACCEPTED');
});

test('RFC 5546 §3.2.1: a published event is information only and cannot be answered', async () => {
  const w = world();
  await w.deliver(ALICE, cal('PUBLISH', ...meeting(0, '20261120T080000Z').filter((l) => !l.includes(ALICE))), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  assert.deepEqual([out.results[0]!.action, out.outgoing.length], ['refused', 0]);
  assert.match(out.results[0]!.reason, /information only/);
});

test('RFC 5546 §3.2.4: ADD keeps the zone of DTSTART, and a series answer covers the added occurrence', async () => {
  const w = world();
  await w.prefs(ALICE, { add_method_response: 'add' });
  const series = (seq: number, ...lines: string[]) =>
    vevent(
      `UID:${UID}`,
      `SEQUENCE:${seq}`,
      'DTSTAMP:20261120T080000Z',
      ...lines,
      'SUMMARY:Sprint review',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    );
  await w.deliver(
    ALICE,
    cal('REQUEST', ...series(0, 'DTSTART;TZID=Europe/Berlin:20261206T090000', 'DTEND;TZID=Europe/Berlin:20261206T100000', 'RRULE:FREQ=WEEKLY;COUNT=2')),
    { from: ORG },
  );
  const add = await w.deliver(ALICE, cal('ADD', ...series(0, 'DTSTART;TZID=Europe/Berlin:20261220T090000', 'DTEND;TZID=Europe/Berlin:20261220T100000')), {
    from: ORG,
  });
  assert.deepEqual(
    add.results.map((r) => [r.action, r.reason]),
    [['updated', '1 occurrence(s) added']],
  );
  const { text, events } = await shown(w, ALICE, UID);
  const master = events.find((e) => !e.hasProperty('recurrence-id'))!;
  const added = events.find((e) => e.hasProperty('recurrence-id'))!;
  assert.equal(master.getFirstProperty('rdate')!.toICALString(), 'RDATE;TZID=Europe/Berlin:20261220T090000');
  assert.equal(added.getFirstProperty('recurrence-id')!.toICALString(), 'RECURRENCE-ID;TZID=Europe/Berlin:20261220T090000');
  assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Berlin/);
  // ACCEPTED for the series holds for the added occurrence too: it is busy.
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z')), [
    'BUSY 2026-12-06T08:00:00Z/2026-12-06T09:00:00Z',
    'BUSY 2026-12-13T08:00:00Z/2026-12-13T09:00:00Z',
    'BUSY 2026-12-20T08:00:00Z/2026-12-20T09:00:00Z',
  ]);
});

test('a series answer keeps what the user answered for one occurrence on its own', async () => {
  const w = world();
  const lines = (rid?: string) =>
    vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      ...(rid
        ? [`RECURRENCE-ID:${rid}`, 'DTSTART:20261202T120000Z', 'DTEND:20261202T130000Z']
        : ['DTSTART:20261125T100000Z', 'DTEND:20261125T110000Z', 'RRULE:FREQ=WEEKLY;COUNT=3']),
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    );
  await w.deliver(ALICE, cal('REQUEST', ...lines(), ...lines('20261202T100000Z')), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, recurrenceId: '20261202T100000Z', partstat: 'DECLINED' }));
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  const state = await w.json(ALICE);
  assert.deepEqual([state.events[0].partstat, state.events[0].overrides.map((o: any) => o.partstat)], ['ACCEPTED', ['DECLINED']]);
});

test("RFC 5545 §3.8.5.2: RDATE;VALUE=PERIOD keeps the period's own length", async () => {
  const w = world();
  await w.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent(
        `UID:${UID}`,
        'SEQUENCE:0',
        'DTSTAMP:20261120T080000Z',
        'DTSTART:20261124T150000Z',
        'DTEND:20261124T160000Z',
        'RDATE;VALUE=PERIOD:20261126T150000Z/20261126T180000Z,20261127T090000Z/PT30M',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
      ),
    ),
    { from: ORG },
  );
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), [
    'BUSY 2026-11-24T15:00:00Z/2026-11-24T16:00:00Z',
    'BUSY 2026-11-26T15:00:00Z/2026-11-26T18:00:00Z',
    'BUSY 2026-11-27T09:00:00Z/2026-11-27T09:30:00Z',
  ]);
});

test('RFC 5545 Appendix A: a VALARM with ACTION:PROCEDURE is stripped on receipt; others stay', async () => {
  const w = world();
  const alarms = [
    'BEGIN:VALARM',
    'ACTION:PROCEDURE',
    'TRIGGER:-PT5M',
    'ATTACH;FMTTYPE=application/binary:ftp://example.com/pub/run.exe',
    'END:VALARM',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15M',
    'DESCRIPTION:Planning',
    'END:VALARM',
  ];
  const out = await w.deliver(ALICE, cal('REQUEST', ...meeting(0, '20261120T080000Z', ...alarms)), { from: ORG });
  assert.deepEqual(out.results[0]!.warnings, ['a VALARM with ACTION:PROCEDURE was removed (RFC 5545 Appendix A: it would run a program the sender names)']);
  const { text, events } = await shown(w, ALICE, UID);
  assert.doesNotMatch(text, /PROCEDURE|run\.exe/);
  assert.deepEqual(
    events[0]!.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('action')),
    ['DISPLAY'],
  );
  // Delegating forwards the event: no PROCEDURE goes to the delegate either.
  const delegated = await w.run((tx) => engine.delegate(tx, w.opts(ALICE), { uid: UID, to: 'dave@example.test' }));
  assert.doesNotMatch(delegated.outgoing.map((o) => o.ics).join(''), /PROCEDURE/);
});

test('RFC 5545 §3.6.5: the stored calendar is self-contained, one VTIMEZONE per TZID', async () => {
  const w = world();
  // Google sends recurring events with TZID and a VTIMEZONE; this sender (like many) left it out.
  await w.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent(
        `UID:${UID}`,
        'SEQUENCE:0',
        'DTSTAMP:20261120T080000Z',
        'DTSTART;TZID=Europe/Berlin:20261201T100000',
        'DTEND;TZID=America/New_York:20261201T050000',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
      ),
    ),
    { from: ORG },
  );
  const { root } = await shown(w, ALICE, UID);
  assert.deepEqual(
    root
      .getAllSubcomponents('vtimezone')
      .map((z) => z.getFirstPropertyValue('tzid'))
      .sort(),
    ['America/New_York', 'Europe/Berlin'],
  );
  // A strict reader (ical.js with only what the file holds) reads the times as zoned, not floating.
  const zones = new Map(root.getAllSubcomponents('vtimezone').map((z) => [String(z.getFirstPropertyValue('tzid')), new ICAL.Timezone(z)]));
  const event = root.getFirstSubcomponent('vevent')!;
  const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
  const local = ICAL.Time.fromData(
    { year: start.year, month: start.month, day: start.day, hour: start.hour, minute: start.minute, second: 0 },
    zones.get('Europe/Berlin')!,
  );
  assert.equal(local.toUnixTime(), Date.UTC(2026, 11, 1, 9) / 1000);
  // A second event in the same zone five summers later: the one VTIMEZONE covers both.
  await w.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent(
        'UID:summer-1',
        'SEQUENCE:0',
        'DTSTAMP:20261120T080000Z',
        'DTSTART;TZID=Europe/Berlin:20310701T100000',
        'DTEND;TZID=Europe/Berlin:20310701T110000',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
      ),
    ),
    { from: ORG },
  );
  const all = ICAL.Component.fromString(await w.run((tx) => engine.showCalendar(tx, w.opts(ALICE))));
  const berlin = all.getAllSubcomponents('vtimezone').filter((z) => z.getFirstPropertyValue('tzid') === 'Europe/Berlin');
  assert.equal(berlin.length, 1);
  const summer = ICAL.Time.fromData({ year: 2031, month: 7, day: 1, hour: 10, minute: 0, second: 0 }, new ICAL.Timezone(berlin[0]!));
  assert.equal(summer.toUnixTime(), Date.UTC(2031, 6, 1, 8) / 1000, 'summer time in 2031 (UTC+2)');
  // A Windows short name without VTIMEZONE (Lotus Notes' TZID=FLE): the REPLY carries one for it.
  const fle = world();
  await fle.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent(
        'UID:fle-1',
        'SEQUENCE:0',
        'DTSTAMP:20261120T080000Z',
        'DTSTART;TZID=FLE:20261208T090000',
        'DTEND;TZID=FLE:20261208T100000',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
      ),
    ),
    { from: ORG },
  );
  const reply = (await fle.run((tx) => engine.respond(tx, fle.opts(ALICE), { uid: 'fle-1', partstat: 'ACCEPTED' }))).outgoing[0]!;
  const zone = ICAL.Component.fromString(reply.ics).getFirstSubcomponent('vtimezone')!;
  assert.deepEqual([zone.getFirstPropertyValue('tzid'), zone.getFirstPropertyValue('x-lic-location')], ['FLE', 'Europe/Kiev']);
});

test('RFC 5545 §3.8.1.1: an exported received attachment is inline, not a CID of this store', async () => {
  const w = world();
  const notes = 'ATTACH;FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=notes.txt:SGVsbG8gQWxpY2U=';
  await w.deliver(ALICE, cal('REQUEST', ...meeting(0, '20261120T080000Z', notes)), { from: ORG });
  const { text, events } = await shown(w, ALICE, UID);
  assert.doesNotMatch(text, /CID:|imip-agent\r\n/);
  const attach = events[0]!.getFirstProperty('attach')!;
  assert.deepEqual(
    [attach.getFirstParameter('filename'), attach.getFirstParameter('fmttype'), attach.getFirstParameter('encoding')],
    ['notes.txt', 'text/plain', 'BASE64'],
  );
  assert.equal(Buffer.from(String((attach.getFirstValue() as ICAL.Binary).value), 'base64').toString(), 'Hello Alice');
});
