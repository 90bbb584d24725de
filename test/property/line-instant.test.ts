// ical/line-time.ts lineInstant (a DATE or DATE-TIME line read from the jCal text) against what the
// dispatcher did before it and still does for any other shape: decode the line into an ical.js Time
// and convert it with tz.ts toInstant. Over generated lines — DATE, UTC, floating, a TZID with and
// without its VTIMEZONE, quoted, unknown, Windows names, "Z" both as a suffix and as a TZID, values
// out of range — the instant and the zone warnings must be the same whenever the fast
// reader answers, and it must answer for every plain form.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { timeText, toInstant, tzidOf, wallClock, zoneContext, type TimeLike } from '../../src/core/ical/tz.js';
import { lineInstant, lineTime, lineTimeLike } from '../../src/core/ical/line-time.js';
import { BERLIN_VTIMEZONE, cal, vevent } from '../engine/harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

/** A TZID parameter as written ('' for none), and whether the calendar carries Berlin's VTIMEZONE. */
const ZONES = [
  { param: '', vtz: false },
  { param: 'Europe/Berlin', vtz: true },
  { param: 'Europe/Berlin', vtz: false },
  { param: '"Europe/Berlin"', vtz: true },
  { param: '"America/New_York"', vtz: false },
  { param: 'W. Europe Standard Time', vtz: false },
  { param: 'Nowhere/Special', vtz: false },
  { param: 'Z', vtz: false },
  { param: 'UTC', vtz: false },
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Case {
  zone: (typeof ZONES)[number];
  text: string;
  form: 'date' | 'utc' | 'local';
  /** Every field in range: the fast reader must answer. */
  plain: boolean;
}

const aCase: fc.Arbitrary<Case> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    form: fc.constantFrom('date' as const, 'utc' as const, 'local' as const),
    year: fc.integer({ min: 1970, max: 2040 }),
    // Beyond the calendar now and then: month 13, day 30 of February, hour 24, second 60.
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(13)),
    day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 29, max: 31 })),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constant(24)),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constant(60)),
    // Near the DST changes of Berlin and New York most of the time.
    nearChange: fc.boolean(),
  })
  .map((r) => {
    const month = r.nearChange ? (r.month % 2 ? 3 : 10) : r.month;
    const day = r.nearChange ? 25 + (r.day % 7) : r.day;
    const hour = r.nearChange ? r.hour % 4 : r.hour;
    const date = `${pad(r.year, 4)}${pad(month)}${pad(day)}`;
    const time = `T${pad(hour)}${pad(r.minute)}${pad(r.second)}`;
    const text = r.form === 'date' ? date : r.form === 'utc' ? `${date}${time}Z` : `${date}${time}`;
    const inDays = month <= 12 && new Date(Date.UTC(r.year, month - 1, day)).getUTCDate() === day;
    const inTime = r.form === 'date' || (hour <= 23 && r.second <= 59);
    return { zone: r.zone, text, form: r.form, plain: inDays && inTime };
  });

function calendar(c: Case): string {
  const params = (c.zone.param ? `;TZID=${c.zone.param}` : '') + (c.form === 'date' ? ';VALUE=DATE' : '');
  return cal(
    null,
    ...(c.zone.vtz ? BERLIN_VTIMEZONE : []),
    ...vevent('UID:line-instant@example.test', 'DTSTAMP:20260101T000000Z', `DTSTART${params}:${c.text}`),
  );
}

/** Both readers on fresh parses (so neither sees the other's warnings or decoded values). */
function both(c: Case, userZone: string) {
  const read = (how: 'jcal' | 'time') => {
    const { root } = parseCalendar(calendar(c));
    const ctx = zoneContext(root, userZone);
    const event = root.getFirstSubcomponent('vevent')!;
    let instant: number | null | undefined | string;
    let isDate: boolean | undefined;
    try {
      if (how === 'jcal') {
        const t = lineTime(event, 'dtstart', ctx);
        instant = t && t.instant;
        isDate = t ? t.isDate : undefined;
      } else {
        const value = event.getFirstPropertyValue('dtstart');
        instant = value instanceof ICAL.Time ? toInstant(value, ctx) : undefined;
        isDate = value instanceof ICAL.Time ? value.isDate : undefined;
      }
    } catch (e) {
      instant = `throws ${(e as Error).message}`;
    }
    return { instant, isDate: instant === undefined ? undefined : isDate, warnings: ctx.warnings };
  };
  return { fast: read('jcal'), full: read('time') };
}

