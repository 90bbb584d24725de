// The serialiser of src/core/ical/stringify.ts against ical.js's own, which it stands in for:
// the same text for calendars of every kind of line (folds across multi-octet characters,
// escaped and quoted parameters, multi-valued and structured values, value types other than the
// default), for the bench's corpus of senders, and for random text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import fc from 'fast-check';
import { fold, stringifyComponent, stringifyCrlf } from '../../src/core/ical/stringify.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { imipCorpus } from '../../bench/corpus.js';

const foldline = (ICAL as unknown as { helpers: { foldline(line: string): string } }).helpers.foldline;

const same = (root: ICAL.Component) => {
  assert.equal(stringifyComponent(root), root.toString());
  assert.equal(stringifyCrlf(root), root.toString().replace(/\r?\n(?! )/g, '\r\n'));
};

test('folds exactly as ical.js: ASCII at 75, multi-octet characters never split, lone surrogates', () => {
  const lines = [
    '',
    'A',
    'X'.repeat(74),
    'X'.repeat(75),
    'X'.repeat(76),
    'X'.repeat(150),
    'X'.repeat(151),
    'X'.repeat(74) + 'ü' + 'Y'.repeat(80),
    'X'.repeat(73) + '€€' + 'Y'.repeat(80),
    'X'.repeat(72) + '😀😀' + 'Y'.repeat(200),
    '😀'.repeat(60),
    'ü'.repeat(200),
    'X'.repeat(74) + '\ud800' + 'Y'.repeat(10),
    'X'.repeat(75) + '\udc00',
  ];
  for (const line of lines) assert.equal(fold(line), foldline(line), JSON.stringify(line));
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (line) => fold(line) === foldline(line)),
    { numRuns: 500 },
  );
});

const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'METHOD:REQUEST',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:BYDAY=-1SU;FREQ=YEARLY;BYMONTH=10',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'UID:stringify-1@example.test',
  'DTSTAMP:20260301T100000Z',
  'DTSTART;TZID=Europe/Berlin:20260302T090000',
  'DURATION:PT1H',
  'RDATE;VALUE=PERIOD:20260310T090000Z/20260310T100000Z',
  'EXDATE;VALUE=DATE:20260316',
  `SUMMARY:Grüße, Kollegen; ein langer Titel mit Umlauten äöü und € und 😀 ${'x'.repeat(60)}`,
  'DESCRIPTION:Zeile eins\\nZeile zwei\\, mit Komma\\; und Semikolon \\\\ Ende',
  'CATEGORIES:ONE,TWO,DREI',
  'GEO:52.5;13.4',
  'REQUEST-STATUS:2.0;Success',
  'X-EMPTY:',
  'X-CUSTOM;VALUE=DATE-TIME:20260302T090000',
  'X-NUMBER;X-PARAM=a,b:42',
  'ORGANIZER;CN="Müller, Anna";SENT-BY="mailto:bob@example.test":mailto:anna@example.test',
  'ATTENDEE;CN=Quote ^\'here^\' and caret ^^ and ^n newline;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;DELEGATED-TO="mailto:a@example.test","mailto:b@example.test":mailto:carol@example.test',
  'ATTENDEE;MEMBER="mailto:list@example.test";ROLE=OPT-PARTICIPANT;CUTYPE=INDIVIDUAL;X-NUM-GUESTS=0:mailto:dave@example.test',
  'ATTACH;FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY:SGVsbG8=',
  'ATTACH:https://example.test/a;b,c',
  'BEGIN:VALARM',
  'ACTION:DISPLAY',
  'TRIGGER;RELATED=END:-PT15M',
  'DESCRIPTION:Reminder',
  'END:VALARM',
  'END:VEVENT',
  'BEGIN:VFREEBUSY',
  'UID:fb@example.test',
  'DTSTAMP:20260301T100000Z',
  'FREEBUSY;FBTYPE=BUSY:20260302T080000Z/PT1H,20260302T120000Z/20260302T130000Z',
  'END:VFREEBUSY',
  'END:VCALENDAR',
  '',
].join('\r\n');

