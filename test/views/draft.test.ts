// The editor's drafts as iCalendar (RFC 5545) and back, and through the engine's invite/update.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import type { EventDraft } from '../../src/shared/protocol.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { world, parsedOut, attendeeLines } from '../engine/harness.js';

const ALICE = 'alice@example.test';
const NOW = new Date('2025-07-01T08:00:00Z');
let ids = 0;
const args = (extra: Partial<Parameters<typeof views.draftToIcs>[1]> = {}) => ({
  organizer: ALICE,
  organizerName: 'Alice A.',
  now: NOW,
  newId: () => `new-${++ids}@example.test`,
  ...extra,
});

const draft = (extra: Partial<EventDraft> = {}): EventDraft => ({
  summary: 'Quarterly review, part 1; <b>bold</b> \\ done',
  location: 'Room "Möwe", 2nd floor',
  description: 'Line one\nLine two, with; punctuation',
  start: '2025-07-14T09:30',
  end: '2025-07-14T11:00',
  allDay: false,
  tzid: 'Europe/Berlin',
  rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
  exdates: ['2025-07-16T09:30'],
  attendees: [
    { address: 'Bob@Example.test', name: 'Bob B.', role: 'REQ-PARTICIPANT' },
    { address: 'room@example.test', role: 'NON-PARTICIPANT', cutype: 'ROOM' },
  ],
  transparency: 'OPAQUE',
  categories: ['Work', 'Review, quarterly'],
  attachments: [],
  ...extra,
});

test('a draft becomes one VEVENT with its VTIMEZONE, organiser, attendees asked to answer, and escaped text', () => {
  const ics = views.draftToIcs(draft(), args());
  const { root } = parseCalendar(ics);
  assert.equal(root.getFirstPropertyValue('method'), null, 'a stored-form calendar: the engine adds METHOD');
  assert.equal(root.getAllSubcomponents('vevent').length, 1);
  const tz = root.getFirstSubcomponent('vtimezone')!;
  assert.equal(tz.getFirstPropertyValue('tzid'), 'Europe/Berlin');
  const ev = root.getFirstSubcomponent('vevent')!;
  assert.match(String(ev.getFirstPropertyValue('uid')), /^new-\d+@example.test$/);
  assert.match(ics, /\r\nDTSTART;TZID=Europe\/Berlin:20250714T093000\r\n/);
  assert.match(ics, /\r\nDTEND;TZID=Europe\/Berlin:20250714T110000\r\n/);
  assert.match(ics, /\r\nEXDATE;TZID=Europe\/Berlin:20250716T093000\r\n/);
  assert.ok(ics.includes('\r\nRRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO,WE\r\n'), "the rule, in ical.js's order of parts");
  // Ten occurrences end in 2025: the VTIMEZONE covers that year, not thirty.
  assert.deepEqual(
    tz.getAllSubcomponents().map((o) => String(o.getFirstPropertyValue('dtstart'))),
    ['2025-01-01T01:00:00', '2025-03-30T02:00:00', '2025-10-26T03:00:00'],
  );
  assert.match(ics, /\r\nSUMMARY:Quarterly review\\, part 1\\; <b>bold<\/b> \\\\ done\r\n/);
  assert.match(ics, /\r\nCATEGORIES:Work,Review\\, quarterly\r\n/);
  assert.equal(ev.getFirstPropertyValue('summary'), 'Quarterly review, part 1; <b>bold</b> \\ done');
  assert.equal(ev.getFirstPropertyValue('description'), 'Line one\nLine two, with; punctuation');
  const organizer = ev.getFirstProperty('organizer')!;
  assert.deepEqual([organizer.getFirstValue(), organizer.getFirstParameter('cn')], [`mailto:${ALICE}`, 'Alice A.']);
  const lines = ev
    .getAllProperties('attendee')
    .map((p) => [
      p.getFirstValue(),
      p.getFirstParameter('cn'),
      p.getFirstParameter('role'),
      p.getFirstParameter('cutype'),
      p.getFirstParameter('partstat'),
      p.getFirstParameter('rsvp'),
    ]);
  assert.deepEqual(lines, [
    ['mailto:bob@example.test', 'Bob B.', 'REQ-PARTICIPANT', 'INDIVIDUAL', 'NEEDS-ACTION', 'TRUE'],
    ['mailto:room@example.test', undefined, 'NON-PARTICIPANT', 'ROOM', 'NEEDS-ACTION', 'TRUE'],
  ]);
  assert.equal(ev.getFirstPropertyValue('transp'), 'OPAQUE');
  assert.equal(ev.getFirstPropertyValue('sequence'), 0);
});

