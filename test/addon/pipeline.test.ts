// The background pipeline against the fake Thunderbird: new mail → stored, skipped folders,
// Sent mail as the user's own, decryption failures waiting and retried on display, one bad
// message not stopping the next, and automatic answers sent once — also across a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, imip, decodedBodies, header } from './setup.js';
import { fixture } from './fake-messenger.js';
import { handleNewMail, processMessage } from '../../src/background/pipeline.js';
import { catchUp } from '../../src/background/catchup.js';
import { deliverPending } from '../../src/background/outbox.js';
import { handleRequest } from '../../src/background/service.js';

const GOOGLE_UID = '7kukuqrfedlm2f9t0vr42q2gc0@google.com';

async function stored(h: ReturnType<typeof harness>, user: string, uid: string) {
  return h.agent.store().transact((tx) => tx.user(user).getEvent(uid));
}
const unfold = (s: string) => s.replace(/\r?\n[ \t]/g, '');

test('new mail: a Google invitation in the inbox is stored for Alice and logged as processed', async () => {
  const h = harness();
  const m = h.fake.add(fixture('google.eml'), 'inbox');
  await handleNewMail(h.agent, { messages: [m] });
  const event = await stored(h, 'alice@example.test', GOOGLE_UID);
  assert.equal(event?.relation, 'attendee');
  const processed = h.logged('processed');
  assert.equal(processed.length, 1);
  assert.equal(processed[0]!.identity, 'alice@example.test');
  assert.equal(processed[0]!.folder, 'inbox');
  assert.equal(processed[0]!.messageId, m.headerMessageId);
  assert.deepEqual(
    (processed[0]!.results as { action: string }[]).map((r) => r.action),
    ['stored'],
  );
  const record = await h.agent.records.getMessage(m.headerMessageId);
  assert.equal(record?.state, 'processed');
  assert.deepEqual(record?.uids, [GOOGLE_UID]);
  // Nothing goes out for a person's invitation until they answer.
  assert.equal(h.fake.sentRaw.length, 0);
});

test('every sender shape in the fixtures reaches the engine through the getFull tree and attachments', async () => {
  const shapes: [string, string][] = [
    ['outlook-exchange.eml', '040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5DB01000000000000000010000000F1E2D3C4B5A6978812345678ABCDEF01'],
    ['google.eml', GOOGLE_UID],
    ['apple-x-any.eml', '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0'],
    ['nextcloud.eml', 'nc-5d8a7b6c-1e2f-4a3b-8c9d-0e1f2a3b4c5d'],
    ['thunderbird.eml', 'a3c9f1e2-5b7d-4c8e-9f10-2b3c4d5e6f70'],
  ];
  const h = harness();
  for (const [file] of shapes) await processMessage(h.agent, h.fake.add(fixture(file), 'inbox'), 'new');
  for (const [file, uid] of shapes) assert.ok(await stored(h, 'alice@example.test', uid), `${file}: ${uid} stored`);
  assert.equal(h.logged('error').length, 0);
});

test('junk, trash, drafts and templates are skipped and leave no trace', async () => {
  const h = harness();
  for (const folder of ['junk', 'trash', 'drafts', 'templates'] as const) {
    const m = h.fake.add(fixture('google.eml').replace('Message-ID: <', `Message-ID: <${folder}-`), folder);
    assert.equal(await processMessage(h.agent, m, 'new'), null);
    assert.equal(await h.agent.records.getMessage(m.headerMessageId), undefined);
  }
  // Classified as junk in the inbox: skipped as well.
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox', { junk: true }), 'new');
  assert.deepEqual(
    h.logged('skipped').map((d) => d.reason),
    ['in junk', 'in trash', 'in drafts', 'in templates', 'in junk'],
  );
  assert.equal(await stored(h, 'alice@example.test', GOOGLE_UID), undefined);
});

test('mail without calendar data is recorded once and skipped', async () => {
  const h = harness();
  const m = h.fake.add(
    [
      'From: <x@example.net>',
      'To: <alice@example.test>',
      'Subject: hi',
      'Message-ID: <plain-1@example.net>',
      'Date: Tue, 01 Jul 2025 08:00:00 +0000',
      '',
      'Hello',
    ].join('\r\n'),
    'inbox',
  );
  await processMessage(h.agent, m, 'new');
  assert.equal((await h.agent.records.getMessage('plain-1@example.net'))?.state, 'none');
  assert.deepEqual(h.logged('skipped'), [{ messageId: 'plain-1@example.net', reason: 'no calendar data' }]);
});

