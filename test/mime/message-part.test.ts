import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromMessagePart, type TbMessagePart } from '../../src/core/mime/message-part.js';
import { MailError } from '../../src/core/mime/errors.js';

const ics = (uid: string, method = 'REQUEST'): string =>
  [
    'BEGIN:VCALENDAR',
    'PRODID:-//Example//Fixture//EN',
    'VERSION:2.0',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'ORGANIZER:mailto:organizer@example.com',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:alice@example.test',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

// Thunderbird's getFull: the root is typed message/rfc822 and holds the message headers.
const rootHeaders = {
  from: ['Olga Organizer <Organizer@Example.com>'],
  to: ['Alice <alice@example.test>, bob@example.test'],
  cc: ['"Müller, Carl" <carl@example.test>'],
  subject: ['Invitation: Design sync'],
  'message-id': ['<calendar-1@google.com>'],
  date: ['Thu, 03 Jul 2025 12:00:00 +0000'],
};

test('Google shape: text/calendar alternative with body + application/ics only as attachment → one part', () => {
  const text = ics('g1@google.com');
  const root: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: { ...rootHeaders, sender: ['Google Calendar <calendar-notification@google.com>'] },
    parts: [
      {
        contentType: 'multipart/mixed',
        partName: '1',
        headers: {},
        parts: [
          {
            contentType: 'multipart/alternative',
            partName: '1.1',
            parts: [
              { contentType: 'text/plain', partName: '1.1.1', body: 'Design sync' },
              { contentType: 'text/html', partName: '1.1.2', body: '<p>Design sync</p>' },
              { contentType: 'text/calendar', partName: '1.1.3', headers: { 'content-type': ['text/calendar; charset="UTF-8"; method=REQUEST'] }, body: text },
            ],
          },
          { contentType: 'application/ics', partName: '1.2', name: 'invite.ics', size: 900 },
        ],
      },
    ],
  };
  const m = fromMessagePart(root, [{ partName: '1.2', contentType: 'application/ics', name: 'invite.ics', text: text.replace(/\r\n/g, '\n') }]);
  assert.equal(m.calendarParts.length, 1);
  assert.deepEqual(m.calendarParts[0], { contentType: 'text/calendar', methodParam: 'REQUEST', text, path: '1.1.3' });
  assert.deepEqual(m.from, { address: 'organizer@example.com', name: 'Olga Organizer' });
  assert.deepEqual(m.sender, { address: 'calendar-notification@google.com', name: 'Google Calendar' });
  assert.deepEqual(m.to, [{ address: 'alice@example.test', name: 'Alice' }, { address: 'bob@example.test' }]);
  assert.deepEqual(m.cc, [{ address: 'carl@example.test', name: 'Müller, Carl' }]);
  assert.equal(m.messageId, 'calendar-1@google.com');
  assert.equal(m.date, '2025-07-03T12:00:00.000Z');
  assert.equal(m.encrypted, undefined);
});

test('Outlook shape: root alternative, method only in the part header', () => {
  const root: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: rootHeaders,
    parts: [
      {
        contentType: 'multipart/alternative',
        partName: '1',
        parts: [
          { contentType: 'text/plain', partName: '1.1', body: 'Hallo' },
          { contentType: 'text/html', partName: '1.2', body: '<p>Hallo</p>' },
          {
            contentType: 'text/calendar',
            partName: '1.3',
            headers: { 'content-type': ['text/calendar; charset="utf-8"; method=REQUEST'], 'content-transfer-encoding': ['base64'] },
            body: ics('040000008200E000'),
          },
        ],
      },
    ],
  };
  const m = fromMessagePart(root);
  assert.equal(m.calendarParts.length, 1);
  assert.equal(m.calendarParts[0]!.methodParam, 'REQUEST');
  assert.equal(m.calendarParts[0]!.path, '1.3');
  assert.equal(m.subject, 'Invitation: Design sync');
});

