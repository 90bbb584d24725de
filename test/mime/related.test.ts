// Parts with a Content-ID, as ATTACH;…:CID: names them (RFC 6047 §4.3, RFC 2392), read from raw mail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/core/mime/errors.js';

const calendar = (attach: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:r-1',
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'ORGANIZER:mailto:o@example.com',
    'ATTENDEE:mailto:alice@example.test',
    ...(attach ? [attach] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');

function mail(cal: string, ...parts: string[]): string {
  return [
    'From: o@example.com',
    'To: alice@example.test',
    'Subject: x',
    'Message-ID: <r1@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
    '',
    cal,
    ...parts.flatMap((p) => ['--b1', p]),
    '--b1--',
    '',
  ].join('\r\n');
}
const image = 'Content-Type: image/png\r\nContent-ID: <logo@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=';

test('bodies with a Content-ID are read only when a calendar part mentions CID:', async () => {
  const plain = await parseRawMessage(mail(calendar('ATTACH:https://example.com/a.pdf'), image));
  assert.equal(plain.related, undefined);
  const named = await parseRawMessage(mail(calendar('ATTACH:CID:logo@example.com'), image));
  assert.deepEqual(
    named.related?.map((p) => [p.contentId, p.contentType, [...p.data.subarray(0, 4)]]),
    [['logo@example.com', 'image/png', [0x89, 0x50, 0x4e, 0x47]]],
  );
});

test('a part inside an attached message is not this message’s; a calendar part is not a related part', async () => {
  const forwarded = 'Content-Type: message/rfc822\r\n\r\nFrom: m@example.net\r\nContent-Type: image/png\r\nContent-ID: <inner@example.net>\r\n\r\nxx';
  const calWithCid = 'Content-Type: text/calendar\r\nContent-ID: <cal@example.com>\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR';
  const m = await parseRawMessage(mail(calendar('ATTACH:CID:inner@example.net'), forwarded, calWithCid, image));
  assert.deepEqual(
    m.related?.map((p) => p.contentId),
    ['logo@example.com'],
  );
});

test('a body past MAX_ATTACHMENT_BYTES is listed with its size and no copy', async () => {
  const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 3, 7)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const m = await parseRawMessage(
    mail(
      calendar('ATTACH:CID:big@example.com'),
      `Content-Type: application/octet-stream\r\nContent-ID: <big@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}`,
    ),
  );
  assert.deepEqual(
    m.related?.map((p) => [p.contentId, p.size, p.data.length]),
    [['big@example.com', MAX_ATTACHMENT_BYTES + 3, 0]],
  );
});

test('a fold inside CID: does not hide the reference', async () => {
  const folded = calendar('ATTACH;FMTTYPE=image/png;FILENAME=logo-with-a-long-name.png;SIZE=8:CID\r\n :logo@example.com');
  const m = await parseRawMessage(mail(folded, image));
  assert.deepEqual(
    m.related?.map((p) => p.contentId),
    ['logo@example.com'],
  );
});
