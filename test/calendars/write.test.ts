// What the agent writes into the chosen Thunderbird calendar, decided from the stored event
// before and after the engine ran — for every case the user meets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, type World } from '../engine/harness.js';
import * as engine from '../../src/core/engine.js';
import type { StoredEvent } from '../../src/core/types.js';
import { calendarCopy, keepLocal, writeCalendar, writePlan, type CalendarWriteSettings } from '../../src/core/calendars/write.js';
import { noteRemovedFromCalendar, observedChange } from '../../src/core/calendars/observe.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { ALICE, item, itemIcs } from './fake-source.js';

const ORG = 'olga@example.test';
const BOB = 'bob@example.test';
const SETTINGS: CalendarWriteSettings = { target: 'home', onCancel: 'mark', onDecline: 'keep' };

function request(uid: string, seq: number, start: string, extra: string[] = []): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${seq}`,
      `DTSTAMP:20261120T08${String(seq).padStart(2, '0')}00Z`,
      `DTSTART:${start}`,
      'DURATION:PT1H',
      'SUMMARY:Planning',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`,
      ...extra,
    ),
  );
}

const stored = (w: World, uid: string, user = ALICE) => w.run((tx) => tx.user(user).getEvent(uid));

/** Runs a step and returns the plan for what it changed. */
async function step(w: World, uid: string, fn: () => Promise<unknown>, present: boolean, settings = SETTINGS, user = ALICE) {
  const before = await stored(w, uid, user);
  await fn();
  return writePlan(user, before, await stored(w, uid, user), settings, present);
}

function master(ics: string) {
  const { root } = parseCalendar(ics);
  return root.getAllSubcomponents('vevent').find((c) => !c.hasProperty('recurrence-id'))!;
}
const partstatIn = (ics: string, who = ALICE) =>
  master(ics)
    .getAllProperties('attendee')
    .find((p) => String(p.getFirstValue()).toLowerCase() === `mailto:${who}`)
    ?.getFirstParameter('partstat');

