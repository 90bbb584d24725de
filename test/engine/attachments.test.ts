// Receiving attachments (RFC 5545 §3.8.1.1 ATTACH, RFC 6047 §4.3): links, inline data and CID:
// parts of the same message, as the raw reader and the Thunderbird normaliser see them; bounds,
// hostile names, updates and cancellations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { world, cal, vevent } from './harness.js';
import * as engine from '../../src/core/engine.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { fromMessagePart, type TbMessagePart } from '../../src/core/mime/message-part.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../../src/core/mime/errors.js';
import type { MailMessage, RelatedPart } from '../../src/core/types.js';

const ALICE = 'alice@example.test';
const OLGA = 'organizer@example.com';
const fixture = (name: string) => readFileSync(join(new URL('../fixtures/mail', import.meta.url).pathname, name));
const PDF = new TextEncoder().encode('%PDF-1.4\n% Agenda for the design review\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const NOTES = 'Bring the Q3 figures.\nRoom 4.2 has a projector.\n';
const UID = 'attach-review-2025@example.com';

const event = (seq: number, ...attach: string[]) =>
  cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `SEQUENCE:${seq}`,
      'SUMMARY:Design review',
      `ORGANIZER:mailto:${OLGA}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      ...attach,
    ),
  );
const part = (contentId: string, data: Uint8Array, contentType = 'application/pdf', filename?: string): RelatedPart => ({
  contentId,
  contentType,
  data,
  ...(filename ? { filename } : {}),
});
const b64 = (s: string) => Buffer.from(s).toString('base64');
const MiB = 1024 * 1024;

async function handled(w: ReturnType<typeof world>, msg: MailMessage) {
  return w.run((tx) => engine.handleMessage(tx, msg, w.opts(ALICE)));
}
const list = (w: ReturnType<typeof world>, recurrenceId?: string) =>
  w.run((tx) => engine.listAttachments(tx, w.opts(ALICE), { uid: UID, ...(recurrenceId ? { recurrenceId } : {}) }));
const bytes = (w: ReturnType<typeof world>, id: string) => w.run((tx) => engine.getAttachment(tx, w.opts(ALICE), { uid: UID, id }));
const rows = (w: ReturnType<typeof world>) => w.run((tx) => tx.user(ALICE).listAttachments(UID));
const storedIcs = async (w: ReturnType<typeof world>) => (await w.run((tx) => tx.user(ALICE).getEvent(UID)))?.ics ?? '';

function checkFixtureStored(infos: Awaited<ReturnType<typeof list>>) {
  assert.deepEqual(
    infos.map(({ name, type, size, uri, kind, recurrenceId }) => ({ name, type, size, uri, kind, recurrenceId })),
    [
      { name: 'agenda.pdf', type: 'application/pdf', size: PDF.length, uri: undefined, kind: 'stored', recurrenceId: null },
      { name: 'notes.txt', type: 'text/plain', size: NOTES.length, uri: undefined, kind: 'stored', recurrenceId: null },
      { name: 'review-2025', type: 'text/html', size: null, uri: 'https://wiki.example.com/design/review-2025', kind: 'link', recurrenceId: null },
    ],
  );
}

test('raw mail: a CID part, inline data and a link are kept; the stored calendar holds references only', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const msg = await parseRawMessage(fixture('attachments.eml'));
  assert.deepEqual(
    msg.related?.map((p) => [p.contentId, p.contentType, p.filename, p.data.length]),
    [['agenda-7f3a@example.com', 'application/pdf', 'agenda.pdf', PDF.length]],
  );
  const out = await handled(w, msg);
  assert.equal(out.results[0]?.action, 'stored');
  assert.equal(out.results[0]?.warnings, undefined);
  const infos = await list(w);
  checkFixtureStored(infos);
  assert.deepEqual((await bytes(w, infos[0]!.id))?.data, PDF);
  assert.equal(new TextDecoder().decode((await bytes(w, infos[1]!.id))!.data), NOTES);
  assert.equal(await bytes(w, infos[2]!.id), undefined, 'a link has no stored bytes');
  const ics = (await storedIcs(w)).replace(/\r\n /g, '');
  assert.doesNotMatch(ics, /QnJpbmcgdGhl|agenda-7f3a/, 'neither the inline data nor the sender’s CID stays in the stored calendar');
  assert.match(ics, new RegExp(`ATTACH;FMTTYPE=application/pdf;FILENAME=agenda.pdf;SIZE=${PDF.length}:CID:${infos[0]!.id}@imip-agent`));
  assert.equal((await rows(w)).length, 2);
});

test('Thunderbird tree: the attachment body comes from getAttachmentFile, matched by partName and Content-ID', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const raw = await parseRawMessage(fixture('attachments.eml'));
  const root: TbMessagePart = {
    contentType: 'message/rfc822',
    partName: '',
    headers: {
      from: ['Olga Organizer <organizer@example.com>'],
      to: ['alice@example.test'],
      'message-id': ['<tb-attach-1@example.com>'],
      subject: ['Invitation: Design review'],
    },
    parts: [
      {
        contentType: 'multipart/mixed',
        partName: '1',
        parts: [
          {
            contentType: 'multipart/alternative',
            partName: '1.1',
            parts: [
              { contentType: 'text/plain', partName: '1.1.1', body: 'Olga invites you.' },
              {
                contentType: 'text/calendar',
                partName: '1.1.2',
                headers: { 'content-type': ['text/calendar; charset="utf-8"; method=REQUEST'] },
                body: raw.calendarParts[0]!.text,
              },
            ],
          },
          // getFull leaves the attachment's body out; its headers keep the Content-ID.
          { contentType: 'application/pdf', partName: '1.2', name: 'agenda.pdf', size: PDF.length, headers: { 'content-id': ['<agenda-7f3a@example.com>'] } },
        ],
      },
    ],
  };
  const msg = fromMessagePart(root, [
    { partName: '1.2', contentType: 'application/pdf', name: 'agenda.pdf', contentId: '<agenda-7f3a@example.com>', data: PDF, size: PDF.length },
  ]);
  assert.deepEqual(
    msg.related?.map((p) => [p.contentId, p.data.length]),
    [['agenda-7f3a@example.com', PDF.length]],
  );
  await handled(w, msg);
  const infos = await list(w);
  checkFixtureStored(infos);
  assert.deepEqual((await bytes(w, infos[0]!.id))?.data, PDF);

  // An attachment getFull left out of the tree altogether is still found by its Content-ID.
  const bare = structuredClone(root);
  bare.parts![0]!.parts!.pop();
  const fromList = fromMessagePart(bare, [
    { partName: '1.2', contentType: 'application/pdf', name: 'agenda.pdf', contentId: 'agenda-7f3a@example.com', data: PDF },
  ]);
  assert.deepEqual(
    fromList.related?.map((p) => [p.contentId, p.filename, p.data.length]),
    [['agenda-7f3a@example.com', 'agenda.pdf', PDF.length]],
  );

  // An attachment the background did not fetch because it is too big: the event is stored, the
  // attachment listed as refused with the size Thunderbird gave.
  const big = fromMessagePart(root, [
    { partName: '1.2', contentType: 'application/pdf', name: 'agenda.pdf', contentId: 'agenda-7f3a@example.com', size: 12 * MiB },
  ]);
  assert.equal(big.related?.[0]?.size, 12 * MiB);
  const w2 = world('2025-07-02T09:00:00Z');
  const out = await w2.run((tx) => engine.handleMessage(tx, big, w2.opts(ALICE)));
  assert.equal(out.results[0]?.action, 'stored');
  assert.deepEqual(out.results[0]?.warnings, ['attachment "agenda.pdf" (12.0 MiB) not stored: larger than MAX_ATTACHMENT_BYTES (8 MiB)']);
  assert.deepEqual(
    (await list(w2)).map((i) => [i.name, i.type, i.size, i.kind]),
    [
      ['agenda.pdf', 'application/pdf', 12 * MiB, 'refused'],
      ['notes.txt', 'text/plain', NOTES.length, 'stored'],
      ['review-2025', 'text/html', null, 'link'],
    ],
  );
  assert.deepEqual(
    (await rows(w2)).map((r) => r.name),
    ['notes.txt'],
  );
});

test('RFC 2392 forms: angle brackets, %-encoding and case in CID: all find the part', async () => {
  for (const value of ['CID:<agenda-7f3a@example.com>', 'cid:agenda-7f3a%40example.com', 'CID:%3CAgenda-7F3A@Example.com%3E']) {
    const w = world('2025-07-02T09:00:00Z');
    await w.deliver(ALICE, event(0, `ATTACH:${value}`), { from: OLGA, related: [part('agenda-7f3a@example.com', PDF, 'application/pdf', 'agenda.pdf')] });
    const [info] = await list(w);
    assert.deepEqual([info?.kind, info?.name, info?.type, info?.size], ['stored', 'agenda.pdf', 'application/pdf', PDF.length], value);
  }
});

test('a CID: naming no part of the message is stored as missing, with a warning; a link keeps its SIZE', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const out = await w.deliver(
    ALICE,
    event(
      0,
      'ATTACH;FMTTYPE=application/pdf;FILENAME=deck.pdf:CID:deck@example.com',
      `ATTACH;VALUE=BINARY;ENCODING=BASE64;X-FILENAME=notes.txt:${b64(NOTES)}`,
      'ATTACH;FILENAME=Plan.key;SIZE=123456:https://p12-content.icloud.example/plan',
    ),
    { from: OLGA },
  );
  assert.equal(out.results[0]?.action, 'stored');
  assert.match(out.results[0]!.warnings!.join('\n'), /"deck\.pdf" CID:deck@example\.com names no part of this message/);
  const infos = await list(w);
  assert.deepEqual(
    infos.map((i) => [i.name, i.kind, i.size]),
    [
      ['deck.pdf', 'missing', null],
      ['notes.txt', 'stored', NOTES.length],
      ['Plan.key', 'link', 123456],
    ],
  );
  assert.equal(await bytes(w, infos[0]!.id), undefined);
});

test('past MAX_ATTACHMENT_BYTES (a CID part, inline data) the event is stored; the attachment is listed as refused, without bytes', async () => {
  const deck = new Uint8Array(12 * MiB).fill(0x41);
  const cases: [string, { related?: RelatedPart[] }][] = [
    ['ATTACH;FMTTYPE=application/pdf;FILENAME=deck.pdf:CID:deck@example.com', { related: [part('deck@example.com', deck)] }],
    [`ATTACH;VALUE=BINARY;ENCODING=BASE64;FMTTYPE=application/pdf;X-FILENAME=deck.pdf:${Buffer.from(deck).toString('base64')}`, {}],
  ];
  for (const [line, mail] of cases) {
    const w = world('2025-07-02T09:00:00Z');
    const out = await w.deliver(ALICE, event(0, line, 'ATTACH;FILENAME=agenda.pdf:CID:a@x'), {
      from: OLGA,
      related: [...(mail.related ?? []), part('a@x', PDF)],
    });
    assert.equal(out.results[0]?.action, 'stored');
    assert.deepEqual(out.results[0]?.warnings, ['attachment "deck.pdf" (12.0 MiB) not stored: larger than MAX_ATTACHMENT_BYTES (8 MiB)']);
    const infos = await list(w);
    assert.deepEqual(
      infos.map((i) => [i.name, i.type, i.size, i.kind]),
      [
        ['deck.pdf', 'application/pdf', 12 * MiB, 'refused'],
        ['agenda.pdf', 'application/pdf', PDF.length, 'stored'],
      ],
    );
    assert.equal(await bytes(w, infos[0]!.id), undefined);
    assert.deepEqual(
      (await rows(w)).map((r) => r.name),
      ['agenda.pdf'],
    );
    const ics = await storedIcs(w);
    assert.ok(ics.length < 4096, 'no bytes of the deck in the stored calendar');
    assert.match(
      ics.replace(/\r\n /g, ''),
      /ATTACH;FMTTYPE=application\/pdf;FILENAME=deck\.pdf;SIZE=12582912;X-IMIP-AGENT-REFUSED=MAX_ATTACHMENT_BYTES:CID:refused-[0-9a-f]{16}@imip-agent/,
    );
    // An update that still carries the deck keeps it refused; one that sends a smaller deck stores it.
    const again = await w.deliver(ALICE, event(1, line), { from: OLGA, ...mail });
    assert.equal(again.results[0]?.action, 'updated');
    assert.deepEqual(
      (await list(w)).map((i) => [i.name, i.kind, i.size]),
      [['deck.pdf', 'refused', 12 * MiB]],
    );
    assert.deepEqual(await rows(w), []);
    const small = await w.deliver(ALICE, event(2, 'ATTACH;FMTTYPE=application/pdf;FILENAME=deck.pdf:CID:deck@example.com'), {
      from: OLGA,
      related: [part('deck@example.com', PDF)],
    });
    assert.equal(small.results[0]?.warnings, undefined);
    assert.deepEqual(
      (await list(w)).map((i) => [i.name, i.kind, i.size]),
      [['deck.pdf', 'stored', PDF.length]],
    );
  }
});

test('a size just past MAX_ATTACHMENT_BYTES is given in octets; a refused mark written by the sender is ignored', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const out = await w.deliver(
    ALICE,
    event(0, 'ATTACH;FILENAME=huge.bin:CID:huge@example.com', 'ATTACH;X-IMIP-AGENT-REFUSED=MAX_ATTACHMENT_BYTES;FILENAME=agenda.pdf:CID:a@x'),
    { from: OLGA, related: [part('huge@example.com', new Uint8Array(MAX_ATTACHMENT_BYTES + 1)), part('a@x', PDF)] },
  );
  assert.equal(out.results[0]?.action, 'stored');
  assert.deepEqual(out.results[0]?.warnings, ['attachment "huge.bin" (8388609 octets) not stored: larger than MAX_ATTACHMENT_BYTES (8 MiB)']);
  assert.deepEqual(
    (await list(w)).map((i) => [i.name, i.type, i.size, i.kind]),
    [
      ['huge.bin', 'application/pdf', MAX_ATTACHMENT_BYTES + 1, 'refused'],
      ['agenda.pdf', 'application/pdf', PDF.length, 'stored'],
    ],
  );
  assert.deepEqual(
    (await rows(w)).map((r) => r.name),
    ['agenda.pdf'],
  );
});

test('past MAX_MESSAGE_ATTACHMENT_BYTES attachments are taken in order until the budget is spent; the rest are refused', async () => {
  const w = world('2025-07-02T09:00:00Z');
  await w.deliver(ALICE, event(0, 'ATTACH;FILENAME=agenda.pdf:CID:a@x'), { from: OLGA, related: [part('a@x', PDF)] });
  const six = (n: number) => new Uint8Array(6 * MiB).fill(n);
  const lines = ['p1', 'p2', 'p3'].map((c) => `ATTACH;FILENAME=${c}.bin:CID:${c}@x`);
  const related = [part('p1@x', six(1)), part('p2@x', six(2)), part('p3@x', six(3)), part('a@x', PDF)];
  const out = await w.deliver(ALICE, event(1, ...lines, 'ATTACH;FILENAME=agenda.pdf:CID:a@x', 'ATTACH;FILENAME=late.txt:CID:late@x'), {
    from: OLGA,
    related: [...related, part('late@x', new Uint8Array(3), 'text/plain')],
  });
  assert.ok(3 * 6 * MiB > MAX_MESSAGE_ATTACHMENT_BYTES);
  assert.equal(out.results[0]?.action, 'updated');
  assert.deepEqual(out.results[0]?.warnings, [
    'attachment "p3.bin" (6.0 MiB) not stored: this message\'s attachments used up MAX_MESSAGE_ATTACHMENT_BYTES (16 MiB)',
    'attachment "late.txt" (3 octets) not stored: this message\'s attachments used up MAX_MESSAGE_ATTACHMENT_BYTES (16 MiB)',
  ]);
  // agenda.pdf was stored already: it adds nothing to the store, so it costs nothing of the budget.
  assert.deepEqual(
    (await list(w)).map((i) => [i.name, i.kind, i.size]),
    [
      ['p1.bin', 'stored', 6 * MiB],
      ['p2.bin', 'stored', 6 * MiB],
      ['p3.bin', 'refused', 6 * MiB],
      ['agenda.pdf', 'stored', PDF.length],
      ['late.txt', 'refused', 3],
    ],
  );
  assert.deepEqual((await rows(w)).map((r) => r.name).sort(), ['agenda.pdf', 'p1.bin', 'p2.bin']);
  // The organiser sends the three again: p1 and p2 are already here, so p3 now fits.
  const next = await w.deliver(ALICE, event(2, ...lines), { from: OLGA, related });
  assert.equal(next.results[0]?.warnings, undefined);
  assert.deepEqual(
    (await list(w)).map((i) => [i.name, i.kind]),
    [
      ['p1.bin', 'stored'],
      ['p2.bin', 'stored'],
      ['p3.bin', 'stored'],
    ],
  );
  assert.deepEqual((await rows(w)).map((r) => r.name).sort(), ['p1.bin', 'p2.bin', 'p3.bin']);
});

test('many refused attachments make ten warnings and one summary; delegation forwards none of them', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const full = [part('f1@x', new Uint8Array(MAX_ATTACHMENT_BYTES).fill(1)), part('f2@x', new Uint8Array(MAX_ATTACHMENT_BYTES).fill(2))];
  const tiny = Array.from({ length: 12 }, (_, i) => part(`t${i}@x`, new Uint8Array([i]), 'text/plain'));
  const out = await w.deliver(
    ALICE,
    event(0, 'ATTACH;FILENAME=f1.bin:CID:f1@x', 'ATTACH;FILENAME=f2.bin:CID:f2@x', ...tiny.map((_, i) => `ATTACH;FILENAME=t${i}.txt:CID:t${i}@x`)),
    { from: OLGA, related: [...full, ...tiny] },
  );
  assert.equal(out.results[0]?.action, 'stored');
  assert.equal(out.results[0]?.warnings?.length, 11);
  assert.equal(
    out.results[0]?.warnings?.[0],
    'attachment "t0.txt" (1 octet) not stored: this message\'s attachments used up MAX_MESSAGE_ATTACHMENT_BYTES (16 MiB)',
  );
  assert.equal(out.results[0]?.warnings?.[10], '2 more attachments not stored: past MAX_MESSAGE_ATTACHMENT_BYTES');
  const infos = await list(w);
  assert.deepEqual(
    infos.map((i) => i.kind),
    ['stored', 'stored', ...Array(12).fill('refused')],
  );
  const fwd = await w.run((tx) => engine.delegate(tx, w.opts(ALICE), { uid: UID, to: 'carol@example.test' }));
  const request = fwd.outgoing.find((m) => m.method === 'REQUEST')!;
  assert.deepEqual(
    request.attachments?.map((a) => a.name),
    ['f1.bin', 'f2.bin'],
  );
  assert.doesNotMatch(request.ics, /refused|X-IMIP-AGENT/i);
});

test('hostile file names are kept as text and made safe as file names', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const data = (s: string) => `:${b64(s)}`;
  await w.deliver(
    ALICE,
    event(
      0,
      `ATTACH;VALUE=BINARY;ENCODING=BASE64;X-FILENAME="../../etc/passwd"${data('root:x:0:0')}`,
      `ATTACH;VALUE=BINARY;ENCODING=BASE64;FILENAME=.bashrc${data('rm -rf ~')}`,
      `ATTACH;VALUE=BINARY;ENCODING=BASE64;X-APPLE-FILENAME="bell\u0007\u001b[31mred\u202Etxt.exe"${data('x')}`,
      `ATTACH;VALUE=BINARY;ENCODING=BASE64;X-LABEL=CON${data('y')}`,
    ),
    { from: OLGA },
  );
  const infos = await list(w);
  assert.deepEqual(
    infos.map((i) => i.name),
    ['../../etc/passwd', '.bashrc', 'bell[31mredtxt.exe', 'CON'],
  );
  assert.deepEqual(
    infos.map((i) => i.fileName),
    ['passwd', 'bashrc', 'bell[31mredtxt.exe', '_CON'],
  );
  for (const i of infos) assert.doesNotMatch(i.fileName, /[/\\\u0000-\u001f\u202e]|^\./);
  assert.equal(engine.safeFileName('...'), 'attachment');
  assert.equal(engine.safeFileName('a/b\\..\\c:d*?.pdf'), 'c_d__.pdf');
});

test('an update replaces the list; the bytes no longer referred to are removed', async () => {
  const w = world('2025-07-02T09:00:00Z');
  await w.deliver(ALICE, event(0, 'ATTACH;FILENAME=agenda.pdf:CID:a@x', 'ATTACH:https://example.com/old'), { from: OLGA, related: [part('a@x', PDF)] });
  assert.equal((await rows(w)).length, 1);
  const out = await w.deliver(ALICE, event(1, `ATTACH;VALUE=BINARY;ENCODING=BASE64;FMTTYPE=text/plain;X-FILENAME=minutes.txt:${b64('minutes')}`), {
    from: OLGA,
  });
  assert.equal(out.results[0]?.action, 'updated');
  assert.deepEqual(
    (await list(w)).map((i) => [i.name, i.kind]),
    [['minutes.txt', 'stored']],
  );
  assert.deepEqual(
    (await rows(w)).map((r) => r.name),
    ['minutes.txt'],
  );
  // A stale update (older SEQUENCE) changes nothing, attachments included.
  await w.deliver(ALICE, event(0, 'ATTACH;FILENAME=agenda.pdf:CID:a@x'), { from: OLGA, related: [part('a@x', PDF)] });
  assert.deepEqual(
    (await rows(w)).map((r) => r.name),
    ['minutes.txt'],
  );
  // An update without ATTACH leaves none.
  await w.deliver(ALICE, event(2), { from: OLGA });
  assert.deepEqual(await list(w), []);
  assert.deepEqual(await rows(w), []);
});

test('a CANCEL keeps the attachments with the cancelled event; one from a stranger waits unapplied and changes nothing', async () => {
  const w = world('2025-07-02T09:00:00Z');
  await w.deliver(ALICE, event(0, 'ATTACH;FILENAME=agenda.pdf:CID:a@x'), { from: OLGA, related: [part('a@x', PDF)] });
  const cancel = cal(
    'CANCEL',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250702T080000Z',
      'DTSTART:20250714T090000Z',
      'SEQUENCE:1',
      'STATUS:CANCELLED',
      `ORGANIZER:mailto:${OLGA}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const refused = await w.deliver(ALICE, cancel, { from: 'mallory@example.net' });
  assert.equal(refused.results[0]?.action, 'queued'); // was: refused; now held for the user
  const out = await w.deliver(ALICE, cancel, { from: OLGA });
  assert.equal(out.results[0]?.action, 'cancelled');
  const stored = await w.run((tx) => tx.user(ALICE).getEvent(UID));
  assert.equal(stored?.cancelled, true);
  const [info] = await list(w);
  assert.deepEqual([info?.name, info?.kind], ['agenda.pdf', 'stored']);
  assert.deepEqual((await bytes(w, info!.id))?.data, PDF);
});

