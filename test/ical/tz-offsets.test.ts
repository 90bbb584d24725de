// Wall-clock times in IANA zones across transitions (RFC 5545 §3.3.5): a repeated local time is
// its first occurrence; a skipped one is read with the offset before the change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { toInstant, wallClock, setTzid, type ZoneContext } from '../../src/core/ical/tz.js';

const ctx: ZoneContext = { userZone: 'UTC', vtimezones: new Map(), locations: new Map(), warnings: [] };
function at(zone: string, text: string): string {
  const t = ICAL.Time.fromDateTimeString(text);
  setTzid(t, zone);
  return new Date(toInstant(t, ctx)).toISOString();
}

test('ordinary, skipped and repeated local times in Berlin, New York and Lord Howe (30-minute DST)', () => {
  assert.equal(at('Europe/Berlin', '2026-07-01T12:00:00'), '2026-07-01T10:00:00.000Z');
  assert.equal(at('Europe/Berlin', '2026-03-29T02:30:00'), '2026-03-29T01:30:00.000Z', 'skipped: read at +01:00');
  assert.equal(at('Europe/Berlin', '2026-10-25T02:30:00'), '2026-10-25T00:30:00.000Z', 'repeated: the first, +02:00');
  assert.equal(at('America/New_York', '2026-03-08T02:30:00'), '2026-03-08T07:30:00.000Z', 'skipped: read at -05:00');
  assert.equal(at('America/New_York', '2026-11-01T01:30:00'), '2026-11-01T05:30:00.000Z', 'repeated: the first, -04:00');
  assert.equal(at('Australia/Lord_Howe', '2026-04-05T01:45:00'), '2026-04-04T14:45:00.000Z', 'repeated: the first, +11:00');
  assert.equal(at('Etc/GMT-2', '0050-06-01T12:00:00'), '0050-06-01T10:00:00.000Z', 'two-digit years are not read as 19xx');
});

test('an instant back to wall-clock fields, either side of a change', () => {
  const like = ICAL.Time.fromDateTimeString('2026-01-01T00:00:00');
  setTzid(like, 'Europe/Berlin');
  assert.deepEqual(wallClock(Date.parse('2026-10-25T00:30:00Z'), like, ctx), { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 });
  assert.deepEqual(wallClock(Date.parse('2026-10-25T01:30:00Z'), like, ctx), { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 });
  assert.deepEqual(wallClock(Date.parse('2026-03-29T01:00:00Z'), like, ctx), { year: 2026, month: 3, day: 29, hour: 3, minute: 0, second: 0 });
});
