// Hostile input: each case ends with a clear refusal or a bounded answer, and never costs what is
// stored. The limits are the named constants the README lists. (The `timeout`s only stop a hang;
// speed is measured by `npm run bench`, not here.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRawMessage, MailError } from '../../src/core/mime/raw.js';
import { MAX_MIME_DEPTH } from '../../src/core/mime/errors.js';
import { MAX_CALENDAR_CHARS } from '../../src/core/ical/parse.js';
import { MAX_OBJECTS_PER_MESSAGE } from '../../src/core/itip/dispatch.js';
import { cal, vevent } from '../engine/harness.js';

import { ALICE, ORG, head, withMeeting } from './kept.js';

test(`a calendar part over ${MAX_CALENDAR_CHARS} characters (20 MiB) is refused, the store untouched`, { timeout: 120_000 }, async () => {
  const { w, kept } = await withMeeting();
  const huge = cal('REQUEST', ...vevent('UID:huge', ...head, 'DTSTART:20261202T100000Z', `DESCRIPTION:${'x'.repeat(MAX_CALENDAR_CHARS)}`));
  const out = await w.deliver(ALICE, huge, { from: ORG });
  assert.equal(out.results[0]!.action, 'error');
  assert.match(out.results[0]!.reason, /larger than/);
  await kept();
});

test(`10,000 VEVENTs in one message: the first ${MAX_OBJECTS_PER_MESSAGE} are handled, the rest refused by name`, { timeout: 120_000 }, async () => {
  const { w, kept } = await withMeeting();
  const events = Array.from({ length: 10_000 }, (_, i) => vevent(`UID:many-${i}`, ...head, 'DTSTART:20261203T100000Z', 'DTEND:20261203T110000Z')).flat();
  const out = await w.deliver(ALICE, cal('REQUEST', ...events), { from: ORG });
  assert.equal(out.results.filter((r) => r.action === 'stored').length, MAX_OBJECTS_PER_MESSAGE);
  assert.ok(
    out.results.some(
      (r) =>
        r.action === 'refused' &&
        /10000 events in one part \(calendar part 1\), 10000 in this message: only the first 100 of a message are handled \(MAX_OBJECTS_PER_MESSAGE\)/.test(
          r.reason,
        ),
    ),
  );
  await kept();
});

test('100,000 ATTENDEE lines are refused with a clear reason', { timeout: 120_000 }, async () => {
  const { w, kept } = await withMeeting();
  const attendees = Array.from({ length: 100_000 }, (_, i) => `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:guest-${i}@example.net`);
  const out = await w.deliver(ALICE, cal('REQUEST', ...vevent('UID:crowd', ...head, 'DTSTART:20261204T100000Z', 'DTEND:20261204T110000Z', ...attendees)), {
    from: ORG,
  });
  assert.deepEqual(
    out.results.map((r) => r.action),
    ['error'],
  );
  assert.match(out.results[0]!.reason, /ATTENDEE/);
  await kept();
});

test('a rule with every BYxxx part at once is expanded within bounds', { timeout: 120_000 }, async () => {
  const { w, kept } = await withMeeting();
  const rule =
    'RRULE:FREQ=SECONDLY;BYSECOND=0,30;BYMINUTE=0,15,30,45;BYHOUR=9,10,11;BYDAY=MO,TU,WE,TH,FR;BYMONTHDAY=1,2,3,4,5,6,7;BYYEARDAY=1,100,200,300;BYWEEKNO=1,20,40;BYMONTH=1,4,7,10;BYSETPOS=1,-1;WKST=SU';
  const out = await w.deliver(ALICE, cal('REQUEST', ...vevent('UID:everything', ...head, 'DTSTART:20261201T090000Z', 'DTEND:20261201T090010Z', rule)), {
    from: ORG,
  });
  assert.equal(out.results[0]!.action, 'stored');
  await kept();
});

test('a VTIMEZONE with 10,000 observances is read, bounded', { timeout: 120_000 }, async () => {
  const { w, kept } = await withMeeting();
  const observances: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const year = 1000 + Math.floor(i / 2);
    observances.push(
      i % 2 ? 'BEGIN:STANDARD' : 'BEGIN:DAYLIGHT',
      `DTSTART:${String(year).padStart(4, '0')}${i % 2 ? '1025' : '0329'}T020000`,
      `TZOFFSETFROM:${i % 2 ? '+0200' : '+0100'}`,
      `TZOFFSETTO:${i % 2 ? '+0100' : '+0200'}`,
      i % 2 ? 'END:STANDARD' : 'END:DAYLIGHT',
    );
  }
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hostile//EN',
    'METHOD:REQUEST',
    'BEGIN:VTIMEZONE',
    'TZID:Many',
    ...observances,
    'END:VTIMEZONE',
    ...vevent('UID:zoned', ...head, 'DTSTART;TZID=Many:20261205T100000', 'DTEND;TZID=Many:20261205T110000'),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const out = await w.deliver(ALICE, ics, { from: ORG });
  assert.equal(out.results[0]!.action, 'stored', JSON.stringify(out.results));
  await kept();
});

test(`multiparts nested 1,000 deep are refused past ${MAX_MIME_DEPTH} levels`, { timeout: 60_000 }, async () => {
  const lines = ['From: olga@example.com', 'To: alice@example.test', 'Subject: deep', 'MIME-Version: 1.0'];
  let body = 'Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
  for (let i = 0; i < 1000; i++) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  const raw = `${lines.join('\r\n')}\r\n${body}`;
  await assert.rejects(parseRawMessage(raw), (e: unknown) => e instanceof MailError && /nesting deeper than/.test((e as Error).message));
});
