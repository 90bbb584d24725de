import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MailError, parseRawMessage } from '../../src/core/mime/raw.js';
import { MAX_MIME_DEPTH, MAX_MIME_PARTS, MAX_MESSAGE_BYTES } from '../../src/core/mime/errors.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url)));
const read = (name: string) => parseRawMessage(fixture(name));
const uidOf = (text: string): string | undefined => /^UID:(.*)$/m.exec(text.replace(/\r\n/g, '\n'))?.[1];

test('Exchange: base64 text/calendar inside multipart/alternative inside mixed', async () => {
  const m = await read('outlook-exchange.eml');
  assert.equal(m.calendarParts.length, 1);
  const [p] = m.calendarParts;
  assert.equal(p!.contentType, 'text/calendar');
  assert.equal(p!.methodParam, 'REQUEST');
  assert.equal(p!.path, '1.3');
  assert.match(p!.text, /^BEGIN:VCALENDAR\r\n/);
  assert.match(p!.text, /TZID:W\. Europe Standard Time/);
  assert.equal(uidOf(p!.text)?.slice(0, 16), '040000008200E000');
  // Headers: encoded-word names (iso-8859-1), lower-cased addresses, a quoted comma in a name.
  assert.deepEqual(m.from, { address: 'organizer@example.com', name: 'Olga Organizer (München)' });
  assert.deepEqual(m.to, [{ address: 'alice@example.test', name: 'Alice' }]);
  assert.deepEqual(m.cc, [{ address: 'bob@example.test', name: 'Bob, B.' }]);
  // =96 is an en dash: Outlook labels windows-1252 text as iso-8859-1 (WHATWG treats them alike).
  assert.equal(m.subject, 'Budgetplanung Q3 – Einladung für München');
  assert.equal(m.messageId, '6A1B2C3D4E5F@EXCH01.corp.example.com');
  assert.equal(m.date, '2025-07-01T08:00:00.000Z');
});

test('Outlook.com: the root itself is the multipart/alternative', async () => {
  const m = await read('outlook-com-reply.eml');
  assert.equal(m.calendarParts.length, 1);
  assert.equal(m.calendarParts[0]!.path, '3');
  assert.equal(m.calendarParts[0]!.methodParam, 'REPLY');
  assert.match(m.calendarParts[0]!.text, /PARTSTAT=ACCEPTED/);
  assert.equal(m.from?.address, 'alice@example.test');
});

test('Google: the QP alternative and the base64 invite.ics are one object → one part, with method', async () => {
  const m = await read('google.eml');
  assert.equal(m.calendarParts.length, 1);
  const [p] = m.calendarParts;
  assert.equal(p!.contentType, 'text/calendar');
  assert.equal(p!.methodParam, 'REQUEST');
  assert.equal(p!.path, '1.3');
  assert.equal(uidOf(p!.text), '7kukuqrfedlm2f9t0vr42q2gc0@google.com');
  // QP soft breaks are undone: the ATTENDEE line is whole again.
  assert.match(p!.text, /X-NUM-GUESTS=0:mailto:organizer@example\.com\r\n/);
  assert.deepEqual(m.sender, { address: 'calendar-notification@google.com', name: 'Google Calendar' });
  assert.deepEqual(m.replyTo, [{ address: 'organizer@example.com' }]);
});

test('Thunderbird: 8bit UTF-8 alternative and application/ics → one part', async () => {
  const m = await read('thunderbird.eml');
  assert.equal(m.calendarParts.length, 1);
  assert.equal(m.calendarParts[0]!.path, '1.2');
  assert.match(m.calendarParts[0]!.text, /SUMMARY:Café planning ☕\r\n/);
  assert.equal(m.subject, 'Invitation: Café planning ☕');
});

test('Nextcloud: noreply From, organiser in Reply-To, event.ics attachment with method', async () => {
  const m = await read('nextcloud.eml');
  assert.equal(m.from?.address, 'noreply@cloud.example.com');
  assert.deepEqual(m.replyTo, [{ address: 'organizer@example.com', name: 'Olga Organizer' }]);
  assert.equal(m.calendarParts.length, 1);
  assert.equal(m.calendarParts[0]!.filename, 'event.ics');
  assert.equal(m.calendarParts[0]!.methodParam, 'REQUEST');
});

test('Sabre: the whole body is text/calendar (part 1)', async () => {
  const m = await read('sabre-body.eml');
  assert.equal(m.calendarParts.length, 1);
  assert.equal(m.calendarParts[0]!.path, '1');
  assert.equal(m.calendarParts[0]!.methodParam, 'CANCEL');
  assert.match(m.calendarParts[0]!.text, /STATUS:CANCELLED/);
});