test("answers given in the popup: accept and tentative are written with the user's PARTSTAT; an unanswered invitation is not", async () => {
  const w = world();
  const received = await step(w, 'e1', () => w.deliver(ALICE, request('e1', 0, '20261124T100000Z'), { from: ORG }), false);
  assert.equal(received, null, 'an invitation not answered yet stays out of the calendar');
  const accepted = await step(w, 'e1', () => w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e1', partstat: 'ACCEPTED' })), false);
  assert.equal(accepted?.op, 'put');
  assert.equal(partstatIn((accepted as { ics: string }).ics), 'ACCEPTED');
  assert.ok(!/METHOD:/.test((accepted as { ics: string }).ics), 'a calendar item carries no METHOD');
  const tentative = await step(w, 'e1', () => w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e1', partstat: 'TENTATIVE' })), true);
  assert.equal(partstatIn((tentative as { ics: string }).ics), 'TENTATIVE');
});

test('a decline removes the item or keeps it marked declined (setting); declining what never was written writes nothing', async () => {
  const w = world();
  await w.deliver(ALICE, request('e2', 0, '20261124T100000Z'), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e2', partstat: 'ACCEPTED' }));
  const before = await stored(w, 'e2');
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e2', partstat: 'DECLINED' }));
  const after = await stored(w, 'e2');
  const kept = writePlan(ALICE, before, after, SETTINGS, true);
  assert.equal(kept?.op, 'put');
  assert.equal(partstatIn((kept as { ics: string }).ics), 'DECLINED');
  assert.deepEqual(writePlan(ALICE, before, after, { ...SETTINGS, onDecline: 'remove' }, true), { op: 'remove', uid: 'e2' });
  assert.equal(writePlan(ALICE, before, after, SETTINGS, false), null);
});

test("the organiser's update moves the accepted item; the CANCEL marks it cancelled, or removes it (setting)", async () => {
  const w = world();
  await w.deliver(ALICE, request('e3', 0, '20261124T100000Z'), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e3', partstat: 'ACCEPTED' }));
  const moved = await step(w, 'e3', () => w.deliver(ALICE, request('e3', 1, '20261125T140000Z'), { from: ORG }), true);
  assert.equal(moved?.op, 'put');
  assert.equal(
    master((moved as { ics: string }).ics)
      .getFirstPropertyValue('dtstart')
      ?.toString(),
    '2026-11-25T14:00:00Z',
  );
  const before = await stored(w, 'e3');
  await w.deliver(
    ALICE,
    cal(
      'CANCEL',
      ...vevent(
        'UID:e3',
        'SEQUENCE:2',
        'DTSTAMP:20261120T090000Z',
        'DTSTART:20261125T140000Z',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE:mailto:${ALICE}`,
        'STATUS:CANCELLED',
      ),
    ),
    { from: ORG },
  );
  const after = await stored(w, 'e3');
  const marked = writePlan(ALICE, before, after, SETTINGS, true);
  assert.equal(marked?.op, 'put');
  assert.equal(master((marked as { ics: string }).ics).getFirstPropertyValue('status'), 'CANCELLED');
  assert.deepEqual(writePlan(ALICE, before, after, { ...SETTINGS, onCancel: 'remove' }, true), { op: 'remove', uid: 'e3' });
  assert.equal(writePlan(ALICE, before, after, SETTINGS, false), null, 'a cancelled event never written is not filed');
});

test('handling the same mail twice writes nothing the second time; "keep only in imip-agent" writes nothing at all', async () => {
  const w = world();
  await w.deliver(ALICE, request('e4', 0, '20261124T100000Z'), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e4', partstat: 'ACCEPTED' }));
  const again = await step(w, 'e4', () => w.deliver(ALICE, request('e4', 0, '20261124T100000Z'), { from: ORG }), false);
  assert.equal(again, null);
  const s = await stored(w, 'e4');
  assert.equal(writePlan(ALICE, undefined, s, { ...SETTINGS, target: null }, false), null);
});

test('events the user organises: invite, update and cancel are written; an accepted counter moves the item', async () => {
  const w = world();
  const ics = cal(
    null,
    ...vevent(
      'UID:own-1',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261126T090000Z',
      'DTEND:20261126T100000Z',
      'SUMMARY:Retro',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${BOB}`,
    ),
  );
  const invited = await step(w, 'own-1', () => w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics })), false);
  assert.equal(invited?.op, 'put');
  const counter = cal(
    'COUNTER',
    ...vevent(
      'UID:own-1',
      'SEQUENCE:0',
      'DTSTAMP:20261120T100000Z',
      'DTSTART:20261126T130000Z',
      'DTEND:20261126T140000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${BOB}`,
    ),
  );
  await w.deliver(ALICE, counter, { from: BOB });
  const accepted = await step(w, 'own-1', () => w.run((tx) => engine.acceptCounter(tx, w.opts(ALICE), { uid: 'own-1', from: BOB })), true);
  assert.equal(
    master((accepted as { ics: string }).ics)
      .getFirstPropertyValue('dtstart')
      ?.toString(),
    '2026-11-26T13:00:00Z',
  );
  const cancelled = await step(w, 'own-1', () => w.run((tx) => engine.cancel(tx, w.opts(ALICE), { uid: 'own-1' })), true);
  assert.equal(master((cancelled as { ics: string }).ics).getFirstPropertyValue('status'), 'CANCELLED');
});

test("a resource's accepted booking is written into its calendar", async () => {
  const w = world();
  const ROOM = 'room@example.test';
  const booking = cal(
    'REQUEST',
    ...vevent(
      'UID:b1',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261124T100000Z',
      'DTEND:20261124T110000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
    ),
  );
  const plan = await step(w, 'b1', () => w.deliver(ROOM, booking, { from: ORG, role: 'resource' }), false, SETTINGS, ROOM);
  assert.equal(plan?.op, 'put');
  assert.equal(partstatIn((plan as { ics: string }).ics, ROOM), 'ACCEPTED');
});

test("the write goes where the UID already is (Thunderbird's bar filed it), never as a second item", () => {
  assert.equal(writeCalendar('home', []), 'home');
  assert.equal(writeCalendar('home', [{ calendarId: 'work', readOnly: false }]), 'work');
  assert.equal(
    writeCalendar('home', [
      { calendarId: 'work', readOnly: false },
      { calendarId: 'home', readOnly: false },
    ]),
    'home',
  );
  assert.equal(writeCalendar('home', [{ calendarId: 'holidays', readOnly: true }]), null);
});

test("the calendar copy leaves out attachments kept only in the agent's store, and keeps the user's alarms from Thunderbird", () => {
  const s: StoredEvent = {
    uid: 'a1',
    relation: 'attendee',
    sequence: 0,
    cancelled: false,
    created: '',
    updated: '',
    history: [],
    ics: cal(
      null,
      ...vevent('UID:a1', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261124T100000Z', 'ATTACH:CID:abc@imip-agent', 'ATTACH:https://example.test/agenda.pdf'),
    ),
  };
  const copy = calendarCopy(s);
  assert.deepEqual(
    master(copy)
      .getAllProperties('attach')
      .map((p) => p.getFirstValue()),
    ['https://example.test/agenda.pdf'],
  );
  const existing = itemIcs([
    'BEGIN:VEVENT',
    'UID:a1',
    'DTSTART:20261124T100000Z',
    'X-MOZ-GENERATION:3',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15M',
    'DESCRIPTION:x',
    'END:VALARM',
    'END:VEVENT',
  ]);
  const merged = master(keepLocal(copy, existing));
  assert.equal(merged.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString(), '-PT15M');
  assert.equal(merged.getFirstPropertyValue('x-moz-generation'), '3');
});

test("Thunderbird's bar: an answer there is recorded without mail; a deleted accepted invitation waits for the user", async () => {
  const w = world();
  await w.deliver(ALICE, request('e5', 0, '20261124T100000Z'), { from: ORG });
  const s = await stored(w, 'e5');
  const tbAccepted = item('home', 'e5', 'DTSTART:20261124T100000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`);
  assert.deepEqual(observedChange(ALICE, s, tbAccepted), { kind: 'answer', partstat: 'ACCEPTED' });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e5', partstat: 'ACCEPTED', send: false }));
  assert.equal(out.outgoing.length, 0, 'Thunderbird already sent the REPLY');
  const after = await stored(w, 'e5');
  assert.equal(observedChange(ALICE, after, tbAccepted), null, 'the same answer again changes nothing');
  assert.equal(observedChange(ALICE, undefined, tbAccepted), null, 'an item the agent does not hold is not its business');
  assert.deepEqual(observedChange(ALICE, after, null), { kind: 'removed' });
  await w.run((tx) => noteRemovedFromCalendar(tx, w.opts(ALICE), { uid: 'e5', calendar: 'Home' }));
  await w.run((tx) => noteRemovedFromCalendar(tx, w.opts(ALICE), { uid: 'e5', calendar: 'Home' }));
  const queue = (await w.json(ALICE)).queue as { uid: string; kind: string; reason: string }[];
  assert.deepEqual(
    queue.map((q) => [q.uid, q.kind]),
    [['e5', 'invitation']],
  );
  assert.match(queue[0]!.reason, /removed from the calendar "Home"/);
  // Declined in the agent: a deletion is what the user asked for.
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'e5', partstat: 'DECLINED', send: false }));
  assert.equal(observedChange(ALICE, await stored(w, 'e5'), null), null);
});
