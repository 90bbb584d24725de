// The user as attendee (RFC 5546 §3.2.2–§3.2.8): invitations, answers, updates, cancellations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent, parsedOut, attendeeLines, busyLines } from './harness.js';
import { renderMessage } from '../../src/core/mime/render.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';

function invite(seq = 0, stamp = '20261120T080000Z', ...extra: string[]): string {
  return cal(
    'REQUEST',
    ...vevent(
      'UID:meeting-1@example.com',
      `SEQUENCE:${seq}`,
      `DTSTAMP:${stamp}`,
      'DTSTART:20261125T100000Z',
      'DTEND:20261125T110000Z',
      'SUMMARY:Planning',
      'LOCATION:Room 1',
      `ORGANIZER;CN=Olga:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      'ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:bob@example.test',
      ...extra,
    ),
  );
}

const WEEK = ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'] as const;

test('a new REQUEST is stored as needing action and does not block time', async () => {
  const w = world();
  const out = await w.deliver(ALICE, invite(), { from: ORG });
  assert.deepEqual(
    out.results.map((r) => [r.method, r.uid, r.action]),
    [['REQUEST', 'meeting-1@example.com', 'stored']],
  );
  assert.equal(out.outgoing.length, 0);
  const state = await w.json(ALICE);
  assert.equal(state.events[0].partstat, 'NEEDS-ACTION');
  assert.equal(state.events[0].relation, 'attendee');
  assert.equal(state.queue[0].kind, 'invitation');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), []);
});

test("accepting sends a REPLY with only the user's ATTENDEE line and blocks the time", async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED', comment: 'See you there' }));
  assert.equal(out.results[0]!.action, 'sent');
  assert.equal(out.outgoing.length, 1);
  const reply = out.outgoing[0]!;
  assert.deepEqual([reply.from, reply.to, reply.method, reply.subject], [ALICE, [ORG], 'REPLY', 'Accepted: Planning']);
  const { method, comp } = parsedOut(reply);
  assert.equal(method, 'REPLY');
  assert.equal(comp.getFirstPropertyValue('uid'), 'meeting-1@example.com');
  assert.equal(comp.getFirstPropertyValue('sequence'), 0);
  assert.equal(String(comp.getFirstPropertyValue('organizer')).toLowerCase(), `mailto:${ORG}`);
  assert.equal(comp.getFirstPropertyValue('comment'), 'See you there');
  assert.equal(String(comp.getFirstPropertyValue('dtstamp')), '2026-11-20T09:00:00Z');
  assert.deepEqual(
    attendeeLines(comp).map((a) => [a.address, a.partstat]),
    [[ALICE, 'ACCEPTED']],
  );
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), ['BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z']);
  const state = await w.json(ALICE);
  assert.equal(state.events[0].partstat, 'ACCEPTED');
  assert.equal(state.queue.length, 0, 'answering clears the attention queue');
});

test('TENTATIVE is busy-tentative and DECLINED is free', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'TENTATIVE' }));
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), ['BUSY-TENTATIVE 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z']);
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'DECLINED' }));
  assert.equal(out.outgoing[0]!.subject, 'Declined: Planning');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), []);
});

test('a higher SEQUENCE is applied; equal SEQUENCE with newer DTSTAMP keeps the answer; older is ignored', async () => {
  const w = world();
  await w.deliver(ALICE, invite(0), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED' }));

  const minor = await w.deliver(ALICE, invite(0, '20261120T083000Z').replace('SUMMARY:Planning', 'SUMMARY:Planning (agenda attached)'), { from: ORG });
  assert.equal(minor.results[0]!.action, 'updated');
  let state = await w.json(ALICE);
  assert.equal(state.events[0].summary, 'Planning (agenda attached)');
  assert.equal(state.events[0].partstat, 'ACCEPTED', "a minor update keeps the user's answer");

  const major = await w.deliver(ALICE, invite(1, '20261120T084000Z').replace('DTSTART:20261125T100000Z', 'DTSTART:20261125T090000Z'), { from: ORG });
  assert.equal(major.results[0]!.action, 'updated');
  assert.match(major.results[0]!.reason, /DTSTART/);
  state = await w.json(ALICE);
  assert.equal(state.events[0].sequence, 1);
  assert.equal(state.events[0].partstat, 'NEEDS-ACTION', 'the organiser asked again');
  assert.equal(state.queue.filter((q: any) => q.kind === 'update').length, 1);

  const stale = await w.deliver(ALICE, invite(0, '20261120T090000Z'), { from: ORG });
  assert.equal(stale.results[0]!.action, 'ignored');
  assert.match(stale.results[0]!.reason, /older/);
  assert.equal((await w.json(ALICE)).events[0].sequence, 1);
});

test('the same message twice changes nothing the second time', async () => {
  const w = world();
  const msg = { from: ORG, messageId: 'dup-1@example.com' };
  await w.deliver(ALICE, invite(), msg);
  const before = await w.json(ALICE);
  const again = await w.deliver(ALICE, invite(), msg);
  assert.equal(again.results[0]!.action, 'ignored');
  assert.match(again.results[0]!.reason, /already processed/);
  assert.deepEqual(await w.json(ALICE), before);
});

// Was: refused. An update from a stranger now waits, unapplied, for the user's confirmation.
test('an update from someone other than the organiser is not applied and waits for the user', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const spoof = await w.deliver(ALICE, invite(5).replace('LOCATION:Room 1', 'LOCATION:Evil lair'), { from: 'mallory@evil.example' });
  assert.deepEqual([spoof.results[0]!.action, spoof.results[0]!.verification], ['queued', 'unverified']);
  assert.match(spoof.results[0]!.reason, /mallory@evil\.example, who is not organizer@example\.com/);
  const state = await w.json(ALICE);
  assert.equal(state.events[0].location, 'Room 1');
  assert.equal(state.events[0].sequence, 0);
  assert.ok(state.queue.some((q: any) => q.kind === 'unverified' && q.party === ORG));
});

// Was: a noreply@ relay's update applied by itself. Now only a trusted relay's is.
test('relaying senders: Nextcloud (noreply From, Reply-To organiser) and Google (Sender notifier)', async () => {
  const w = world();
  const first = await w.deliver(ALICE, invite(), { from: 'noreply@cloud.example.com', replyTo: [{ address: ORG }] });
  assert.deepEqual([first.results[0]!.action, first.results[0]!.verification], ['stored', 'relayed']);
  assert.ok(first.results[0]!.warnings!.includes(`sent on behalf of ${ORG} by noreply@cloud.example.com`));
  const upd = await w.deliver(ALICE, invite(1), { from: 'noreply@cloud.example.com', replyTo: [{ address: ORG }] });
  assert.deepEqual([upd.results[0]!.action, upd.results[0]!.verification], ['queued', 'relayed']);
  await w.prefs(ALICE, { trusted_relays: 'cloud.example.com' });
  const trusted = await w.deliver(ALICE, invite(1), { from: 'noreply@cloud.example.com', replyTo: [{ address: ORG }] });
  assert.deepEqual([trusted.results[0]!.action, trusted.results[0]!.verification], ['updated', 'verified']);
  const forged = await w.deliver(ALICE, invite(2), { from: 'mallory@evil.example', replyTo: [{ address: ORG }] });
  assert.equal(forged.results[0]!.action, 'queued', 'Reply-To never makes a stranger the organiser');
  const google = await w.deliver(ALICE, invite(3), { from: ORG, sender: { address: 'calendar-notification@google.com' } });
  assert.deepEqual([google.results[0]!.action, google.results[0]!.verification], ['updated', 'verified']);
});

// Was: default `attendee`, applied at once. Now a new organiser is never applied by itself.
test('organiser_replacement decides who may take over an event, and only after confirmation', async () => {
  const moved = (seq: number, to: string) => invite(seq).replace(`ORGANIZER;CN=Olga:mailto:${ORG}`, `ORGANIZER:mailto:${to}`);
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const byDefault = await w.deliver(ALICE, moved(1, 'bob@example.test'), { from: 'bob@example.test' });
  assert.deepEqual(
    [byDefault.results[0]!.action, byDefault.results[0]!.reason],
    ['refused', 'organiser change to bob@example.test refused (organiser_replacement=never)'],
  );

  const att = world();
  await att.prefs(ALICE, { organiser_replacement: 'attendee' });
  await att.deliver(ALICE, invite(), { from: ORG });
  assert.equal((await att.deliver(ALICE, moved(1, 'eve@example.com'), { from: ORG })).results[0]!.action, 'refused');
  const bob = await att.deliver(ALICE, moved(1, 'bob@example.test'), { from: 'bob@example.test' });
  assert.equal(bob.results[0]!.action, 'queued');
  assert.equal((await att.json(ALICE)).events[0].organizer, ORG);
  const held = (await att.json(ALICE)).queue.find((q: any) => q.kind === 'unverified');
  const applied = await att.run((tx) => engine.applyQueued(tx, att.opts(ALICE), { id: held.id }));
  assert.deepEqual(
    applied.results.map((r) => [r.action, r.verification]),
    [['updated', 'verified']],
  );
  assert.equal((await att.json(ALICE)).events[0].organizer, 'bob@example.test');

  const any = world();
  await any.prefs(ALICE, { organiser_replacement: 'any' });
  await any.deliver(ALICE, invite(), { from: ORG });
  assert.equal((await any.deliver(ALICE, moved(1, 'eve@example.com'), { from: 'eve@example.com' })).results[0]!.action, 'queued');
  assert.equal((await any.json(ALICE)).events[0].organizer, ORG);
});

test('CANCEL of the whole event keeps it as cancelled and frees the time', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED' }));
  const cancel = cal(
    'CANCEL',
    ...vevent('UID:meeting-1@example.com', 'SEQUENCE:1', 'DTSTAMP:20261121T080000Z', 'STATUS:CANCELLED', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`),
  );
  const spoof = await w.deliver(ALICE, cancel, { from: 'mallory@evil.example' });
  assert.equal(spoof.results[0]!.action, 'queued'); // was: refused; now held for the user
  const out = await w.deliver(ALICE, cancel, { from: ORG });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['cancelled', 'the event was cancelled']],
  );
  const state = await w.json(ALICE);
  assert.equal(state.events[0].cancelled, true);
  assert.equal(state.events[0].status, 'CANCELLED');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), []);
});