test('Apple: application/x-any with an RFC 2231 .ics name', async () => {
  const m = await read('apple-x-any.eml');
  assert.equal(m.calendarParts.length, 1);
  const [p] = m.calendarParts;
  assert.equal(p!.contentType, 'application/x-any');
  assert.equal(p!.filename, 'Termin für Alice.ics');
  assert.equal(p!.methodParam, undefined);
  assert.match(p!.text, /METHOD:REQUEST/);
});

test('KMail: quoted-printable cal.ics, lower-case method parameter upper-cased', async () => {
  const m = await read('kmail-cal-ics.eml');
  const [p] = m.calendarParts;
  assert.equal(p!.methodParam, 'REPLY');
  assert.equal(p!.filename, 'cal.ics');
  assert.match(p!.text, /SUMMARY:Wöchentliches Treffen mit sehr langem Titel, der über die Zeilenlänge hinausgeht\r\n/);
  assert.match(p!.text, /RSVP=TRUE:mailto:alice@example\.test/);
  assert.equal(m.subject, 'Answer: Wöchentliches Treffen (tentative)');
});

test('a bounce (multipart/report) quoting an invitation yields no calendar part', async () => {
  const m = await read('bounce-report.eml');
  assert.equal(m.calendarParts.length, 0);
  assert.equal(m.from?.address, 'mailer-daemon@mx.example.com');
  assert.equal(m.date, '2025-07-09T10:00:05.000Z');
});

test('a forwarded message/rfc822 invitation yields no calendar part', async () => {
  const m = await read('forwarded-rfc822.eml');
  assert.equal(m.calendarParts.length, 0);
  assert.equal(m.from?.address, 'carol@example.net');
});

test('ISO-8859-1 calendar (QP) decodes umlauts', async () => {
  const m = await read('latin1-calendar.eml');
  const t = m.calendarParts[0]!.text;
  assert.match(t, /SUMMARY:Besprechung über Änderungen\r\n/);
  assert.match(t, /LOCATION:Raum Möwe\r\n/);
});

test('Windows-1252 calendar (8bit) decodes €, „“ and –; encoded-word filename', async () => {
  const m = await read('windows1252-calendar.eml');
  const [p] = m.calendarParts;
  assert.match(p!.text, /SUMMARY:Gebühren „neu“ – 50 € pro Kopf\r\n/);
  assert.equal(p!.filename, 'Gebühren.ics');
  assert.equal(m.subject, 'Gebühren – 50 €');
});

test('LF-only message', async () => {
  const m = await read('lf-only.eml');
  assert.equal(m.calendarParts.length, 1);
  assert.equal(uidOf(m.calendarParts[0]!.text), 'lf-only-99ee00ff@example.com');
  assert.equal(m.from?.address, 'organizer@example.com');
});

test('mixed-case content type and parameters', async () => {
  const m = await read('mixed-case.eml');
  const [p] = m.calendarParts;
  assert.equal(p!.contentType, 'text/calendar');
  assert.equal(p!.methodParam, 'PUBLISH');
  assert.equal(p!.filename, 'booking.ics');
  assert.match(p!.text, /METHOD:PUBLISH/);
});

test('string input reads like the same bytes', async () => {
  const bytes = fixture('thunderbird.eml');
  const a = await parseRawMessage(bytes);
  const b = await parseRawMessage(new TextDecoder().decode(bytes));
  assert.deepEqual(b, a);
});

test('non-mail input is a MailError', async () => {
  const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  for (const input of ['', '   \r\n\r\n', 'hello world\nthis is just text', ics, new Uint8Array([0, 1, 2, 255, 254, 10, 10])]) {
    await assert.rejects(parseRawMessage(input), (e: unknown) => e instanceof MailError && /^not a mail message: /.test(e.message));
  }
});

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:deep@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

function nested(depth: number): string {
  let body = `Content-Type: text/calendar; method=REQUEST\r\n\r\n${ICS}`;
  for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  return `From: a@example.com\r\nSubject: deep\r\nMIME-Version: 1.0\r\n${body}`;
}

test('nesting within the bound is read; beyond it is a MailError, not a stack overflow', async () => {
  const ok = await parseRawMessage(nested(10));
  assert.equal(ok.calendarParts.length, 1);
  assert.equal(ok.calendarParts[0]!.path, '1.1.1.1.1.1.1.1.1.1');
  await assert.rejects(parseRawMessage(nested(MAX_MIME_DEPTH + 5)), (e: unknown) => e instanceof MailError && /nesting/.test(e.message));
  await assert.rejects(parseRawMessage(nested(5000)), MailError);
});

