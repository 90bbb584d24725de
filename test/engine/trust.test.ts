// Who may change what (RFC 5546 §6.1): each attack a message in, the stored state unchanged and
// nothing sent out; beside it the genuine sender that must keep working.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import type { MailMessage } from '../../src/core/types.js';
import { world, cal, vevent, type World } from './harness.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';
const BOB = 'bob@example.test';
const UID = 'meeting-1@example.com';

function invite(seq = 0, ...extra: string[]): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${UID}`,
      `SEQUENCE:${seq}`,
      `DTSTAMP:2026112${seq}T080000Z`,
      'DTSTART:20261125T100000Z',
      'DTEND:20261125T110000Z',
      'SUMMARY:Planning',
      `ORGANIZER;CN=Olga:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`,
      ...extra,
    ),
  );
}

const CANCEL = cal(
  'CANCEL',
  ...vevent(`UID:${UID}`, 'SEQUENCE:1', 'DTSTAMP:20261121T080000Z', 'STATUS:CANCELLED', `ORGANIZER:mailto:${ORG}`, `ATTENDEE:mailto:${ALICE}`),
);

/** A raw RFC 5322 message with the given header lines around one text/calendar body. */
function raw(headers: string[], ics: string, method = 'REQUEST'): string {
  return [
    ...headers,
    `To: ${ALICE}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@example.net>`,
    'MIME-Version: 1.0',
    `Content-Type: text/calendar; method=${method}; charset=UTF-8`,
    '',
    ics,
  ].join('\r\n');
}

async function receive(w: World, text: string, user = ALICE) {
  const msg = await parseRawMessage(text);
  return w.store.transact((tx) => engine.handleMessage(tx, msg, w.opts(user)));
}

async function invited(): Promise<World> {
  const w = world();
  await w.deliver(ALICE, invite(), { from: ORG });
  return w;
}

/** Events as stored (the queue may grow: held messages wait there). */
const events = async (w: World) => (await w.json(ALICE)).events;

test('cancellations that claim the organiser through Sender, Reply-To, two From mailboxes or an encoded word change nothing', async () => {
  const forgeries: [string, string[]][] = [
    ['Sender names the organiser', ['From: Mallory <mallory@evil.example>', `Sender: ${ORG}`]],
    ['a noreply From with Reply-To the organiser', ['From: noreply@evil.example', `Reply-To: ${ORG}`]],
    ['two From mailboxes', [`From: ${ORG}, mallory@evil.example`]],
    ['two From fields', [`From: ${ORG}`, 'From: mallory@evil.example']],
    ['the address only inside an encoded word', [`From: =?utf-8?B?${Buffer.from(ORG).toString('base64')}?=`]],
    ['a whole mailbox inside an encoded word', [`From: =?utf-8?B?${Buffer.from(`Olga <${ORG}>`).toString('base64')}?=`]],
    ['an encoded address inside the angle brackets', [`From: Olga <=?utf-8?Q?${ORG.replace('@', '=40')}?=>`]],
  ];
  for (const [what, headers] of forgeries) {
    const w = await invited();
    const before = await events(w);
    const out = await receive(w, raw(headers, CANCEL, 'CANCEL'));
    assert.deepEqual([out.results[0]!.action, out.outgoing], ['queued', []], what);
    assert.notEqual(out.results[0]!.verification, 'verified', what);
    assert.deepEqual(await events(w), before, what);
  }
});

test("the organiser's own cancellation, and Google's (From the organiser, Sender its notifier), apply", async () => {
  for (const headers of [
    [`From: Olga <${ORG}>`],
    [`From: =?utf-8?Q?Olga_Organiz=C3=A9r?= <${ORG}>`, 'Sender: Google Calendar <calendar-notification@google.com>', `Reply-To: ${ORG}`],
  ]) {
    const w = await invited();
    const out = await receive(w, raw(headers, CANCEL, 'CANCEL'));
    assert.deepEqual(
      out.results.map((r) => [r.action, r.verification]),
      [['cancelled', 'verified']],
    );
    assert.equal((await events(w))[0].cancelled, true);
  }
});

test('a held cancellation is applied by one confirmation, as sent by the organiser it names', async () => {
  const w = await invited();
  await receive(w, raw(['From: noreply@cloud.example.com', `Reply-To: ${ORG}`], CANCEL, 'CANCEL'));
  const held = (await w.json(ALICE)).queue.find((q: any) => q.kind === 'unverified');
  assert.deepEqual([held.party, held.method], [ORG, 'CANCEL']);
  assert.match(held.reason, /^cancellation sent on behalf of organizer@example\.com by noreply@cloud\.example\.com: not applied until you confirm it$/);
  const out = await w.run((tx) => engine.applyQueued(tx, w.opts(ALICE), { id: held.id }));
  assert.deepEqual(
    out.results.map((r) => [r.action, r.verification]),
    [['cancelled', 'verified']],
  );
  assert.equal((await events(w))[0].cancelled, true);
  assert.ok(!(await w.json(ALICE)).queue.some((q: any) => q.id === held.id));
  await assert.rejects(
    w.run((tx) => engine.applyQueued(tx, w.opts(ALICE), { id: held.id })),
    /no message waiting/,
  );
});

test("a Nextcloud relay's new invitation is stored and says on whose behalf it was sent; trusted relays are verified", async () => {
  const nc = (seq: number) => raw(['From: Olga Organizer via Nextcloud <noreply@cloud.example.com>', `Reply-To: Olga Organizer <${ORG}>`], invite(seq));
  const w = world();
  const first = await receive(w, nc(0));
  assert.deepEqual(
    first.results.map((r) => [r.action, r.verification]),
    [['stored', 'relayed']],
  );
  assert.ok(first.results[0]!.warnings!.includes(`sent on behalf of ${ORG} by noreply@cloud.example.com`));
  assert.equal((await receive(w, nc(1))).results[0]!.action, 'queued');
  await w.prefs(ALICE, { trusted_relays: 'cloud.example.com' });
  assert.deepEqual(
    (await receive(w, nc(1))).results.map((r) => [r.action, r.verification]),
    [['updated', 'verified']],
  );
});

test('Authentication-Results from a trusted authserv-id: DMARC fail unverifies the From, pass (or aligned DKIM) verifies it', async () => {
  const ar = (v: string) => [`Authentication-Results: mx.example.test; ${v}`, `From: ${ORG}`];
  const cases: [string, string[], string, string][] = [
    ['dmarc fail', ar('dmarc=fail (p=reject) header.from=example.com'), 'queued', 'unverified'],
    ['dmarc pass', ar('spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com'), 'cancelled', 'verified'],
    ['aligned dkim pass', ar('dkim=pass header.d=example.com header.s=s1'), 'cancelled', 'verified'],
    [
      "an untrusted server's fail is ignored",
      ['Authentication-Results: mx.evil.example; dmarc=fail header.from=example.com', `From: ${ORG}`],
      'cancelled',
      'verified',
    ],
  ];
  for (const [what, headers, action, level] of cases) {
    const w = await invited();
    await w.prefs(ALICE, { trusted_authserv_ids: 'mx.example.test' });
    const out = await receive(w, raw(headers, CANCEL, 'CANCEL'));
    assert.deepEqual([out.results[0]!.action, out.results[0]!.verification], [action, level], what);
  }
  const w = await invited();
  await w.prefs(ALICE, { trusted_authserv_ids: 'mx.example.test' });
  const passed = await receive(w, raw(ar('dmarc=pass header.from=example.com'), CANCEL, 'CANCEL'));
  assert.equal(passed.results[0]!.verification, 'verified');
  const note = (await w.json(ALICE)).events[0];
  assert.equal(note.cancelled, true);
});

test('an attendee answers only for themself: SENT-BY counts only when the stored copy already names it', async () => {
  const w = await invited();
  const mine = await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  assert.equal(mine.outgoing.length, 1);
  // As organiser: alice organises an event where bob's assistant may answer for him.
  const org = world();
  const ev = cal(
    null,
    ...vevent(
      'UID:org-1@example.test',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261201T100000Z',
      'DTEND:20261201T110000Z',
      'SUMMARY:Review',
      `ATTENDEE;SENT-BY="mailto:assistant@example.test":mailto:${BOB}`,
      'ATTENDEE:mailto:carol@example.test',
    ),
  );
  await org.run((tx) => engine.invite(tx, org.opts(ALICE), { ics: ev }));
  const reply = (from: string, sentBy: string, who = BOB, partstat = 'DECLINED') =>
    org.deliver(
      ALICE,
      cal(
        'REPLY',
        ...vevent(
          'UID:org-1@example.test',
          'SEQUENCE:0',
          'DTSTAMP:20261120T100000Z',
          `ORGANIZER:mailto:${ALICE}`,
          `ATTENDEE;PARTSTAT=${partstat};SENT-BY="mailto:${sentBy}":mailto:${who}`,
        ),
      ),
      { from },
    );
  const before = await events(org);
  const forged = await reply('mallory@evil.example', 'mallory@evil.example');
  assert.deepEqual([forged.results[0]!.action, forged.outgoing], ['queued', []]);
  const forCarol = await reply('assistant@example.test', 'assistant@example.test', 'carol@example.test');
  assert.equal(forCarol.results[0]!.action, 'queued', 'the stored copy names no SENT-BY for carol');
  assert.deepEqual(await events(org), before);
  const real = await reply('assistant@example.test', 'assistant@example.test', BOB, 'ACCEPTED');
  assert.deepEqual(
    real.results.map((r) => [r.action, r.verification]),
    [['recorded', 'verified']],
  );
  const people = (await events(org))[0].attendees;
  assert.deepEqual(
    people.map((a: any) => [a.address, a.partstat]),
    [
      [BOB, 'ACCEPTED'],
      ['carol@example.test', 'NEEDS-ACTION'],
    ],
  );
});

test("a COUNTER through a forged SENT-BY is held, never recorded as the attendee's", async () => {
  const w = world();
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), {
      ics: cal(
        null,
        ...vevent('UID:org-2@example.test', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', `ATTENDEE:mailto:${BOB}`),
      ),
    }),
  );
  const counter = cal(
    'COUNTER',
    ...vevent(
      'UID:org-2@example.test',
      'SEQUENCE:0',
      'DTSTAMP:20261120T100000Z',
      'DTSTART:20261202T100000Z',
      'DTEND:20261202T110000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;SENT-BY="mailto:mallory@evil.example":mailto:${BOB}`,
    ),
  );
  const out = await w.deliver(ALICE, counter, { from: 'mallory@evil.example' });
  assert.deepEqual([out.results[0]!.action, out.outgoing], ['queued', []]);
  assert.deepEqual((await w.json(ALICE)).counters, []);
  const real = await w.deliver(ALICE, counter, { from: BOB });
  assert.equal(real.results[0]!.action, 'recorded');
});

