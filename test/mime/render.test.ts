import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldLines, formatMailDate, renderMessage, RenderError } from '../../src/core/mime/render.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import type { OutgoingMessage } from '../../src/core/types.js';

const LONG = 'Agenda: Größenänderung der Räume, Café-Budget ☕, Übersicht für 2025 — 🎉 und noch viel mehr Text, damit die Zeile lang wird';
const ICS = [
  'BEGIN:VCALENDAR',
  'PRODID:-//imip-agent//EN',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:render-1@example.com',
  'DTSTAMP:20250701T080000Z',
  'DTSTART:20250714T090000Z',
  'SUMMARY:Café ☕ – Größe',
  `DESCRIPTION:${LONG}`,
  'ORGANIZER;CN=Jürgen Müller:mailto:organizer@example.com',
  'ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@example.test',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\n');

const msg: OutgoingMessage = {
  from: 'organizer@example.com',
  fromName: 'Jürgen Müller',
  to: ['alice@example.test', 'bob@example.test'],
  subject: 'Einladung: Café ☕ – Größe der Räume für das Treffen im Juli mit sehr langem Betreff',
  text: 'Jürgen Müller invites you.\nWhen: 14 July 2025 09:00 UTC\n',
  method: 'REQUEST',
  ics: ICS,
  uid: 'render-1@example.com',
};
const opts = { date: new Date(Date.UTC(2025, 6, 1, 8, 0, 5)), messageId: 'abc123@imip.example.com', boundarySeed: 'seed-42' };
const octets = (s: string): number => new TextEncoder().encode(s).length;
const unfold = (s: string): string => s.replace(/\r\n[ \t]/g, '').replace(/\r\n/g, '\n');

test('rendered message: CRLF everywhere, no line over 78 characters, method on text/calendar', () => {
  const out = renderMessage(msg, opts);
  assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(out), 'only CRLF line ends');
  for (const line of out.split('\r\n')) assert.ok(line.length <= 78, `line too long: ${line}`);
  assert.ok(/^[\x00-\x7f]*$/.test(out), 'the message is 7-bit');
  assert.match(out, /\r\nContent-Type: text\/calendar; method=REQUEST; charset=UTF-8\r\n/);
  assert.match(out, /\r\nContent-Type: application\/ics; name="invite\.ics"\r\nContent-Disposition: attachment; filename="invite\.ics"\r\n/);
  assert.match(out, /\r\nContent-Type: multipart\/alternative; boundary=/);
  assert.match(out, /^From: .*\r\nTo: alice@example\.test, bob@example\.test\r\n/);
  assert.match(out, /\r\nDate: Tue, 01 Jul 2025 08:00:05 \+0000\r\n/);
  assert.match(out, /\r\nMessage-ID: <abc123@imip\.example\.com>\r\n/);
  assert.match(out, /\r\nMIME-Version: 1\.0\r\n/);
});

test('rendered message reads back with our own reader', async () => {
  const m = await parseRawMessage(renderMessage(msg, opts));
  assert.deepEqual(m.from, { address: 'organizer@example.com', name: 'Jürgen Müller' });
  assert.deepEqual(
    m.to.map((a) => a.address),
    ['alice@example.test', 'bob@example.test'],
  );
  assert.equal(m.subject, msg.subject);
  assert.equal(m.messageId, 'abc123@imip.example.com');
  assert.equal(m.date, '2025-07-01T08:00:05.000Z');
  // The alternative and invite.ics hold the same object: one part, the one with method=.
  assert.equal(m.calendarParts.length, 1);
  const [p] = m.calendarParts;
  assert.equal(p!.contentType, 'text/calendar');
  assert.equal(p!.methodParam, 'REQUEST');
  assert.equal(p!.path, '1.2');
  assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(p!.text), 'calendar has CRLF line ends');
  for (const line of p!.text.split('\r\n')) assert.ok(octets(line) <= 75, `calendar line over 75 octets: ${line}`);
  assert.equal(unfold(p!.text), ICS);
  assert.ok(!p!.text.includes('\uFFFD'));
});

