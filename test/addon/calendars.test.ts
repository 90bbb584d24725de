// The add-on in the user's real calendar, against a fake of Thunderbird's calendars: accepted
// events are written there (and moved, cancelled, never doubled), Thunderbird's calendars count
// in the popup's conflicts and the resource's decisions, and what the user does in Thunderbird's
// own bar or Calendar tab reaches the agent's store without anything being sent twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, imip, type Harness } from './setup.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import { onCalendarChange } from '../../src/background/calendar-observer.js';
import { retryCalendarWrites } from '../../src/background/calendar-writer.js';
import type { Request, RequestType, Response } from '../../src/shared/protocol.js';
import type { TbItemChange } from '../../src/thunderbird/calendars.js';

const ALICE = 'alice@example.test';
const ORG = 'olga@example.com';

async function call<T extends RequestType>(h: Harness, req: Request<T>): Promise<Response<T>> {
  const reply = await handleRequest(h.agent, req as Request);
  if (!reply.ok) assert.fail(`${req.type}: ${reply.error}`);
  return reply.value as Response<T>;
}

/** Alice's calendar (scheduling for her identity) and a second one, as Thunderbird lists them. */
function setUp(): Harness {
  const h = harness();
  h.calendars.addCalendar({ id: 'personal', name: 'Personal' });
  h.calendars.addCalendar({ id: 'home', name: 'Home', identityKey: 'id1' });
  return h;
}

/** The observer wired as index.ts wires it; `settle` waits for every report to be handled. */
function observe(h: Harness): { settle(): Promise<void> } {
  const running: Promise<void>[] = [];
  h.calendars.onItemChanged((c: TbItemChange) => running.push(onCalendarChange(h.agent, c)));
  return {
    async settle() {
      while (running.length) await running.shift();
    },
  };
}

let n = 0;
async function mail(
  h: Harness,
  o: { method: string; uid: string; sequence?: number; start?: string; end?: string; extra?: string[]; to?: string; attendees?: string[] },
) {
  const m = h.fake.add(imip({ from: ORG, to: o.to ?? ALICE, messageId: `cal-${++n}@example.com`, ...o }), 'inbox');
  await processMessage(h.agent, m, 'new');
  return m;
}

const partstat = (ics: string | undefined, who = ALICE) =>
  new RegExp(`ATTENDEE[^\\r\\n]*PARTSTAT=([A-Z-]+)[^\\r\\n]*:mailto:${who}`, 'i').exec((ics ?? '').replace(/\r?\n[ \t]/g, ''))?.[1];

test("accepting in the popup writes the event into the identity's calendar; the update moves it, the CANCEL marks it; never a second item", async () => {
  const h = setUp();
  const m = await mail(h, { method: 'REQUEST', uid: 'm1' });
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    [],
    'an unanswered invitation is not filed',
  );
  await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: 'm1', action: { kind: 'respond', partstat: 'ACCEPTED' } });
  assert.equal(partstat(h.calendars.ics('home', 'm1')), 'ACCEPTED');
  assert.equal(h.calendars.ics('personal', 'm1'), undefined);
  await mail(h, { method: 'REQUEST', uid: 'm1', sequence: 1, start: '20250715T130000Z', end: '20250715T140000Z' });
  assert.match(h.calendars.ics('home', 'm1')!, /DTSTART:20250715T130000Z/);
  // The same update again (a catch-up sees it twice): nothing written.
  const before = h.calendars.calls.length;
  await processMessage(h.agent, h.fake.messages.get(m.id + 1)!.header, 'catchup');
  assert.equal(h.calendars.calls.length, before);
  await mail(h, { method: 'CANCEL', uid: 'm1', sequence: 2, start: '20250715T130000Z', end: '20250715T140000Z', extra: ['STATUS:CANCELLED'] });
  assert.match(h.calendars.ics('home', 'm1')!, /STATUS:CANCELLED/);
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    ['create home m1', 'update home m1', 'update home m1'],
  );
  assert.equal(h.fake.sentRaw.length, 1, 'one REPLY, nothing else');
});

test("an invitation Thunderbird's bar already filed in another calendar is updated there, not added to the chosen one", async () => {
  const h = setUp();
  h.calendars.seed(
    'personal',
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:m2',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT10M',
      'DESCRIPTION:Planning',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const m = await mail(h, { method: 'REQUEST', uid: 'm2' });
  await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: 'm2', action: { kind: 'respond', partstat: 'TENTATIVE' } });
  // The invitation refreshed Thunderbird's item, the answer updated it: both in place.
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    ['update personal m2', 'update personal m2'],
  );
  assert.equal(h.calendars.ics('home', 'm2'), undefined);
  assert.equal(partstat(h.calendars.ics('personal', 'm2')), 'TENTATIVE');
  assert.match(h.calendars.ics('personal', 'm2')!, /TRIGGER:-PT10M/, 'the alarm the user set stays');
});

