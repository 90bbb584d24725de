// The free/busy index's fast reader of single events (src/core/busy-fast.ts) against the full
// path (the stored text parsed by ical.js, expanded, classified): over generated single events —
// every kind of time (zones with and without their VTIMEZONE, VTIMEZONEs that differ from the IANA
// zone of their name, DST edges, all-day, DURATION, floating, UTC, odd TZIDs), transparency,
// status, the user's answer or none — and over the bench's big calendar, the rows must be the same.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { indexRows, parsedIndexRows } from '../../src/core/busy-index.js';
import { readSingle } from '../../src/core/busy-fast.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { eventObjects, objectToIcs } from '../../src/core/itip/objects.js';
import type { StoredEvent } from '../../src/core/types.js';
import { calendarEvents, foldIcs, BIG_CALENDAR, USER, NOW } from '../../bench/corpus.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const ALICE = 'alice@example.test';
const DAY = 86_400_000;

/** A VTIMEZONE with one standard and one daylight observance (RFC 5545 §3.6.5). */
function vtimezone(tzid: string, std: string, dst: string, stdRule: string, dstRule: string, extra: string[] = []): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    ...extra,
    'BEGIN:STANDARD',
    'DTSTART:16011028T030000',
    `RRULE:FREQ=YEARLY;${stdRule}`,
    `TZOFFSETFROM:${dst}`,
    `TZOFFSETTO:${std}`,
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010325T020000',
    `RRULE:FREQ=YEARLY;${dstRule}`,
    `TZOFFSETFROM:${std}`,
    `TZOFFSETTO:${dst}`,
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];
}

interface ZoneCase {
  /** The TZID parameter as written (quotes included), or '' for none. */
  param: string;
  vtz: string[];
}

const BERLIN_RULES = ['BYDAY=-1SU;BYMONTH=10', 'BYDAY=-1SU;BYMONTH=3'] as const;
const ZONES: ZoneCase[] = [
  { param: 'Europe/Berlin', vtz: vtimezone('Europe/Berlin', '+0100', '+0200', ...BERLIN_RULES, ['X-LIC-LOCATION:Europe/Berlin']) },
  { param: 'Europe/Berlin', vtz: [] },
  // Its name says Berlin, its rules say otherwise: the VTIMEZONE is what counts (RFC 5545 §3.2.19).
  { param: 'Europe/Berlin', vtz: vtimezone('Europe/Berlin', '+0330', '+0500', 'BYDAY=1SU;BYMONTH=9', 'BYDAY=2SU;BYMONTH=4') },
  { param: '"America/New_York"', vtz: [] },
  { param: 'America/New_York', vtz: vtimezone('America/New_York', '-0500', '-0400', 'BYDAY=1SU;BYMONTH=11', 'BYDAY=2SU;BYMONTH=3') },
  { param: 'W. Europe Standard Time', vtz: vtimezone('W. Europe Standard Time', '+0100', '+0200', ...BERLIN_RULES) },
  { param: 'W. Europe Standard Time', vtz: [] },
  { param: '"Customized Time Zone"', vtz: vtimezone('Customized Time Zone', '+0530', '+0630', 'BYDAY=1SU;BYMONTH=10', 'BYDAY=1SU;BYMONTH=4') },
  { param: 'Australia/Lord_Howe', vtz: [] },
  { param: '/mozilla.org/20050126_1/Europe/Paris', vtz: [] },
  { param: '(UTC+05:30) Chennai', vtz: [] },
  { param: 'Nowhere/Atlantis', vtz: [] },
  { param: 'UTC', vtz: [] },
  // A broken VTIMEZONE (an observance without offsets): the full path reads the name instead.
  { param: 'Europe/Berlin', vtz: ['BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', 'BEGIN:STANDARD', 'DTSTART:16011028T030000', 'END:STANDARD', 'END:VTIMEZONE'] },
];

// Days around DST changes (Europe, North America, Lord Howe, the custom zones) and ordinary ones.
const DST_DAYS = ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-04-05', '2026-10-04', '2026-04-12', '2026-09-06', '2025-10-26'];
const OTHER_DAYS = ['2026-03-02', '2025-12-31', '2024-02-29', '1999-12-31', '2038-01-19', '1850-06-01', '1790-07-14', '2300-01-01'];

