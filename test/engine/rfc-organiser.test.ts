// The organiser's updates where RFC 5545 and RFC 5546 are exact: what counts as a significant
// change (§2.1.4), how a cancellation goes out (§3.2.5), how a rule is written (RFC 5545 §3.3.10).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, type World } from './harness.js';
import { expectMessage, itip, stamped } from './itip-compare.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const UID = 'retro-2@example.test';

const event = (...lines: string[]) =>
  cal(
    null,
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261201T140000Z',
      'DTEND:20261201T150000Z',
      'SUMMARY:Retro',
      `ATTENDEE;CN=Bob:mailto:${BOB}`,
      ...lines,
    ),
  );

/** Alice invites Bob with `lines`; Bob accepts. */
async function accepted(...lines: string[]): Promise<World> {
  const w = world();
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: event(...lines) }));
  const reply = cal(
    'REPLY',
    ...vevent(`UID:${UID}`, 'SEQUENCE:0', 'DTSTAMP:20261120T100000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${BOB}`),
  );
  await w.deliver(ALICE, reply, { from: BOB });
  return w;
}

const bob = async (w: World) => (await w.json(ALICE)).events[0].attendees.find((a: any) => a.address === BOB).partstat;

for (const [what, before, after] of [
  ['INTERVAL=1 written out', ['RRULE:FREQ=WEEKLY;COUNT=4'], ['RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=4']],
  ['rule parts in another order', ['RRULE:FREQ=WEEKLY;BYDAY=TU,MO;COUNT=4'], ['RRULE:BYDAY=MO,TU;COUNT=4;FREQ=WEEKLY']],
  ['WKST=MO, the default, written out', ['RRULE:FREQ=WEEKLY;COUNT=4'], ['RRULE:FREQ=WEEKLY;COUNT=4;WKST=MO']],
  [
    'the same EXDATEs grouped into lines differently',
    ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE:20261202T140000Z,20261203T140000Z'],
    ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE:20261203T140000Z', 'EXDATE:20261202T140000Z'],
  ],
  [
    'an EXDATE in another zone naming the same instant',
    ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE:20261202T140000Z'],
    ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE;TZID=Europe/Berlin:20261202T150000'],
  ],
] as const) {
  test(`RFC 5546 §2.1.4: ${what} is no significant change (SEQUENCE and answers kept)`, async () => {
    const w = await accepted(...before);
    const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: event(...after, 'DESCRIPTION:agenda attached') }));
    assert.deepEqual(
      out.results.map((r) => r.reason),
      [`minor change, answers kept; sent to ${BOB}`],
    );
    assert.equal((await w.json(ALICE)).events[0].sequence, 0);
    assert.equal(await bob(w), 'ACCEPTED');
  });
}

for (const [what, before, after] of [
  ['INTERVAL=2', ['RRULE:FREQ=WEEKLY;COUNT=4'], ['RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4']],
  ['one more EXDATE', ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE:20261202T140000Z'], ['RRULE:FREQ=DAILY;COUNT=9', 'EXDATE:20261202T140000Z,20261204T140000Z']],
  ['DURATION instead of a DTEND an hour later', [], ['DURATION:PT2H']],
] as const) {
  test(`RFC 5546 §2.1.4: ${what} is a significant change (SEQUENCE + 1, answers asked again)`, async () => {
    const w = await accepted(...before);
    const ics = event(...after).replace((after as readonly string[]).includes('DURATION:PT2H') ? 'DTEND:20261201T150000Z\r\n' : '\u0000', '');
    const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics }));
    assert.match(out.results[0]!.reason, /^sequence 1, answers reset/);
    assert.equal(await bob(w), 'NEEDS-ACTION');
  });
}

test('RFC 5546 §2.1.4: DTEND replaced by the DURATION that reaches it is no change', async () => {
  const w = await accepted();
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: event('DURATION:PT1H').replace('DTEND:20261201T150000Z\r\n', '') }));
  assert.match(out.results[0]!.reason, /^minor change/);
  assert.equal(await bob(w), 'ACCEPTED');
});

