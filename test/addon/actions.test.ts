// Every popup action through the protocol handlers, with the exact calls that send: plain
// answers through the Experiment (the engine's rendered message), answers to encrypted mail
// through compose with the same technology, and answers that cannot be encrypted held until the
// user consents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, imip, decodedBodies, header, type Harness } from './setup.js';
import { fixture } from './fake-messenger.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import * as engine from '../../src/core/engine.js';
import type { ActionOutcome, PopupAction, RequestType, Request, Response } from '../../src/shared/protocol.js';

const GOOGLE_UID = '7kukuqrfedlm2f9t0vr42q2gc0@google.com';

async function call<T extends RequestType>(h: Harness, req: Request<T>): Promise<Response<T>> {
  const reply = await handleRequest(h.agent, req as Request);
  if (!reply.ok) assert.fail(`${req.type}: ${reply.error}`);
  return reply.value as Response<T>;
}

async function act(h: Harness, messageId: number, identity: string, uid: string, action: PopupAction): Promise<ActionOutcome> {
  return call(h, { type: 'message.act', messageId, identity, uid, action });
}

async function invited(h: Harness, o: { decryption?: 'success'; technology?: 'OpenPGP' | 'S/MIME' } = {}) {
  const m = h.fake.add(fixture('google.eml'), 'inbox', o);
  await processMessage(h.agent, m, 'new');
  return m;
}

test('Accept: a REPLY rendered by the engine goes out through imipSend.sendRaw, method=REPLY kept', async () => {
  const h = harness();
  const m = await invited(h);
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED', comment: 'See you there' });
  assert.equal(h.fake.composed.length, 0);
  assert.equal(h.fake.sentRaw.length, 1);
  const { identityId, raw } = h.fake.sentRaw[0]!;
  assert.equal(identityId, 'id1');
  assert.equal(header(raw, 'From'), 'Alice Example <alice@example.test>');
  assert.equal(header(raw, 'To'), 'organizer@example.com');
  assert.match(raw, /\r\nContent-Type: text\/calendar; method=REPLY; charset=UTF-8\r\n/);
  assert.match(raw, /\r\nContent-Type: application\/ics; name="invite.ics"\r\n/);
  const body = decodedBodies(raw).replace(/\r\n[ \t]/g, '');
  assert.match(body, /METHOD:REPLY/);
  assert.match(body, /ATTENDEE[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*:mailto:alice@example\.test/i);
  assert.match(body, /COMMENT:See you there/);
  assert.equal(out.results[0]!.action, 'sent');
  assert.deepEqual(out.sent, [
    {
      id: out.sent[0]!.id,
      to: ['organizer@example.com'],
      method: 'REPLY',
      subject: out.sent[0]!.subject,
      state: 'sent',
      phase: 'sent',
      encrypted: false,
      error: null,
      from: 'alice@example.test',
      created: out.sent[0]!.created,
      uid: GOOGLE_UID,
    },
  ]);
  assert.match(out.sent[0]!.subject, /Accepted/);
});

test('an encrypted invitation is answered encrypted: compose with OpenPGP, body encrypted and signed', async () => {
  const h = harness();
  const m = await invited(h, { decryption: 'success', technology: 'OpenPGP' });
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'DECLINED' });
  assert.equal(h.fake.sentRaw.length, 0);
  assert.equal(h.fake.composed.length, 1);
  const c = h.fake.composed[0]!;
  assert.equal(c.identityId, 'id1');
  assert.deepEqual(c.details.to, ['organizer@example.com']);
  assert.equal(c.details.isPlainText, true);
  assert.match(String(c.details.subject), /Declined/);
  assert.ok(String(c.details.plainTextBody).length > 0);
  assert.deepEqual(c.details.selectedEncryptionTechnology, { name: 'OpenPGP', encryptBody: true, encryptSubject: true, signMessage: true });
  assert.equal(c.attachments.length, 1);
  assert.equal(c.attachments[0]!.name, 'invite.ics');
  assert.equal(c.attachments[0]!.type, 'text/calendar');
  // The attachment loses method= on the way (compose), the body keeps METHOD.
  assert.match(c.attachments[0]!.text, /METHOD:REPLY/);
  assert.match(c.attachments[0]!.text.replace(/\r\n[ \t]/g, ''), /PARTSTAT=DECLINED/);
  assert.deepEqual(h.fake.composeSent, [{ tabId: c.tabId, options: { mode: 'sendNow' } }]);
  assert.deepEqual(
    out.sent.map((s) => [s.state, s.encrypted]),
    [['sent', true]],
  );
  assert.deepEqual(
    h.logged('sent').map((d) => [d.encrypted, d.via]),
    [[true, 'compose']],
  );
});