// ical.js 2 misreads an ATTENDEE whose DELEGATED-TO has more than five quoted values (the value
// swallows the parameters), so the cap of MAX_DELEGATES_PER_REPLY is shown on built values
// below; here the lines a parsed reply may add, with five.
test("delegates come only from the delegating attendee's own reply, and a stranger's lines add no one", async () => {
  const w = world();
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), {
      ics: cal(
        null,
        ...vevent('UID:org-3@example.test', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', `ATTENDEE:mailto:${BOB}`),
      ),
    }),
  );
  const many = (n: number, from: string) =>
    Array.from({ length: n }, (_, i) => `ATTENDEE;DELEGATED-FROM="mailto:${from}";PARTSTAT=NEEDS-ACTION:mailto:d${i}@example.net`);
  const delegating = (who: string, n: number, to: number) =>
    cal(
      'REPLY',
      ...vevent(
        'UID:org-3@example.test',
        'SEQUENCE:0',
        'DTSTAMP:20261120T100000Z',
        `ORGANIZER:mailto:${ALICE}`,
        `ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO=${Array.from({ length: to }, (_, i) => `"mailto:d${i}@example.net"`).join(',')}:mailto:${who}`,
        ...many(n, who),
      ),
    );
  const stranger = await w.deliver(ALICE, delegating('mallory@evil.example', 9990, 3), { from: 'mallory@evil.example' });
  assert.deepEqual(
    stranger.results.map((r) => r.action),
    ['refused'],
  );
  assert.equal((await events(w))[0].attendees.length, 1);
  const bob = await w.deliver(ALICE, delegating(BOB, 30, 5), { from: BOB });
  assert.deepEqual(
    bob.results.map((r) => [r.action, r.verification]),
    [['recorded', 'verified']],
  );
  const people = (await events(w))[0].attendees.map((a: any) => a.address);
  assert.deepEqual(people, [BOB, ...Array.from({ length: 5 }, (_, i) => `d${i}@example.net`)], 'only the delegates bob names in DELEGATED-TO');
});