test('CANCEL without STATUS uninvites only this user', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.deliver(
    ALICE,
    cal('CANCEL', ...vevent('UID:meeting-1@example.com', 'SEQUENCE:1', 'DTSTAMP:20261121T080000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`)),
    { from: ORG },
  );
  assert.equal(out.results[0]!.reason, 'you were removed from the attendees');
});

test('a bad calendar part is reported and changes nothing', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const before = await w.json(ALICE);
  const out = await w.deliver(ALICE, 'this is not iCalendar at all', { from: ORG });
  assert.equal(out.results[0]!.action, 'error');
  assert.match(out.results[0]!.reason, /calendar part 1/);
  const after = await w.json(ALICE);
  assert.deepEqual(after.events, before.events);
});

test('a REQUEST without ORGANIZER is kept as information and never answered; VTODO is reported unsupported', async () => {
  const w = world();
  const noOrg = await w.deliver(ALICE, cal('REQUEST', ...vevent('UID:x', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261125T100000Z', `ATTENDEE:mailto:${ALICE}`)), {
    from: ORG,
  });
  assert.deepEqual(
    noOrg.results.map((r) => [r.action, r.reason]),
    [['stored', 'stored for information: the REQUEST names no ORGANIZER, so it cannot be answered (RFC 5546 §3.2.2)']],
  );
  assert.equal(noOrg.outgoing.length, 0);
  assert.equal((await w.json(ALICE)).events[0].relation, 'observer');
  const answer = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'x', partstat: 'ACCEPTED' }));
  assert.deepEqual([answer.results[0]!.action, answer.outgoing.length], ['refused', 0]);
  const todo = await w.deliver(ALICE, cal('REQUEST', 'BEGIN:VTODO', 'UID:todo-1', 'DTSTAMP:20261120T080000Z', `ORGANIZER:mailto:${ORG}`, 'END:VTODO'), {
    from: ORG,
  });
  assert.deepEqual(
    todo.results.map((r) => [r.uid, r.action]),
    [['todo-1', 'unsupported']],
  );
});

