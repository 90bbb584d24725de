// Concurrency: 50 messages about one event (updates, replies, a counter, a cancel of one
// occurrence) handled all at once against the add-on's Dexie store end in the same state as
// handled one after another. The store serialises transactions, so no read-modify-write of the
// event can interleave with another's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { openDexieStore } from '../../src/store/dexie-store.js';
import * as engine from '../../src/core/engine.js';
import type { Store } from '../../src/core/store.js';
import type { MailMessage } from '../../src/core/types.js';

const ALICE = 'alice@example.test';
const deps = { indexedDB, IDBKeyRange };
const opts = { user: ALICE, role: 'person' as const, now: new Date('2026-11-20T09:00:00Z'), newId: () => 'id' };
const GUESTS = Array.from({ length: 10 }, (_, i) => `guest-${i}@example.net`);
const wrap = (method: string, ...lines: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//C//EN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    'UID:shared',
    'DTSTAMP:20261120T080000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** Alice organises a weekly meeting; fifty messages about it arrive. */
function messages(): MailMessage[] {
  const out: MailMessage[] = [];
  for (let i = 0; i < 50; i++) {
    const guest = GUESTS[i % GUESTS.length]!;
    const partstat = ['ACCEPTED', 'DECLINED', 'TENTATIVE'][i % 3];
    const text =
      i === 25
        ? wrap(
            'COUNTER',
            'SEQUENCE:0',
            'DTSTART:20261203T110000Z',
            'DTEND:20261203T120000Z',
            `ORGANIZER:mailto:${ALICE}`,
            `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${guest}`,
          )
        : wrap(
            'REPLY',
            'SEQUENCE:0',
            `ORGANIZER:mailto:${ALICE}`,
            `ATTENDEE;PARTSTAT=${partstat}:mailto:${guest}`,
            ...(i % 7 === 0 ? ['RECURRENCE-ID:20261210T100000Z'] : []),
          );
    out.push({
      messageId: `c${i}@example.net`,
      from: { address: guest },
      replyTo: [],
      to: [{ address: ALICE }],
      cc: [],
      calendarParts: [{ contentType: 'text/calendar', text, path: '1' }],
    });
  }
  return out;
}

async function prepared(name: string): Promise<Store> {
  const store = openDexieStore(name, deps);
  const ics = wrap(
    'REQUEST',
    'DTSTART:20261203T100000Z',
    'DTEND:20261203T110000Z',
    'RRULE:FREQ=WEEKLY;COUNT=10',
    `ORGANIZER:mailto:${ALICE}`,
    ...GUESTS.map((g) => `ATTENDEE;RSVP=TRUE:mailto:${g}`),
  ).replace('METHOD:REQUEST\r\n', '');
  await store.transact((tx) => engine.invite(tx, opts, { ics }));
  return store;
}

test('50 messages for one event handled concurrently end as handled in order', async () => {
  const inOrder = await prepared(`in-order-${process.pid}`);
  for (const m of messages()) await inOrder.transact((tx) => engine.handleMessage(tx, m, opts));
  const atOnce = await prepared(`at-once-${process.pid}`);
  const outcomes = await Promise.all(messages().map((m) => atOnce.transact((tx) => engine.handleMessage(tx, m, opts))));
  assert.equal(outcomes.length, 50);
  const state = (s: Store) => s.transact((tx) => engine.showJson(tx, opts, {}));
  const expected = await state(inOrder);
  assert.deepEqual(await state(atOnce), expected);
  // And the answers really landed: each guest's partstat on the series is that of their last
  // reply to the series (replies to the 10 December occurrence and the counter set other things).
  const event = (expected as { events: { attendees: { address: string; partstat: string }[] }[] }).events[0]!;
  for (const [g, guest] of GUESTS.entries()) {
    const last = [40, 30, 20, 10, 0].map((k) => k + g).find((i) => i % 7 !== 0 && i !== 25)!;
    assert.equal(event.attendees.find((a) => a.address === guest)?.partstat, ['ACCEPTED', 'DECLINED', 'TENTATIVE'][last % 3], guest);
  }
});
