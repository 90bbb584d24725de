// recurrence.ts expandEvent's path for an event that happens once (its DTSTART and DTEND read from
// the jCal text, ical/line-time.ts) against the general path, which decodes them into ical.js
// Times. The general path is taken by the same event with an EXDATE that excludes nothing (a
// date long before any DTSTART here). Over generated events — DTSTART and DTEND in UTC, floating,
// with a TZID with and without its VTIMEZONE, unknown or Windows names, DATE, out of range or
// not a time at all; DURATION instead, negative or missing; windows before, around and after —
// the occurrences, the truncation and the zone warnings must be the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { expandEvent } from '../../src/core/ical/recurrence.js';
import { BERLIN_VTIMEZONE, cal, vevent } from '../engine/harness.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const HOUR = 3_600_000;

/** A TZID parameter as written ('' for none). */
const TZIDS = ['', ';TZID=Europe/Berlin', ';TZID="America/New_York"', ';TZID=W. Europe Standard Time', ';TZID=Nowhere/Special', ';TZID=Z'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const aTime = fc
  .record({
    tzid: fc.constantFrom(...TZIDS),
    form: fc.constantFrom('utc', 'local', 'date', 'junk'),
    day: fc.oneof(fc.integer({ min: 20, max: 31 }), fc.constant(32)),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 30),
  })
  .map((t) => {
    // Around Berlin's and New York's change to summer time in March 2026.
    const date = `202603${pad(t.day)}`;
    if (t.form === 'date') return `;VALUE=DATE:${date}`;
    if (t.form === 'junk') return `;VALUE=TEXT:soon`;
    return `${t.tzid}:${date}T${pad(t.hour)}${pad(t.minute)}00${t.form === 'utc' ? 'Z' : ''}`;
  });

const anEvent = fc.record({
  start: aTime,
  end: fc.option(aTime, { nil: undefined }),
  duration: fc.option(fc.constantFrom('PT1H', 'P1D', '-PT1H', 'PT0S', 'P1W'), { nil: undefined }),
  vtimezone: fc.boolean(),
  // Window edges in hours from 2026-03-28T00:00Z.
  from: fc.integer({ min: -72, max: 96 }),
  length: fc.integer({ min: 0, max: 120 }),
  userZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles'),
});

type Event = typeof anEvent extends fc.Arbitrary<infer T> ? T : never;

function calendar(e: Event, general: boolean) {
  return cal(
    null,
    ...(e.vtimezone ? BERLIN_VTIMEZONE : []),
    ...vevent(
      'UID:once@example.test',
      'DTSTAMP:20260101T000000Z',
      `DTSTART${e.start}`,
      ...(e.end ? [`DTEND${e.end}`] : []),
      ...(e.duration ? [`DURATION:${e.duration}`] : []),
      ...(general ? ['EXDATE:18000101T000000Z'] : []),
    ),
  );
}

/** The expansion of one parse, with what it warned; components named by their UID. */
function expanded(text: string, window: { start: number; end: number }, userZone: string) {
  const { root } = parseCalendar(text);
  const ctx = zoneContext(root, userZone);
  const master = root.getFirstSubcomponent('vevent')!;
  let result;
  try {
    result = expandEvent(master, [], window, ctx);
  } catch (e) {
    return { throws: (e as Error).message, warnings: ctx.warnings };
  }
  const occurrences = result.occurrences.map(({ component, ...o }) => ({ ...o, master: component === master }));
  return { occurrences, truncated: result.truncated, walked: result.walked, warnings: ctx.warnings };
}

test('an event that happens once expands as the general path expands it', () => {
  let some = 0;
  fc.assert(
    fc.property(anEvent, (e) => {
      const start = Date.UTC(2026, 2, 28) + e.from * HOUR;
      const window = { start, end: start + e.length * HOUR };
      const once = expanded(calendar(e, false), window, e.userZone);
      const general = expanded(calendar(e, true), window, e.userZone);
      assert.deepEqual(once, general, calendar(e, false));
      if (once.occurrences?.length) some++;
    }),
    { numRuns: RUNS },
  );
  assert.ok(some > RUNS / 10, `only ${some} of ${RUNS} cases had an occurrence in the window`);
});

test('an event that happens once: an occurrence at the edge of the window, and one of no length at its start', () => {
  const at = (dtend: string, window: { start: number; end: number }) =>
    expanded(cal(null, ...vevent('UID:x', 'DTSTART:20260328T100000Z', dtend)), window, 'UTC').occurrences!.map((o) => [o.start, o.end]);
  const ten = Date.UTC(2026, 2, 28, 10);
  assert.deepEqual(at('DTEND:20260328T110000Z', { start: ten + HOUR, end: ten + 2 * HOUR }), [], 'ends where the window starts');
  assert.deepEqual(at('DTEND:20260328T110000Z', { start: ten - HOUR, end: ten }), [], 'starts where the window ends');
  assert.deepEqual(at('DTEND:20260328T100000Z', { start: ten, end: ten + HOUR }), [[ten, ten]], 'no length, at the start');
  assert.deepEqual(at('DTEND:20260328T090000Z', { start: ten - HOUR, end: ten + HOUR }), [[ten, ten]], 'an end before the start');
});

test('an event that happens once warns of its zones in the order the general path does: DTEND’s, then DTSTART’s', () => {
  const text = (general: boolean) =>
    cal(
      null,
      ...vevent(
        'UID:x',
        'DTSTART;TZID=Nowhere/Special:20260328T100000',
        'DTEND;TZID=Elsewhere/Else:20260328T110000',
        ...(general ? ['EXDATE:18000101T000000Z'] : []),
      ),
    );
  const window = { start: Date.UTC(2026, 2, 27), end: Date.UTC(2026, 2, 29) };
  const once = expanded(text(false), window, 'UTC');
  assert.deepEqual(once, expanded(text(true), window, 'UTC'));
  assert.deepEqual(once.warnings, ['unknown time zone "Elsewhere/Else": read in UTC', 'unknown time zone "Nowhere/Special": read in UTC']);
});