test('a PUBLISH changes a stored copy only from its organiser, and never its ORGANIZER', async () => {
  const pub = (seq: number, organizer = ORG, summary = 'Town hall') =>
    cal(
      'PUBLISH',
      ...vevent(
        'UID:pub-1@example.com',
        `SEQUENCE:${seq}`,
        `DTSTAMP:2026112${seq}T080000Z`,
        'DTSTART:20261203T100000Z',
        'DTEND:20261203T110000Z',
        `SUMMARY:${summary}`,
        `ORGANIZER:mailto:${organizer}`,
      ),
    );
  const w = world();
  await w.deliver(ALICE, pub(0), { from: 'list@lists.example.com' });
  const before = await events(w);
  const stranger = await w.deliver(ALICE, pub(1, ORG, 'Cancelled, go home'), { from: 'mallory@evil.example' });
  assert.deepEqual([stranger.results[0]!.action, stranger.outgoing], ['queued', []]);
  const takeover = await w.deliver(ALICE, pub(2, 'mallory@evil.example'), { from: 'mallory@evil.example' });
  assert.equal(takeover.results[0]!.action, 'refused');
  assert.deepEqual(await events(w), before);
  const real = await w.deliver(ALICE, pub(3, ORG, 'Town hall (room 5)'), { from: ORG });
  assert.equal(real.results[0]!.action, 'updated');
  assert.deepEqual([(await events(w))[0].summary, (await events(w))[0].organizer], ['Town hall (room 5)', ORG]);
  const cancel = cal('CANCEL', ...vevent('UID:pub-1@example.com', 'SEQUENCE:4', 'DTSTAMP:20261124T080000Z', 'STATUS:CANCELLED', `ORGANIZER:mailto:${ORG}`));
  assert.equal((await w.deliver(ALICE, cancel, { from: ORG })).results[0]!.action, 'cancelled', 'the real organiser can still cancel');
});

