// Sending attachments as the organiser (RFC 6047 §4.3): files go out as MIME parts with
// Content-IDs that the VEVENT's ATTACH lines name, the same parts on every update that still
// carries them; answers (REPLY, COUNTER) never carry any.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, parsedOut } from './harness.js';
import * as engine from '../../src/core/engine.js';
import { renderMessage } from '../../src/core/mime/render.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { attachParts } from '../../src/core/attachments/outgoing.js';
import { MAX_ATTACHMENT_BYTES } from '../../src/core/mime/errors.js';
import type { OutgoingMessage } from '../../src/core/types.js';
import type { AttachmentInput } from '../../src/core/api.js';

const OLGA = 'olga@example.test';
const BOB = 'bob@example.test';
const UID = 'review-7@example.test';
const deck: AttachmentInput = {
  name: 'Entwurf Präsentation.pdf',
  type: 'application/pdf',
  data: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 0xff, 0xfe]),
};
const notes: AttachmentInput = { name: 'notes.txt', type: 'text/plain', data: new TextEncoder().encode('Agenda:\n1. Figures\n') };

const own = (seq: number, ...extra: string[]) =>
  cal(
    null,
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `SEQUENCE:${seq}`,
      'SUMMARY:Review',
      `ATTENDEE:mailto:${BOB}`,
      ...extra,
    ),
  );
const attachLines = (out: OutgoingMessage) =>
  parsedOut(out)
    .comp.getAllProperties('attach')
    .map((p) => ({ value: String(p.getFirstValue()), filename: p.getFirstParameter('filename'), fmttype: p.getFirstParameter('fmttype') }));
const render = (out: OutgoingMessage) => renderMessage(out, { date: new Date('2025-07-02T09:00:00Z'), messageId: 'm1@imip-agent', boundarySeed: 'seed1' });

test('invite with files: the REQUEST carries them as parts with Content-IDs, named by ATTACH:CID: lines', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const out = await w.run((tx) => engine.invite(tx, w.opts(OLGA), { ics: own(0), attachments: [deck, notes] }));
  assert.equal(out.results[0]?.action, 'sent');
  const req = out.outgoing[0]!;
  assert.equal(req.method, 'REQUEST');
  const parts = req.attachments ?? [];
  assert.deepEqual(
    parts.map((p) => [p.name, p.type, p.data]),
    [
      [deck.name, deck.type, deck.data],
      [notes.name, notes.type, notes.data],
    ],
  );
  assert.deepEqual(
    attachLines(req),
    parts.map((p) => ({ value: `CID:${p.cid}`, filename: p.name, fmttype: p.type })),
  );

  // The rendered mail: the parts of the multipart/mixed, with the Content-ID headers.
  const raw = render(req);
  for (const p of parts) assert.match(raw, new RegExp(`Content-ID: <${p.cid}>`));
  assert.match(raw, /Content-Disposition: attachment;\s+filename\*=UTF-8''Entwurf%20Pr%C3%A4sentation\.pdf\r\nContent-ID: </);
  assert.match(raw, /Content-Type: text\/plain;\s+name="notes\.txt"\r\nContent-Disposition: attachment; filename="notes\.txt"/);

  // Bob's agent reads the same mail back and keeps the same bytes.
  const msg = await parseRawMessage(raw);
  assert.deepEqual(
    msg.related?.map((r) => [r.contentId, r.filename, r.data]),
    parts.map((p) => [p.cid, p.name, p.data]),
  );
  const got = await w.run((tx) => engine.handleMessage(tx, { ...msg, from: { address: OLGA } }, w.opts(BOB)));
  assert.equal(got.results[0]?.action, 'stored');
  const infos = await w.run((tx) => engine.listAttachments(tx, w.opts(BOB), { uid: UID }));
  assert.deepEqual(
    infos.map((i) => [i.name, i.type, i.size, i.kind]),
    [
      [deck.name, 'application/pdf', deck.data.length, 'stored'],
      [notes.name, 'text/plain', notes.data.length, 'stored'],
    ],
  );
  assert.deepEqual((await w.run((tx) => engine.getAttachment(tx, w.opts(BOB), { uid: UID, id: infos[0]!.id })))?.data, deck.data);

  // And Bob's answer carries none.
  const reply = await w.run((tx) => engine.respond(tx, w.opts(BOB), { uid: UID, partstat: 'ACCEPTED' }));
  assert.equal(reply.outgoing[0]?.method, 'REPLY');
  assert.equal(reply.outgoing[0]?.attachments, undefined);
  assert.doesNotMatch(reply.outgoing[0]!.ics, /ATTACH/);
  assert.doesNotMatch(render(reply.outgoing[0]!), /Content-ID/);
  const counter = await w.run((tx) => engine.counterPropose(tx, w.opts(BOB), { uid: UID, start: '2025-07-14T10:00:00Z', end: '2025-07-14T11:00:00Z' }));
  assert.equal(counter.outgoing[0]?.method, 'COUNTER');
  assert.doesNotMatch(counter.outgoing[0]!.ics, /ATTACH/);
  assert.equal(counter.outgoing[0]?.attachments, undefined);
});