test('PUBLISH and mail without a method are information only', async () => {
  const w = world();
  const pub = await w.deliver(ALICE, invite().replace('METHOD:REQUEST', 'METHOD:PUBLISH'), { from: ORG });
  assert.equal(pub.results[0]!.action, 'stored');
  assert.equal(pub.outgoing.length, 0);
  const w2 = world();
  const none = await w2.deliver(ALICE, invite().replace('METHOD:REQUEST\r\n', ''), { from: ORG });
  assert.equal(none.results[0]!.method, 'PUBLISH');
  assert.ok(none.results[0]!.warnings?.some((x) => /no METHOD/.test(x)));
  assert.equal((await w2.json(ALICE)).events[0].relation, 'observer');
});

test('a method mismatch between Content-Type and body: the body wins and it is reported', async () => {
  const w = world();
  const out = await w.deliver(ALICE, invite(), { from: ORG, methodParam: 'PUBLISH' });
  assert.equal(out.results[0]!.method, 'REQUEST');
  assert.ok(out.results[0]!.warnings?.some((x) => /mismatch/.test(x)));
});

test('counter-proposal: COUNTER to the organiser, the offer held while freebusy_offers lasts, released by DECLINECOUNTER', async () => {
  const w = world();
  await w.prefs(ALICE, { freebusy_offers: 'P1D' });
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) =>
    engine.counterPropose(tx, w.opts(ALICE), {
      uid: 'meeting-1@example.com',
      start: '2026-11-26T14:00:00Z',
      end: '2026-11-26T15:00:00Z',
      comment: 'Thursday?',
    }),
  );
  const counter = out.outgoing[0]!;
  assert.deepEqual([counter.method, counter.to, counter.subject], ['COUNTER', [ORG], 'Counter-proposal: Planning']);
  const { comp } = parsedOut(counter);
  assert.equal(String(comp.getFirstPropertyValue('dtstart')), '2026-11-26T14:00:00Z');
  assert.equal(comp.getFirstPropertyValue('sequence'), 0);
  assert.equal(comp.getFirstPropertyValue('comment'), 'Thursday?');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), ['BUSY-TENTATIVE 2026-11-26T14:00:00Z/2026-11-26T15:00:00Z']);

  const decline = cal(
    'DECLINECOUNTER',
    ...vevent(
      'UID:meeting-1@example.com',
      'SEQUENCE:0',
      'DTSTAMP:20261120T100000Z',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
      'COMMENT:Thursday is full',
    ),
  );
  const res = await w.deliver(ALICE, decline, { from: ORG });
  assert.equal(res.results[0]!.action, 'recorded');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), []);
  const state = await w.json(ALICE);
  assert.equal(state.counters[0].status, 'declined');
  assert.equal(state.counters[0].comment, 'Thursday is full');
});

