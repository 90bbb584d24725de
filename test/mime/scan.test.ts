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
  assert.equal(
    mayCarryCalendar(
      multipart('multipart/mixed', [
        'Content-Type: text/plain\r\n\r\nhi',
        `Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*=utf-8''invite%2Eics\r\n\r\n${ICS}`,
      ]),
    ),
    true,
  );
  assert.equal(mayCarryCalendar(multipart('multipart/mixed', [`Content-Type: application/x-any;\r\n\tname="Einladung.ics"\r\n\r\n${ICS}`])), true);
  assert.equal(mayCarryCalendar(multipart('multipart/mixed', ['Content-Type: application/pdf; name="agenda.pdf"\r\n\r\n%PDF'])), false);
});

test('the pre-scan does not descend where the reader does not: reports and attached messages', async () => {
  const report = multipart('multipart/report; report-type=delivery-status', [
    'Content-Type: text/plain\r\n\r\nfailed',
    `Content-Type: text/calendar\r\n\r\n${ICS}`,
  ]);
  const forwarded = multipart('multipart/mixed', [
    'Content-Type: text/plain\r\n\r\nfyi',
    `Content-Type: message/rfc822\r\n\r\n${mail('Content-Type: text/calendar', ICS)}`,
  ]);
  for (const raw of [report, forwarded]) {
    assert.equal((await parseRawMessage(raw)).calendarParts.length, 0);
    assert.equal(mayCarryCalendar(raw), false);
  }
  // Nested alternatives are walked to any depth.
  const nested = multipart('multipart/mixed', [
    `Content-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\nx\r\n--b2\r\nContent-Type: text/calendar\r\n\r\n${ICS}\r\n--b2--`,
  ]);
  assert.equal((await parseRawMessage(nested)).calendarParts.length, 1);
  assert.equal(mayCarryCalendar(nested), true);
});

/** The scan's answer on the message as text, as UTF-8 octets and as Latin-1 octets (each character one octet), checked against the full reader's. */
async function agrees(text: string, expected: boolean, name: string): Promise<void> {
  const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  for (const raw of [text, new TextEncoder().encode(text), latin1]) {
    const form = typeof raw === 'string' ? 'text' : raw === latin1 ? 'Latin-1 octets' : 'UTF-8 octets';
    assert.equal((await parseRawMessage(raw)).calendarParts.length > 0, expected, `${name} (${form}): the reader`);
    assert.equal(mayCarryCalendar(raw), expected, `${name} (${form})`);
  }
}

test('the pre-scan finds delimiters with LF, CRLF or both, padded, and only at a line start', async () => {
  const parts = (nl: string, delimNl: string) =>
    `From: a@example.com${nl}Content-Type: multipart/mixed; boundary=b1${nl}${nl}--b1${delimNl}Content-Type: text/plain${nl}${nl}x --b1${nl}--b1x${nl}Content-Type: text/calendar${nl}${nl}no part: a longer boundary${nl}--b1 \t${delimNl}Content-Type: text/calendar${nl}${nl}${ICS}${nl}--b1--${nl}`;
  for (const [nl, delimNl] of [
    ['\r\n', '\r\n'],
    ['\n', '\n'],
    ['\r\n', '\n'],
    ['\n', '\r\n'],
  ])
    await agrees(parts(nl!, delimNl!), true, `lines ${JSON.stringify(nl)}, delimiters ${JSON.stringify(delimNl)}`);
  // The calendar part after the close delimiter, or only behind a look-alike, is no part.
  await agrees(
    mail(
      'Content-Type: multipart/mixed; boundary=b1',
      `--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--\r\n--b1\r\nContent-Type: text/calendar\r\n\r\n${ICS}`,
    ),
    false,
    'after the close',
  );
  await agrees(
    mail(
      'Content-Type: multipart/mixed; boundary=b1',
      `--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n --b1\r\nContent-Type: text/calendar\r\n\r\n${ICS}\r\n--b1--`,
    ),
    false,
    'delimiter not at a line start',
  );
  // No close delimiter: the last part runs to the end.
  await agrees(
    mail('Content-Type: multipart/mixed; boundary=b1', `--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1\r\nContent-Type: text/calendar\r\n\r\n${ICS}`),
    true,
    'truncated',
  );
});

