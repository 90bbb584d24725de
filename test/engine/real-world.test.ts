// Tolerant where real mail is broken: messages shaped as Exchange, Google, Apple, Lotus Notes and
// SOGo send them (test/fixtures/real-world, written for this project), read through the raw-mail
// path the CLI uses, with the stored state and results out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import * as engine from '../../src/core/engine.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { MAX_OBJECTS_PER_MESSAGE } from '../../src/core/itip/dispatch.js';
import { world, cal, vevent, busyLines, type World } from './harness.js';
import { expectMessage, itip, stamped } from './itip-compare.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';

async function handle(w: World, name: string, role: 'person' | 'resource' = 'person') {
  const msg = await parseRawMessage(readFileSync(new URL(`../fixtures/real-world/${name}`, import.meta.url)));
  return w.run((tx) => engine.handleMessage(tx, msg, w.opts(ALICE, role)));
}

const show = (w: World, uid: string) => w.run((tx) => engine.showCalendar(tx, w.opts(ALICE), { uid }));

test('Google holiday feed: a PUBLISH of 150 events keeps every one (the old bound kept 100)', { timeout: 120_000 }, async () => {
  const w = world();
  const out = await handle(w, 'google-holidays-publish.eml');
  assert.equal(out.results.filter((r) => r.action === 'stored').length, 150);
  assert.deepEqual(
    out.results.filter((r) => r.action !== 'stored'),
    [],
  );
  assert.deepEqual(out.outgoing, []);
  const state = await w.json(ALICE);
  assert.equal(state.events.length, 150);
  assert.ok(state.events.every((e: any) => e.relation === 'observer'));
  // Transparent holidays block no time (RFC 5545 §3.8.2.7).
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-20T00:00:00Z', '2027-01-03T00:00:00Z')), []);
});

test(
  `scheduling objects are bounded per message across parts (MAX_OBJECTS_PER_MESSAGE = ${MAX_OBJECTS_PER_MESSAGE}), with a warning`,
  { timeout: 120_000 },
  async () => {
    const w = world();
    const part = (from: number) =>
      cal(
        'REQUEST',
        ...Array.from({ length: 60 }, (_, i) =>
          vevent(
            `UID:split-${from + i}`,
            'SEQUENCE:0',
            'DTSTAMP:20261120T080000Z',
            'DTSTART:20261203T100000Z',
            'DTEND:20261203T110000Z',
            `ORGANIZER:mailto:${ORG}`,
            `ATTENDEE:mailto:${ALICE}`,
          ),
        ).flat(),
      );
    const out = await w.deliver(ALICE, part(0), {
      from: ORG,
      calendarParts: [
        { contentType: 'text/calendar', text: part(0), path: '1' },
        { contentType: 'text/calendar', text: part(60), path: '2' },
      ],
    });
    assert.equal(out.results.filter((r) => r.action === 'stored').length, MAX_OBJECTS_PER_MESSAGE);
    const refused = out.results.filter((r) => r.action === 'refused');
    const why =
      '60 events in one part (calendar part 2), 120 in this message: only the first 100 of a message are handled (MAX_OBJECTS_PER_MESSAGE), 20 left out';
    assert.deepEqual(
      refused.map((r) => [r.reason, r.warnings]),
      [[why, [why]]],
    );
    assert.equal((await w.json(ALICE)).events.length, MAX_OBJECTS_PER_MESSAGE);
  },
);

test('Exchange: an unreadable DTSTAMP (202103206T200210Z) is absent, the message Date stands in, the event is kept', async () => {
  const w = world();
  const out = await handle(w, 'exchange-bad-dtstamp.eml');
  assert.deepEqual(
    out.results.map((r) => [r.action, r.warnings]),
    [['stored', ["VEVENT DTSTAMP has an unreadable value: the message's Date stands in"]]],
  );
  const stored = ICAL.Component.fromString(
    await show(w, '040000008200E00074C5B7101A82E00800000000B0C1D2E3F4A5DB01000000000000000010000000AABBCCDDEEFF00112233445566778899'),
  ).getFirstSubcomponent('vevent')!;
  // Date: Fri, 20 Nov 2026 09:30:00 +0100
  assert.equal(String(stored.getFirstPropertyValue('dtstamp')), '2026-11-20T08:30:00Z');
  assert.equal(String(stored.getFirstPropertyValue('summary')), 'Quartalsabschluss');
  // Without a Date header the DTSTAMP is simply left out; an unreadable DTSTART still drops the event.
  // (Two of them, one after the other: found by the fuzzer, both go.)
  const bare = cal(
    'REQUEST',
    ...vevent(
      'UID:no-date',
      'SEQUENCE:0',
      'DTSTAMP:202103206T200210Z',
      'DTSTAMP:2026-13-45T99:99Z',
      'DTSTART:20261203T100000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  assert.deepEqual(
    (await w.deliver(ALICE, bare, { from: ORG })).results.map((r) => [r.action, r.warnings]),
    [['stored', ['VEVENT DTSTAMP has an unreadable value: left out']]],
  );
  const broken = cal(
    'REQUEST',
    ...vevent('UID:bad-start', 'SEQUENCE:0', 'DTSTAMP:20261120T080000Z', 'DTSTART:202612033T100000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`),
  );
  assert.deepEqual(
    (await w.deliver(ALICE, broken, { from: ORG })).results.map((r) => [r.action, r.reason]),
    [['error', 'VEVENT DTSTART has an unreadable value']],
  );
});

test('Exchange: an EXDATE folded in the middle of a value is unfolded before its values are split', async () => {
  const w = world();
  const out = await handle(w, 'exchange-exdate-folded.eml');
  assert.deepEqual(
    out.results.map((r) => [r.action, r.warnings]),
    [['stored', undefined]],
  );
  const uid = '040000008200E00074C5B7101A82E00800000000C0D1E2F3A4B5DB01000000000000000010000000112233445566778899AABBCCDDEEFF00';
  assert.match(await show(w, uid), /\r\nEXDATE;TZID=US\/Central:20261209T090000,20261216T090000\r\n/);
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid, partstat: 'ACCEPTED' }));
  // Five Wednesdays from 2 December, 9 and 16 December excluded; 09:00 Central is 15:00Z.
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2027-01-31T00:00:00Z')), [
    'BUSY 2026-12-02T15:00:00Z/2026-12-02T15:30:00Z',
    'BUSY 2026-12-23T15:00:00Z/2026-12-23T15:30:00Z',
    'BUSY 2026-12-30T15:00:00Z/2026-12-30T15:30:00Z',
  ]);
});