test('delegation (RFC 5546 §4.2.5): REQUEST to the delegate, REPLY DELEGATED to the organiser', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) => engine.delegate(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', to: 'mailto:Carol@Example.test' }));
  assert.deepEqual(
    out.outgoing.map((o) => [o.method, o.to]),
    [
      ['REQUEST', ['carol@example.test']],
      ['REPLY', [ORG]],
    ],
  );
  const req = attendeeLines(parsedOut(out.outgoing[0]!).comp);
  const carol = req.find((a) => a.address === 'carol@example.test')!;
  assert.equal(carol.params['delegated-from'], `mailto:${ALICE}`);
  assert.equal(carol.partstat, 'NEEDS-ACTION');
  const reply = attendeeLines(parsedOut(out.outgoing[1]!).comp);
  assert.deepEqual(
    reply.map((a) => [a.address, a.partstat]),
    [
      [ALICE, 'DELEGATED'],
      ['carol@example.test', 'NEEDS-ACTION'],
    ],
  );
  assert.equal(reply[0]!.params['delegated-to'], 'mailto:carol@example.test');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), [], 'a delegated meeting does not block the delegator');
});

test('refresh asks the organiser for the current version', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) => engine.refresh(tx, w.opts(ALICE), { uid: 'meeting-1@example.com' }));
  assert.deepEqual([out.outgoing[0]!.method, out.outgoing[0]!.to], ['REFRESH', [ORG]]);
  const { comp } = parsedOut(out.outgoing[0]!);
  assert.deepEqual(
    attendeeLines(comp).map((a) => a.address),
    [ALICE],
  );
});