test('Sent: an answer Alice gave in another program is recorded as her own', async () => {
  const h = harness();
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  const reply = imip({
    from: 'alice@example.test',
    to: 'organizer@example.com',
    method: 'REPLY',
    uid: GOOGLE_UID,
    messageId: 'reply-elsewhere@example.test',
    organizer: 'organizer@example.com',
    attendees: ['ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@example.test'],
    start: '20250714T090000Z',
    end: '20250714T100000Z',
  });
  await processMessage(h.agent, h.fake.add(reply, 'sent'), 'new');
  const processed = h.logged('processed').find((d) => d.messageId === 'reply-elsewhere@example.test');
  assert.equal(processed?.folder, 'sent');
  const ics = unfold((await stored(h, 'alice@example.test', GOOGLE_UID))!.ics);
  assert.match(ics, /ATTENDEE[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*:mailto:alice@example\.test/i);
  assert.equal(h.fake.sentRaw.length, 0);
});

test('decryption fails: waiting, never done; processed once the message is displayed with a key', async () => {
  const h = harness();
  const m = h.fake.add(fixture('google.eml'), 'inbox', { decryption: 'fail' });
  await processMessage(h.agent, m, 'new');
  assert.deepEqual(h.logged('waiting'), [{ messageId: m.headerMessageId, reason: 'decryption failed' }]);
  assert.equal((await h.agent.records.getMessage(m.headerMessageId))?.state, 'waiting-decryption');
  // A catch-up tries again (still no key): still waiting, not done.
  await catchUp(h.agent);
  assert.equal(h.logged('waiting').length, 2);
  assert.equal(await stored(h, 'alice@example.test', GOOGLE_UID), undefined);
  // The user unlocks the key and displays the message.
  h.fake.makeDecryptable(m.id);
  h.fake.display(7, m.id);
  const view = await handleRequest(h.agent, { type: 'message.view', tabId: 7 });
  assert.ok(view.ok);
  assert.equal((view.value as { state: string }).state, 'processed');
  assert.equal((view.value as { encrypted: boolean }).encrypted, true);
  const record = await h.agent.records.getMessage(m.headerMessageId);
  assert.equal(record?.state, 'processed');
  assert.equal(record?.technology, 'OpenPGP');
  assert.ok(await stored(h, 'alice@example.test', GOOGLE_UID));
});

test('one message that cannot be read does not stop the next', async () => {
  const h = harness();
  const bad = h.fake.add(fixture('nextcloud.eml'), 'inbox', { broken: true });
  const good = h.fake.add(fixture('google.eml'), 'inbox');
  await handleNewMail(h.agent, { messages: [bad, good] });
  assert.deepEqual(h.logged('error'), [{ messageId: bad.headerMessageId, error: 'Error reading message' }]);
  assert.equal(h.logged('processed')[0]!.messageId, good.headerMessageId);
  // The popup says what went wrong; once Thunderbird can read it, displaying it processes it.
  h.fake.display(3, bad.id);
  const broken = await handleRequest(h.agent, { type: 'message.view', tabId: 3 });
  assert.ok(broken.ok);
  assert.deepEqual([broken.value?.state, broken.value?.error], ['error', 'Error reading message']);
  delete h.fake.messages.get(bad.id)!.broken;
  const fixed = await handleRequest(h.agent, { type: 'message.view', tabId: 3 });
  assert.ok(fixed.ok);
  assert.equal(fixed.value?.state, 'processed');
  assert.ok(await stored(h, 'alice@example.test', 'nc-5d8a7b6c-1e2f-4a3b-8c9d-0e1f2a3b4c5d'));
});

test('processing the same message twice changes nothing', async () => {
  const h = harness();
  const m = h.fake.add(fixture('google.eml'), 'inbox');
  await processMessage(h.agent, m, 'new');
  const before = await stored(h, 'alice@example.test', GOOGLE_UID);
  // Thunderbird 128 may report it again; a catch-up sees it again.
  await handleNewMail(h.agent, { messages: [m] });
  await catchUp(h.agent);
  assert.deepEqual(await stored(h, 'alice@example.test', GOOGLE_UID), before);
  assert.equal(h.logged('processed').length, 1);
});

function roomBooking(messageId: string): string {
  return imip({
    from: 'olga@example.test',
    to: 'room@example.test',
    method: 'REQUEST',
    uid: 'plan-1',
    messageId,
    attendees: ['ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:room@example.test'],
  });
}

test('a resource answers by itself through the Experiment, exactly once even across a restart', async () => {
  const h = harness();
  await h.agent.tb.storage.local.set({
    'identity:room@example.test': { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
  });
  const m = h.fake.add(roomBooking('book-1@example.test'), 'inbox');
  await handleNewMail(h.agent, { messages: [m] });
  assert.equal(h.fake.sentRaw.length, 1);
  const { identityId, raw } = h.fake.sentRaw[0]!;
  assert.equal(identityId, 'id2');
  assert.equal(header(raw, 'From'), 'Room 1 <room@example.test>');
  assert.equal(header(raw, 'To'), 'olga@example.test');
  assert.match(raw, /Content-Type: text\/calendar; method=REPLY; charset=UTF-8/);
  assert.match(decodedBodies(raw), /ATTENDEE[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*room@example\.test/);
  const sent = h.logged('sent');
  assert.deepEqual(sent, [{ id: sent[0]!.id, method: 'REPLY', to: ['olga@example.test'], encrypted: false, via: 'experiment' }]);
  assert.equal(header(raw, 'Message-ID'), `<${sent[0]!.id}@imip-agent>`);

  // Thunderbird restarts: a new agent on the same databases, new-mail again, a catch-up.
  h.restart();
  await handleNewMail(h.agent, { messages: [m] });
  await catchUp(h.agent);
  await deliverPending(h.agent);
  assert.equal(h.fake.sentRaw.length, 1);
  const outbox = await handleRequest(h.agent, { type: 'outbox.list' });
  assert.ok(outbox.ok);
  assert.deepEqual(
    (outbox.value as { state: string }[]).map((r) => r.state),
    ['sent'],
  );
});

test('a send interrupted by a crash is not sent again after the restart', async () => {
  const h = harness();
  await h.agent.tb.storage.local.set({
    'identity:room@example.test': { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
  });
  h.fake.sendRawBehaviour = 'hang';
  const m = h.fake.add(roomBooking('book-2@example.test'), 'inbox');
  // The process dies while the Experiment is sending: the pipeline never finishes.
  const started = new Promise<void>((resolve) => (h.fake.onSendRaw = resolve));
  void processMessage(h.agent, m, 'new');
  await started;
  assert.equal(h.fake.sentRaw.length, 1);
  h.fake.sendRawBehaviour = 'ok';
  h.restart();
  await deliverPending(h.agent);
  assert.equal(h.fake.sentRaw.length, 1);
  const failed = h.logged('failed');
  assert.equal(failed.length, 1);
  assert.match(String(failed[0]!.error), /interrupted/);
});

test('automatic answers turned off: the resource answer waits for consent, then goes once', async () => {
  const h = harness();
  await h.agent.tb.storage.local.set({
    'identity:room@example.test': { role: 'resource', autoAnswers: false, notifyInvitations: false, notifyCounters: false, reminders: false },
  });
  await processMessage(h.agent, h.fake.add(roomBooking('book-3@example.test'), 'inbox'), 'new');
  assert.equal(h.fake.sentRaw.length, 0);
  const held = h.logged('needs-consent');
  assert.equal(held.length, 1);
  const ok = await handleRequest(h.agent, { type: 'outbox.consent', id: String(held[0]!.id), send: true });
  assert.ok(ok.ok);
  assert.equal((ok.value as { state: string }).state, 'sent');
  assert.equal(h.fake.sentRaw.length, 1);
});

test('role "none": the identity is not acted for', async () => {
  const h = harness();
  await h.agent.tb.storage.local.set({
    'identity:alice@example.test': { role: 'none', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
  });
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  assert.equal(await stored(h, 'alice@example.test', GOOGLE_UID), undefined);
  assert.deepEqual(
    h.logged('skipped').map((d) => d.reason),
    ['not addressed to a participating identity'],
  );
});

test('catch-up pages through messages.query and finds mail the new-mail event missed', async () => {
  const h = harness();
  h.fake.add(fixture('google.eml'), 'inbox');
  h.fake.add(fixture('nextcloud.eml'), 'inbox');
  h.fake.add(fixture('thunderbird.eml'), 'inbox');
  assert.equal(await catchUp(h.agent), 3);
  assert.equal(h.logged('processed').length, 3);
  assert.ok(await h.agent.records.getMeta('lastCatchUp'));
});

test("a calendar part the engine cannot read: the popup shows the engine's reason, nothing is stored", async () => {
  const h = harness();
  const m = h.fake.add(
    imip({
      from: 'organizer@example.com',
      to: 'alice@example.test',
      method: 'REQUEST',
      uid: 'bad-1@example.com',
      messageId: 'bad-1@example.com',
      start: 'next-tuesday',
    }),
    'inbox',
  );
  await processMessage(h.agent, m, 'new');
  const results = h.logged('processed')[0]!.results as { action: string; reason: string }[];
  assert.deepEqual(
    results.map((r) => r.action),
    ['error'],
  );
  h.fake.display(4, m.id);
  const view = await handleRequest(h.agent, { type: 'message.view', tabId: 4 });
  assert.ok(view.ok);
  assert.deepEqual([view.value?.state, view.value?.items.length, view.value?.error], ['error', 0, results[0]!.reason]);
  assert.equal(await stored(h, 'alice@example.test', 'bad-1@example.com'), undefined);
});