test('overridden occurrences keep their own list; other occurrences show the master’s', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const series = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      `ORGANIZER:mailto:${OLGA}`,
      `ATTENDEE:mailto:${ALICE}`,
      'ATTACH;FILENAME=agenda.pdf:CID:a@x',
    ),
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'RECURRENCE-ID:20250721T090000Z',
      'DTSTART:20250721T100000Z',
      'DTEND:20250721T110000Z',
      `ORGANIZER:mailto:${OLGA}`,
      `ATTENDEE:mailto:${ALICE}`,
      'ATTACH;FILENAME=special.pdf:CID:s@x',
      'ATTACH;FILENAME=agenda.pdf:CID:a@x',
    ),
  );
  await w.deliver(ALICE, series, { from: OLGA, related: [part('a@x', PDF), part('s@x', new Uint8Array([1, 2, 3]))] });
  assert.deepEqual(
    (await list(w)).map((i) => [i.name, i.recurrenceId]),
    [
      ['agenda.pdf', null],
      ['special.pdf', '20250721T090000Z'],
      ['agenda.pdf', '20250721T090000Z'],
    ],
  );
  assert.deepEqual(
    (await list(w, '2025-07-21T09:00:00Z')).map((i) => i.name),
    ['special.pdf', 'agenda.pdf'],
  );
  assert.deepEqual(
    (await list(w, '20250728T090000Z')).map((i) => [i.name, i.recurrenceId]),
    [['agenda.pdf', null]],
  );
  assert.equal((await rows(w)).length, 2, 'a part named twice is stored once');
});