test('the pre-scan reads folded and oddly written structure fields as the reader does', async () => {
  await agrees(mail('Content-Type:\r\n text/calendar;\r\n\tmethod=REQUEST', ICS), true, 'folded type');
  await agrees(
    mail('Content-Type: multipart/mixed;\r\n\tboundary="b1"', `--b1\r\nContent-Type: text/calendar\r\n\r\n${ICS}\r\n--b1--`),
    true,
    'folded boundary',
  );
  await agrees(mail('CONTENT-TYPE : TEXT/Calendar', ICS), true, 'upper case, blank before the colon');
  await agrees(mail('Content-Type: "text/calendar"', ICS), false, 'quoted type: no type, so text/plain');
  await agrees(mail('Content-Type: text/plain\r\nContent-Type: text/calendar', ICS), false, 'the first Content-Type counts');
  // A continuation after a line that is no field continues the field before that line.
  await agrees(mail('Content-Type: text/plain\r\nno field here\r\n ; name="invite.ics"', ICS), true, 'continuation after a line that is no field');
  await agrees(mail('Content-Type: text/plain\r\nX-Other: y\r\n ; name="invite.ics"', ICS), false, 'continuation of another field');
});

test("the pre-scan walks nested multiparts and skips digests' attached messages", async () => {
  const inner = `Content-Type: multipart/mixed; boundary=b3\r\n\r\n--b3\r\nContent-Type: text/plain\r\n\r\nx\r\n--b3\r\nContent-Type: application/ics; name=invite.ics\r\n\r\n${ICS}\r\n--b3--`;
  await agrees(
    multipart('multipart/alternative', ['Content-Type: text/plain\r\n\r\nx', 'Content-Type: text/html\r\n\r\n<p>x</p>', inner]),
    true,
    'mixed inside alternative',
  );
  // In a digest a part without Content-Type is an attached message (RFC 2046 §5.1.5): not descended into.
  await agrees(multipart('multipart/digest', [`\r\n${mail('Content-Type: text/calendar', ICS)}`]), false, 'digest');
  await agrees(multipart('multipart/mixed', [`\r\n${ICS}`]), false, 'a part without header fields is text/plain');
  // A part that counts by its name is read in full, where the reader finds it is no iCalendar.
  const named = multipart('multipart/mixed', ['Content-Type: application/octet-stream; name=a.ics\r\n\r\n%PDF']);
  assert.equal(mayCarryCalendar(named), true);
  assert.equal((await parseRawMessage(named)).calendarParts.length, 0);
});

test('the pre-scan finds .ics names however they are encoded', async () => {
  const names = [
    "attachment; filename*=utf-8''%F0%9F%93%85%20invite.ics",
    "attachment; filename*0*=utf-8''inv; filename*1*=ite.%69cs",
    'attachment; filename*0="invite."; filename*1="ics"',
    'attachment; filename="=?utf-8?B?aW52aXRlLmljcw==?="',
    'attachment;\r\n filename="invite.ics"',
  ];
  for (const d of names)
    await agrees(multipart('multipart/mixed', [`Content-Type: application/octet-stream\r\nContent-Disposition: ${d}\r\n\r\n${ICS}`]), true, d);
  await agrees(
    multipart('multipart/mixed', [`Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="invite.ics.pdf"\r\n\r\n${ICS}`]),
    false,
    'invite.ics.pdf',
  );
});

test("the pre-scan reads structure fields with 8-bit octets the reader's way", async () => {
  // UTF-8 in one form, Latin-1 in another: the reader decodes each header section before reading it.
  await agrees(mail('Subject: Gr\u00fc\u00dfe\r\nContent-Type: application/octet-stream; name="caf\u00e9.ics"', ICS), true, '8-bit name');
  await agrees(mail('Content-Type: application/octet-stream; name="r\u00e9union.pdf"', ICS), false, '8-bit name, not .ics');
  await agrees(mail('Content-Type: text/calendar\u00a0', ICS), true, 'type followed by a no-break space');
  await agrees(mail('Content-Type: text/plain; charset=\u00e9\r\nContent-Disposition: inline', ICS), false, '8-bit parameter');
});

test('the pre-scan says "read it" where it cannot judge cheaply', () => {
  // A boundary past ASCII: the reader looks for its decoded text among octets, differently.
  assert.equal(
    mayCarryCalendar(mail('Content-Type: multipart/mixed; boundary="b\u00e9"', '--b\u00e9\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\u00e9--')),
    true,
  );
  // A header section past MAX_HEADER_BYTES, which the reader refuses.
  assert.equal(mayCarryCalendar(mail(`X-Long: ${'x'.repeat(1024 * 1024 + 10)}\r\nContent-Type: text/plain`, 'x')), true);
  // Deeper than MAX_MIME_DEPTH.
  let deep = `Content-Type: text/plain\r\n\r\nx`;
  for (let i = 0; i < 70; i++) deep = `Content-Type: multipart/mixed; boundary=d${i}\r\n\r\n--d${i}\r\n${deep}\r\n--d${i}--`;
  assert.equal(mayCarryCalendar(`From: a@example.com\r\n${deep}`), true);
});