test('an all-day draft uses VALUE=DATE, no VTIMEZONE, and UNTIL as a date', () => {
  const ics = views.draftToIcs(
    draft({ allDay: true, start: '2025-07-14', end: '2025-07-16', rrule: 'FREQ=YEARLY;UNTIL=20300714T000000Z', exdates: ['2026-07-14'] }),
    args(),
  );
  assert.match(ics, /\r\nDTSTART;VALUE=DATE:20250714\r\n/);
  assert.match(ics, /\r\nDTEND;VALUE=DATE:20250716\r\n/);
  assert.match(ics, /\r\nEXDATE;VALUE=DATE:20260714\r\n/);
  assert.match(ics, /\r\nRRULE:FREQ=YEARLY;UNTIL=20300714\r\n/);
  assert.doesNotMatch(ics, /VTIMEZONE/);
});

test('malformed drafts are refused with a clear error', () => {
  const bad: [Partial<EventDraft>, RegExp][] = [
    [{ rrule: 'FREQ=SOMETIMES' }, /recurrence rule: FREQ must be one of/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=XX' }, /recurrence rule: BYDAY value "XX" is not a weekday/],
    [{ rrule: 'FREQ=WEEKLY;COUNT=3;UNTIL=20250801' }, /COUNT and UNTIL cannot both be given/],
    [{ rrule: 'BYDAY=MO' }, /FREQ is required/],
    [{ rrule: 'FREQ=DAILY;BYMONTHDAY=40' }, /BYMONTHDAY value 40 is out of range/],
    [{ rrule: 'FREQ=DAILY;FOO=1' }, /unknown part FOO/],
    [{ rrule: 'FREQ=WEEKLY;BYDAY=2MO' }, /numbered BYDAY/],
    [{ rrule: 'FREQ=DAILY;INTERVAL=0' }, /INTERVAL must be a positive whole number/],
    [{ end: '2025-07-14T09:00' }, /end must come after the start/],
    [{ start: '2025-02-30T09:00' }, /is not a real date and time/],
    [{ start: 'tomorrow' }, /start must be a date and time/],
    [{ tzid: 'Mars/Olympus' }, /unknown time zone/],
    [{ attendees: [{ address: 'not an address', role: 'REQ-PARTICIPANT' }] }, /is not an e-mail address/],
  ];
  for (const [change, error] of bad) assert.throws(() => views.draftToIcs(draft(change), args()), error, JSON.stringify(change));
});

test('a draft round-trips through the store: eventToDraft is the inverse of draftToIcs', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const original = draft();
  const ics = views.draftToIcs(original, args());
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics }));
  const uid = out.results[0]!.uid!;
  const stored = await w.run(async (tx) => (await tx.user(ALICE).getEvent(uid))!);
  const back = views.eventToDraft(stored, 'UTC');
  assert.equal(back.rrule, 'FREQ=WEEKLY;COUNT=10;BYDAY=MO,WE', 'the same rule, written canonically');
  assert.deepEqual(back, {
    ...original,
    uid,
    rrule: back.rrule,
    attendees: [
      { address: 'bob@example.test', name: 'Bob B.', role: 'REQ-PARTICIPANT', cutype: 'INDIVIDUAL' },
      { address: 'room@example.test', role: 'NON-PARTICIPANT', cutype: 'ROOM' },
    ],
  });
  // A second round trip changes nothing at all.
  const again = views.draftToIcs(back, args());
  assert.deepEqual(views.eventToDraft({ ...stored, ics: again }, 'UTC'), back);
  const allDay = draft({
    allDay: true,
    start: '2025-07-14',
    end: '2025-07-15',
    rrule: null,
    exdates: [],
    tzid: 'America/New_York',
    transparency: 'TRANSPARENT',
    categories: [],
  });
  const out2 = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: views.draftToIcs(allDay, args()) }));
  const stored2 = await w.run(async (tx) => (await tx.user(ALICE).getEvent(out2.results[0]!.uid!))!);
  // A date has no zone: it comes back in the user's.
  assert.deepEqual(views.eventToDraft(stored2, 'UTC'), { ...allDay, uid: out2.results[0]!.uid!, tzid: 'UTC', attendees: back.attendees });
});