test('an S/MIME invitation is answered with S/MIME when the identity has a certificate', async () => {
  const h = harness();
  h.fake.identities[0]!.encryptionCapabilities = { OpenPGP: { canEncrypt: false, canSign: false }, 'S/MIME': { canEncrypt: true, canSign: true } };
  const m = await invited(h, { decryption: 'success', technology: 'S/MIME' });
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.deepEqual(
    h.fake.composed.map((c) => c.details.selectedEncryptionTechnology),
    [{ name: 'S/MIME', encryptBody: true, signMessage: true }],
  );
  assert.equal(h.fake.composeSent.length, 1);
  assert.equal(h.fake.sentRaw.length, 0);
  assert.deepEqual(
    out.sent.map((s) => [s.state, s.encrypted]),
    [['sent', true]],
  );
});

test('cannot encrypt (S/MIME invitation, Alice has only OpenPGP): needs consent, nothing sent until she agrees', async () => {
  const h = harness();
  const m = await invited(h, { decryption: 'success', technology: 'S/MIME' });
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.equal(out.sent[0]!.state, 'needs-consent');
  assert.match(String(out.sent[0]!.error), /cannot encrypt with S\/MIME/);
  assert.equal(h.fake.sentRaw.length + h.fake.composed.length, 0);
  assert.equal(h.logged('needs-consent').length, 1);
  const listed = await call(h, { type: 'outbox.list' });
  assert.deepEqual(
    listed.map((s) => s.state),
    ['needs-consent'],
  );
  const sent = await call(h, { type: 'outbox.consent', id: out.sent[0]!.id, send: true });
  assert.equal(sent.state, 'sent');
  assert.equal(sent.encrypted, false);
  assert.equal(h.fake.composed.length, 0);
  assert.equal(h.fake.sentRaw.length, 1);
  assert.match(h.fake.sentRaw[0]!.raw, /method=REPLY/);
  // Consent is asked once: a second answer to the same request is refused.
  const again = await handleRequest(h.agent, { type: 'outbox.consent', id: out.sent[0]!.id, send: true });
  assert.equal(again.ok, false);
  assert.equal(h.fake.sentRaw.length, 1);
});

test('cannot encrypt, the user drops it: nothing is ever sent', async () => {
  const h = harness();
  const m = h.fake.add(
    imip({ from: 'organizer@example.com', to: 'bob@example.test', method: 'REQUEST', uid: 'enc-bob', messageId: 'enc-bob@example.com' }),
    'inbox',
    { decryption: 'success' },
  );
  await processMessage(h.agent, m, 'new');
  const out = await act(h, m.id, 'bob@example.test', 'enc-bob', { kind: 'respond', partstat: 'TENTATIVE' });
  assert.equal(out.sent[0]!.state, 'needs-consent');
  const dropped = await call(h, { type: 'outbox.consent', id: out.sent[0]!.id, send: false });
  assert.equal(dropped.state, 'failed');
  assert.equal(dropped.error, 'not sent: dropped by the user');
  assert.equal(h.fake.sentRaw.length + h.fake.composed.length, 0);
});

test('compose refuses to encrypt (a recipient key is missing): held for consent, not sent in clear', async () => {
  const h = harness();
  const m = await invited(h, { decryption: 'success', technology: 'OpenPGP' });
  h.fake.composeSendFails = 'No key for organizer@example.com';
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.equal(out.sent[0]!.state, 'needs-consent');
  assert.match(String(out.sent[0]!.error), /No key for organizer@example\.com/);
  assert.equal(h.fake.sentRaw.length, 0);
});

test('no accepted OpenPGP key for the organizer: held for consent before any compose window opens; consent sends it in clear once', async () => {
  const h = harness();
  const m = await invited(h, { decryption: 'success', technology: 'OpenPGP' });
  h.fake.openpgpMissing = ['organizer@example.com'];
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.deepEqual(
    out.sent.map((s) => s.state),
    ['needs-consent'],
  );
  assert.match(String(out.sent[0]!.error), /no accepted OpenPGP key for organizer@example\.com/);
  assert.equal(h.fake.composed.length, 0, 'no compose window waits on its Key Assistant');
  assert.equal(h.fake.sentRaw.length, 0);
  assert.deepEqual(
    h.logged('needs-consent').map((d) => d.id),
    [out.sent[0]!.id],
  );
  const after = await call(h, { type: 'outbox.consent', id: out.sent[0]!.id, send: true });
  assert.equal(after.state, 'sent');
  assert.equal(h.fake.sentRaw.length, 1);
  assert.match(h.fake.sentRaw[0]!.raw, /method=REPLY/);
});