test("a co-attendee who names themself ORGANIZER can neither move nor cancel the user's event", async () => {
  const w = await invited();
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: UID, partstat: 'ACCEPTED' }));
  const before = await events(w);
  const moved = invite(1).replace(`ORGANIZER;CN=Olga:mailto:${ORG}`, `ORGANIZER:mailto:${BOB}`).replace('DTSTART:20261125T100000Z', 'DTSTART:20261125T030000Z');
  const take = await w.deliver(ALICE, moved, { from: BOB });
  assert.deepEqual([take.results[0]!.action, take.outgoing], ['refused', []]);
  const cancel = await w.deliver(ALICE, CANCEL.replace(`ORGANIZER:mailto:${ORG}`, `ORGANIZER:mailto:${BOB}`), { from: BOB });
  assert.deepEqual([cancel.results[0]!.action, cancel.outgoing], ['queued', []]);
  assert.deepEqual(await events(w), before);
});

test("a CANCEL of an event the user organises comes only from the user's own sent mail", async () => {
  const w = world();
  const ev = cal(
    null,
    ...vevent('UID:own-1@example.test', 'DTSTAMP:20261120T080000Z', 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z', `ATTENDEE:mailto:${BOB}`),
  );
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: ev }));
  const before = await events(w);
  const cancel = cal(
    'CANCEL',
    ...vevent('UID:own-1@example.test', 'SEQUENCE:1', 'DTSTAMP:20261121T080000Z', 'STATUS:CANCELLED', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${BOB}`),
  );
  for (const mail of [{ from: 'mallory@evil.example', sender: { address: ALICE } }, { from: ALICE }, { from: BOB }]) {
    const out = await w.deliver(ALICE, cancel, mail);
    assert.deepEqual([out.results[0]!.action, out.outgoing], ['refused', []]);
  }
  assert.deepEqual(await events(w), before);
  const own = await w.deliver(ALICE, cancel, { from: ALICE, outgoing: true });
  assert.equal(own.results[0]!.action, 'cancelled');
});

test('an ADD for an unknown event is kept for the user: no REFRESH goes out, to Reply-To or anyone', async () => {
  const w = world();
  const add = cal(
    'ADD',
    ...vevent(
      'UID:unknown@example.com',
      'SEQUENCE:1',
      'DTSTAMP:20261121T080000Z',
      'DTSTART:20261126T100000Z',
      'DTEND:20261126T110000Z',
      `ORGANIZER:mailto:${ORG}`,
    ),
  );
  const replyTo = Array.from({ length: 100 }, (_, i) => ({ address: `victim${i}@example.org` }));
  const out = await w.deliver(ALICE, add, { from: ORG, replyTo });
  assert.deepEqual([out.results[0]!.action, out.outgoing], ['queued', []]);
  assert.deepEqual(await events(w), []);
  assert.ok((await w.json(ALICE)).queue.some((q: any) => q.kind === 'add' && q.uid === 'unknown@example.com'));
});

test('a VFREEBUSY request is answered only to its verified sender, only with sharing on', async () => {
  const w = world();
  const fb = cal(
    'REQUEST',
    'BEGIN:VFREEBUSY',
    'UID:fb-1',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:20261123T000000Z',
    'DTEND:20261130T000000Z',
    `ORGANIZER:mailto:${BOB}`,
    `ATTENDEE:mailto:${ALICE}`,
    'END:VFREEBUSY',
  );
  assert.deepEqual((await w.deliver(ALICE, fb, { from: BOB })).outgoing, [], 'sharing is off by default');
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const forged = await w.deliver(ALICE, fb, { from: 'mallory@evil.example', replyTo: [{ address: BOB }] });
  assert.deepEqual([forged.results[0]!.action, forged.outgoing], ['refused', []]);
  const real = await w.deliver(ALICE, fb, { from: BOB });
  assert.deepEqual(
    real.outgoing.map((m) => [m.method, m.to]),
    [['REPLY', [BOB]]],
  );
});

test('one message carries at most 100 objects across its parts and causes at most 10 automatic messages', async () => {
  const w = world();
  await w.prefs(ALICE, { freebusy_sharing: 'share' });
  const fbs = (p: number) =>
    Array.from({ length: 100 }, (_, i) => [
      'BEGIN:VFREEBUSY',
      `UID:fb-${p}-${i}`,
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261123T000000Z',
      'DTEND:20261124T000000Z',
      `ORGANIZER:mailto:${BOB}`,
      `ATTENDEE:mailto:${ALICE}`,
      'END:VFREEBUSY',
    ]).flat();
  const calendarParts: MailMessage['calendarParts'] = Array.from({ length: 32 }, (_, p) => ({
    contentType: 'text/calendar',
    text: cal('REQUEST', ...fbs(p)),
    path: String(p + 1),
  }));
  const out = await w.deliver(ALICE, '', { from: BOB, calendarParts });
  assert.equal(out.results.filter((r) => r.action === 'answered').length, 100);
  assert.equal(out.outgoing.length, 10);
  assert.ok(out.outgoing.every((m) => m.to.length === 1 && m.to[0] === BOB));
  assert.equal(out.results.filter((r) => r.action === 'refused' && /at most 10 automatic messages/.test(r.reason)).length, 90);
  assert.equal(out.results.filter((r) => r.action === 'refused' && /events in one part/.test(r.reason)).length, 31);
});

test('a REPLY adds at most MAX_DELEGATES_PER_REPLY delegates, only those its sender delegated to', async () => {
  const { addDelegates, MAX_DELEGATES_PER_REPLY } = await import('../../src/core/itip/handlers/reply.js');
  const ICAL = (await import('ical.js')).default;
  const target = new ICAL.Component('vevent');
  const stored = target.addPropertyWithValue('attendee', `mailto:${BOB}`);
  // Built as values, not parsed: ical.js misreads more than five quoted DELEGATED-TO values.
  const reply = new ICAL.Component('vevent');
  const answering = reply.addPropertyWithValue('attendee', `mailto:${BOB}`);
  answering.setParameter(
    'delegated-to',
    Array.from({ length: 20 }, (_, i) => `mailto:d${i}@example.net`),
  );
  const lines = [answering];
  for (let i = 0; i < 30; i++) {
    const p = reply.addPropertyWithValue('attendee', `mailto:d${i}@example.net`);
    p.setParameter('delegated-from', i === 3 ? 'mailto:mallory@evil.example' : `mailto:${BOB}`);
    lines.push(p);
  }
  const warnings = addDelegates(target, stored, answering, BOB, lines);
  assert.deepEqual(warnings, [`20 delegates named: only the first ${MAX_DELEGATES_PER_REPLY} are added`]);
  const added = target.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace('mailto:', ''));
  assert.deepEqual(added, [BOB, ...[0, 1, 2, 4, 5, 6, 7, 8, 9].map((i) => `d${i}@example.net`)], 'd3 names another delegator; d10… are past the cap');
  assert.equal([stored.getParameter('delegated-to')].flat().length, MAX_DELEGATES_PER_REPLY);
});
