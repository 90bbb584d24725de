// The whole-message comparison helper itself: it must see what it promises to ignore as equal
// and fail on every real difference — an extra property, a missing one, a changed value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectIcs, expectMessage, expectMime, normalise } from './itip-compare.js';
import { renderMessage } from '../../src/core/mime/render.js';
import type { OutgoingMessage } from '../../src/core/types.js';

const REPLY = [
  'BEGIN:VCALENDAR',
  'PRODID:-//imip-agent//EN',
  'VERSION:2.0',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  'UID:meeting-1@example.com',
  'DTSTAMP:20261120T090000Z',
  'SEQUENCE:0',
  'ORGANIZER;CN=Olga:mailto:organizer@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED;CN=Alice;ROLE=REQ-PARTICIPANT:mailto:alice@example.test',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const EXPECTED = [
  'BEGIN:VCALENDAR',
  'PRODID:**ANY**',
  'VERSION:2.0',
  'METHOD:REPLY',
  'BEGIN:VEVENT',
  'UID:meeting-1@example.com',
  'DTSTAMP:**ANY**',
  'SEQUENCE:0',
  'ORGANIZER;CN=Olga:mailto:organizer@example.com',
  'ATTENDEE;CN=Alice;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:alice@example.test',
  'END:VEVENT',
  'END:VCALENDAR',
];

const fails = (fn: () => void, pattern: RegExp) => assert.throws(fn, (e: Error) => e instanceof assert.AssertionError && pattern.test(e.message));

test('equal as a whole: property order, parameter order, folding and wildcards do not matter', () => {
  const reordered = REPLY.replace('SEQUENCE:0\r\n', '')
    .replace('END:VEVENT', 'SEQUENCE:0\r\nEND:VEVENT')
    .replace('ORGANIZER;CN=Olga:mailto:organizer@', 'ORGANIZER;CN=Olga:mailto:orga\r\n nizer@');
  expectIcs(REPLY, EXPECTED);
  expectIcs(reordered, EXPECTED);
  assert.equal(normalise(REPLY), normalise(reordered));
});

test('RRULE parts compare as a set; a changed part fails', () => {
  const rule = (r: string) => REPLY.replace('SEQUENCE:0', `SEQUENCE:0\r\n${r}`);
  const want = EXPECTED.map((l) => (l === 'SEQUENCE:0' ? 'SEQUENCE:0\nRRULE:FREQ=WEEKLY;COUNT=2;BYDAY=TU' : l)).flatMap((l) => l.split('\n'));
  expectIcs(rule('RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=2'), want);
  fails(() => expectIcs(rule('RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=2'), want), /BYDAY=WE/);
});

test('an extra property fails, and the diff names it', () => {
  const leaked = REPLY.replace('END:VEVENT', 'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.test\r\nEND:VEVENT');
  fails(() => expectIcs(leaked, EXPECTED), /bob@example\.test/);
});

test('a missing property fails', () => {
  fails(() => expectIcs(REPLY.replace('SEQUENCE:0\r\n', ''), EXPECTED), /SEQUENCE:0/);
  // A wildcard property must still be there.
  fails(() => expectIcs(REPLY.replace('DTSTAMP:20261120T090000Z\r\n', ''), EXPECTED), /DTSTAMP/);
});

test('a changed value or parameter fails', () => {
  fails(() => expectIcs(REPLY.replace('PARTSTAT=ACCEPTED', 'PARTSTAT=DECLINED'), EXPECTED), /PARTSTAT=DECLINED/);
  fails(() => expectIcs(REPLY.replace('SEQUENCE:0', 'SEQUENCE:1'), EXPECTED), /SEQUENCE:1/);
  fails(() => expectIcs(REPLY.replace(';CN=Olga', ''), EXPECTED), /CN=Olga/);
});

test('an extra or missing component fails; sibling components compare as a set', () => {
  const override = ['BEGIN:VEVENT', 'UID:meeting-1@example.com', 'RECURRENCE-ID:20261202T100000Z', 'DTSTAMP:20261120T090000Z', 'END:VEVENT'];
  const two = REPLY.replace('END:VCALENDAR', [...override, 'END:VCALENDAR'].join('\r\n'));
  fails(() => expectIcs(two, EXPECTED), /RECURRENCE-ID/);
  const both = [...EXPECTED.slice(0, -1), ...override.map((l) => (l.startsWith('DTSTAMP') ? 'DTSTAMP:**ANY**' : l)), 'END:VCALENDAR'];
  expectIcs(two, both);
  // The override first in the expected text: still the same set.
  expectIcs(two, [...EXPECTED.slice(0, 4), ...override, ...EXPECTED.slice(4)]);
});

test('a VTIMEZONE body can be a wildcard: only its TZID is compared', () => {
  const zoned = REPLY.replace(
    'BEGIN:VEVENT',
    [
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Berlin',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
    ].join('\r\n'),
  );
  const want = [...EXPECTED.slice(0, 4), 'BEGIN:VTIMEZONE', 'TZID:Europe/Berlin', '**ANY**', 'END:VTIMEZONE', ...EXPECTED.slice(4)];
  expectIcs(zoned, want);
  fails(() => expectIcs(zoned.replace('TZID:Europe/Berlin', 'TZID:Europe/Paris'), want), /Europe\/Paris/);
  fails(() => expectIcs(REPLY, want), /VTIMEZONE/);
});

test('expectMessage checks the recipients, subject and METHOD as well as the object', () => {
  const out: OutgoingMessage = {
    from: 'alice@example.test',
    to: ['organizer@example.com'],
    subject: 'Accepted: Planning',
    text: '',
    method: 'REPLY',
    ics: REPLY,
  };
  const head = ['From: alice@example.test', 'To: organizer@example.com', 'Subject: Accepted: Planning', ''];
  expectMessage(out, [...head, ...EXPECTED]);
  fails(() => expectMessage({ ...out, to: ['organizer@example.com', 'bob@example.test'] }, [...head, ...EXPECTED]), /bob@example\.test/);
  fails(() => expectMessage({ ...out, method: 'COUNTER' }, [...head, ...EXPECTED]), /METHOD/);
});

test('expectMime renames boundaries and lets base64 bodies be wildcards', () => {
  const out: OutgoingMessage = {
    from: 'alice@example.test',
    to: ['organizer@example.com'],
    subject: 'Accepted: Planning',
    text: 'Alice accepted.\n',
    method: 'REPLY',
    ics: REPLY,
  };
  const raw = renderMessage(out, { date: new Date('2026-11-20T09:00:00Z'), messageId: 'm1@example.test', boundarySeed: 'seed-1' });
  const skeleton = [
    'From: <alice@example.test>',
    'To: organizer@example.com',
    'Subject: Accepted: Planning',
    'Date: **ANY**',
    'Message-ID: **ANY**',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="**BOUNDARY-1**"',
    '',
    '--**BOUNDARY-1**',
    'Content-Type: multipart/alternative; boundary="**BOUNDARY-2**"',
    '',
    '--**BOUNDARY-2**',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    '**BODY**',
    '--**BOUNDARY-2**',
    'Content-Type: text/calendar; method=REPLY; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    '**BODY**',
    '--**BOUNDARY-2**--',
    '',
    '--**BOUNDARY-1**',
    'Content-Type: application/ics; name="invite.ics"',
    'Content-Disposition: attachment; filename="invite.ics"',
    'Content-Transfer-Encoding: base64',
    '',
    '**BODY**',
    '--**BOUNDARY-1**--',
    '',
  ];
  expectMime(raw, skeleton);
  // A different seed gives different boundaries, and the comparison does not care.
  expectMime(renderMessage(out, { date: new Date('2026-11-21T09:00:00Z'), messageId: 'm2@example.test', boundarySeed: 'seed-2' }), skeleton);
  fails(
    () =>
      expectMime(
        raw,
        skeleton.map((l) => l.replace('method=REPLY', 'method=REQUEST')),
      ),
    /method=REQUEST/,
  );
  fails(
    () =>
      expectMime(
        raw,
        skeleton.filter((l) => !l.startsWith('Content-Disposition')),
      ),
    /Content-Disposition/,
  );
});