test('lineTime gives toInstant’s instant, the Time’s isDate and the warnings wherever it answers, and answers for every plain DATE and DATE-TIME', () => {
  let answered = 0;
  fc.assert(
    fc.property(aCase, fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles'), (c, userZone) => {
      const { fast, full } = both(c, userZone);
      if (c.plain) assert.equal(typeof fast.instant, 'number', `${calendar(c)} in ${userZone}: the fast reader declined`);
      if (fast.instant === undefined) return;
      answered++;
      assert.deepEqual(fast, full, `${calendar(c)} in ${userZone}`);
    }),
    { numRuns: RUNS },
  );
  assert.ok(answered > RUNS / 4, `the fast reader answered ${answered} of ${RUNS} cases`);
});

test('lineInstant: no such line is null, another value type or a value out of range is left to the decoder', () => {
  const event = (line: string) => {
    const { root } = parseCalendar(cal(null, ...vevent('UID:x', line)));
    return { event: root.getFirstSubcomponent('vevent')!, ctx: zoneContext(root, 'UTC') };
  };
  const at = (line: string, name = 'dtstart') => {
    const { event: e, ctx } = event(line);
    return lineInstant(e, name, ctx);
  };
  assert.equal(at('DTSTART:20261122T100000Z', 'dtend'), null);
  assert.equal(at('DTSTART:20261122T100000Z'), Date.UTC(2026, 10, 22, 10));
  assert.equal(at('DTSTART;TZID=Europe/Berlin:20261122T100000'), Date.UTC(2026, 10, 22, 9));
  assert.equal(at('DTSTART;TZID=Europe/Berlin:20261122T100000Z'), Date.UTC(2026, 10, 22, 10), 'a trailing Z makes it UTC');
  assert.equal(at('DTSTART;VALUE=DATE:20261122'), Date.UTC(2026, 10, 22));
  assert.equal(at('DTSTART;VALUE=TEXT:tomorrow'), undefined);
  assert.equal(at('DTSTART:20260230T100000Z'), undefined);
  assert.equal(at('DTSTART:20261122T240000Z'), undefined);
});

/** What the zone code reads of a time (tz.ts TimeLike), and the wall clock it gives an instant in. */
function asZoneCodeReadsIt(t: TimeLike, ctx: ReturnType<typeof zoneContext>) {
  const { year, month, day, hour, minute, second, isDate } = t;
  const utc = t.zone === ICAL.Timezone.utcTimezone;
  // The text a time is named by in an error: an ical.js Time's own toString.
  if (t instanceof ICAL.Time) assert.equal(timeText(t), t.toString());
  return { year, month, day, hour, minute, second, isDate, utc, tzid: tzidOf(t), text: timeText(t), wall: wallClock(Date.UTC(2026, 2, 29, 0, 30), t, ctx) };
}

test('lineTimeLike reads a time as decoding it does, for the zone code (fields, DATE, UTC, TZID), and answers for every plain form', () => {
  let answered = 0;
  fc.assert(
    fc.property(aCase, fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles'), (c, userZone) => {
      const read = (how: 'jcal' | 'time') => {
        const { root } = parseCalendar(calendar(c));
        const ctx = zoneContext(root, userZone);
        const event = root.getFirstSubcomponent('vevent')!;
        if (how === 'jcal') {
          const t = lineTimeLike(event, 'dtstart');
          return t ? asZoneCodeReadsIt(t, ctx) : t;
        }
        let value: unknown;
        try {
          value = event.getFirstPropertyValue('dtstart');
        } catch {
          return 'throws';
        }
        return value instanceof ICAL.Time ? asZoneCodeReadsIt(value, ctx) : undefined;
      };
      const fast = read('jcal');
      // A TZID that ical.js binds to UTC by its name (Z, UTC, GMT) is left to decoding.
      if (c.plain && (c.form === 'date' || !['Z', 'UTC', 'GMT'].includes(c.zone.param))) assert.ok(fast, `${calendar(c)}: the fast reader declined`);
      if (fast === undefined) return;
      answered++;
      assert.deepEqual(fast, read('time'), calendar(c));
    }),
    { numRuns: RUNS },
  );
  assert.ok(answered > RUNS / 4, `the fast reader answered ${answered} of ${RUNS} cases`);
});
