// Real senders' mail shapes, end to end through the engine: raw RFC 5322 in (our fixtures,
// modelled on Outlook, Google, Thunderbird, Nextcloud, Apple, KMail…), stored state and answers out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as engine from '../../src/core/engine.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { world, parsedOut, attendeeLines } from './harness.js';

const ALICE = 'alice@example.test';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));

async function receive(name: string, w = world('2025-07-02T09:00:00Z')) {
  const msg = await parseRawMessage(fixture(name));
  const out = await w.store.transact((tx) => engine.handleMessage(tx, msg, w.opts(ALICE)));
  return { w, out, msg };
}

const INVITATIONS: [string, string, string][] = [
  [
    'outlook-exchange.eml',
    '040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5DB01000000000000000010000000F1E2D3C4B5A6978812345678ABCDEF01',
    'organizer@example.com',
  ],
  ['google.eml', '7kukuqrfedlm2f9t0vr42q2gc0@google.com', 'organizer@example.com'],
  ['thunderbird.eml', 'a3c9f1e2-5b7d-4c8e-9f10-2b3c4d5e6f70', 'organizer@example.com'],
  ['nextcloud.eml', 'nc-5d8a7b6c-1e2f-4a3b-8c9d-0e1f2a3b4c5d', 'organizer@example.com'],
  ['apple-x-any.eml', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0', 'organizer@example.com'],
  ['latin1-calendar.eml', 'latin1-44aa55bb@example.com', 'organizer@example.com'],
  ['windows1252-calendar.eml', 'cp1252-77cc88dd@example.com', 'organizer@example.com'],
  ['lf-only.eml', 'lf-only-99ee00ff@example.com', 'organizer@example.com'],
];

for (const [name, uid, organizer] of INVITATIONS) {
  test(`${name}: the invitation is stored once and can be accepted`, async () => {
    const { w, out } = await receive(name);
    assert.deepEqual(
      out.results.map((r) => [r.method, r.uid, r.action]),
      [['REQUEST', uid, 'stored']],
    );
    const answer = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid, partstat: 'ACCEPTED' }));
    const reply = answer.outgoing[0]!;
    assert.deepEqual([reply.method, reply.to], ['REPLY', [organizer]]);
    assert.deepEqual(
      attendeeLines(parsedOut(reply).comp).map((a) => [a.address, a.partstat]),
      [[ALICE, 'ACCEPTED']],
    );
  });
}

test('the Outlook invitation keeps its Windows zone: 11:00 W. Europe is 09:00Z in July', async () => {
  const { w } = await receive('outlook-exchange.eml');
  const state = await w.json(ALICE);
  assert.equal(state.events[0].start, '2025-07-14T09:00:00Z');
});

test('charsets survive: ISO-8859-1 and Windows-1252 summaries', async () => {
  assert.equal((await (await receive('latin1-calendar.eml')).w.json(ALICE)).events[0].summary, 'Besprechung über Änderungen');
  assert.equal((await (await receive('windows1252-calendar.eml')).w.json(ALICE)).events[0].summary, 'Gebühren „neu“ – 50 € pro Kopf');
});

test('a bounce and a forwarded invitation change nothing', async () => {
  for (const name of ['bounce-report.eml', 'forwarded-rfc822.eml']) {
    const { w, out } = await receive(name);
    assert.deepEqual(
      out.results.map((r) => [r.action, r.reason]),
      [['ignored', 'no calendar data in this message']],
    );
    assert.equal((await w.json(ALICE)).events.length, 0);
  }
});

test('a PUBLISH booking confirmation is stored for information', async () => {
  const { w, out } = await receive('mixed-case.eml');
  assert.deepEqual(
    out.results.map((r) => [r.method, r.action]),
    [['PUBLISH', 'stored']],
  );
  assert.equal((await w.json(ALICE)).events[0].relation, 'observer');
});

test('a Sabre single-part CANCEL cancels the stored event it names', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const cancel = await parseRawMessage(fixture('sabre-body.eml'));
  const uid = 'sabre-2f4e6a8c-0b1d-4f3e-a5c7-9e0b2d4f6a8c';
  const text = cancel.calendarParts[0]!.text.replace('METHOD:CANCEL', 'METHOD:REQUEST')
    .replace('STATUS:CANCELLED', 'STATUS:CONFIRMED')
    .replace('SEQUENCE:1', 'SEQUENCE:0');
  await w.deliver(ALICE, text, { from: 'organizer@example.com' });
  const out = await w.store.transact((tx) => engine.handleMessage(tx, cancel, w.opts(ALICE)));
  assert.deepEqual(
    out.results.map((r) => [r.uid, r.action]),
    [[uid, 'cancelled']],
  );
});

test("the user's own Outlook.com REPLY, seen as sent mail, records the answer", async () => {
  const w = world('2025-07-02T09:00:00Z');
  const reply = await parseRawMessage(fixture('outlook-com-reply.eml'));
  const uid = '040000008200E00074C5B7101A82E00800000000A1A2A3A4A5A6DB01000000000000000010000000B1B2B3B4B5B6B7B8';
  const { comp } = { comp: parsedOut({ ics: reply.calendarParts[0]!.text } as never).comp };
  const request = reply.calendarParts[0]!.text.replace('METHOD:REPLY', 'METHOD:REQUEST').replace(/PARTSTAT=ACCEPTED/, 'PARTSTAT=NEEDS-ACTION');
  assert.equal(comp.getFirstPropertyValue('uid'), uid);
  await w.deliver(
    ALICE,
    request.includes('ORGANIZER') ? request : request.replace('BEGIN:VEVENT\r\n', 'BEGIN:VEVENT\r\nORGANIZER:mailto:organizer@example.com\r\n'),
    { from: 'organizer@example.com' },
  );
  const out = await w.store.transact((tx) => engine.handleMessage(tx, reply, { ...w.opts(ALICE), outgoing: true }));
  assert.equal(out.results[0]!.action, 'recorded');
  assert.equal((await w.json(ALICE)).events[0].partstat, 'ACCEPTED');
});
