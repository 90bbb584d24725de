// ical/decode.ts says which property values can be read without decoding them to find out whether
// decoding fails. Whatever it calls safe must decode without throwing, over every value type of
// ical.js's design set, well-formed and malformed values alike; and it must call safe the types
// the dispatcher reads on every event (TEXT, CAL-ADDRESS, INTEGER, plain dates).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { lineMayFailToDecode, mayFailToDecode } from '../../src/core/ical/decode.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { cal, vevent } from '../engine/harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const TYPES = [
  'text',
  'uri',
  'cal-address',
  'integer',
  'float',
  'boolean',
  'date',
  'date-time',
  'duration',
  'period',
  'recur',
  'utc-offset',
  'binary',
  'time',
  'x-made-up',
];
const PROPERTIES = ['SEQUENCE', 'PRIORITY', 'GEO', 'DURATION', 'RRULE', 'DTSTART', 'RDATE', 'TZOFFSETTO', 'SUMMARY', 'ATTENDEE', 'REQUEST-STATUS', 'X-THING'];
const VALUES = [
  '',
  '5',
  '-1',
  'abc',
  '1.5',
  'TRUE',
  '20261122',
  '20261122T100000Z',
  '202103206T200210Z',
  'PT1H',
  'P1X',
  '-PT15M',
  '+P1DT2H3M4S',
  'P2W',
  'P1D',
  'PT',
  'P',
  'PTM',
  'P1DT',
  'PT1H1D',
  'P1W2D',
  'FREQ=DAILY',
  'FREQ=',
  '+0100',
  '+01',
  '20261122T100000Z/PT1H',
  '//',
  'mailto:a@b',
  'a,b;c',
];

function properties(line: string): ICAL.Property[] {
  const text = cal(null, ...vevent('UID:x', line));
  let root: ICAL.Component;
  try {
    root = parseCalendar(text).root;
  } catch {
    return [];
  }
  return root
    .getFirstSubcomponent('vevent')!
    .getAllProperties()
    .filter((p) => p.name !== 'uid');
}

test('a value lineMayFailToDecode calls safe decodes without throwing, whatever its type and text', () => {
  let safe = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...PROPERTIES),
      fc.option(fc.constantFrom(...TYPES)),
      fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 12 })),
      (name, type, value) => {
        for (const p of properties(`${name}${type ? `;VALUE=${type.toUpperCase()}` : ''}:${value.replace(/[\r\n]/g, '')}`)) {
          assert.equal(mayFailToDecode(p), lineMayFailToDecode(p.jCal));
          if (lineMayFailToDecode(p.jCal)) continue;
          safe++;
          assert.doesNotThrow(() => p.getValues(), `${p.toICALString()} (${p.type})`);
        }
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(safe > RUNS / 4, `${safe} values called safe`);
});

test('the values read on every event are safe without decoding; decoded ones are not', () => {
  const safe = [
    'SEQUENCE:3',
    'PRIORITY:5',
    'SUMMARY:Review',
    'ATTENDEE:mailto:a@example.test',
    'DTSTART:20261122T100000Z',
    'DTSTART;VALUE=DATE:20261122',
    'X-FLAG;VALUE=BOOLEAN:TRUE',
    'X-RATE;VALUE=FLOAT:1.5',
    'GEO:1.5;2.5',
    'DURATION:PT1H',
    'TRIGGER:-PT15M',
    'TRIGGER;RELATED=END:P1DT2H',
  ];
  for (const line of safe) assert.equal(lineMayFailToDecode(properties(line)[0]!.jCal), false, line);
  const decoded = [
    'DURATION:PT',
    'TRIGGER:-PTM',
    'DURATION:P1X',
    'RRULE:FREQ=DAILY',
    'TZOFFSETTO:+0100',
    'RDATE;VALUE=PERIOD:20261122T100000Z/PT1H',
    'DTSTART:202103206T200210Z',
  ];
  for (const line of decoded) assert.equal(lineMayFailToDecode(properties(line)[0]!.jCal), true, line);
});

test('a duration lineMayFailToDecode calls safe decodes without throwing, and the common forms are called safe', () => {
  // Strings of the letters and signs a duration is made of, where a mistake would hide.
  const durationish = fc.stringMatching(/^[+-]?P[0-9PTWDHMS+-]{0,10}$/);
  let safe = 0;
  fc.assert(
    fc.property(durationish, (text) => {
      const p = properties(`DURATION:${text}`)[0];
      if (!p || lineMayFailToDecode(p.jCal)) return;
      safe++;
      assert.doesNotThrow(() => p.getValues(), text);
    }),
    { numRuns: RUNS * 4 },
  );
  assert.ok(safe > 0, 'some generated durations were called safe');
  for (const text of ['PT1H', '-PT15M', '+P1D', 'P2W', 'P1DT2H3M4S', 'PT90M', 'PT0S'])
    assert.equal(lineMayFailToDecode(properties(`TRIGGER:${text}`)[0]!.jCal), false, text);
});