test('too many parts and too large a message are MailErrors', async () => {
  const parts = Array.from({ length: MAX_MIME_PARTS + 10 }, () => '--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n').join('');
  await assert.rejects(
    parseRawMessage(`From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n${parts}--x--\r\n`),
    (e: unknown) => e instanceof MailError && /parts/.test(e.message),
  );
  const big = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(65);
  await assert.rejects(parseRawMessage(big), (e: unknown) => e instanceof MailError && /larger/.test(e.message));
});

test('dedupe: the copy with method= wins, in the first copy’s place; folding and line ends ignored', async () => {
  const folded = ICS.replace('UID:deep@example.com', 'UID:deep@exa\r\n mple.com');
  const lf = ICS.replace(/\r\n/g, '\n');
  const raw = [
    'From: a@example.com',
    'Content-Type: multipart/mixed; boundary=q',
    '',
    '--q',
    'Content-Type: application/ics; name=invite.ics',
    '',
    lf,
    '--q',
    'Content-Type: text/calendar; method=request',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    folded,
    '--q',
    'Content-Type: text/calendar',
    '',
    ICS.replace('deep@', 'other@'),
    '--q--',
    '',
  ].join('\r\n');
  const m = await parseRawMessage(raw);
  assert.equal(m.calendarParts.length, 2);
  assert.equal(m.calendarParts[0]!.methodParam, 'REQUEST');
  assert.equal(m.calendarParts[0]!.path, '2');
  assert.equal(uidOf(m.calendarParts[1]!.text), 'other@example.com');
});

test('unknown charset falls back to UTF-8; a truncated multipart keeps its last part; an mbox From line is skipped', async () => {
  const raw = [
    'From someone@example.com Tue Jul  1 10:00:00 2025',
    'From: a@example.com',
    'Content-Type: multipart/mixed; boundary="t"',
    '',
    'preamble',
    '--t',
    'Content-Type: text/calendar; charset=x-no-such-charset; method=PUBLISH',
    '',
    ICS.replace('UID:deep@example.com', 'UID:ü@example.com'),
  ].join('\r\n');
  const m = await parseRawMessage(raw);
  assert.equal(m.from?.address, 'a@example.com');
  assert.equal(m.calendarParts.length, 1);
  assert.equal(uidOf(m.calendarParts[0]!.text), 'ü@example.com');
});

test('a generic attachment named .ics that is not iCalendar is ignored; a .txt is not a calendar', async () => {
  const message = (icsBody: string) =>
    [
      'From: a@example.com',
      'Content-Type: multipart/mixed; boundary=z',
      '',
      '--z',
      'Content-Type: application/octet-stream; name=notes.ics',
      'Content-Transfer-Encoding: base64',
      '',
      icsBody,
      '--z',
      'Content-Type: application/octet-stream; name=cal.txt',
      '',
      ICS.replace('UID:deep@example.com', 'UID:in-txt@example.com'),
      '--z--',
      '',
    ].join('\r\n');
  assert.deepEqual((await parseRawMessage(message('aGVsbG8='))).calendarParts, []);
  // The positive control: the same octet-stream .ics holding iCalendar is found, by its path, and
  // the .txt beside it (iCalendar inside) still is not.
  const found = await parseRawMessage(message(Buffer.from(ICS).toString('base64')));
  assert.deepEqual(
    found.calendarParts.map((p) => [p.path, uidOf(p.text)]),
    [['1', 'deep@example.com']],
  );
});

test('an endless header section is a MailError', async () => {
  const raw = 'From: a@example.com\r\nX-Junk: ' + 'x'.repeat(2 * 1024 * 1024) + '\r\n\r\nbody';
  await assert.rejects(parseRawMessage(raw), (e: unknown) => e instanceof MailError && /header section/.test(e.message));
});

test('inner multiparts whose delimiter never comes end at their own part: the calendar after them is found', async () => {
  const raw = [
    'From: olga@example.com',
    'To: alice@example.test',
    'Subject: parts',
    'Message-ID: <parts@x>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=outer',
    '',
    ...Array.from({ length: 50 }, (_, i) => `--outer\r\nContent-Type: multipart/alternative; boundary=inner-${i}\r\n\r\nno delimiter here\r\n`),
    '--outer',
    'Content-Type: text/calendar; method=REQUEST',
    '',
    'BEGIN:VCALENDAR',
    'METHOD:REQUEST',
    'END:VCALENDAR',
    // The inner boundaries appear only here, past the parts they belong to: not theirs to take.
    '--outer',
    'Content-Type: text/plain',
    '',
    ...Array.from({ length: 50 }, (_, i) => `--inner-${i}\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR`),
    '--outer--',
    '',
  ].join('\r\n');
  const msg = await parseRawMessage(raw);
  assert.deepEqual(
    msg.calendarParts.map((p) => [p.path, p.methodParam, p.text]),
    [['51', 'REQUEST', 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR']],
  );
});
