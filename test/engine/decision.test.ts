// Decisions as data (core/itip/decision.ts, commit.ts): a handler reads the store and returns what
// it decided; nothing is written until the one place that applies decisions runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, type World } from './harness.js';
import { makeCtx, type Ctx } from '../../src/core/itip/context.js';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { eventObjects } from '../../src/core/itip/objects.js';
import type { Incoming } from '../../src/core/itip/incoming.js';
import { handleRequest } from '../../src/core/itip/handlers/request.js';
import { handleCancel } from '../../src/core/itip/handlers/cancel.js';
import { handleAsResource } from '../../src/core/policy/agent.js';
import { commit } from '../../src/core/itip/commit.js';
import type { Decision } from '../../src/core/itip/decision.js';
import type { StoreTx } from '../../src/core/store.js';
import type { MailMessage } from '../../src/core/types.js';

const ORG = 'olga@example.com';
const BOB = 'bob@example.com';
const ROOM = 'room@example.com';

const request = (uid: string, seq: number, start: string, attendee = BOB, extra: string[] = []) =>
  cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${seq}`,
      `DTSTAMP:20261120T08${String(seq).padStart(2, '0')}00Z`,
      `DTSTART:${start}`,
      'DURATION:PT1H',
      'SUMMARY:Planning',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${attendee}`,
      ...extra,
    ),
  );

function incoming(text: string, method = 'REQUEST'): Incoming {
  const { root } = parseCalendar(text, { received: true });
  const { objects } = eventObjects(root, zoneContext(root, 'UTC'));
  return { method, object: objects[0]!, text, warnings: [] };
}

function mail(text: string, from: string): MailMessage {
  return {
    messageId: `m-${text.length}@example.com`,
    from: { address: from },
    replyTo: [],
    to: [],
    cc: [],
    calendarParts: [{ contentType: 'text/calendar', text, path: '1' }],
  };
}

/** Everything stored for a user, as plain data: what a decision must not touch until committed. */
async function snapshot(tx: StoreTx, user: string) {
  const utx = tx.user(user);
  return JSON.stringify({
    events: await utx.listEvents(),
    queue: await utx.listQueue(),
    counters: await utx.listAllCounters(),
    freebusy: await utx.listFreeBusy(),
    usage: await tx.listUsage(user),
  });
}

/** Runs `decide` with a context for `user`, checks that it wrote nothing, then commits its decision. */
async function decideThenCommit(w: World, user: string, msg: MailMessage, decide: (ctx: Ctx) => Promise<Decision>, role: 'person' | 'resource' = 'person') {
  return w.run(async (tx) => {
    const ctx = await makeCtx(tx, { ...w.opts(user, role), outgoing: false }, msg);
    const before = await snapshot(tx, user);
    const decision = await decide(ctx);
    const untouched = (await snapshot(tx, user)) === before;
    await commit(ctx, decision);
    return { decision, untouched, after: await snapshot(tx, user), results: ctx.results, outgoing: ctx.outgoing };
  });
}

test('an update REQUEST: the handler returns save, unqueue, enqueue in order and writes nothing itself', async () => {
  const w = world();
  await w.deliver(BOB, request('u1', 0, '20261201T100000Z'), { from: ORG });
  const text = request('u1', 1, '20261201T140000Z');
  const { decision, untouched, after, results } = await decideThenCommit(w, BOB, mail(text, ORG), (ctx) => handleRequest(ctx, incoming(text)));
  assert.equal(untouched, true, 'the store is unchanged until the decision is committed');
  assert.deepEqual(
    decision.changes.map((c) => c.kind),
    ['save', 'unqueue', 'enqueue'],
  );
  assert.deepEqual(
    decision.results.map((r) => [r.action, r.reason]),
    // The end moves with the start (DURATION): both are said to have changed.
    [['updated', 'update; changed: DTSTART, DTEND, DURATION']],
  );
  assert.equal(decision.minor.size, 0);
  assert.deepEqual(decision.outgoing, []);
  // Committed: the new revision is stored, the queue holds the update instead of the invitation.
  const stored = JSON.parse(after);
  assert.equal(stored.events[0].sequence, 1);
  assert.match(stored.events[0].ics, /DTSTART:20261201T140000Z/);
  assert.deepEqual(
    stored.queue.map((q: { kind: string }) => q.kind),
    ['update'],
  );
  assert.deepEqual(results, decision.results);
});

test('a minor update is marked in the decision, not in its words', async () => {
  const w = world();
  await w.deliver(BOB, request('u2', 0, '20261201T100000Z'), { from: ORG });
  // Same SEQUENCE, later DTSTAMP: RFC 5546 §2.1.5 minor update.
  const text = request('u2', 0, '20261201T100000Z').replace('DTSTAMP:20261120T080000Z', 'DTSTAMP:20261120T083000Z');
  const { decision, untouched } = await decideThenCommit(w, BOB, mail(text, ORG), (ctx) => handleRequest(ctx, incoming(text)));
  assert.equal(untouched, true);
  assert.equal(decision.results.length, 1);
  assert.ok(decision.minor.has(decision.results[0]!), 'the minor update is in Decision.minor');
  assert.equal(decision.results[0]!.action, 'updated');
});

test('a held message (sender not verified) is a decision to queue it, nothing else', async () => {
  const w = world();
  await w.deliver(BOB, request('u3', 0, '20261201T100000Z'), { from: ORG });
  const text = cal(
    'CANCEL',
    ...vevent('UID:u3', 'SEQUENCE:1', 'DTSTAMP:20261120T090000Z', 'DTSTART:20261201T100000Z', `ORGANIZER:mailto:${ORG}`, 'STATUS:CANCELLED'),
  );
  const { decision, untouched, after } = await decideThenCommit(w, BOB, mail(text, 'mallory@example.net'), (ctx) =>
    handleCancel(ctx, incoming(text, 'CANCEL')),
  );
  assert.equal(untouched, true);
  assert.deepEqual(
    decision.changes.map((c) => (c.kind === 'enqueue' ? `enqueue ${c.item.kind}` : c.kind)),
    ['enqueue unverified'],
  );
  assert.deepEqual(
    decision.results.map((r) => [r.action, r.verification]),
    [['queued', 'unverified']],
  );
  const event = JSON.parse(after).events[0];
  assert.equal(event.cancelled, false, 'the stored event is not cancelled');
  assert.doesNotMatch(event.ics, /STATUS:CANCELLED/);
});

test('a resource: the booking decided by policy comes back as one decision with the answer and the quota booked', async () => {
  const w = world();
  const text = request('r1', 0, '20261201T100000Z', ROOM);
  const { decision, after, outgoing } = await decideThenCommit(w, ROOM, mail(text, ORG), (ctx) => handleAsResource(ctx, incoming(text)), 'resource');
  assert.deepEqual(
    decision.results.map((r) => [r.action, r.reason]),
    [['answered', 'accepted']],
  );
  assert.deepEqual(
    decision.changes.map((c) => c.kind),
    ['unqueue', 'release', 'save', 'book'],
  );
  assert.deepEqual(
    decision.outgoing.map((m) => [m.method, m.to]),
    [['REPLY', [ORG]]],
  );
  assert.deepEqual(outgoing, decision.outgoing);
  const state = JSON.parse(after);
  assert.match(state.events[0].ics, /ATTENDEE[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*room@example\.com/i);
  assert.deepEqual(
    state.usage.map((u: { uid: string; organizer: string }) => [u.uid, u.organizer]),
    [['r1', ORG]],
  );
  assert.deepEqual(state.queue, [], 'the booking does not wait for the owner');
});
