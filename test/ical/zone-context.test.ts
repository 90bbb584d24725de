// zoneContext (src/core/ical/tz.ts) reads a calendar's VTIMEZONEs from their jCal and shares one
// ical.js Timezone per distinct VTIMEZONE: found by TZID and compared with the jCal it was made
// from. The same VTIMEZONE read twice is one object; another one under the same TZID is not; a
// broken one is reported as before; X-LIC-LOCATION is kept.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { toInstant, zoneContext } from '../../src/core/ical/tz.js';

const calendar = (tzid: string, offset: string, extra: string[] = []) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VTIMEZONE',
    `TZID:${tzid}`,
    'X-LIC-LOCATION:Somewhere/Else',
    ...extra,
    'BEGIN:STANDARD',
    'DTSTART:19701025T030000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    'UID:z',
    'DTSTAMP:20261120T080000Z',
    `DTSTART;TZID=${tzid}:20261201T100000`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

const start = (ics: string) => {
  const { root } = parseCalendar(ics);
  const ctx = zoneContext(root, 'UTC');
  return { ctx, ms: toInstant(root.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time, ctx) };
};

test('the same VTIMEZONE read from two messages is one shared Timezone; another under the same TZID is its own', () => {
  const tzid = `Test/Shared-${process.pid}`;
  const a = start(calendar(tzid, '+0300'));
  const b = start(calendar(tzid, '+0300'));
  assert.equal(a.ctx.vtimezones.get(tzid), b.ctx.vtimezones.get(tzid));
  assert.equal(a.ctx.locations.get(tzid), 'Somewhere/Else');
  assert.equal(a.ms, Date.UTC(2026, 11, 1, 7));
  const other = start(calendar(tzid, '+0500'));
  assert.notEqual(other.ctx.vtimezones.get(tzid), a.ctx.vtimezones.get(tzid));
  assert.equal(other.ms, Date.UTC(2026, 11, 1, 5));
  // A line more (here a comment-like X- property) is another VTIMEZONE too.
  const more = start(calendar(tzid, '+0300', ['X-NOTE:one more line']));
  assert.notEqual(more.ctx.vtimezones.get(tzid), a.ctx.vtimezones.get(tzid));
  // Both versions stay shared.
  assert.equal(start(calendar(tzid, '+0500')).ctx.vtimezones.get(tzid), other.ctx.vtimezones.get(tzid));
  assert.equal(start(calendar(tzid, '+0300')).ctx.vtimezones.get(tzid), a.ctx.vtimezones.get(tzid));
});

test('a VTIMEZONE without the offsets of an observance is broken: its name is used, with a warning', () => {
  const ics = calendar('Test/Broken', '+0300').replace('TZOFFSETFROM:+0300\r\n', '');
  const { ctx } = start(ics);
  assert.equal(ctx.vtimezones.has('Test/Broken'), false);
  assert.equal(ctx.warnings[0], 'VTIMEZONE Test/Broken is broken: its name is used instead');
  assert.equal(ctx.locations.get('Test/Broken'), 'Somewhere/Else');
});

test('many distinct VTIMEZONEs: every one still reads right while the shared ones are bounded', () => {
  for (let i = 0; i < 300; i++) {
    const tzid = `Test/Many-${i % 120}`;
    const hours = (i % 7) + 1;
    const { ms } = start(calendar(tzid, `+0${hours}00`));
    assert.equal(ms, Date.UTC(2026, 11, 1, 10 - hours));
  }
});
