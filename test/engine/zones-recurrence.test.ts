// Time zones and recurrence as the engine meets them in real invitations: Windows zone names,
// Outlook's custom VTIMEZONEs, DST, BYWEEKNO, occurrence updates, THISANDFUTURE, and bombs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, busyLines } from './harness.js';
import { DEFAULT_LIMITS } from '../../src/core/ical/rule-walk.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';

function request(uid: string, ...lines: string[]): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'SUMMARY:Series',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      ...lines,
    ),
  );
}

async function accepted(ics: string, uid: string, tz = 'UTC') {
  const w = world();
  await w.prefs(ALICE, { TZID: tz });
  const got = await w.deliver(ALICE, ics, { from: ORG });
  assert.equal(got.results[0]!.action, 'stored', JSON.stringify(got.results));
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid, partstat: 'ACCEPTED' }));
  return w;
}

test('Outlook: a quoted Windows TZID with its own VTIMEZONE', async () => {
  const ics = cal(
    'REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    ...vevent(
      'UID:040000008200E00074C5B7101A82E00800000000',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'SUMMARY;LANGUAGE=en-US:Quarterly',
      'DTSTART;TZID="W. Europe Standard Time":20261203T100000',
      'DTEND;TZID="W. Europe Standard Time":20261203T110000',
      `ORGANIZER;CN=Org:mailto:${ORG}`,
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`,
      'X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE',
    ),
  );
  const w = await accepted(ics, '040000008200E00074C5B7101A82E00800000000');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-03T00:00:00Z', '2026-12-04T00:00:00Z')), ['BUSY 2026-12-03T09:00:00Z/2026-12-03T10:00:00Z']);
});

test('a Windows zone name with no VTIMEZONE resolves through the CLDR table', async () => {
  const w = await accepted(request('win-1', 'DTSTART;TZID=Pacific Standard Time:20260701T090000', 'DTEND;TZID=Pacific Standard Time:20260701T100000'), 'win-1');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-07-01T00:00:00Z', '2026-07-02T00:00:00Z')), ['BUSY 2026-07-01T16:00:00Z/2026-07-01T17:00:00Z']);
});

test('Outlook\'s "Customized Time Zone" is read from its own VTIMEZONE', async () => {
  const ics = cal(
    'REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:Customized Time Zone',
    'BEGIN:STANDARD',
    'DTSTART:16010101T000000',
    'TZOFFSETFROM:+0530',
    'TZOFFSETTO:+0530',
    'END:STANDARD',
    'END:VTIMEZONE',
    ...vevent(
      'UID:custom-1',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART;TZID=Customized Time Zone:20261202T153000',
      'DTEND;TZID=Customized Time Zone:20261202T163000',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const w = await accepted(ics, 'custom-1');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')), ['BUSY 2026-12-02T10:00:00Z/2026-12-02T11:00:00Z']);
});

test("floating times and all-day dates are read in the user's zone", async () => {
  const w = await accepted(request('float-1', 'DTSTART:20261202T090000', 'DTEND:20261202T100000'), 'float-1', 'Asia/Tokyo');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-03T00:00:00Z')), ['BUSY 2026-12-02T00:00:00Z/2026-12-02T01:00:00Z']);
  const d = await accepted(request('day-1', 'DTSTART;VALUE=DATE:20261202', 'DTEND;VALUE=DATE:20261203'), 'day-1', 'Europe/Berlin');
  assert.deepEqual(busyLines(await d.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-03T00:00:00Z')), ['BUSY 2026-12-01T23:00:00Z/2026-12-02T23:00:00Z']);
});

test('every occurrence of a recurring all-day event lasts its day, across DST (RFC 5545 §3.6.1)', async () => {
  // A DATE DTSTART with neither DTEND nor DURATION lasts one day; each repeat lasts its own day.
  const w = await accepted(request('days-1', 'DTSTART;VALUE=DATE:20270325', 'RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3'), 'days-1', 'Europe/Berlin');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2027-03-24T00:00:00Z', '2027-03-31T00:00:00Z')), [
    'BUSY 2027-03-24T23:00:00Z/2027-03-25T23:00:00Z',
    'BUSY 2027-03-26T23:00:00Z/2027-03-27T23:00:00Z',
    'BUSY 2027-03-28T22:00:00Z/2027-03-29T22:00:00Z',
  ]);
  const two = await accepted(
    request('days-2', 'DTSTART;VALUE=DATE:20270327', 'DTEND;VALUE=DATE:20270329', 'RRULE:FREQ=WEEKLY;COUNT=2'),
    'days-2',
    'Europe/Berlin',
  );
  assert.deepEqual(busyLines(await two.freebusy(ALICE, '2027-03-20T00:00:00Z', '2027-04-10T00:00:00Z')), [
    'BUSY 2027-03-26T23:00:00Z/2027-03-28T22:00:00Z',
    'BUSY 2027-04-02T22:00:00Z/2027-04-04T22:00:00Z',
  ]);
});

test('a weekly 09:00 Berlin series stays at 09:00 local across the DST change', async () => {
  const w = await accepted(
    request('dst-1', 'DTSTART;TZID=Europe/Berlin:20270318T090000', 'DTEND;TZID=Europe/Berlin:20270318T100000', 'RRULE:FREQ=WEEKLY;COUNT=3'),
    'dst-1',
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2027-03-15T00:00:00Z', '2027-04-05T00:00:00Z')), [
    'BUSY 2027-03-18T08:00:00Z/2027-03-18T09:00:00Z',
    'BUSY 2027-03-25T08:00:00Z/2027-03-25T09:00:00Z',
    'BUSY 2027-04-01T07:00:00Z/2027-04-01T08:00:00Z',
  ]);
});

test('BYWEEKNO (RFC 5545: Monday of week 20) is expanded right', async () => {
  const w = await accepted(
    request(
      'week-20',
      'DTSTART;TZID=America/New_York:20270517T090000',
      'DTEND;TZID=America/New_York:20270517T100000',
      'RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;COUNT=3',
    ),
    'week-20',
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2027-01-01T00:00:00Z', '2030-01-01T00:00:00Z')), [
    'BUSY 2027-05-17T13:00:00Z/2027-05-17T14:00:00Z',
    'BUSY 2028-05-15T13:00:00Z/2028-05-15T14:00:00Z',
    'BUSY 2029-05-14T13:00:00Z/2029-05-14T14:00:00Z',
  ]);
});

const SERIES = ['DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', 'RRULE:FREQ=DAILY;COUNT=5'];

test('an update of one occurrence (RECURRENCE-ID, written in another zone) changes only it', async () => {
  const w = await accepted(request('daily-1', ...SERIES), 'daily-1');
  const occ = cal(
    'REQUEST',
    ...vevent(
      'UID:daily-1',
      'SEQUENCE:1',
      'DTSTAMP:20261121T080000Z',
      'RECURRENCE-ID;TZID=Europe/Berlin:20261203T110000',
      'DTSTART:20261203T150000Z',
      'DTEND:20261203T160000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
    ),
  );
  const out = await w.deliver(ALICE, occ, { from: ORG });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.recurrenceId]),
    [['updated', '20261203T100000Z']],
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-03T00:00:00Z', '2026-12-04T00:00:00Z')), ['BUSY 2026-12-03T15:00:00Z/2026-12-03T16:00:00Z']);
  const one = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'daily-1', recurrenceId: '20261204T100000Z', partstat: 'DECLINED' }));
  assert.equal(one.outgoing[0]!.ics.includes('RECURRENCE-ID:20261204T100000Z'), true);
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-04T00:00:00Z', '2026-12-05T00:00:00Z')), []);
  assert.equal(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-06T00:00:00Z')).length, 4);
});

test('RANGE=THISANDFUTURE moves this and every later occurrence', async () => {
  const w = await accepted(request('daily-2', ...SERIES), 'daily-2');
  const split = cal(
    'REQUEST',
    ...vevent(
      'UID:daily-2',
      'SEQUENCE:1',
      'DTSTAMP:20261121T080000Z',
      'RECURRENCE-ID;RANGE=THISANDFUTURE:20261203T100000Z',
      'DTSTART:20261203T130000Z',
      'DTEND:20261203T140000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
    ),
  );
  await w.deliver(ALICE, split, { from: ORG });
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-06T00:00:00Z')), [
    'BUSY 2026-12-01T10:00:00Z/2026-12-01T11:00:00Z',
    'BUSY 2026-12-02T10:00:00Z/2026-12-02T11:00:00Z',
    'BUSY 2026-12-03T13:00:00Z/2026-12-03T14:00:00Z',
    'BUSY 2026-12-04T13:00:00Z/2026-12-04T14:00:00Z',
    'BUSY 2026-12-05T13:00:00Z/2026-12-05T14:00:00Z',
  ]);
});

test('CANCEL of one occurrence frees only that one', async () => {
  const w = await accepted(request('daily-3', ...SERIES), 'daily-3');
  const cancel = cal(
    'CANCEL',
    ...vevent(
      'UID:daily-3',
      'SEQUENCE:1',
      'DTSTAMP:20261121T080000Z',
      'RECURRENCE-ID:20261202T100000Z',
      'STATUS:CANCELLED',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const out = await w.deliver(ALICE, cancel, { from: ORG });
  assert.equal(out.results[0]!.reason, 'one occurrence was cancelled');
  const lines = busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-06T00:00:00Z'));
  assert.equal(lines.length, 4);
  assert.ok(!lines.some((l) => l.includes('2026-12-02')));
});

// The timeout turns a hang into a failure; the bound itself is checked on what comes back.
test('a recurrence bomb (FREQ=SECONDLY, no end) is bounded', { timeout: 60_000 }, async () => {
  const w = await accepted(request('bomb-1', 'DTSTART:20261201T000000Z', 'DTEND:20261201T000001Z', 'RRULE:FREQ=SECONDLY'), 'bomb-1');
  const fb = await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2036-12-01T00:00:00Z');
  const lines = busyLines(fb);
  assert.ok(lines.length >= 1, 'the first instances are still busy');
  assert.ok(lines.length <= DEFAULT_LIMITS.maxInstances, `at most ${DEFAULT_LIMITS.maxInstances} periods, got ${lines.length}`);
});

test('a broken VTIMEZONE (DAYLIGHT without DTSTART) falls back on its Windows name', async () => {
  const ics = cal(
    'REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
    ...vevent(
      'UID:broken-1',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART;TZID=W. Europe Standard Time:20270701T100000',
      'DTEND;TZID=W. Europe Standard Time:20270701T110000',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const w = await accepted(ics, 'broken-1');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2027-07-01T00:00:00Z', '2027-07-02T00:00:00Z')), ['BUSY 2027-07-01T08:00:00Z/2027-07-01T09:00:00Z']);
});

test('a CDO zone name with offsets and no VTIMEZONE is read by its offset', async () => {
  const w = await accepted(
    request(
      'cdo-1',
      'DTSTART;TZID="GMT +0100 (Standard) / GMT +0200 (Daylight)":20261202T100000',
      'DTEND;TZID="GMT +0100 (Standard) / GMT +0200 (Daylight)":20261202T110000',
    ),
    'cdo-1',
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')), ['BUSY 2026-12-02T09:00:00Z/2026-12-02T10:00:00Z']);
});

test("an unknown zone is read in the user's zone, with a warning", async () => {
  const w = world();
  await w.prefs(ALICE, { TZID: 'America/New_York' });
  const out = await w.deliver(ALICE, request('mars-1', 'DTSTART;TZID=Olympus Mons Time:20261202T100000', 'DTEND;TZID=Olympus Mons Time:20261202T110000'), {
    from: ORG,
  });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.warnings]),
    [['stored', ['unknown time zone "Olympus Mons Time": read in America/New_York']]],
  );
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'mars-1', partstat: 'ACCEPTED' }));
  // 10:00 in New York (EST, UTC-5), not in UTC and not in the index's or the machine's zone.
  assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z')), ['BUSY 2026-12-02T15:00:00Z/2026-12-02T16:00:00Z']);
  assert.equal((await w.json(ALICE)).events[0].start, '2026-12-02T15:00:00Z');
});
