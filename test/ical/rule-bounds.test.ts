// Bounded recurrence (RFC 5545 §3.3.10): a rule is moved to the window arithmetically, so its
// cost does not depend on how far DTSTART lies in the past, and the occurrences are those the
// walk from DTSTART finds; rules that would make rrule.js walk for ever are refused by reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as rruleModule from 'rrule';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { expandEvent } from '../../src/core/ical/recurrence.js';
import { DEFAULT_LIMITS } from '../../src/core/ical/rule-walk.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { MAX_OCCURRENCES_PER_DAY } from '../../src/core/ical/rule-bounds.js';

const { RRule } = ((rruleModule as Record<string, unknown>)['default'] ?? rruleModule) as typeof rruleModule;
const WINDOW = { start: Date.UTC(2026, 11, 1), end: Date.UTC(2026, 11, 29) };

function expand(dtstart: string, rule: string, window = WINDOW) {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    'UID:r',
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${dtstart}`,
    'DURATION:PT10M',
    rule,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const root = parseCalendar(ics).root;
  const ctx = zoneContext(root, 'UTC');
  const r = expandEvent(root.getFirstSubcomponent('vevent')!, [], window, ctx);
  return { ...r, starts: r.occurrences.map((o) => new Date(o.start).toISOString()), warnings: ctx.warnings };
}

/** What rrule.js finds walking from DTSTART itself, DTSTART included (RFC 5545 §3.8.5.3). */
function reference(dtstart: string, rule: string, window = WINDOW): string[] {
  const starts = RRule.fromString(`DTSTART:${dtstart}\n${rule}`).between(new Date(window.start - 600_000 + 1), new Date(window.end - 1), true);
  const first = RRule.fromString(`DTSTART:${dtstart}\nRRULE:FREQ=DAILY;COUNT=1`).all()[0]!;
  if (first.getTime() + 600_000 > window.start && first.getTime() < window.end && !starts.some((d) => d.getTime() === first.getTime())) starts.unshift(first);
  return starts.map((d) => d.toISOString());
}

const RULES = [
  'RRULE:FREQ=DAILY',
  'RRULE:FREQ=DAILY;INTERVAL=3;BYHOUR=8,17',
  'RRULE:FREQ=DAILY;BYDAY=MO,WE,FR;BYMONTH=12',
  'RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SU;WKST=SU',
  'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU;COUNT=300',
  'RRULE:FREQ=WEEKLY;BYDAY=FR;BYHOUR=9,14;COUNT=400',
  'RRULE:FREQ=MONTHLY;BYMONTHDAY=31',
  'RRULE:FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR',
  'RRULE:FREQ=MONTHLY;BYMONTHDAY=3,17;COUNT=195',
  'RRULE:FREQ=MONTHLY;INTERVAL=7;COUNT=12',
  'RRULE:FREQ=YEARLY;BYMONTH=12;BYDAY=1TU',
  'RRULE:FREQ=YEARLY;BYMONTHDAY=7;COUNT=100',
  'RRULE:FREQ=YEARLY;BYWEEKNO=49;BYDAY=TU,WE',
  'RRULE:FREQ=YEARLY;COUNT=10',
  'RRULE:FREQ=HOURLY;INTERVAL=7;BYMINUTE=0,30',
  'RRULE:FREQ=HOURLY;INTERVAL=5;COUNT=5700',
  'RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12',
  'RRULE:FREQ=DAILY;COUNT=1100',
  'RRULE:FREQ=DAILY;BYDAY=MO;COUNT=200',
];

test('moved to the window, a rule gives what the walk from DTSTART gives (with and without COUNT)', () => {
  for (const dtstart of ['20230305T093015Z', '20201231T230000Z', '20240229T120000Z'])
    for (const rule of RULES) assert.deepEqual(expand(dtstart, rule).starts, reference(dtstart, rule), `${dtstart} ${rule}`);
});

test('the work does not grow with the distance to DTSTART: 1900 costs what 2025 costs', () => {
  for (const rule of [
    'RRULE:FREQ=DAILY',
    'RRULE:FREQ=HOURLY;BYMINUTE=0,15,30,45',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,TU;COUNT=100000',
    'RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10',
    'RRULE:FREQ=MINUTELY;INTERVAL=15;COUNT=100000000',
  ]) {
    const old = expand('19000101T090000Z', rule);
    const recent = expand('20251201T090000Z', rule);
    assert.ok(old.walked <= recent.walked + 400, `${rule}: ${old.walked} instances walked from 1900, ${recent.walked} from 2025`);
    assert.ok(old.occurrences.length > 0, rule);
  }
});

test('a COUNT rule whose count runs out before the window yields nothing there, by arithmetic', () => {
  // The 46,000th day from 1900-01-01 is 2025-12-10: that series has ended; the 46,358th is 2026-12-03.
  const ended = expand('19000101T090000Z', 'RRULE:FREQ=DAILY;COUNT=46000');
  assert.deepEqual([ended.starts, ended.walked], [[], 0]);
  const running = expand('19000101T090000Z', 'RRULE:FREQ=DAILY;COUNT=46358');
  assert.equal(running.starts.at(-1), '2026-12-03T09:00:00.000Z');
});

test('a COUNT rule that cannot be counted by arithmetic is walked a bounded number of periods, with a warning', () => {
  const r = expand('19000101T090000Z', 'RRULE:FREQ=DAILY;BYDAY=MO;BYMONTH=1,12;COUNT=10000000');
  assert.equal(r.truncated, true);
  assert.ok(r.walked <= DEFAULT_LIMITS.maxIterations);
  assert.match(r.warnings.join('\n'), /COUNT rule is expanded at most 20000 daily periods past its DTSTART/);
});

test('rules rrule.js would walk for ever, or that hold millions of instances, are refused by reason', () => {
  const cases: [string, RegExp][] = [
    ['RRULE:FREQ=SECONDLY', /86400 steps a day \(more than MAX_STEPS_PER_DAY, 1440\)/],
    ['RRULE:FREQ=SECONDLY;INTERVAL=60', new RegExp(`1440 occurrences a day \\(more than MAX_OCCURRENCES_PER_DAY, ${MAX_OCCURRENCES_PER_DAY}\\)`)],
    ['RRULE:FREQ=MINUTELY;INTERVAL=4', /360 occurrences a day/],
    [`RRULE:FREQ=DAILY;BYHOUR=${[...Array(24).keys()].join(',')};BYMINUTE=${[...Array(60).keys()].join(',')}`, /1440 occurrences a day/],
    [
      'RRULE:FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,15,30,45',
      /MAX_INSTANCES_PER_PERIOD/,
    ],
    ['RRULE:FREQ=HOURLY;INTERVAL=2;BYHOUR=10', /never reaches the times/],
    ['RRULE:FREQ=SECONDLY;INTERVAL=120;BYHOUR=9;BYMINUTE=0;BYSECOND=1', /never reaches the times/],
    ['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /matches no day in a 400-year cycle/],
    ['RRULE:FREQ=DAILY;INTERVAL=2;BYMONTHDAY=31;BYMONTH=4', /matches no day/],
    ['RRULE:FREQ=MONTHLY;BYMONTH=4,6,9,11;BYMONTHDAY=31', /matches no day/],
    ['RRULE:FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29', /matches no day/],
    ['RRULE:FREQ=DAILY;BYSETPOS=2', /BYSETPOS names no instance/],
    ['RRULE:FREQ=MINUTELY;BYSECOND=60', /BYSECOND=60 is out of range/],
    ['RRULE:FREQ=DAILY;BYWEEKNO=20', /BYWEEKNO is only allowed with FREQ=YEARLY/],
    ['RRULE:FREQ=WEEKLY;BYDAY=2MO', /BYDAY with a number/],
  ];
  for (const [rule, reason] of cases) {
    const r = expand('19010101T090000Z', rule);
    assert.match(r.warnings.join('\n'), /recurrence rule refused/, rule);
    assert.match(r.warnings.join('\n'), reason, rule);
    assert.deepEqual([r.occurrences.length, r.walked], [0, 0], rule);
  }
  // Refused, DTSTART still stands: an event in the window is shown once.
  assert.deepEqual(expand('20261202T090000Z', 'RRULE:FREQ=SECONDLY').starts, ['2026-12-02T09:00:00.000Z']);
});

test('a dense lead-in keeps the latest starts and the window its own', () => {
  const r = expand('20261120T000000Z', 'RRULE:FREQ=MINUTELY;INTERVAL=15', { start: Date.UTC(2026, 11, 1), end: Date.UTC(2026, 11, 2) });
  assert.equal(r.starts.length, 96);
  assert.equal(r.starts[0], '2026-12-01T00:00:00.000Z');
});