test('compose.sendMessage never settles (a prompt nobody sees): bounded, the tab closed, the record failed and the page told', async () => {
  const h = harness();
  h.agent.composeTimeoutMs = 5;
  const m = await invited(h, { decryption: 'success', technology: 'OpenPGP' });
  h.fake.composeSendHangs = true;
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.deepEqual(
    out.sent.map((s) => s.state),
    ['failed'],
  );
  assert.match(String(out.sent[0]!.error), /compose window did not finish sending within 5 ms .*missing OpenPGP key.*closed and the message not sent/);
  assert.deepEqual(h.fake.tabsRemoved, [h.fake.composed[0]!.tabId]);
  assert.equal(h.fake.sentRaw.length, 0, 'never downgraded to clear text');
  assert.deepEqual(
    h.logged('failed').map((d) => [d.id, String(d.error).includes('did not finish sending')]),
    [[out.sent[0]!.id, true]],
  );
  assert.deepEqual(h.logged('sent'), []);
  assert.ok(
    h.fake.notices.some((n) => JSON.stringify(n) === JSON.stringify({ notice: 'outbox.changed', id: out.sent[0]!.id, state: 'failed', phase: 'failed' })),
  );
  const listed = await call(h, { type: 'outbox.list' });
  assert.deepEqual(
    listed.map((s) => [s.id, s.state]),
    [[out.sent[0]!.id, 'failed']],
  );
});

test('Counter-propose: a COUNTER with the new time to the organizer', async () => {
  const h = harness();
  const m = await invited(h);
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, {
    kind: 'counter',
    start: '2025-07-14T11:00:00Z',
    end: '2025-07-14T12:00:00Z',
    comment: 'Later?',
  });
  assert.deepEqual(
    out.sent.map((s) => [s.method, s.to, s.state]),
    [['COUNTER', ['organizer@example.com'], 'sent']],
  );
  const raw = h.fake.sentRaw[0]!.raw;
  assert.match(raw, /method=COUNTER/);
  const body = decodedBodies(raw);
  assert.match(body, /DTSTART:20250714T110000Z/);
  assert.match(body, /COMMENT:Later\?/);
});

test('Delegate: DELEGATED to the organizer and the REQUEST to the delegate', async () => {
  const h = harness();
  const m = await invited(h);
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'delegate', to: 'dave@example.test' });
  assert.deepEqual(out.sent.map((s) => [s.method, s.to]).sort(), [
    ['REPLY', ['organizer@example.com']],
    ['REQUEST', ['dave@example.test']],
  ]);
  assert.equal(h.fake.sentRaw.length, 2);
  const reply = h.fake.sentRaw.find((s) => /method=REPLY/.test(s.raw))!;
  assert.match(decodedBodies(reply.raw).replace(/\r\n[ \t]/g, ''), /PARTSTAT=DELEGATED/);
});

test('Refresh: a REFRESH to the organizer', async () => {
  const h = harness();
  const m = await invited(h);
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'refresh' });
  assert.deepEqual(
    out.sent.map((s) => [s.method, s.to]),
    [['REFRESH', ['organizer@example.com']]],
  );
  assert.match(h.fake.sentRaw[0]!.raw, /method=REFRESH/);
});

/** Alice organises plan-9 with Bob (the invitation itself is not sent here). */
async function organised(h: Harness): Promise<void> {
  const ics = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Test//EN',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    'UID:plan-9',
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'DTEND:20250714T100000Z',
    'SUMMARY:Plan',
    'ORGANIZER:mailto:alice@example.test',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.net',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  await h.agent
    .store()
    .transact((tx) => engine.invite(tx, { user: 'alice@example.test', role: 'person', now: new Date('2025-07-01T08:00:00Z'), newId: () => 'seed' }, { ics }));
}