test('ADD: refresh by default, add when asked, ignore when told', async () => {
  const add = cal(
    'ADD',
    ...vevent(
      'UID:meeting-1@example.com',
      'SEQUENCE:0',
      'DTSTAMP:20261121T080000Z',
      'DTSTART:20261202T100000Z',
      'DTEND:20261202T110000Z',
      'SUMMARY:Planning',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const r = await w.deliver(ALICE, add, { from: ORG });
  assert.equal(r.results[0]!.action, 'answered');
  assert.equal(r.outgoing[0]!.method, 'REFRESH');

  const a = world();
  await a.prefs(ALICE, { add_method_response: 'add' });
  await a.deliver(ALICE, invite(), { from: ORG });
  await a.run((tx) => engine.respond(tx, a.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED' }));
  const added = await a.deliver(ALICE, add, { from: ORG });
  assert.equal(added.results[0]!.action, 'updated');
  assert.deepEqual(busyLines(await a.freebusy(ALICE, '2026-11-23T00:00:00Z', '2026-12-07T00:00:00Z')), [
    'BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z',
    'BUSY 2026-12-02T10:00:00Z/2026-12-02T11:00:00Z',
  ]);

  const i = world();
  await i.prefs(ALICE, { add_method_response: 'ignore' });
  await i.deliver(ALICE, invite(), { from: ORG });
  assert.equal((await i.deliver(ALICE, add, { from: ORG })).results[0]!.action, 'ignored');
});

test("the user's own REPLY sent from another program updates the store", async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const reply = cal(
    'REPLY',
    ...vevent('UID:meeting-1@example.com', 'SEQUENCE:0', 'DTSTAMP:20261120T100000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${ALICE}`),
  );
  const out = await w.deliver(ALICE, reply, { from: ALICE, outgoing: true });
  assert.equal(out.results[0]!.action, 'recorded');
  assert.equal((await w.json(ALICE)).events[0].partstat, 'TENTATIVE');
});

test('participating=no ignores everything', async () => {
  const w = world();
  await w.prefs(ALICE, { participating: 'no' });
  const out = await w.deliver(ALICE, invite(), { from: ORG });
  assert.equal(out.results[0]!.action, 'ignored');
  assert.equal((await w.json(ALICE)).events.length, 0);
});

test("freebusy_bundling=always sends the user's busy time along with an answer", async () => {
  const w = world();
  await w.prefs(ALICE, { freebusy_bundling: 'always' });
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED' }));
  const fb = out.outgoing[0]!.freebusy!;
  assert.match(fb, /METHOD:PUBLISH/);
  assert.deepEqual(busyLines(fb), ['BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z']);
  const raw = renderMessage(out.outgoing[0]!, { date: w.now, messageId: 'x@y', boundarySeed: 'seed' });
  assert.match(raw, /Content-Type: text\/calendar; method=PUBLISH; charset=UTF-8; name="freebusy.ifb"/);
  const back = await parseRawMessage(raw);
  assert.deepEqual(
    back.calendarParts.map((p) => p.methodParam),
    ['REPLY', 'PUBLISH'],
  );
});

test("an update that takes up the user's proposal settles the counter and releases the hold", async () => {
  const w = world();
  await w.prefs(ALICE, { freebusy_offers: 'P1D' });
  await w.deliver(ALICE, invite(), { from: ORG });
  await w.run((tx) => engine.counterPropose(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', start: '2026-11-26T14:00:00Z', end: '2026-11-26T15:00:00Z' }));
  const moved = invite(1, '20261120T100000Z')
    .replace('DTSTART:20261125T100000Z', 'DTSTART:20261126T140000Z')
    .replace('DTEND:20261125T110000Z', 'DTEND:20261126T150000Z');
  await w.deliver(ALICE, moved, { from: ORG });
  const state = await w.json(ALICE);
  assert.equal(state.counters[0].status, 'accepted');
  assert.equal(state.counters[0].holdUntil, undefined);
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), [], 'nothing held, nothing answered yet');
});

test('a bad calendar part is reported; a good part of the same message is still applied', async () => {
  const w = world();
  const msg = {
    messageId: 'two-parts@example.com',
    from: { address: ORG },
    replyTo: [],
    to: [{ address: ALICE }],
    cc: [],
    calendarParts: [
      { contentType: 'text/calendar', path: '1.2', text: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' },
      { contentType: 'application/ics', path: '2', text: invite() },
    ],
  };
  const out = await w.store.transact((tx) => engine.handleMessage(tx, msg, w.opts(ALICE)));
  assert.deepEqual(
    out.results.map((r) => r.action),
    ['error', 'stored'],
  );
  assert.match(out.results[0]!.reason, /^calendar part 1\.2: /);
  assert.equal((await w.json(ALICE)).events.length, 1);
});

test('an answer recorded without sending (send: false) is stored and busy, and mails nothing', async () => {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  const out = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'meeting-1@example.com', partstat: 'ACCEPTED', send: false }));
  assert.deepEqual(
    out.results.map((r) => [r.method, r.action]),
    [['REPLY', 'recorded']],
  );
  assert.deepEqual(out.outgoing, []);
  const state = await w.json(ALICE);
  assert.equal(state.events[0].partstat, 'ACCEPTED');
  assert.deepEqual(state.queue, []);
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...WEEK)), ['BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z']);
});