test('an edit keeps UID, CREATED and what the editor does not know; the engine bumps SEQUENCE', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const first = views.draftToIcs(draft({ rrule: null, exdates: [] }), args());
  const withExtras = first.replace(
    'END:VEVENT',
    'X-MOZ-GENERATION:3\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Soon\r\nEND:VALARM\r\nEND:VEVENT',
  );
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: withExtras }));
  const uid = out.results[0]!.uid!;
  const stored = await w.run(async (tx) => (await tx.user(ALICE).getEvent(uid))!);
  const edited = { ...views.eventToDraft(stored, 'UTC'), start: '2025-07-14T10:00', end: '2025-07-14T11:30' };
  const later = new Date('2025-07-02T08:00:00Z');
  const ics = views.draftToIcs(edited, args({ now: later, previousIcs: stored.ics }));
  const ev = parseCalendar(ics).root.getFirstSubcomponent('vevent')!;
  assert.equal(ev.getFirstPropertyValue('uid'), uid);
  assert.equal(
    String(ev.getFirstPropertyValue('created')),
    String(parseCalendar(stored.ics).root.getFirstSubcomponent('vevent')!.getFirstPropertyValue('created')),
  );
  assert.equal(ev.getFirstPropertyValue('x-moz-generation'), '3');
  assert.equal(ev.getFirstSubcomponent('valarm')?.getFirstPropertyValue('trigger')?.toString(), '-PT15M');
  assert.ok((ev.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().getTime() === later.getTime());
  w.now = later;
  const update = await w.run((tx) => engine.update(tx, w.opts(ALICE), { ics }));
  assert.equal(update.results[0]!.action, 'sent');
  const { comp } = parsedOut(update.outgoing[0]!);
  assert.equal(comp.getFirstPropertyValue('sequence'), 1, 'a new time is a significant change (RFC 5546 §2.1.4)');
  assert.deepEqual(
    attendeeLines(comp).map((a) => a.partstat),
    ['NEEDS-ACTION', 'NEEDS-ACTION'],
  );
  assert.throws(() => views.draftToIcs({ ...edited, uid: 'someone-else' }, args({ previousIcs: stored.ics })), /the draft is for someone-else/);
});

test('stored files appear in the event view and the draft, and stay on an edit only while the draft keeps them', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const data = new Uint8Array(300).map((_, i) => i % 256);
  const ics = views.draftToIcs(draft({ rrule: null, exdates: [] }), args());
  const withLink = ics.replace('END:VEVENT', 'ATTACH;FMTTYPE=text/html:https://example.com/notes/Agenda%20v2.html\r\nEND:VEVENT');
  const out = await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: withLink, attachments: [{ name: 'slides.pdf', type: 'application/pdf', data }] }));
  const uid = out.results[0]!.uid!;
  const view = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), uid)))!;
  const stored = view.attachments.find((a) => a.name === 'slides.pdf')!;
  assert.match(stored.id!, /^[0-9a-f]{16}$/);
  assert.deepEqual({ ...stored, id: null }, { id: null, name: 'slides.pdf', type: 'application/pdf', size: 300, uri: null });
  assert.deepEqual(
    view.attachments.find((a) => a.uri),
    { id: null, name: 'Agenda v2.html', type: 'text/html', size: null, uri: 'https://example.com/notes/Agenda%20v2.html' },
  );

  const record = await w.run(async (tx) => (await tx.user(ALICE).getEvent(uid))!);
  const editable = views.eventToDraft(record, 'UTC');
  assert.deepEqual(editable.attachments, [{ name: 'slides.pdf', type: 'application/pdf', keepId: stored.id! }]);
  const kept = views.draftToIcs(editable, args({ previousIcs: record.ics }));
  assert.equal(parseCalendar(kept).root.getFirstSubcomponent('vevent')!.getAllProperties('attach').length, 2);
  const dropped = views.draftToIcs({ ...editable, attachments: [] }, args({ previousIcs: record.ics }));
  const lines = parseCalendar(dropped).root.getFirstSubcomponent('vevent')!.getAllProperties('attach');
  assert.deepEqual(
    lines.map((p) => String(p.getFirstValue())),
    ['https://example.com/notes/Agenda%20v2.html'],
    'the link stays; the removed file goes',
  );
});
