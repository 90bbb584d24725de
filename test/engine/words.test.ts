// Answers keep their words: the comment sent with an answer or a counter-proposal is stored with
// it (the user's own and the attendees', COMMENT of RFC 5545 §3.8.1.4 in a REPLY or COUNTER) and
// shown by `show --json`; the outgoing text states the answer, the comment and any proposed time
// in the user's language, and From carries the user's name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import { world, cal, vevent } from './harness.js';

const ALICE = 'alice@example.test';
const ORG = 'olga@example.com';
const UID = 'budget-1@example.com';

const invite = cal(
  'REQUEST',
  ...vevent(
    `UID:${UID}`,
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:20261208T090000Z',
    'DTEND:20261208T100000Z',
    'SUMMARY:Budget',
    `ORGANIZER;CN=Olga Organizer:mailto:${ORG}`,
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
    `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    'ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.test',
  ),
);

test("the user's comment is stored with the answer and the mail states answer and comment under her name", async () => {
  const w = world();
  await w.deliver(ALICE, invite, { from: ORG });
  const out = await w.run((tx) =>
    engine.respond(tx, { ...w.opts(ALICE), userName: 'Alice Attendee' }, { uid: UID, partstat: 'DECLINED', comment: 'On holiday that week' }),
  );
  const reply = out.outgoing[0]!;
  assert.equal(reply.fromName, 'Alice Attendee');
  assert.equal(reply.subject, 'Declined: Budget');
  assert.equal(reply.text, 'Alice Attendee <alice@example.test> has declined "Budget".\n\nComment: On holiday that week\n');

  const state = await w.json(ALICE, UID);
  const event = state.events[0];
  assert.equal(event.partstat, 'DECLINED');
  assert.equal(event.comment, 'On holiday that week');
  assert.deepEqual(
    event.attendees.map((a: { address: string; comment: string | null }) => [a.address, a.comment]),
    [
      [ORG, null],
      [ALICE, 'On holiday that week'],
      ['bob@example.test', null],
    ],
  );
  const last = event.history.at(-1);
  assert.deepEqual([last.method, last.action, last.note, last.comment], ['REPLY', 'sent', 'DECLINED', 'On holiday that week']);
});

test("a later answer without words replaces the earlier comment: the note is the last answer's", async () => {
  const w = world();
  await w.deliver(ALICE, invite, { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'TENTATIVE', comment: 'If the train is on time' }));
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED', send: false }));
  assert.equal(out.outgoing.length, 0);
  const event = (await w.json(ALICE, UID)).events[0];
  assert.equal(event.partstat, 'ACCEPTED');
  assert.equal(event.comment, null);
});

test("an attendee's REPLY COMMENT reaches the organiser's stored answer and history", async () => {
  const w = world();
  const organised = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261208T090000Z',
      'DTEND:20261208T100000Z',
      'SUMMARY:Budget',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.test`,
    ),
  );
  await w.deliver(ALICE, organised, { from: ALICE, outgoing: true });
  const reply = cal(
    'REPLY',
    ...vevent(
      `UID:${UID}`,
      'SEQUENCE:0',
      'DTSTAMP:20261121T080000Z',
      `ORGANIZER:mailto:${ALICE}`,
      'ATTENDEE;PARTSTAT=TENTATIVE:mailto:bob@example.test',
      'COMMENT:Only the first half',
    ),
  );
  await w.deliver(ALICE, reply, { from: 'bob@example.test' });
  const event = (await w.json(ALICE, UID)).events[0];
  assert.equal(event.attendees.find((a: { address: string }) => a.address === 'bob@example.test').comment, 'Only the first half');
  const last = event.history.at(-1);
  assert.deepEqual([last.from, last.note, last.comment], ['bob@example.test', 'TENTATIVE', 'Only the first half']);
});

test("a counter-proposal's text names the proposed time in the user's zone and language", async () => {
  const w = world();
  await w.prefs(ALICE, { TZID: 'Europe/Berlin' });
  await w.deliver(ALICE, invite, { from: ORG });
  const out = await w.run((tx) =>
    engine.counterPropose(
      tx,
      { ...w.opts(ALICE), locale: 'de', strings: { proposedTime: 'Vorgeschlagene Zeit: $1', bodyCounter: '$2 schlägt für „$1“ eine andere Zeit vor.' } },
      {
        uid: UID,
        start: '2026-12-08T10:15:00Z',
        end: '2026-12-08T11:15:00Z',
        comment: 'Später bitte',
      },
    ),
  );
  const text = out.outgoing[0]!.text;
  assert.equal(
    text,
    'alice@example.test schlägt für „Budget“ eine andere Zeit vor.\n\nVorgeschlagene Zeit: Di., 8. Dez. 2026, 11:15 – 12:15 (Europe/Berlin)\n\nComment: Später bitte\n',
  );
  const history = (await w.json(ALICE, UID)).events[0].history.at(-1);
  assert.deepEqual([history.method, history.note, history.comment], ['COUNTER', '2026-12-08T10:15:00Z/2026-12-08T11:15:00Z', 'Später bitte']);
});

test("the user's pending counter-proposal is shown as hers, addressed to the organiser by name, until he decides", async () => {
  const w = world();
  await w.deliver(ALICE, invite, { from: ORG });
  await w.run((tx) =>
    engine.counterPropose(tx, w.opts(ALICE), { uid: UID, start: '2026-12-08T10:15:00Z', end: '2026-12-08T11:15:00Z', comment: 'Later, please' }),
  );
  const view = await w.run((tx) => views.eventView(tx, w.opts(ALICE), UID));
  assert.deepEqual(view!.proposal, {
    start: '2026-12-08T10:15:00Z',
    end: '2026-12-08T11:15:00Z',
    to: { address: ORG, name: 'Olga Organizer' },
    comment: 'Later, please',
    at: '2026-11-20T09:00:00.000Z',
  });
  assert.equal(view!.partstat, 'NEEDS-ACTION');
  const detail = await w.run((tx) => views.eventDetail(tx, w.opts(ALICE), UID));
  const counter = detail!.history.find((h) => h.method === 'COUNTER')!;
  assert.deepEqual([counter.proposed, counter.comment], [{ start: '2026-12-08T10:15:00Z', end: '2026-12-08T11:15:00Z' }, 'Later, please']);
  const [occurrence] = await w.run((tx) => views.calendarRange(tx, w.opts(ALICE), { start: '2026-12-07T00:00:00Z', end: '2026-12-14T00:00:00Z' }));
  assert.deepEqual(occurrence!.proposal, { start: '2026-12-08T10:15:00Z', end: '2026-12-08T11:15:00Z' });

  // The organiser declines it (RFC 5546 §3.2.8): nothing is pending any more.
  const decline = cal(
    'DECLINECOUNTER',
    ...vevent(`UID:${UID}`, 'SEQUENCE:0', 'DTSTAMP:20261121T080000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`),
  );
  await w.deliver(ALICE, decline, { from: ORG });
  assert.equal((await w.run((tx) => views.eventView(tx, w.opts(ALICE), UID)))!.proposal, null);
});