test('attachment-only calendar: a body-less part filled from TbAttachment, and one missing from the tree', () => {
  const inTree: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: rootHeaders,
    parts: [
      {
        contentType: 'multipart/mixed',
        partName: '1',
        parts: [
          { contentType: 'text/plain', partName: '1.1', body: 'see attachment' },
          { contentType: 'application/x-any', partName: '1.2', name: 'Termin.ics' },
        ],
      },
    ],
  };
  const a = fromMessagePart(inTree, [{ partName: '1.2', contentType: 'application/x-any', name: 'Termin.ics', text: ics('apple-1') }]);
  assert.equal(a.calendarParts.length, 1);
  assert.equal(a.calendarParts[0]!.filename, 'Termin.ics');
  assert.equal(a.calendarParts[0]!.path, '1.2');
  assert.match(a.calendarParts[0]!.text, /UID:apple-1/);
  // Without the attachment's text there is nothing to read.
  assert.equal(fromMessagePart(inTree).calendarParts.length, 0);

  const notInTree: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: rootHeaders,
    parts: [{ contentType: 'text/plain', partName: '1', body: 'hi' }],
  };
  const b = fromMessagePart(notInTree, [{ partName: '2', contentType: 'text/calendar; method=REPLY', name: 'cal.ics', text: ics('kmail-1', 'REPLY') }]);
  assert.equal(b.calendarParts.length, 1);
  assert.equal(b.calendarParts[0]!.methodParam, 'REPLY');
  assert.equal(b.calendarParts[0]!.filename, 'cal.ics');
});

test('decryptionStatus success → encrypted', () => {
  const root: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: rootHeaders,
    decryptionStatus: 'success',
    parts: [{ contentType: 'text/calendar', partName: '1', headers: { 'content-type': ['text/calendar; method=REQUEST'] }, body: ics('enc-1') }],
  };
  const m = fromMessagePart(root);
  assert.equal(m.encrypted, true);
  assert.equal(m.calendarParts[0]!.methodParam, 'REQUEST');
  assert.equal(fromMessagePart({ ...root, decryptionStatus: 'none' }).encrypted, undefined);
});

test('bounce and forwarded shapes: nothing under multipart/report or an attached message/rfc822', () => {
  const report: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: { from: ['MAILER-DAEMON@mx.example.com'] },
    parts: [
      {
        contentType: 'multipart/report',
        partName: '1',
        parts: [
          { contentType: 'text/plain', partName: '1.1', body: 'undeliverable' },
          { contentType: 'message/rfc822', partName: '1.3', parts: [{ contentType: 'text/calendar', partName: '1.3.1', body: ics('bounced') }] },
        ],
      },
    ],
  };
  assert.equal(
    fromMessagePart(report, [{ partName: '1.3.2', contentType: 'application/ics', name: 'invite.ics', text: ics('bounced2') }]).calendarParts.length,
    0,
  );
  const fwd: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: rootHeaders,
    parts: [
      {
        contentType: 'multipart/mixed',
        partName: '1',
        parts: [
          { contentType: 'text/plain', partName: '1.1', body: 'FYI' },
          { contentType: 'message/rfc822', partName: '1.2', parts: [{ contentType: 'text/calendar', partName: '1.2.1', body: ics('fwd') }] },
        ],
      },
    ],
  };
  assert.equal(fromMessagePart(fwd, [{ partName: '1.2.1', contentType: 'text/calendar', text: ics('fwd') }]).calendarParts.length, 0);
});

test('a hostile, deeply nested tree is a MailError', () => {
  let part: TbMessagePart = { contentType: 'text/calendar', body: ics('deep') };
  for (let i = 0; i < 500; i++) part = { contentType: 'multipart/mixed', parts: [part] };
  assert.throws(
    () => fromMessagePart({ contentType: 'message/rfc822', partName: '', headers: {}, parts: [part] }),
    (e: unknown) => e instanceof MailError && /nesting/.test(e.message),
  );
});
