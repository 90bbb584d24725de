// The numeric VTIMEZONE transitions (src/core/ical/vtimezone-changes.ts) against ical.js's own
// expansion, which they stand in for: on random observances of the yearly n-th-weekday shape the
// same change list, so every utcOffset ical.js answers from it is the same; other shapes are left
// to ical.js.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { prefillChanges, utcOffsetOf } from '../../src/core/ical/vtimezone-changes.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const offset = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

interface Obs {
  daylight: boolean;
  start: [number, number, number, number, number, number];
  from: number;
  to: number;
  rule?: string;
}

function vtimezone(observances: Obs[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//t//EN', 'BEGIN:VTIMEZONE', 'TZID:Test'];
  for (const o of observances) {
    const name = o.daylight ? 'DAYLIGHT' : 'STANDARD';
    const [y, mo, d, h, mi, s] = o.start;
    lines.push(`BEGIN:${name}`, `DTSTART:${pad(y, 4)}${pad(mo)}${pad(d)}T${pad(h)}${pad(mi)}${pad(s)}`);
    lines.push(`TZOFFSETFROM:${offset(o.from)}`, `TZOFFSETTO:${offset(o.to)}`);
    if (o.rule) lines.push(`RRULE:${o.rule}`);
    lines.push(`END:${name}`);
  }
  lines.push('END:VTIMEZONE', 'END:VCALENDAR', '');
  return lines.join('\r\n');
}

function zones(text: string): [ICAL.Timezone, ICAL.Timezone] {
  const vtz = () => ICAL.Component.fromString(text).getFirstSubcomponent('vtimezone')!;
  return [new ICAL.Timezone(vtz()), new ICAL.Timezone(vtz())];
}

type Internals = { changes: unknown[]; expandedUntilYear: number };
const internals = (tz: ICAL.Timezone) => tz as unknown as Internals;
const at = (y: number, mo: number, d: number, h: number, mi: number) =>
  ({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }) as unknown as ICAL.Time;

const observance = fc.record({
  daylight: fc.boolean(),
  start: fc.tuple(
    fc.integer({ min: 1583, max: 2035 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 23 }),
    fc.constantFrom(0, 30, 59),
    fc.constantFrom(0, 0, 30),
  ),
  from: fc.integer({ min: -14 * 4, max: 14 * 4 }).map((q) => q * 15),
  to: fc.integer({ min: -14 * 4, max: 14 * 4 }).map((q) => q * 15),
  rule: fc.option(
    fc
      .tuple(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(-5, -4, -3, -2, -1, 1, 2, 3, 4, 5),
        fc.constantFrom('SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'),
        fc.boolean(),
      )
      .map(([m, n, d, order]) => (order ? `FREQ=YEARLY;BYMONTH=${m};BYDAY=${n}${d}` : `FREQ=YEARLY;BYDAY=${n}${d};BYMONTH=${m}`)),
    { nil: undefined },
  ),
});

test('the yearly n-th weekday shape: the change list ical.js makes, and its offsets', () => {
  fc.assert(
    fc.property(fc.array(observance, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1590, max: 2060 }), (obs, year) => {
      const [ours, theirs] = zones(vtimezone(obs));
      prefillChanges(ours, year);
      theirs.utcOffset(at(year, 6, 1, 12, 0));
      // A fifth weekday, one counted from the end other than the last, or February is ical.js's.
      if (obs.some((o) => /BYDAY=(5|-[2-5])|BYMONTH=2(;|$)/.test(o.rule ?? ''))) return assert.equal(internals(ours).changes.length, 0);
      assert.deepEqual(internals(ours).changes, internals(theirs).changes);
      assert.equal(internals(ours).expandedUntilYear, internals(theirs).expandedUntilYear);
      for (const [mo, d, h] of [
        [1, 1, 0],
        [3, 29, 2],
        [10, 25, 2],
        [12, 31, 23],
      ] as const)
        assert.equal(ours.utcOffset(at(year, mo, d, h, 30)), theirs.utcOffset(at(year, mo, d, h, 30)));
    }),
    { numRuns: RUNS },
  );
});

test('an Outlook VTIMEZONE from 1601 and the common IANA export', () => {
  const outlook: Obs[] = [
    { daylight: false, start: [1601, 1, 1, 3, 0, 0], from: 120, to: 60, rule: 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10' },
    { daylight: true, start: [1601, 1, 1, 2, 0, 0], from: 60, to: 120, rule: 'FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3' },
  ];
  const iana: Obs[] = [
    { daylight: true, start: [1970, 3, 8, 2, 0, 0], from: -300, to: -240, rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=2SU' },
    { daylight: false, start: [1970, 11, 1, 2, 0, 0], from: -240, to: -300, rule: 'FREQ=YEARLY;BYMONTH=11;BYDAY=1SU' },
  ];
  for (const obs of [outlook, iana])
    for (const year of [1601, 1969, 2026, 2040]) {
      const [ours, theirs] = zones(vtimezone(obs));
      prefillChanges(ours, year);
      assert.ok(internals(ours).changes.length > 0);
      theirs.utcOffset(at(year, 1, 1, 0, 0));
      assert.deepEqual(internals(ours).changes, internals(theirs).changes);
    }
});

test('other shapes are left to ical.js', () => {
  for (const rule of [
    'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20060402T070000Z',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3',
    'FREQ=YEARLY;BYMONTH=3,4;BYDAY=-1SU',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14',
    'FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU',
    'FREQ=YEARLY;BYMONTH=3;BYDAY=5SU',
    'FREQ=YEARLY;BYMONTH=2;BYDAY=-4MO',
    'FREQ=YEARLY;BYMONTH=2;BYDAY=3SU',
  ]) {
    const [ours] = zones(vtimezone([{ daylight: true, start: [1970, 3, 1, 2, 0, 0], from: 60, to: 120, rule }]));
    prefillChanges(ours, 2026);
    assert.equal(internals(ours).changes.length, 0, rule);
  }
});

test('utcOffsetOf answers what utcOffset does, for any VTIMEZONE and time', () => {
  const anyRule = fc.oneof(
    observance.map((o) => o.rule),
    fc.constantFrom(
      'FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20060402T070000Z',
      'FREQ=YEARLY;BYMONTH=10;BYDAY=5SU',
      'FREQ=YEARLY;BYMONTH=2;BYDAY=-1MO',
      'FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;COUNT=20',
    ),
  );
  const time = fc.tuple(
    fc.integer({ min: 1500, max: 2100 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ base: observance, rule: anyRule }).map(({ base, rule }) => ({ ...base, ...(rule ? { rule } : {}) })),
        { minLength: 1, maxLength: 3 },
      ),
      fc.array(time, { minLength: 1, maxLength: 12 }),
      (obs, times) => {
        const [ours, theirs] = zones(vtimezone(obs));
        for (const [y, mo, d, h, mi] of times) assert.equal(utcOffsetOf(ours, at(y, mo, d, h, mi)), theirs.utcOffset(at(y, mo, d, h, mi)));
        // Around transitions, every quarter of an hour: where the two offsets and the choice between them matter.
        const changes = (theirs as unknown as { changes: { year: number; month: number; day: number; hour: number; minute: number }[] }).changes;
        for (const c of changes.filter((_, i) => i % Math.max(1, Math.floor(changes.length / 6)) === 0)) {
          const base = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute);
          for (let q = -16; q <= 16; q++) {
            const d = new Date(base + q * 900_000);
            const f = at(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
            assert.equal(utcOffsetOf(ours, f), theirs.utcOffset(f));
          }
        }
      },
    ),
    { numRuns: RUNS },
  );
});