test('rendering is deterministic and boundaries follow the seed', () => {
  assert.equal(renderMessage(msg, opts), renderMessage(msg, opts));
  const a = renderMessage(msg, opts);
  const b = renderMessage(msg, { ...opts, boundarySeed: 'other' });
  assert.notEqual(a, b);
  assert.match(a, /boundary="=_mixed_seed42"/);
  assert.match(b, /boundary="=_mixed_other"/);
});

test('every method is put on the Content-Type', async () => {
  for (const method of ['REPLY', 'CANCEL', 'COUNTER', 'DECLINECOUNTER', 'PUBLISH'] as const) {
    const out = renderMessage({ ...msg, method, ics: ICS.replace('METHOD:REQUEST', `METHOD:${method}`), subject: 'Plain subject', fromName: 'Olga' }, opts);
    assert.match(out, new RegExp(`Content-Type: text/calendar; method=${method}; charset=UTF-8\\r\\n`));
    assert.match(out, /\r\nSubject: Plain subject\r\n/);
    assert.match(out, /^From: Olga <organizer@example\.com>\r\n/);
    const m = await parseRawMessage(out);
    assert.equal(m.calendarParts[0]!.methodParam, method);
  }
});

test('header injection is neutralised and bad addresses refused', async () => {
  const out = renderMessage({ ...msg, subject: 'Hi\r\nBcc: evil@example.net', fromName: 'X\nY' }, opts);
  assert.ok(!/\r\nBcc:/i.test(out));
  const m = await parseRawMessage(out);
  assert.equal(m.subject, 'Hi Bcc: evil@example.net');
  assert.throws(() => renderMessage({ ...msg, to: ['alice@example.test>\r\nBcc: x@y'] }, opts), RenderError);
  assert.throws(() => renderMessage({ ...msg, from: 'not an address' }, opts), RenderError);
  assert.throws(() => renderMessage({ ...msg, to: [] }, opts), RenderError);
});

test('ASCII display names with specials are quoted', async () => {
  const out = renderMessage({ ...msg, fromName: 'Organizer, Olga (Team "A")' }, opts);
  const m = await parseRawMessage(out);
  assert.deepEqual(m.from, { address: 'organizer@example.com', name: 'Organizer, Olga (Team "A")' });
});

test('foldLines: 75 octets, never inside a UTF-8 sequence, idempotent, unfolds first', () => {
  const line = 'DESCRIPTION:' + '€'.repeat(60) + '🎉'.repeat(20) + 'x'.repeat(100);
  const folded = foldLines(line);
  assert.ok(folded.endsWith('\r\n'));
  const physical = folded.slice(0, -2).split('\r\n');
  assert.ok(physical.length > 3);
  for (const [i, l] of physical.entries()) {
    assert.ok(octets(l) <= 75, `line ${i} has ${octets(l)} octets`);
    if (i > 0) assert.equal(l[0], ' ');
    assert.ok(!/[\uD800-\uDBFF]$/.test(l), 'no split surrogate pair');
  }
  assert.equal(folded.replace(/\r\n /g, '').replace(/\r\n$/, ''), line);
  assert.equal(foldLines(folded), folded);
  // Already folded at another width, LF only, with blank lines: unfolded, refolded, blanks dropped.
  assert.equal(foldLines('A:1\n\nB:a\n b\n'), 'A:1\r\nB:ab\r\n');
});

test('formatMailDate is RFC 5322 in UTC whatever the host zone', () => {
  assert.equal(formatMailDate(new Date(Date.UTC(2025, 0, 5, 3, 4, 5))), 'Sun, 05 Jan 2025 03:04:05 +0000');
  assert.equal(formatMailDate(new Date(Date.UTC(2024, 11, 31, 23, 59, 59))), 'Tue, 31 Dec 2024 23:59:59 +0000');
});
