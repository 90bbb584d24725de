// `imip-agent invite|update FILE.ics --attach PATH` and `imip-agent attachments`, driven by
// process like the other commands (the built bundle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/core/mime/errors.js';
import { cli, fixtures, listing, scratch } from './process.js';

const work = scratch('imip-cli-attach-');

const ALICE = ['--user', 'alice@example.test', '--now', '2025-07-02T09:00:00Z'];
const OLGA = ['--user', 'olga@example.test', '--now', '2025-07-02T09:00:00Z'];
const UID = 'attach-review-2025@example.com';
const PDF = '%PDF-1.4\n% Agenda for the design review\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

test('attachments lists name, type, size and uri as {"attachments":[…]}; --out writes the stored ones', () => {
  const s = ['--store', join(work(), 'alice')];
  assert.equal(cli(['handle', join(fixtures, 'attachments.eml'), ...s, ...ALICE]).code, 0);
  const r = cli(['attachments', '--uid', UID, ...s, ...ALICE]);
  assert.equal(r.code, 0, r.err);
  const listed = JSON.parse(r.out).attachments as Record<string, unknown>[];
  assert.deepEqual(
    listed.map(({ name, type, size, uri }) => ({ name, type, size, uri })),
    [
      { name: 'agenda.pdf', type: 'application/pdf', size: PDF.length, uri: undefined },
      { name: 'notes.txt', type: 'text/plain', size: 48, uri: undefined },
      { name: 'review-2025', type: 'text/html', size: null, uri: 'https://wiki.example.com/design/review-2025' },
    ],
  );

  const out = join(work(), 'out-alice');
  const w = cli(['attachments', '--uid', UID, '--out', out, ...s, ...ALICE]);
  assert.equal(w.code, 0, w.err);
  assert.deepEqual(listing(out), ['agenda.pdf', 'notes.txt'], 'links are never fetched, so never written');
  assert.equal(readFileSync(join(out, 'agenda.pdf'), 'utf8'), PDF);
  assert.deepEqual(
    JSON.parse(w.out).attachments.map((a: { file?: string }) => a.file),
    [join(out, 'agenda.pdf'), join(out, 'notes.txt'), undefined],
  );
  // Again into the same directory: nothing is overwritten, the names are made unique.
  writeFileSync(join(out, 'agenda.pdf'), 'mine');
  assert.equal(cli(['attachments', '--uid', UID, '--out', out, ...s, ...ALICE]).code, 0);
  assert.deepEqual(listing(out), ['agenda (2).pdf', 'agenda.pdf', 'notes (2).txt', 'notes.txt']);
  assert.equal(readFileSync(join(out, 'agenda.pdf'), 'utf8'), 'mine');
});