const basic = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');

const timeArb = fc.record({
  day: fc.oneof({ arbitrary: fc.constantFrom(...DST_DAYS), weight: 3 }, { arbitrary: fc.constantFrom(...OTHER_DAYS), weight: 1 }),
  shift: fc.constantFrom(0, 0, 0, -1, 1, -2, 2),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.constantFrom(0, 15, 30, 59),
  second: fc.constantFrom(0, 0, 30),
});

const eventArb = fc.record({
  kind: fc.constantFrom('tzid', 'tzid', 'tzid', 'utc', 'floating', 'date', 'date'),
  zone: fc.nat({ max: ZONES.length - 1 }),
  endZone: fc.constantFrom('same', 'same', 'utc', 'floating', 'other'),
  start: timeArb,
  minutes: fc.constantFrom(0, 15, 30, 60, 90, 24 * 60, 25 * 60, 3 * 24 * 60, 400 * 24 * 60, -30),
  end: fc.constantFrom('dtend', 'dtend', 'duration', 'none'),
  duration: fc.constantFrom('PT1H', 'PT0S', 'P1D', 'P2D', 'P1W', 'PT36H', 'P1DT2H30M', '-PT15M', 'P1W2D', 'PT90M', 'P500D'),
  transp: fc.constantFrom('', '', '', 'OPAQUE', 'TRANSPARENT', 'transparent'),
  status: fc.constantFrom('', '', '', 'CONFIRMED', 'CANCELLED', 'TENTATIVE', 'cancelled'),
  relation: fc.constantFrom('organizer', 'attendee', 'attendee') as fc.Arbitrary<'organizer' | 'attendee'>,
  partstat: fc.constantFrom('ACCEPTED', 'ACCEPTED', 'TENTATIVE', 'tentative', 'DECLINED', 'NEEDS-ACTION', 'X-ODD', ''),
  me: fc.constantFrom('mailto', 'upper', 'email', 'cn', 'absent', 'alarm'),
  others: fc.integer({ min: 0, max: 3 }),
  summary: fc.string({ maxLength: 120 }),
  userZone: fc.constantFrom('Europe/Berlin', 'America/Los_Angeles', 'Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Not/AZone'),
  shape: fc.constantFrom('engine', 'raw'),
  now: fc.constantFrom(NOW, Date.UTC(2025, 9, 26, 1, 30)),
});

type Ev = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

