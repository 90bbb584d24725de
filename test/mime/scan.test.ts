import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mayCarryCalendar } from '../../src/core/mime/scan.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { imipCorpus, ordinaryMail } from '../../bench/corpus.js';

const dir = new URL('../fixtures/mail/', import.meta.url);

test('the pre-scan agrees with the full reader on every fixture: a calendar part is never passed over', async () => {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const found = (await parseRawMessage(bytes)).calendarParts.length > 0;
    assert.equal(mayCarryCalendar(bytes), found, name);
    assert.equal(mayCarryCalendar(new TextDecoder('latin1').decode(bytes)), found, `${name} as text`);
  }
});

test('the pre-scan says "no calendar data" for ordinary mail and "read it" for every iMIP message of the corpus', () => {
  for (const raw of ordinaryMail(5, 200)) assert.equal(mayCarryCalendar(raw), false);
  for (const m of imipCorpus(5, 100).messages) assert.equal(mayCarryCalendar(m.raw), true, m.shape);
});

const mail = (headers: string, body: string) => `From: a@example.com\r\nTo: b@example.com\r\nSubject: x\r\n${headers}\r\n\r\n${body}`;
const multipart = (type: string, parts: string[]) =>
  mail(`MIME-Version: 1.0\r\nContent-Type: ${type}; boundary="b1"`, `preamble\r\n${parts.map((p) => `--b1\r\n${p}\r\n`).join('')}--b1--\r\n`);
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR';

test('the pre-scan reads types and names the way the reader does', () => {
  assert.equal(mayCarryCalendar(mail('Content-Type: text/calendar; method=REQUEST', ICS)), true);
  assert.equal(mayCarryCalendar(mail('Content-Type: text/plain', 'BEGIN:VCALENDAR in the text is not a part')), false);
  // A generic type counts by its file name, also RFC 2231-encoded or folded over two lines.
  assert.equal(mayCarryCalendar(multipart('multipart/mixed', ['Content-Type: text/plain\r\n\r\nhi', `Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*=utf-8''invite%2Eics\r\n\r\n${ICS}`])), true);
  assert.equal(mayCarryCalendar(multipart('multipart/mixed', [`Content-Type: application/x-any;\r\n\tname="Einladung.ics"\r\n\r\n${ICS}`])), true);
  assert.equal(mayCarryCalendar(multipart('multipart/mixed', ['Content-Type: application/pdf; name="agenda.pdf"\r\n\r\n%PDF'])), false);
});

test('the pre-scan does not descend where the reader does not: reports and attached messages', async () => {
  const report = multipart('multipart/report; report-type=delivery-status', ['Content-Type: text/plain\r\n\r\nfailed', `Content-Type: text/calendar\r\n\r\n${ICS}`]);
  const forwarded = multipart('multipart/mixed', ['Content-Type: text/plain\r\n\r\nfyi', `Content-Type: message/rfc822\r\n\r\n${mail('Content-Type: text/calendar', ICS)}`]);
  for (const raw of [report, forwarded]) {
    assert.equal((await parseRawMessage(raw)).calendarParts.length, 0);
    assert.equal(mayCarryCalendar(raw), false);
  }
  // Nested alternatives are walked to any depth.
  const nested = multipart('multipart/mixed', [`Content-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\nx\r\n--b2\r\nContent-Type: text/calendar\r\n\r\n${ICS}\r\n--b2--`]);
  assert.equal((await parseRawMessage(nested)).calendarParts.length, 1);
  assert.equal(mayCarryCalendar(nested), true);
});
