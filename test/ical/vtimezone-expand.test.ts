// The transitions src/core/ical/vtimezone-expand.ts computes for simple observances, against
// ical.js's own expansion, which it stands in for: the same change records, field for field and in
// the same order, for every month, weekday and position of the rule, DTSTARTs before, on and after
// the first date, offsets of every sign, and the observances it must leave to ical.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import fc from 'fast-check';
import { expandSimply } from '../../src/core/ical/vtimezone-expand.js';

type Expand = (component: ICAL.Component, year: number, changes: object[]) => object[] | null;
const original = (ICAL.Timezone.prototype as unknown as { _expandComponent: Expand })._expandComponent;

function observance(kind: 'STANDARD' | 'DAYLIGHT', dtstart: string, rrule: string | undefined, from: string, to: string, extra: string[] = []): ICAL.Component {
  const text = [
    'BEGIN:VTIMEZONE',
    'TZID:Test/Zone',
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    `TZOFFSETFROM:${from}`,
    `TZOFFSETTO:${to}`,
    ...(rrule ? [`RRULE:${rrule}`] : []),
    ...extra,
    `END:${kind}`,
    'END:VTIMEZONE',
  ].join('\r\n');
  return new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent(kind.toLowerCase())!;
}

/** Both expansions of a fresh copy of the observance, as JSON (key order included). */
function both(make: () => ICAL.Component, year: number): [string, string] {
  const a = make();
  const theirs = original.call(new ICAL.Timezone(a.parent!), a, year, []);
  const b = make();
  const tz = new ICAL.Timezone(b.parent!);
  expandSimply(tz);
  const ours = (tz as unknown as { _expandComponent: Expand })._expandComponent(b, year, []);
  return [JSON.stringify(ours), JSON.stringify(theirs)];
}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const POSITIONS = ['1', '2', '3', '4', '-1', '+1', '+4'];

test('every month, weekday and position, DTSTART in 1601, 1970 and on a rule date, gives what ical.js gives', () => {
  for (let month = 1; month <= 12; month++)
    for (const day of DAYS)
      for (const pos of POSITIONS)
        for (const dtstart of ['16010101T020000', '19700329T020000', '20071104T020000', `1999${String(month).padStart(2, '0')}15T030000`]) {
          const rule = `FREQ=YEARLY;BYMONTH=${month};BYDAY=${pos}${day}`;
          const [ours, theirs] = both(() => observance('DAYLIGHT', dtstart, rule, '+0100', '+0200'), 2031);
          assert.equal(ours, theirs, `${dtstart} ${rule}`);
        }
});

test('random DTSTARTs, offsets and end years give what ical.js gives', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  const offset = fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 15, 30, 45))
    .map(([s, h, m]) => `${s}${two(h)}${two(m)}`);
  fc.assert(
    fc.property(
      fc.integer({ min: 1000, max: 2100 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 1, max: 12 }),
      fc.constantFrom(...DAYS),
      fc.constantFrom(...POSITIONS),
      offset,
      offset,
      fc.constantFrom('STANDARD', 'DAYLIGHT') as fc.Arbitrary<'STANDARD' | 'DAYLIGHT'>,
      fc.integer({ min: 1000, max: 2200 }),
      (y, mo, d, h, mi, month, day, pos, from, to, kind, end) => {
        const dtstart = `${y}${two(mo)}${two(d)}T${two(h)}${two(mi)}00`;
        const rule = `BYDAY=${pos}${day};FREQ=YEARLY;BYMONTH=${month}`;
        const [ours, theirs] = both(() => observance(kind, dtstart, rule, from, to), end);
        assert.equal(ours, theirs, `${dtstart} ${rule} ${from} ${to} ${end}`);
      },
    ),
    { numRuns: 300 },
  );
});

test('observances of other kinds are left to ical.js, with the same result', () => {
  const cases: [string, string | undefined, string[]][] = [
    ['16010101T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=5SU', []],
    ['16010101T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-2SU', []],
    ['19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20060326T010000Z', []],
    ['19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=10', []],
    ['19700329T020000', 'FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU', []],
    ['19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=25,26,27,28,29,30,31;BYDAY=SU', []],
    ['19700329T020000', 'FREQ=YEARLY;BYMONTH=3,4;BYDAY=-1SU', []],
    ['19700329T020000', 'FREQ=MONTHLY;BYDAY=-1SU', []],
    ['19700329T020000', 'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU', ['RDATE:19800101T000000']],
    ['19700329T020000', undefined, []],
    ['19700329T020000', undefined, ['RDATE:19800101T000000,19900101T000000']],
    ['16010101T020000', 'FREQ=YEARLY;BYMONTH=2;BYDAY=-1MO', []],
  ];
  for (const [dtstart, rule, extra] of cases) {
    const [ours, theirs] = both(() => observance('STANDARD', dtstart, rule, '+0200', '+0100', extra), 2031);
    assert.equal(ours, theirs, `${dtstart} ${rule} ${extra.join(' ')}`);
  }
});