test('writes a calendar of every kind of line as ical.js does', () => {
  const { root } = parseCalendar(CALENDAR);
  same(root);
  // Values set in code rather than read: numbers, lone surrogates, a parameter with a colon.
  const ev = root.getFirstSubcomponent('vevent')!;
  ev.addPropertyWithValue('x-lone', 'a\ud800b'.repeat(40));
  ev.addPropertyWithValue('sequence', 3);
  ev.getFirstProperty('summary')!.setParameter('language', 'de:DE');
  same(root);
  // Bare line feeds in values of no known type: the CRLF form ends them as lines.
  ev.addPropertyWithValue('x-raw', 'one\ntwo\n three\r\nfour\n');
  same(root);
  same(new ICAL.Component('vcalendar'));
});

test("writes the bench corpus's calendars as ical.js does", () => {
  const corpus = imipCorpus(4242, 150);
  for (const ics of [...corpus.messages.map((m) => m.ics), ...corpus.organised]) same(parseCalendar(ics).root);
});

test('writes random summaries, names and descriptions as ical.js does', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 60 }), (text, name) => {
      const root = new ICAL.Component('vcalendar');
      const ev = new ICAL.Component('vevent');
      root.addSubcomponent(ev);
      ev.addPropertyWithValue('summary', text);
      ev.addPropertyWithValue('description', text + '\n' + text);
      ev.addPropertyWithValue('attendee', 'mailto:x@example.test').setParameter('cn', name);
      return stringifyComponent(root) === root.toString() && stringifyCrlf(root) === root.toString().replace(/\r?\n(?! )/g, '\r\n');
    }),
    { numRuns: 300 },
  );
});

test('a component written again after a change is written anew: every change shows, as ical.js writes it', () => {
  const { root } = parseCalendar(CALENDAR);
  const ev = root.getFirstSubcomponent('vevent')!;
  const tz = root.getFirstSubcomponent('vtimezone')!;
  const steps: (() => void)[] = [
    () => {},
    () => ev.getFirstProperty('attendee')!.setParameter('partstat', 'ACCEPTED'),
    () => ev.getFirstProperty('attendee')!.setParameter('partstat', 'NEEDS-ACTION'),
    () => ev.updatePropertyWithValue('summary', 'Another summary'),
    () => ev.addPropertyWithValue('x-added', 'one more line'),
    () => ev.removeAllProperties('x-added'),
    () => ev.getFirstProperty('organizer')!.setParameter('cn', 'Other, Name'),
    () => tz.getFirstSubcomponent('standard')!.updatePropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromString('+0300')),
    () => tz.getFirstSubcomponent('standard')!.getFirstProperty('rrule')!.setValue(ICAL.Recur.fromString('FREQ=YEARLY;BYMONTH=11;BYDAY=1SU')),
    () => ev.getFirstSubcomponent('valarm')!.updatePropertyWithValue('description', 'Line one\nline two'),
    () => ev.getFirstSubcomponent('valarm')!.updatePropertyWithValue('description', 'Reminder'),
  ];
  for (const step of steps) {
    step();
    // Twice: the second time from what was remembered.
    same(root);
    same(root);
  }
  // The same component in another calendar (a copy of it) is written alike.
  const other = new ICAL.Component('vcalendar');
  other.addSubcomponent(new ICAL.Component(JSON.parse(JSON.stringify(ev.toJSON()))));
  same(other);
});

test('many events with the same UIDs and TZIDs, in turn: each written as ical.js writes it', () => {
  for (let i = 0; i < 400; i++) {
    const text = CALENDAR.replace('SUMMARY:', `SUMMARY:${i % 7} `)
      .replace('UID:stringify-1', `UID:stringify-${i % 90}`)
      .replace('TZOFFSETTO:+0100', `TZOFFSETTO:+0${i % 3}00`);
    same(parseCalendar(text).root);
  }
});