test("the popup's conflicts come from Thunderbird's calendars too", async () => {
  const h = setUp();
  h.calendars.seed(
    'personal',
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:dentist',
      'DTSTART:20250714T093000Z',
      'DTEND:20250714T103000Z',
      'SUMMARY:Dentist',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const m = await mail(h, { method: 'REQUEST', uid: 'm3' });
  h.fake.displayed.set(7, m.id);
  const view = await call(h, { type: 'message.view', tabId: 7 });
  const item = view!.items[0]!;
  assert.deepEqual(
    item.conflicts.map((c) => [c.uid, c.summary]),
    [['dentist', 'Dentist']],
  );
});

test("an answer given in Thunderbird's bar is recorded without mail and shown; a deleted accepted invitation waits for an answer", async () => {
  const h = setUp();
  const o = observe(h);
  await mail(h, { method: 'REQUEST', uid: 'm4' });
  // Thunderbird's bar: the user accepts there; Thunderbird files it and mails the REPLY itself.
  h.calendars.userEdits(
    'home',
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:m4',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  await o.settle();
  const detail = await call(h, { type: 'event.get', identity: ALICE, uid: 'm4' });
  assert.equal(detail!.event.partstat, 'ACCEPTED');
  assert.equal(h.fake.sentRaw.length + h.fake.composed.length, 0, 'Thunderbird sent the REPLY; the agent sends nothing');
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    [],
    'and writes nothing back',
  );
  // The user deletes it in the Calendar tab: not a decline, a question.
  h.calendars.userDeletes('home', 'm4');
  await o.settle();
  const attention = await call(h, { type: 'attention.list', identity: ALICE });
  assert.deepEqual(
    attention.map((a) => [a.uid, a.kind]),
    [['m4', 'invitation']],
  );
  assert.equal((await call(h, { type: 'event.get', identity: ALICE, uid: 'm4' }))!.event.partstat, 'ACCEPTED');
  assert.equal(h.fake.sentRaw.length, 0);
});

test('a write that fails (Thunderbird closed in the middle) is applied at the next start, once', async () => {
  const h = setUp();
  const m = await mail(h, { method: 'REQUEST', uid: 'm5' });
  h.calendars.failWrites = true;
  await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: 'm5', action: { kind: 'respond', partstat: 'ACCEPTED' } });
  assert.equal(h.calendars.ics('home', 'm5'), undefined);
  h.calendars.failWrites = false;
  h.restart();
  await retryCalendarWrites(h.agent);
  await retryCalendarWrites(h.agent);
  assert.equal(partstat(h.calendars.ics('home', 'm5')), 'ACCEPTED');
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    ['create home m5'],
  );
});

test('settings: where events go by default, "keep only in imip-agent", and which calendars count', async () => {
  const h = setUp();
  const shown = await call(h, { type: 'calendars.get', identity: ALICE });
  assert.deepEqual(
    [shown.available, shown.writesTo, shown.settings],
    [true, 'home', { target: { kind: 'auto' }, busy: null, onCancel: 'mark', onDecline: 'keep' }],
  );
  assert.deepEqual(
    shown.calendars.map((c) => [c.id, c.forIdentity]),
    [
      ['personal', false],
      ['home', true],
    ],
  );
  h.calendars.seed(
    'personal',
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:gym', 'DTSTART:20250714T090000Z', 'DTEND:20250714T100000Z', 'END:VEVENT', 'END:VCALENDAR', ''].join(
      '\r\n',
    ),
  );
  const saved = await call(h, {
    type: 'calendars.set',
    identity: ALICE,
    settings: { target: { kind: 'none' }, busy: ['home'], onCancel: 'remove', onDecline: 'remove' },
  });
  assert.equal(saved.writesTo, null);
  const busy = await call(h, { type: 'busy.range', identity: ALICE, start: '2025-07-14T00:00:00Z', end: '2025-07-15T00:00:00Z' });
  assert.deepEqual(busy, [], 'the personal calendar does not count any more');
  const m = await mail(h, { method: 'REQUEST', uid: 'm6' });
  await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: 'm6', action: { kind: 'respond', partstat: 'ACCEPTED' } });
  assert.deepEqual(
    h.calendars.calls.filter((c) => !c.startsWith('query')),
    [],
    'kept only in imip-agent',
  );
});

test('a room declines by itself a request colliding with a booking made in its Thunderbird calendar, and files what it accepts', async () => {
  const h = setUp();
  const ROOM = 'room@example.test';
  h.calendars.addCalendar({ id: 'room-cal', name: 'Room 1', identityKey: 'id2' });
  h.calendars.seed(
    'room-cal',
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:walk-in',
      'DTSTART:20250714T083000Z',
      'DTEND:20250714T093000Z',
      'SUMMARY:Booked at the desk',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  await call(h, {
    type: 'settings.set',
    identity: ROOM,
    settings: { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
  });
  await call(h, { type: 'calendars.set', identity: ROOM, settings: { target: { kind: 'auto' }, busy: ['room-cal'], onCancel: 'mark', onDecline: 'keep' } });
  const room = [`ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`];
  await mail(h, { method: 'REQUEST', uid: 'r1', to: ROOM, attendees: room });
  assert.match(h.fake.sentRaw[0]!.raw, /\r\nSubject: Declined: Planning\r\n/);
  assert.equal(h.calendars.ics('room-cal', 'r1'), undefined, 'a declined booking is not filed');
  await mail(h, { method: 'REQUEST', uid: 'r2', to: ROOM, attendees: room, start: '20250714T100000Z', end: '20250714T110000Z' });
  assert.equal(partstat(h.calendars.ics('room-cal', 'r2'), ROOM), 'ACCEPTED');
});

test('a calendar read again after a reset (an import, a sync) is waited for, not seen half-empty', async () => {
  const h = setUp();
  await call(h, { type: 'calendars.get', identity: ALICE });
  const o = observe(h);
  h.calendars.seed(
    'personal',
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:imported',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  h.calendars.emit({ kind: 'reset', calendarId: 'personal' });
  const busy = await call(h, { type: 'busy.range', identity: ALICE, start: '2025-07-14T00:00:00Z', end: '2025-07-15T00:00:00Z' });
  assert.deepEqual(
    busy.map((b) => b.uid),
    ['imported'],
  );
  await o.settle();
});