test('updates that still carry the files send the same parts with the same Content-IDs; one without drops them', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const first = (await w.run((tx) => engine.invite(tx, w.opts(OLGA), { ics: own(0), attachments: [deck] }))).outgoing[0]!;
  const cid = first.attachments![0]!.cid;
  // The same file given again.
  const again = (await w.run((tx) => engine.update(tx, w.opts(OLGA), { ics: own(0, 'LOCATION:Room 2'), attachments: [deck] }))).outgoing[0]!;
  assert.deepEqual(
    again.attachments?.map((a) => a.cid),
    [cid],
  );
  // The line kept in the organiser's file as `show` prints it (inline: an export means something
  // outside this store, RFC 5545 §3.8.1.1), plus a new file.
  const line = (await w.run((tx) => engine.showCalendar(tx, w.opts(OLGA), { uid: UID })))
    .replace(/\r\n /g, '')
    .split('\r\n')
    .find((l) => l.startsWith('ATTACH'))!;
  assert.match(line, /^ATTACH;.*ENCODING=BASE64.*VALUE=BINARY:/);
  assert.doesNotMatch(line, /imip-agent/);
  const kept = (await w.run((tx) => engine.update(tx, w.opts(OLGA), { ics: own(0, line), attachments: [notes] }))).outgoing[0]!;
  assert.deepEqual(
    kept.attachments?.map((a) => [a.cid === cid, a.name]),
    [
      [true, deck.name],
      [false, notes.name],
    ],
  );
  assert.equal(attachLines(kept).length, 2);
  // An update without them: no parts, no lines, no stored bytes.
  const none = await w.run((tx) => engine.update(tx, w.opts(OLGA), { ics: own(0, 'LOCATION:Room 3') }));
  assert.equal(none.outgoing[0]?.attachments, undefined);
  assert.deepEqual(attachLines(none.outgoing[0]!), []);
  assert.deepEqual(await w.run((tx) => tx.user(OLGA).listAttachments(UID)), []);
});

test('a CID: line naming no stored attachment, a file past the bound, or too many, is refused and nothing is stored or sent', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const dangling = await w.run((tx) => engine.invite(tx, w.opts(OLGA), { ics: own(0, 'ATTACH:CID:elsewhere@example.com') }));
  assert.equal(dangling.results[0]?.action, 'refused');
  assert.match(dangling.results[0]!.reason, /CID:elsewhere@example\.com names no stored attachment/);
  const big = await w.run((tx) =>
    engine.invite(tx, w.opts(OLGA), {
      ics: own(0),
      attachments: [{ name: 'huge.bin', type: 'application/octet-stream', data: new Uint8Array(MAX_ATTACHMENT_BYTES + 1) }],
    }),
  );
  assert.equal(big.results[0]?.action, 'refused');
  assert.equal(big.results[0]!.reason, 'attachment "huge.bin" (8388609 octets) is larger than MAX_ATTACHMENT_BYTES (8 MiB): nothing was stored or sent');
  const six = (n: number) => ({ name: `p${n}.bin`, type: 'application/octet-stream', data: new Uint8Array(6 * 1024 * 1024).fill(n) });
  const budget = await w.run((tx) => engine.invite(tx, w.opts(OLGA), { ics: own(0), attachments: [six(1), six(2), six(3)] }));
  assert.equal(budget.results[0]?.action, 'refused');
  assert.equal(
    budget.results[0]!.reason,
    'attachments add up to more than MAX_MESSAGE_ATTACHMENT_BYTES (16 MiB) at "p3.bin" (6.0 MiB): nothing was stored or sent',
  );
  assert.deepEqual(budget.outgoing, []);
  const many = await w.run((tx) =>
    engine.invite(tx, w.opts(OLGA), { ics: own(0, ...Array.from({ length: 100 }, (_, i) => `ATTACH:https://example.com/${i}`)), attachments: [notes] }),
  );
  assert.match(many.results[0]!.reason, /names 101 attachments; MAX_ATTACHMENTS allows 100/);
  assert.deepEqual([dangling.outgoing, big.outgoing, many.outgoing], [[], [], []]);
  assert.equal(await w.run((tx) => tx.user(OLGA).getEvent(UID)), undefined);
  assert.deepEqual(await w.run((tx) => tx.user(OLGA).listAttachments(UID)), []);
});