test('hostile names are written under safe, unique names inside the directory only', () => {
  const s = ['--store', join(work(), 'hostile')];
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:hostile-1',
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'ORGANIZER:mailto:organizer@example.com',
    'ATTENDEE:mailto:alice@example.test',
    `ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME="../../etc/passwd":${b64('p1')}`,
    `ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=passwd:${b64('p2')}`,
    `ATTACH;ENCODING=BASE64;VALUE=BINARY;FILENAME=.bashrc:${b64('b')}`,
    `ATTACH;ENCODING=BASE64;VALUE=BINARY;FILENAME="..":${b64('d')}`,
    `ATTACH;ENCODING=BASE64;VALUE=BINARY;X-LABEL="a\u0007b\u001bc.txt":${b64('c')}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const mail = join(work(), 'hostile.eml');
  writeFileSync(
    mail,
    `From: organizer@example.com\r\nTo: alice@example.test\r\nSubject: x\r\nMessage-ID: <h1@example.com>\r\nContent-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n\r\n${ics}`,
  );
  assert.equal(cli(['handle', mail, ...s, ...ALICE]).code, 0);
  const parent = join(work(), 'jail');
  mkdirSync(parent);
  const out = join(parent, 'out');
  mkdirSync(out);
  // A planted symlink named like an attachment is not followed.
  symlinkSync(join(work(), 'victim.txt'), join(out, 'bashrc'));
  const r = cli(['attachments', '--uid', 'hostile-1', '--out', out, ...s, ...ALICE]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(listing(parent), ['out', 'out/abc.txt', 'out/attachment', 'out/bashrc', 'out/bashrc (2)', 'out/passwd', 'out/passwd (2)']);
  assert.equal(existsSync(join(work(), 'victim.txt')), false);
  assert.deepEqual(
    ['passwd', 'passwd (2)', 'bashrc (2)', 'attachment', 'abc.txt'].map((n) => readFileSync(join(out, n), 'utf8')),
    ['p1', 'p2', 'b', 'd', 'c'],
  );
});

test('invite --attach sends the files as parts with Content-IDs, named by the ATTACH lines; update sends them again', async () => {
  const s = ['--store', join(work(), 'olga')];
  const ics = join(work(), 'review.ics');
  writeFileSync(
    ics,
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:review-9\r\nDTSTAMP:20250701T080000Z\r\nDTSTART:20250714T090000Z\r\nDTEND:20250714T100000Z\r\nSUMMARY:Review\r\nATTENDEE:mailto:bob@example.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  );
  const deck = join(work(), 'deck.pdf');
  const sheet = join(work(), 'figures.xlsx');
  writeFileSync(deck, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
  writeFileSync(sheet, 'PK');
  const r = cli(['invite', ics, '--attach', deck, '--attach', sheet, ...s, ...OLGA]);
  assert.equal(r.code, 0, r.err);
  const { results, outgoing } = JSON.parse(r.out);
  assert.equal(results[0].action, 'sent');
  const msg = await parseRawMessage(outgoing[0].raw);
  assert.deepEqual(
    msg.related?.map((p) => [p.filename, p.contentType, [...p.data]]),
    [
      ['deck.pdf', 'application/pdf', [0x25, 0x50, 0x44, 0x46, 0x00, 0xff]],
      ['figures.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', [0x50, 0x4b]],
    ],
  );
  const vevent = parseCalendar(msg.calendarParts[0]!.text).root.getFirstSubcomponent('vevent')!;
  assert.deepEqual(
    vevent.getAllProperties('attach').map((p) => [String(p.getFirstValue()), p.getFirstParameter('filename'), p.getFirstParameter('fmttype')]),
    msg.related!.map((p) => [`CID:${p.contentId}`, p.filename, p.contentType]),
  );
  assert.match(outgoing[0].raw, /Content-Disposition: attachment; filename="deck\.pdf"\r\nContent-ID: </);

  const u = cli(['update', ics, '--attach', deck, ...s, ...OLGA.slice(0, 2), '--now', '2025-07-03T09:00:00Z']);
  assert.equal(u.code, 0, u.err);
  const again = await parseRawMessage(JSON.parse(u.out).outgoing[0].raw);
  assert.deepEqual(
    again.related?.map((p) => p.contentId),
    [msg.related![0]!.contentId],
    'the same file keeps its Content-ID',
  );
});

test('a missing --attach file exits 1 and leaves the store untouched; usage errors exit 2; an unknown event exits 1', () => {
  const dir = join(work(), 'untouched');
  const s = ['--store', dir];
  const ics = join(work(), 'plain.ics');
  writeFileSync(
    ics,
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:p-1\r\nDTSTAMP:20250701T080000Z\r\nDTSTART:20250714T090000Z\r\nATTENDEE:mailto:bob@example.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  );
  cli(['prefs', ...s, ...OLGA]);
  const before = listing(dir);
  const r = cli(['invite', ics, '--attach', join(work(), 'no-such-file.pdf'), ...s, ...OLGA]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^imip-agent: cannot read .*no-such-file\.pdf: ENOENT\n$/);
  assert.deepEqual(listing(dir), before);
  // The user's own files past a bound: exit 1 with the limit named, nothing read or stored.
  const huge = join(work(), 'huge.bin');
  writeFileSync(huge, '');
  truncateSync(huge, MAX_ATTACHMENT_BYTES + 1);
  const tooBig = cli(['invite', ics, '--attach', huge, ...s, ...OLGA]);
  assert.equal(tooBig.code, 1);
  assert.match(tooBig.err, /^imip-agent: cannot attach .*huge\.bin: 8388609 octets, larger than MAX_ATTACHMENT_BYTES \(8 MiB\)\n$/);
  const parts = [1, 2, 3].map((n) => {
    const p = join(work(), `six-${n}.bin`);
    writeFileSync(p, '');
    truncateSync(p, 6 * 1024 * 1024);
    return p;
  });
  const tooMany = cli(['invite', ics, ...parts.flatMap((p) => ['--attach', p]), ...s, ...OLGA]);
  assert.equal(tooMany.code, 1);
  assert.match(tooMany.err, /^imip-agent: cannot attach .*six-3\.bin: the files add up to 18\.0 MiB, more than MAX_MESSAGE_ATTACHMENT_BYTES \(16 MiB\)\n$/);
  assert.deepEqual(listing(dir), before);
  for (const args of [
    ['attachments', ...s, ...OLGA],
    ['respond', '--uid', 'x', '--partstat', 'ACCEPTED', '--attach', ics, ...s, ...OLGA],
    ['invite', ics, '--attach', ...s, ...OLGA.slice(0, 2)],
  ]) {
    const u = cli(args);
    assert.equal(u.code, 2, `${args.join(' ')} → ${u.err}`);
    assert.equal(u.err.trim().split('\n').length, 1);
  }
  const unknown = cli(['attachments', '--uid', 'nope', ...s, ...OLGA]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no stored event with UID nope/);
  assert.deepEqual(listing(dir), before);
});

test('20 attachments named with 40 CJK characters each are all written, each name within NAME_MAX in octets', () => {
  const s = ['--store', join(work(), 'cjk')];
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  // 40 CJK characters are 120 octets in UTF-8; with a long extension, 255 was passed.
  const names = Array.from({ length: 20 }, (_, i) => `${'議事録'.repeat(13)}第${i}.${'報告書'.repeat(4)}`);
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    'UID:cjk-1',
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'ORGANIZER:mailto:organizer@example.com',
    'ATTENDEE:mailto:alice@example.test',
    ...names.map((n, i) => `ATTACH;ENCODING=BASE64;VALUE=BINARY;FILENAME="${n}":${b64(`file ${i}`)}`),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const mail = join(work(), 'cjk.eml');
  writeFileSync(
    mail,
    `From: organizer@example.com\r\nTo: alice@example.test\r\nSubject: x\r\nMessage-ID: <cjk1@example.com>\r\nContent-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n\r\n${ics}`,
  );
  assert.equal(cli(['handle', mail, ...s, ...ALICE]).code, 0);
  const out = join(work(), 'cjk-out');
  const r = cli(['attachments', '--uid', 'cjk-1', '--out', out, ...s, ...ALICE]);
  assert.equal(r.code, 0, r.err);
  const written = JSON.parse(r.out).attachments as { file?: string; error?: string }[];
  assert.equal(written.filter((a) => a.file).length, 20);
  for (const [i, a] of written.entries()) {
    const base = a.file!.slice(out.length + 1);
    assert.ok(Buffer.byteLength(base) <= 200, `${Buffer.byteLength(base)} octets`);
    assert.equal(readFileSync(a.file!, 'utf8'), `file ${i}`);
  }
});
