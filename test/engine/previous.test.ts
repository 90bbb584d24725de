// handleMessage's `previous`: the stored events a message names as they were before it (what the
// popup compares against, docs/ARCHITECTURE.md View models), kept from the engine's own reads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { copyStored } from '../../src/core/itip/previous.js';
import type { MailMessage, StoredEvent } from '../../src/core/types.js';
import { world, cal, vevent } from './harness.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';
const UID = 'meeting-1@example.com';

function invite(seq: number, summary = 'Planning', uid = UID): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${seq}`,
      `DTSTAMP:2026112${seq}T080000Z`,
      'DTSTART:20261125T100000Z',
      'DTEND:20261125T110000Z',
      `SUMMARY:${summary}`,
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    ),
  );
}

let n = 0;
function mail(...texts: string[]): MailMessage {
  return {
    messageId: `previous-${++n}@example.com`,
    from: { address: ORG },
    replyTo: [],
    to: [{ address: ALICE }],
    cc: [],
    calendarParts: texts.map((text, i) => ({ contentType: 'text/calendar', methodParam: 'REQUEST', text, path: String(i + 1) })),
  };
}

const stored = (w: ReturnType<typeof world>, uid = UID) => w.run((tx) => tx.user(ALICE).getEvent(uid));

test('a new invitation has no copy before; an update (higher SEQUENCE) reports the stored copy as it was', async () => {
  const w = world();
  const first = await w.run((tx) => engine.handleMessage(tx, mail(invite(0)), w.opts(ALICE)));
  assert.deepEqual(
    first.results.map((r) => r.action),
    ['stored'],
  );
  assert.deepEqual(first.previous, [], 'the event this message created is absent');

  const before = await stored(w);
  const update = await w.run((tx) => engine.handleMessage(tx, mail(invite(1, 'Planning, moved')), w.opts(ALICE)));
  assert.deepEqual(
    update.results.map((r) => r.action),
    ['updated'],
  );
  assert.deepEqual(update.previous, [before]);
  assert.equal(update.previous[0]!.sequence, 0);
  assert.match(update.previous[0]!.ics, /SUMMARY:Planning\r?\n/);
  assert.equal((await stored(w))!.sequence, 1, 'the store holds the update');
});

test('later writes, in the same handling or the same transaction, leave the reported copy as it was', async () => {
  const w = world();
  await w.run((tx) => engine.handleMessage(tx, mail(invite(0)), w.opts(ALICE)));
  const before = await stored(w);
  await w.run(async (tx) => {
    // Two parts updating one event: the second part reads and writes what the first wrote.
    const out = await engine.handleMessage(tx, mail(invite(1, 'Moved'), invite(2, 'Moved again')), w.opts(ALICE));
    assert.deepEqual(
      out.results.map((r) => r.action),
      ['updated', 'updated'],
    );
    assert.deepEqual(out.previous, [before]);
    await engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' });
    assert.deepEqual(out.previous, [before], 'an answer written afterwards does not reach it');
    assert.equal((await tx.user(ALICE).getEvent(UID))!.sequence, 2);
  });
  // Created and updated in one message: still nothing before it.
  const both = await w.run((tx) =>
    engine.handleMessage(tx, mail(invite(0, 'New', 'other@example.com'), invite(1, 'New, moved', 'other@example.com')), w.opts(ALICE)),
  );
  assert.deepEqual(both.previous, []);
});

test('a message handled again, or by a user who does not participate, reports the stored copies it names', async () => {
  const w = world();
  const msg = mail(invite(0));
  await w.run((tx) => engine.handleMessage(tx, msg, w.opts(ALICE)));
  const now = await stored(w);
  const again = await w.run((tx) => engine.handleMessage(tx, msg, w.opts(ALICE)));
  assert.match(again.results[0]!.reason, /already processed/);
  assert.deepEqual(again.previous, [now]);
  await w.prefs(ALICE, { participating: 'no' });
  const ignored = await w.run((tx) => engine.handleMessage(tx, mail(invite(1)), w.opts(ALICE)));
  assert.deepEqual(ignored.previous, [now]);
});

test('copyStored copies every nested value', () => {
  const e: StoredEvent = {
    uid: 'u',
    ics: 'BEGIN:VCALENDAR',
    relation: 'organizer',
    sequence: 3,
    cancelled: false,
    created: '2026-11-20T09:00:00Z',
    updated: '2026-11-20T09:00:00Z',
    history: [{ at: '2026-11-20T09:00:00Z', method: 'REPLY', action: 'updated', from: 'bob@example.test' }],
    replies: { 'bob@example.test|': '2026-11-20T09:00:00Z' },
    notes: { 'bob@example.test|': { partstat: 'DECLINED', requestStatus: ['2.0;Success'], at: '2026-11-20T09:00:00Z' } },
    attachments: ['a1'],
  };
  const c = copyStored(e);
  assert.deepEqual(c, structuredClone(e));
  e.history[0]!.note = 'changed';
  e.replies!['bob@example.test|'] = 'changed';
  e.notes!['bob@example.test|']!.requestStatus!.push('changed');
  e.attachments!.push('changed');
  assert.equal(c.history[0]!.note, undefined);
  assert.deepEqual(c.attachments, ['a1']);
  assert.deepEqual(c.notes!['bob@example.test|']!.requestStatus, ['2.0;Success']);
  assert.equal(c.replies!['bob@example.test|'], '2026-11-20T09:00:00Z');
});