test('links and inline data in the organiser’s file: links stay links, inline data goes out as a part', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const out = await w.run((tx) =>
    engine.invite(tx, w.opts(OLGA), {
      ics: own(
        0,
        'ATTACH:https://example.com/wiki',
        `ATTACH;ENCODING=BASE64;VALUE=BINARY;FMTTYPE=text/plain;X-FILENAME=a.txt:${Buffer.from('hi').toString('base64')}`,
      ),
    }),
  );
  const req = out.outgoing[0]!;
  assert.deepEqual(
    attachLines(req).map((l) => l.value),
    ['https://example.com/wiki', `CID:${req.attachments![0]!.cid}`],
  );
  assert.deepEqual(
    req.attachments?.map((a) => [a.name, new TextDecoder().decode(a.data)]),
    [['a.txt', 'hi']],
  );
});

test('delegation forwards the stored attachments to the delegate; the REPLY to the organiser has none', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const req = (await w.run((tx) => engine.invite(tx, w.opts(OLGA), { ics: own(0), attachments: [notes] }))).outgoing[0]!;
  const msg = await parseRawMessage(render(req));
  await w.run((tx) => engine.handleMessage(tx, { ...msg, from: { address: OLGA } }, w.opts(BOB)));
  const out = await w.run((tx) => engine.delegate(tx, w.opts(BOB), { uid: UID, to: 'carol@example.test' }));
  const forward = out.outgoing.find((m) => m.method === 'REQUEST')!;
  const answer = out.outgoing.find((m) => m.method === 'REPLY')!;
  assert.deepEqual(
    forward.attachments?.map((a) => [a.name, a.data]),
    [[notes.name, notes.data]],
  );
  assert.equal(attachLines(forward)[0]?.value, `CID:${forward.attachments![0]!.cid}`);
  assert.equal(answer.attachments, undefined);
  assert.doesNotMatch(answer.ics, /ATTACH/);
});

test('answers are stripped of ATTACH whatever builds them; a CANCEL keeps links only', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const ics = (method: string) =>
    cal(
      method,
      ...vevent(
        `UID:${UID}`,
        'DTSTAMP:20250701T080000Z',
        'ATTACH:https://example.com/x',
        'ATTACH:CID:abcdefabcdefabcd@imip-agent',
        `ATTACH;VALUE=BINARY;ENCODING=BASE64:aGk=`,
      ),
    );
  const outgoing: OutgoingMessage[] = ['REPLY', 'COUNTER', 'DECLINECOUNTER', 'REFRESH', 'CANCEL'].map((method) => ({
    from: OLGA,
    to: [BOB],
    subject: 's',
    text: 't',
    method: method as OutgoingMessage['method'],
    ics: ics(method),
    uid: UID,
  }));
  await w.run((tx) => attachParts(tx, w.opts(OLGA), { results: [], outgoing }));
  for (const m of outgoing.slice(0, 4)) assert.doesNotMatch(m.ics, /ATTACH/, m.method);
  assert.deepEqual(
    attachLines(outgoing[4]!).map((l) => l.value),
    ['https://example.com/x'],
  );
  assert.ok(outgoing.every((m) => m.attachments === undefined));
});