test('RFC 5545 §3.3.10: the rule goes out and is stored with FREQ first, every part kept', async () => {
  const w = world();
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: event('RRULE:BYDAY=MO,WE;COUNT=6;FREQ=WEEKLY;WKST=SU') }));
  assert.match(out.outgoing[0]!.ics, /\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6;WKST=SU\r\n/);
  assert.match(await w.run((tx) => engine.showCalendar(tx, w.opts(ALICE), { uid: UID })), /\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6;WKST=SU\r\n/);
});

test('RFC 5546 §3.2.5: an update to STATUS:CANCELLED goes out as CANCEL, never as a REQUEST', async () => {
  const w = await accepted('STATUS:CONFIRMED');
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: event('STATUS:CANCELLED') }));
  assert.deepEqual(
    out.results.map((r) => [r.method, r.action, r.reason]),
    [['CANCEL', 'cancelled', `event cancelled; told ${BOB}`]],
  );
  assert.equal(out.outgoing.length, 1);
  expectMessage(out.outgoing[0], [
    `From: ${ALICE}`,
    `To: ${BOB}`,
    'Subject: Cancelled: Retro',
    '',
    ...itip(
      'CANCEL',
      ...stamped(
        `UID:${UID}`,
        'SEQUENCE:1',
        'DTSTART:20261201T140000Z',
        'DTEND:20261201T150000Z',
        'SUMMARY:Retro',
        `ORGANIZER:mailto:${ALICE}`,
        `ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:${BOB}`,
        'STATUS:CANCELLED',
      ),
    ),
  ]);
  const state = await w.json(ALICE);
  assert.deepEqual([state.events[0].status, state.events[0].sequence, state.events[0].cancelled], ['CANCELLED', 1, true]);
  // Saving the cancelled event again sends nothing: no REQUEST may carry STATUS:CANCELLED.
  const again = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: event('STATUS:CANCELLED', 'DESCRIPTION:moved to January') }));
  assert.deepEqual([again.results.map((r) => [r.action, r.reason]), again.outgoing], [[['refused', 'the event is already cancelled']], []]);
});

test('RFC 5546 §3.2.5: a cancelling update that also drops an attendee tells them too', async () => {
  const CAROL = 'carol@example.test';
  const w = await accepted('STATUS:CONFIRMED', `ATTENDEE:mailto:${CAROL}`);
  const out = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics: event('STATUS:CANCELLED') }));
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, [...o.to].sort()]),
    [['CANCEL', [BOB, CAROL]]],
  );
});

test('RFC 5546 §3.2.5: an override edited to STATUS:CANCELLED is cancelled for its attendees by CANCEL', async () => {
  const w = await accepted('RRULE:FREQ=WEEKLY;COUNT=3');
  const override = [
    'BEGIN:VEVENT',
    `UID:${UID}`,
    'DTSTAMP:20261120T080000Z',
    'RECURRENCE-ID:20261208T140000Z',
    'DTSTART:20261208T140000Z',
    'DTEND:20261208T150000Z',
    'SUMMARY:Retro',
    'STATUS:CANCELLED',
    `ATTENDEE;CN=Bob:mailto:${BOB}`,
    'END:VEVENT',
  ];
  const out = await w.run((tx) =>
    engine.update(tx, w.opts(ALICE), { ics: event('RRULE:FREQ=WEEKLY;COUNT=3').replace('END:VCALENDAR', `${override.join('\r\n')}\r\nEND:VCALENDAR`) }),
  );
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [
      ['CANCEL', [BOB]],
      ['REQUEST', [BOB]],
    ],
  );
  const [cancel, request] = out.outgoing;
  assert.match(cancel!.ics, /RECURRENCE-ID:20261208T140000Z[\s\S]*STATUS:CANCELLED|STATUS:CANCELLED[\s\S]*RECURRENCE-ID:20261208T140000Z/);
  // The REQUEST holds no STATUS:CANCELLED (§3.2.2) and excludes the occurrence instead.
  assert.doesNotMatch(request!.ics, /STATUS:CANCELLED|RECURRENCE-ID/);
  assert.match(request!.ics, /\r\nEXDATE:20261208T140000Z\r\n/);
});