test('attachments of answers are never read: a REPLY with ATTACH stores nothing', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const ics = cal(
    null,
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'SUMMARY:Design review',
      `ORGANIZER:mailto:${ALICE}`,
      'ATTENDEE:mailto:bob@example.test',
    ),
  );
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics }));
  const reply = cal(
    'REPLY',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250702T080000Z',
      `ORGANIZER:mailto:${ALICE}`,
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.test',
      'ATTACH;FILENAME=x.bin:CID:x@y',
    ),
  );
  const out = await w.deliver(ALICE, reply, { from: 'bob@example.test', related: [part('x@y', new Uint8Array(MAX_ATTACHMENT_BYTES + 1))] });
  assert.equal(out.results[0]?.action, 'recorded');
  assert.deepEqual(await rows(w), []);
});

test('a resource keeps the attachments of a booking it accepts, and answers without them', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const room = 'room@example.test';
  const booking = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `ORGANIZER:mailto:${OLGA}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${room}`,
      'ATTACH;FILENAME=layout.pdf:CID:l@x',
    ),
  );
  const out = await w.deliver(room, booking, { from: OLGA, role: 'resource', related: [part('l@x', PDF)] });
  assert.equal(out.results[0]?.action, 'answered');
  assert.equal(out.outgoing[0]?.method, 'REPLY');
  assert.doesNotMatch(out.outgoing[0]!.ics, /ATTACH/);
  const infos = await w.run((tx) => engine.listAttachments(tx, w.opts(room, 'resource'), { uid: UID }));
  assert.deepEqual(
    infos.map((i) => [i.name, i.kind, i.size]),
    [['layout.pdf', 'stored', PDF.length]],
  );
});

test('past MAX_ATTACHMENTS lines in one VEVENT the first ones are kept, with a warning; many missing parts make one summary warning', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const links = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => `ATTACH:https://example.com/${i}`);
  const out = await w.deliver(ALICE, event(0, ...links), { from: OLGA });
  assert.equal(out.results[0]?.action, 'stored');
  assert.deepEqual(out.results[0]?.warnings, ['the event names 101 attachments: only the first 100 are kept (MAX_ATTACHMENTS)']);
  const kept = await list(w);
  assert.equal(kept.length, MAX_ATTACHMENTS);
  assert.deepEqual([kept[0]?.uri, kept[99]?.uri], ['https://example.com/0', 'https://example.com/99']);
  const missing = Array.from({ length: 40 }, (_, i) => `ATTACH:CID:gone${i}@x`);
  const stored = await w.deliver(ALICE, event(1, ...missing), { from: OLGA });
  assert.equal(stored.results[0]?.action, 'updated');
  assert.equal(stored.results[0]?.warnings?.length, 11);
  assert.equal(stored.results[0]?.warnings?.[10], '30 more attachments name no part of this message');
  assert.equal((await list(w)).filter((i) => i.kind === 'missing').length, 40);
});