const fromCarol = (method: string, messageId: string, extra: Partial<Parameters<typeof imip>[0]> = {}) =>
  imip({
    from: 'carol@example.net',
    to: 'alice@example.test',
    method,
    uid: 'plan-9',
    messageId,
    organizer: 'alice@example.test',
    attendees: ['ATTENDEE;PARTSTAT=TENTATIVE:mailto:carol@example.net'],
    ...extra,
  });

test('Accept a counter (organiser): the updated REQUEST goes to the attendees', async () => {
  const h = harness();
  await organised(h);
  const m = h.fake.add(fromCarol('COUNTER', 'counter-1@example.net', { start: '20250714T130000Z', end: '20250714T140000Z' }), 'inbox');
  await processMessage(h.agent, m, 'new');
  const out = await act(h, m.id, 'alice@example.test', 'plan-9', { kind: 'accept-counter', from: 'carol@example.net' });
  assert.deepEqual(
    out.sent.map((s) => [s.method, s.to, s.state]),
    [['REQUEST', ['carol@example.net'], 'sent']],
  );
  assert.match(decodedBodies(h.fake.sentRaw[0]!.raw), /DTSTART:20250714T130000Z/);
});

test('Decline a counter (organiser): DECLINECOUNTER with the comment', async () => {
  const h = harness();
  await organised(h);
  const m = h.fake.add(fromCarol('COUNTER', 'counter-2@example.net', { start: '20250714T130000Z', end: '20250714T140000Z' }), 'inbox');
  await processMessage(h.agent, m, 'new');
  const out = await act(h, m.id, 'alice@example.test', 'plan-9', { kind: 'decline-counter', from: 'carol@example.net', comment: 'Keep the time' });
  assert.deepEqual(
    out.sent.map((s) => [s.method, s.to]),
    [['DECLINECOUNTER', ['carol@example.net']]],
  );
  assert.match(h.fake.sentRaw[0]!.raw, /method=DECLINECOUNTER/);
  assert.match(decodedBodies(h.fake.sentRaw[0]!.raw), /COMMENT:Keep the time/);
});

test('Send the current version (organiser answers a REFRESH by hand)', async () => {
  const h = harness();
  await organised(h);
  const m = h.fake.add(fromCarol('REFRESH', 'refresh-1@example.net', { attendees: ['ATTENDEE:mailto:carol@example.net'] }), 'inbox');
  await processMessage(h.agent, m, 'new');
  assert.equal(h.fake.sentRaw.length, 0); // event_refreshing=never: it waits for the user
  const out = await act(h, m.id, 'alice@example.test', 'plan-9', { kind: 'send-current', to: 'carol@example.net' });
  assert.deepEqual(
    out.sent.map((s) => [s.method, s.to]),
    [['REQUEST', ['carol@example.net']]],
  );
  assert.match(h.fake.sentRaw[0]!.raw, /method=REQUEST/);
});

test('a send that does not end (a compose window waiting on the user): the action answers with it pending', async () => {
  const h = harness();
  h.agent.actionWaitMs = 1;
  const m = await invited(h);
  h.fake.sendRawBehaviour = 'hang';
  const started = new Promise<void>((resolve) => (h.fake.onSendRaw = resolve));
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.deepEqual(
    out.sent.map((s) => s.state),
    ['pending'],
  );
  await started;
  const listed = await call(h, { type: 'outbox.list' });
  assert.deepEqual(
    listed.map((s) => s.state),
    ['pending'],
  );
  assert.equal(h.fake.sentRaw.length, 1);
});

test('a failing send is recorded as failed with the error, and logged', async () => {
  const h = harness();
  const m = await invited(h);
  h.fake.sendRawBehaviour = 'fail';
  const out = await act(h, m.id, 'alice@example.test', GOOGLE_UID, { kind: 'respond', partstat: 'ACCEPTED' });
  assert.equal(out.sent[0]!.state, 'failed');
  assert.match(String(out.sent[0]!.error), /sending failed/);
  assert.deepEqual(
    h.logged('failed').map((d) => d.id),
    [out.sent[0]!.id],
  );
});

test('an action for an unknown identity answers ok:false with a clear error', async () => {
  const h = harness();
  const m = await invited(h);
  const reply = await handleRequest(h.agent, {
    type: 'message.act',
    messageId: m.id,
    identity: 'eve@example.net',
    uid: GOOGLE_UID,
    action: { kind: 'refresh' },
  });
  assert.deepEqual(reply, { ok: false, error: 'no identity with the address eve@example.net' });
});
