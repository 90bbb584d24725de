// A stored copy the engine writes is remembered in the form its text parses to (itip/objects.ts
// asParsed), so the next message about the meeting reads it without parsing. Here the forms a
// stored copy holds — list parameters of one value and of several, lists of values, structured
// values, escaped and folded text, subcomponents, zones, RECUR parts — are written, read back and
// compared with their text as parsed; with `checkWrittenCopies` on (as for every unit test, see
// test/checks.ts) a write whose remembered form differed would throw.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { imipCorpus } from '../../bench/corpus.js';
import { parseCalendar, parseOwnCalendar } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { checkWrittenCopies, eventObjects, loadStored, writeStored } from '../../src/core/itip/objects.js';
import type { StoredEvent } from '../../src/core/types.js';
import { BERLIN_VTIMEZONE } from './harness.js';

/** jCal as JSON data (ical.js parses RECUR parts into objects without a prototype). */
const json = (c: ICAL.Component | undefined) => JSON.parse(JSON.stringify(c?.toJSON() ?? null)) as unknown;

checkWrittenCopies();

const EVENT = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'METHOD:REQUEST',
  ...BERLIN_VTIMEZONE,
  'BEGIN:VEVENT',
  'UID:written-copy@example.test',
  'DTSTAMP:20261101T090000Z',
  'DTSTART;TZID=Europe/Berlin:20261122T100000',
  'DURATION:PT1H30M',
  'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270301T000000Z;WKST=SU',
  'EXDATE;TZID=Europe/Berlin:20261125T100000,20261127T100000',
  'RDATE;VALUE=PERIOD:20261201T090000Z/20261201T100000Z,20261202T090000Z/PT1H',
  'SUMMARY:Review\\; planning\\, and a line\\nbreak — with a long tail of non-ASCII text: äöü ß ÄÖÜ 日本語のテキスト',
  'CATEGORIES:Work,Planning',
  'GEO:52.52;13.405',
  'REQUEST-STATUS:2.0;Success',
  'ORGANIZER;CN="Org, The":mailto:org@example.test',
  'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:carol@example.test":mailto:alice@example.test',
  'ATTENDEE;DELEGATED-FROM="mailto:alice@example.test";MEMBER="mailto:team@example.test","mailto:all@example.test":mailto:carol@example.test',
  'ATTENDEE;DELEGATED-TO="mailto:dave@example.test","mailto:erin@example.test";PARTSTAT=DELEGATED:mailto:bob@example.test',
  'X-ODD;X-PARAM="a:b;c":value',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'DESCRIPTION:Soon',
  'TRIGGER:-PT15M',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:written-copy@example.test',
  'RECURRENCE-ID;TZID=Europe/Berlin:20261123T100000',
  'DTSTAMP:20261101T090000Z',
  'DTSTART;TZID=Europe/Berlin:20261123T120000',
  'DTEND;TZID=Europe/Berlin:20261123T130000',
  'SUMMARY:Moved',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function stored(uid: string): StoredEvent {
  return { uid, ics: '', relation: 'attendee', sequence: 0, cancelled: false, created: '', updated: '', history: [] };
}

test('what is written reads back as its text parses, also after the changes handlers make', () => {
  const { root } = parseCalendar(EVENT);
  const object = eventObjects(root, zoneContext(root, 'UTC')).objects[0]!;
  const record = stored(object.uid);
  writeStored(record, object);
  assert.deepEqual(json(loadStored(record.ics, 'UTC').master), json(eventObjects(parseOwnCalendar(record.ics), zoneContext(root, 'UTC')).objects[0]!.master));

  // Changes as the handlers make them: a one-value list parameter set as a list, a new answer, a
  // removed property, a value set as an ical.js object.
  const master = object.master!;
  const alice = master.getAllProperties('attendee')[0]!;
  alice.setParameter('delegated-to', ['mailto:frank@example.test']);
  alice.setParameter('partstat', 'DELEGATED');
  master.removeAllProperties('categories');
  master.updatePropertyWithValue('dtstamp', ICAL.Time.fromDateTimeString('2026-11-02T08:00:00Z'));
  master.updatePropertyWithValue('rrule', ICAL.Recur.fromString('FREQ=DAILY;COUNT=5;BYHOUR=9,10'));
  writeStored(record, object);
  const again = loadStored(record.ics, 'UTC');
  assert.deepEqual(json(again.master), json(parseOwnCalendar(record.ics).getAllSubcomponents('vevent')[0]));
  assert.equal(again.master!.getAllProperties('attendee')[0]!.getFirstParameter('delegated-to'), 'mailto:frank@example.test');
  // What was handed out is a copy: changing it does not change what the next reader gets.
  again.master!.removeAllProperties('attendee');
  assert.equal(loadStored(record.ics, 'UTC').master!.getAllProperties('attendee').length, 3);
});

test("the bench's senders' events, written, read back as their text parses", () => {
  let n = 0;
  for (const m of imipCorpus(777, 120).messages) {
    const { root } = parseCalendar(m.ics);
    for (const object of eventObjects(root, zoneContext(root, 'UTC')).objects) {
      const record = stored(object.uid);
      writeStored(record, object);
      assert.deepEqual(
        json(loadStored(record.ics, 'UTC').master),
        json(eventObjects(parseOwnCalendar(record.ics), zoneContext(root, 'UTC')).objects[0]!.master),
      );
      n++;
    }
  }
  assert.ok(n > 100, `${n} objects written`);
});

test('a calendar whose text does not read back as it was is not remembered: it is parsed when read', () => {
  // Forms the engine's property test found with the check on: ical.js mangles each on reading,
  // writes the mangled form, and reads that back otherwise.
  const cases: [string, RegExp][] = [
    ['RRULE:', /^RRULE:=undefined\r$/m],
    ['RRULE:FREQ=MONTHLY;', /^RRULE:FREQ=MONTHLY;=undefined\r$/m],
    ['RRULE:FREQ=DAILY;UNTIL=2026', /^RRULE:FREQ=DAILY;UNTIL=2026--\r$/m],
  ];
  for (const [rule, written] of cases) {
    const { root } = parseCalendar(EVENT.replace(/RRULE:FREQ=WEEKLY[^\r]*/, rule));
    const object = eventObjects(root, zoneContext(root, 'UTC')).objects[0]!;
    const record = stored(object.uid);
    writeStored(record, object);
    assert.match(record.ics, written, rule);
    assert.deepEqual(json(loadStored(record.ics, 'UTC', record.uid).master), json(parseOwnCalendar(record.ics).getAllSubcomponents('vevent')[0]), rule);
  }
});

test('checkWrittenCopies catches a remembered form that differs from the parse', () => {
  // An INTEGER held as the text "007": written as it is, read back as the number 7, which
  // asParsed does not undo (no handler sets one so).
  const { root } = parseCalendar(EVENT);
  const object = eventObjects(root, zoneContext(root, 'UTC')).objects[0]!;
  object.master!.addPropertyWithValue('sequence', 1);
  (object.master!.getFirstProperty('sequence')!.toJSON() as unknown[])[3] = '007';
  assert.throws(() => writeStored(stored(object.uid), object), /a written copy differs from its text as parsed/);
});