/** The event's lines, and the VTIMEZONEs it carries. */
function eventText(e: Ev): string {
  const z = ZONES[e.zone]!;
  const other = ZONES[(e.zone + 3) % ZONES.length]!;
  const s = e.start;
  const day = Date.parse(`${s.day}T00:00:00Z`) + s.shift * DAY;
  const startWall = day + ((s.hour * 60 + s.minute) * 60 + s.second) * 1000;
  const endWall = startWall + e.minutes * 60_000;
  const date = (ms: number) => basic(ms).slice(0, 8);
  const line = (name: string, wall: number, kind: string, zone: ZoneCase) =>
    kind === 'date'
      ? `${name};VALUE=DATE:${date(wall)}`
      : kind === 'utc'
        ? `${name}:${basic(wall)}Z`
        : kind === 'floating'
          ? `${name}:${basic(wall)}`
          : `${name};TZID=${zone.param}:${basic(wall)}`;
  const startLine = line('DTSTART', startWall, e.kind, z);
  const endKind =
    e.kind === 'date'
      ? e.endZone === 'same'
        ? 'date'
        : e.endZone === 'other'
          ? 'tzid'
          : e.endZone
      : e.endZone === 'same' || e.endZone === 'other'
        ? e.kind === 'tzid' || e.endZone === 'other'
          ? 'tzid'
          : e.kind
        : e.endZone;
  const endLines =
    e.end === 'dtend'
      ? [line('DTEND', e.kind === 'date' ? startWall + Math.max(0, Math.round(e.minutes / 1440)) * DAY : endWall, endKind, e.endZone === 'other' ? other : z)]
      : e.end === 'duration'
        ? [`DURATION:${e.duration}`]
        : [];
  const vtz = [...z.vtz, ...(endLines[0]?.includes('TZID=') && e.endZone === 'other' && other.param !== z.param ? other.vtz : [])];
  const address = e.me === 'upper' ? `MAILTO:${ALICE.toUpperCase()}` : `mailto:${ALICE}`;
  const partstat = e.partstat ? `;PARTSTAT=${e.partstat}` : '';
  const me =
    e.me === 'absent'
      ? []
      : e.me === 'email'
        ? [`ATTENDEE;EMAIL=${ALICE}${partstat};CN=Alice:urn:uuid:1234-5678`]
        : e.me === 'cn'
          ? [`ATTENDEE;CN="Liddell, Alice (the long name that needs folding: ${'x'.repeat(60)})"${partstat};ROLE=REQ-PARTICIPANT:${address}`]
          : e.me === 'alarm'
            ? []
            : [`ATTENDEE${partstat}:${address}`];
  const others = Array.from({ length: e.others }, (_, i) => `ATTENDEE;PARTSTAT=ACCEPTED;CN=Other ${i}:mailto:other${i}@example.org`);
  const summary = e.summary.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, '\\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//test//EN',
    'VERSION:2.0',
    ...vtz,
    'BEGIN:VEVENT',
    'UID:fast-1@example.test',
    'DTSTAMP:20260101T000000Z',
    startLine,
    ...endLines,
    ...(e.transp ? [`TRANSP:${e.transp}`] : []),
    ...(e.status ? [`STATUS:${e.status}`] : []),
    `SUMMARY:${summary}`,
    'ORGANIZER;CN=Olga:mailto:olga@example.com',
    ...others,
    ...me,
    ...(e.me === 'alarm'
      ? ['BEGIN:VALARM', 'ACTION:EMAIL', 'TRIGGER:-PT15M', 'SUMMARY:x', 'DESCRIPTION:x', `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`, 'END:VALARM']
      : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return foldIcs(lines);
}

/** The text as the engine stores it: read as mail is, then written by the engine's serialiser. */
function engineText(raw: string, userZone: string): string {
  const root = parseCalendar(raw).root;
  const object = eventObjects(root, zoneContext(root, userZone)).objects[0]!;
  return objectToIcs(object);
}

function stored(ics: string, relation: 'organizer' | 'attendee'): StoredEvent {
  const at = new Date(NOW).toISOString();
  return {
    uid: 'fast-1@example.test',
    ics,
    relation,
    organizer: 'olga@example.com',
    sequence: 0,
    dtstamp: at,
    cancelled: false,
    created: at,
    updated: at,
    history: [],
  };
}

/** The full path's answer, or its error (the fast reader must throw the same, or answer the same). */
function full(user: string, s: StoredEvent, zone: string, now: number): unknown {
  try {
    return parsedIndexRows(user, s, zone, now);
  } catch (e) {
    return `throws ${String(e)}`;
  }
}
function fast(user: string, s: StoredEvent, zone: string, now: number): unknown {
  try {
    return indexRows(user, s, zone, now);
  } catch (e) {
    return `throws ${String(e)}`;
  }
}

test('generated single events: the fast reader gives the full path rows', () => {
  let read = 0;
  let runs = 0;
  fc.assert(
    fc.property(eventArb, (e) => {
      const raw = eventText(e);
      const ics = e.shape === 'engine' ? engineText(raw, e.userZone) : raw;
      const s = stored(ics, e.relation);
      runs++;
      if (readSingle(ALICE, s.ics, e.userZone)) read++;
      assert.deepEqual(fast(ALICE, s, e.userZone, e.now), full(ALICE, s, e.userZone, e.now), ics);
    }),
    { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
  );
  // The comparison is worth something only if the fast reader answered most of them itself.
  assert.ok(read > runs * 0.6, `the fast reader answered ${read} of ${runs}`);
});

test('the bench big calendar: the fast reader gives the full path rows for every event', () => {
  let read = 0;
  let n = 0;
  for (const zone of ['Europe/Berlin', 'America/Los_Angeles'])
    for (const s of calendarEvents(7, { ...BIG_CALENDAR, events: 3_000, recurring: 60 })) {
      n++;
      if (readSingle(USER, s.ics, zone)) read++;
      assert.deepEqual(indexRows(USER, s, zone, NOW), parsedIndexRows(USER, s, zone, NOW), s.ics);
    }
  assert.ok(read > n * 0.9, `the fast reader answered ${read} of ${n}`);
});

test('shapes the fast reader leaves to the full path', () => {
  const base = (extra: string[], time = ['DTSTART;TZID=Europe/Berlin:20260302T090000', 'DTEND;TZID=Europe/Berlin:20260302T100000']) =>
    foldIcs([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'UID:u1',
      ...time,
      ...extra,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  assert.ok(readSingle(ALICE, base([]), 'UTC'), 'the plain shape is read');
  for (const ics of [
    base(['RRULE:FREQ=DAILY;COUNT=2']),
    base(['RDATE:20260303T090000Z']),
    base(['EXDATE;TZID=Europe/Berlin:20260302T090000']),
    base(['RECURRENCE-ID:20260302T080000Z']),
    base([], ['DTSTART;VALUE=DATE;TZID=Europe/Berlin:20260302']),
    base([], ['DTSTART;TZID=Europe/Berlin:20260302T090000Z']),
    base([], ['DTSTART;TZID=Euro^npe/Berlin:20260302T090000']),
    base([], ['DTSTART:20260230T090000']),
    base([], ['DTSTART;VALUE=PERIOD:20260302T090000Z/PT1H']),
    base(['DURATION;VALUE=TEXT:PT1H'], ['DTSTART:20260302T090000Z']),
    base(['X-BROKEN;NOEQUALS:1']),
    base(['ATTENDEE;DELEGATED-FROM="mailto:a@x","mailto:b@x":mailto:c@x']),
    base(['ATTENDEE;VALUE=TEXT:mailto:x\\,y@x']),
    base([]).replace('BEGIN:VEVENT', 'BEGIN:VTODO\r\nEND:VTODO\r\nBEGIN:VEVENT'),
    base([]).replace('END:VCALENDAR\r\n', 'END:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
    base([]).replace('\r\n\r\n', '').replace('UID:u1\r\n', 'UID:u1\r\n\r\n'),
    base([]).replace('UID:u1', 'UID: '),
    base([]).replace(/\r\n$/, ''),
  ])
    assert.equal(readSingle(ALICE, ics, 'UTC'), undefined, ics);
});

test('a VTIMEZONE folded inside a BEGIN or END line is left to the full path', () => {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    ...vtimezone('Europe/Berlin', '+0100', '+0200', ...BERLIN_RULES),
    'BEGIN:VEVENT',
    'UID:u1',
    'DTSTART;TZID=Europe/Berlin:20260329T090000',
    'DURATION:PT1H',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  const plain = lines.join('\r\n') + '\r\n';
  assert.ok(readSingle(ALICE, plain, 'UTC'));
  for (const folded of [plain.replace('BEGIN:STANDARD', 'BEG\r\n IN:STANDARD'), plain.replace('END:DAYLIGHT', 'EN\r\n D:DAYLIGHT')]) {
    assert.equal(readSingle(ALICE, folded, 'UTC'), undefined);
    const s = stored(folded, 'organizer');
    assert.deepEqual(fast(ALICE, s, 'UTC', NOW), full(ALICE, s, 'UTC', NOW));
  }
});

test('a VTIMEZONE that differs from the IANA zone of its name is what the rows follow', () => {
  const ics = foldIcs([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    ...vtimezone('Europe/Berlin', '+0330', '+0500', 'BYDAY=1SU;BYMONTH=9', 'BYDAY=2SU;BYMONTH=4'),
    'BEGIN:VEVENT',
    'UID:u1',
    'DTSTART;TZID=Europe/Berlin:20260302T090000',
    'DURATION:PT1H',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  const s = stored(ics, 'organizer');
  const rows = indexRows(ALICE, s, 'UTC', NOW);
  assert.deepEqual(rows, parsedIndexRows(ALICE, s, 'UTC', NOW));
  // 09:00 at +03:30 is 05:30 UTC, not Berlin's 08:00.
  assert.deepEqual(
    rows.flatMap((r) => r.periods),
    [[Date.UTC(2026, 2, 2, 5, 30), Date.UTC(2026, 2, 2, 6, 30), 0]],
  );
});
