// The pages' list of an event's attachments (RFC 6047 §4.3): a stored file has an id to
// download, a link its URI, and a file without bytes says why (missing part, over a bound).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as views from '../../src/core/views/index.js';
import { world, cal, vevent } from '../engine/harness.js';
import type { RelatedPart } from '../../src/core/types.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';
const UID = 'review@example.com';
const MiB = 1024 * 1024;
const part = (contentId: string, data: Uint8Array): RelatedPart => ({ contentId, contentType: 'application/pdf', data });

test('stored, linked, missing and refused attachments as the popup and event page list them', async () => {
  const w = world('2025-07-02T09:00:00Z');
  const ics = cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'SEQUENCE:0',
      'SUMMARY:Design review',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      'ATTACH;FMTTYPE=application/pdf;FILENAME=agenda.pdf:CID:agenda@example.com',
      'ATTACH;FMTTYPE=application/pdf;FILENAME=deck.pdf:CID:deck@example.com',
      'ATTACH;FMTTYPE=application/pdf;FILENAME=minutes.pdf:CID:minutes@example.com',
      'ATTACH;FILENAME=Board:https://board.example.test/q3',
    ),
  );
  const agenda = new TextEncoder().encode('%PDF-1.4 agenda');
  const out = await w.deliver(ALICE, ics, { from: ORG, related: [part('agenda@example.com', agenda), part('deck@example.com', new Uint8Array(12 * MiB))] });
  assert.equal(out.results[0]?.action, 'stored');
  const view = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), UID)))!;
  const listed = view.attachments.map((a) => ({ name: a.name, hasId: a.id !== null, size: a.size, uri: a.uri, unavailable: a.unavailable ?? null }));
  assert.deepEqual(listed, [
    { name: 'agenda.pdf', hasId: true, size: agenda.length, uri: null, unavailable: null },
    { name: 'deck.pdf', hasId: false, size: 12 * MiB, uri: null, unavailable: 'refused' },
    { name: 'minutes.pdf', hasId: false, size: null, uri: null, unavailable: 'missing' },
    { name: 'Board', hasId: false, size: null, uri: 'https://board.example.test/q3', unavailable: null },
  ]);
});
