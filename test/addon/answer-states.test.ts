// The answer's one state machine as every surface reads it (InvitationItem.answer, SentView.phase):
// an answer given without sending mails nothing and reads "recorded"; an answer to encrypted mail
// that cannot be encrypted reads "waiting-consent" (never "sent") until the user sends it in clear
// or discards it; a failed send can be sent again; the message bar gets the popup's own view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodedBodies, harness, type Harness } from './setup.js';
import { fixture } from './fake-messenger.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import { bannerFor } from '../../src/background/banner.js';
import type { Request, RequestType, Response } from '../../src/shared/protocol.js';

const UID = '7kukuqrfedlm2f9t0vr42q2gc0@google.com';
const ALICE = 'alice@example.test';

async function call<T extends RequestType>(h: Harness, req: Request<T>): Promise<Response<T>> {
  const reply = await handleRequest(h.agent, req as Request);
  if (!reply.ok) assert.fail(`${req.type}: ${reply.error}`);
  return reply.value as Response<T>;
}

async function invitation(h: Harness, o: { decryption?: 'success'; technology?: 'OpenPGP' } = {}) {
  const m = h.fake.add(fixture('google.eml'), 'inbox', o);
  await processMessage(h.agent, m, 'new');
  return m;
}

async function answerIn(h: Harness, messageId: number) {
  const view = await call(h, { type: 'message.view', messageId });
  const item = view!.items.find((i) => i.proposed.uid === UID)!;
  return { answer: item.answer ?? null, partstat: item.stored?.partstat ?? null };
}

test('answer without sending: the answer is stored and shown as recorded, nothing is mailed or queued', async () => {
  const h = harness();
  const m = await invitation(h);
  assert.deepEqual((await answerIn(h, m.id)).answer, null, 'no answer yet');
  const out = await call(h, {
    type: 'message.act',
    messageId: m.id,
    identity: ALICE,
    uid: UID,
    action: { kind: 'respond', partstat: 'TENTATIVE', send: false },
  });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['recorded', 'recorded TENTATIVE without mailing organizer@example.com']],
  );
  assert.deepEqual(out.sent, []);
  assert.equal(h.fake.sentRaw.length, 0);
  assert.deepEqual(await call(h, { type: 'outbox.list' }), []);
  const { answer, partstat } = await answerIn(h, m.id);
  assert.equal(partstat, 'TENTATIVE');
  assert.deepEqual(answer && [answer.method, answer.partstat, answer.phase, answer.outboxId], ['REPLY', 'TENTATIVE', 'recorded', null]);
  const stored = await h.agent.store().transact((tx) => tx.user(ALICE).getEvent(UID));
  assert.match(stored!.ics.replace(/\r\n[ \t]/g, ''), /ATTENDEE[^\n]*PARTSTAT=TENTATIVE[^\n]*:mailto:alice@example\.test/i);
});

test('an encrypted answer that cannot be encrypted waits for consent: never "sent", listed with its phase, then sent in clear or discarded', async () => {
  const h = harness();
  const m = await invitation(h, { decryption: 'success', technology: 'OpenPGP' });
  h.fake.openpgpMissing = ['organizer@example.com'];
  const out = await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: UID, action: { kind: 'respond', partstat: 'DECLINED' } });
  assert.deepEqual(
    out.sent.map((s) => [s.state, s.phase]),
    [['needs-consent', 'waiting-consent']],
  );
  const id = out.sent[0]!.id;
  let { answer } = await answerIn(h, m.id);
  assert.deepEqual(answer && [answer.partstat, answer.phase, answer.outboxId], ['DECLINED', 'waiting-consent', id]);
  assert.deepEqual(
    (await call(h, { type: 'outbox.list' })).map((s) => [s.id, s.phase, s.uid, s.from]),
    [[id, 'waiting-consent', UID, ALICE]],
  );
  // Discarded: never sent, and no longer waiting.
  const dropped = await call(h, { type: 'outbox.discard', id });
  assert.deepEqual([dropped.state, dropped.phase], ['failed', 'discarded']);
  ({ answer } = await answerIn(h, m.id));
  assert.equal(answer?.phase, 'discarded');
  assert.equal(h.fake.sentRaw.length + h.fake.composed.length, 0);
  const refused = await handleRequest(h.agent, { type: 'outbox.resend', id });
  assert.deepEqual(refused.ok, false, 'a discarded message is not sent again');
});

test('a failed send reads "failed" and is sent again by outbox.resend, once', async () => {
  const h = harness();
  const m = await invitation(h);
  h.fake.sendRawBehaviour = 'fail';
  const out = await call(h, { type: 'message.act', messageId: m.id, identity: ALICE, uid: UID, action: { kind: 'respond', partstat: 'ACCEPTED' } });
  assert.deepEqual(
    out.sent.map((s) => s.phase),
    ['failed'],
  );
  assert.equal((await answerIn(h, m.id)).answer?.phase, 'failed');
  h.fake.sendRawBehaviour = 'ok';
  const again = await call(h, { type: 'outbox.resend', id: out.sent[0]!.id });
  assert.deepEqual([again.state, again.phase], ['sent', 'sent']);
  // The refused attempt, then the one that went out (the same message: its id is the record's).
  assert.equal(h.fake.sentRaw.length, 2);
  assert.equal(h.fake.sentRaw[1]!.raw, h.fake.sentRaw[0]!.raw);
  assert.match(decodedBodies(h.fake.sentRaw[1]!.raw).replace(/\r\n[ \t]/g, ''), /PARTSTAT=ACCEPTED/);
  assert.equal((await answerIn(h, m.id)).answer?.phase, 'sent');
  assert.equal((await handleRequest(h.agent, { type: 'outbox.resend', id: out.sent[0]!.id })).ok, false, 'a sent message is not sent twice');
});

test("the message bar gets the popup view of the displayed message, and the offer to hide Thunderbird's bar once", async () => {
  const h = harness();
  const m = await invitation(h);
  h.fake.display(7, m.id);
  const bar = await bannerFor(h.agent, 7);
  assert.deepEqual(
    bar?.view.items.map((i) => [i.proposed.uid, i.actions.includes('respond')]),
    [[UID, true]],
  );
  assert.equal(bar?.offerHideImipBar, true);
  await call(h, { type: 'global.set', settings: { banner: true, showImipBar: true, imipBarOffered: true } });
  assert.equal((await bannerFor(h.agent, 7))?.offerHideImipBar, false, 'asked once: "keep both" is remembered');
  h.fake.display(7, null);
  assert.equal(await bannerFor(h.agent, 7), null);
});