test('Lotus Notes: a REQUEST without ORGANIZER is kept as information, read in FLE Standard Time, never answered', async () => {
  const w = world();
  const out = await handle(w, 'lotus-notes-no-organizer.eml');
  const uid = 'B2C3D4E5F60718293A4B5C6D7E8F9012-Lotus_Notes_Generated';
  assert.deepEqual(
    out.results.map((r) => [r.uid, r.action, r.reason, r.warnings]),
    [
      [
        uid,
        'stored',
        'stored for information: the REQUEST names no ORGANIZER, so it cannot be answered (RFC 5546 §3.2.2)',
        ['time zone "FLE" has no VTIMEZONE: read as the Windows zone "FLE Standard Time" (Europe/Kiev)'],
      ],
    ],
  );
  assert.deepEqual(out.outgoing, []);
  const state = await w.json(ALICE);
  // 09:00 in Kyiv in December (EET, UTC+2).
  assert.deepEqual([state.events[0].relation, state.events[0].start, state.events[0].end], ['observer', '2026-12-08T07:00:00Z', '2026-12-08T08:00:00Z']);
  // The exported calendar carries a VTIMEZONE for the TZID as written.
  const exported = ICAL.Component.fromString(await show(w, uid));
  assert.deepEqual(
    exported.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')),
    ['FLE'],
  );
  const answer = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid, partstat: 'ACCEPTED' }));
  assert.deepEqual([answer.results[0]!.action, answer.results[0]!.reason, answer.outgoing.length], ['refused', 'the event names no organiser to answer', 0]);
  // A resource that answers by itself does not answer it either (nor keep it: no organiser to trust).
  const booked = await handle(world(), 'lotus-notes-no-organizer.eml', 'resource');
  assert.deepEqual(booked.outgoing, []);
  assert.ok(!booked.results.some((r) => r.action === 'answered'), JSON.stringify(booked.results));
});

test("Apple: the PROCEDURE alarm is stripped, the AUDIO alarm and Apple's own properties are kept", async () => {
  const w = world();
  const out = await handle(w, 'apple-procedure-alarm.eml');
  assert.deepEqual(
    out.results.map((r) => [r.action, r.warnings]),
    [['stored', ['a VALARM with ACTION:PROCEDURE was removed (RFC 5545 Appendix A: it would run a program the sender names)']]],
  );
  const event = ICAL.Component.fromString(await show(w, '5E1A9C2B-7D3F-4B8A-9C6E-2F1D0B3A4C5E')).getFirstSubcomponent('vevent')!;
  assert.deepEqual(
    event.getAllSubcomponents('valarm').map((a) => a.getFirstPropertyValue('action')),
    ['AUDIO'],
  );
  assert.equal(event.getFirstPropertyValue('x-apple-travel-advisory-behavior'), 'AUTOMATIC');
});

test('SOGo: RDATE;VALUE=PERIOD occurrences keep their own lengths (RFC 5545 §3.8.5.2)', async () => {
  const w = world();
  await handle(w, 'sogo-rdate-period.eml');
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: '3A7-6750D800-1-5C9E2F00.ics', partstat: 'ACCEPTED' }));
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z')), [
    'BUSY 2026-11-30T08:00:00Z/2026-11-30T09:00:00Z',
    'BUSY 2026-12-02T14:00:00Z/2026-12-02T17:00:00Z',
    'BUSY 2026-12-04T07:00:00Z/2026-12-04T11:00:00Z',
  ]);
});

test('Google, to a list address: Alice is not an attendee, answers anyway, and the REPLY adds her line (RFC 5546 §3.2.2.6)', async () => {
  const w = world();
  const out = await handle(w, 'google-list-invite.eml');
  assert.deepEqual(
    out.results.map((r) => [r.action, r.warnings]),
    [['stored', ['you are not listed as an attendee']]],
  );
  const reply = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: '3q9v0s8m1r2t4u6w8y0a2c4e6g@google.com', partstat: 'TENTATIVE' }));
  expectMessage(reply.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${ORG}`,
    'Subject: Tentative: Team demo',
    '',
    ...itip(
      'REPLY',
      ...stamped(
        'UID:3q9v0s8m1r2t4u6w8y0a2c4e6g@google.com',
        'SEQUENCE:0',
        `ORGANIZER;CN=${ORG}:mailto:${ORG}`,
        'DTSTART:20261207T150000Z',
        'DTEND:20261207T160000Z',
        'SUMMARY:Team demo',
        `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${ALICE}`,
      ),
    ),
  ]);
});
