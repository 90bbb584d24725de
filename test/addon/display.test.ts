// The message toolbar button per tab, and the requests of the options page and navigation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './setup.js';
import { fixture } from './fake-messenger.js';
import { updateDisplayAction } from '../../src/background/display.js';
import { handleRequest } from '../../src/background/service.js';
import { processMessage } from '../../src/background/pipeline.js';

test('message_display_action: enabled with a badge only on messages with calendar data, per tab', async () => {
  const h = harness();
  const invitation = h.fake.add(fixture('google.eml'), 'inbox');
  const plain = h.fake.add(
    ['From: <x@example.net>', 'To: <alice@example.test>', 'Subject: lunch', 'Message-ID: <lunch@example.net>', '', 'Pizza?'].join('\r\n'),
    'inbox',
  );
  const locked = h.fake.add(fixture('nextcloud.eml'), 'inbox', { decryption: 'fail' });
  await updateDisplayAction(h.agent, 1, invitation);
  await updateDisplayAction(h.agent, 2, plain);
  await updateDisplayAction(h.agent, 3, locked);
  await updateDisplayAction(h.agent, 4, null);
  assert.deepEqual(h.fake.action.get(1), { enabled: true, badge: '1', title: 'Invitation (imip-agent)', color: '#0060df' });
  assert.deepEqual(h.fake.action.get(2), { enabled: false, badge: '', title: 'No calendar data in this message' });
  assert.equal(h.fake.action.get(3)?.enabled, true);
  assert.equal(h.fake.action.get(3)?.badge, '…');
  assert.equal(h.fake.action.get(4)?.enabled, false);
  // Displaying the invitation processed it (the popup then reads the record).
  assert.equal(h.logged('processed').length, 1);
});

test('identities, settings (storage.local) and the global settings (showImipBar through the Experiment, banner script)', async () => {
  const h = harness();
  const ids = await handleRequest(h.agent, { type: 'identities.list' });
  assert.deepEqual(ids, {
    ok: true,
    value: [
      { id: 'id1', accountId: 'account1', email: 'alice@example.test', name: 'Alice Example', role: 'person' },
      { id: 'id2', accountId: 'account1', email: 'room@example.test', name: 'Room 1', role: 'person' },
      { id: 'id3', accountId: 'account2', email: 'bob@example.test', name: 'Bob', role: 'person' },
    ],
  });
  const settings = { role: 'resource' as const, autoAnswers: false, notifyInvitations: true, notifyCounters: true, reminders: true };
  assert.deepEqual(await handleRequest(h.agent, { type: 'settings.set', identity: 'Room@Example.test', settings }), { ok: true, value: settings });
  assert.deepEqual(await handleRequest(h.agent, { type: 'settings.get', identity: 'room@example.test' }), { ok: true, value: settings });
  assert.deepEqual(h.fake.storage.get('identity:room@example.test'), settings);
  const bad = await handleRequest(h.agent, { type: 'settings.set', identity: 'room@example.test', settings: { ...settings, role: 'robot' as 'none' } });
  assert.equal(bad.ok, false);

  assert.deepEqual(await handleRequest(h.agent, { type: 'global.get' }), { ok: true, value: { banner: true, showImipBar: true, imipBarOffered: false } });
  assert.deepEqual(await handleRequest(h.agent, { type: 'global.set', settings: { banner: true, showImipBar: false } }), {
    ok: true,
    value: { banner: true, showImipBar: false, imipBarOffered: false },
  });
  assert.equal(h.fake.showImipBar, false);
  assert.deepEqual(
    h.fake.scripts.map((s) => [s.id, s.js]),
    [['imip-agent-banner', ['banner/index.js']]],
  );
  await handleRequest(h.agent, { type: 'global.set', settings: { banner: false, showImipBar: true } });
  assert.deepEqual(h.fake.scripts, []);
  assert.equal(h.fake.showImipBar, true);
});

test('engine preferences: all or nothing, unset returns to the default', async () => {
  const h = harness();
  const set = await handleRequest(h.agent, { type: 'prefs.set', identity: 'alice@example.test', prefs: { TZID: 'Europe/Berlin', event_refreshing: 'always' } });
  assert.ok(set.ok);
  assert.equal((set.value as Record<string, string>).TZID, 'Europe/Berlin');
  const refused = await handleRequest(h.agent, {
    type: 'prefs.set',
    identity: 'alice@example.test',
    prefs: { freebusy_sharing: 'share', event_refreshing: 'sometimes' },
  });
  assert.equal(refused.ok, false);
  assert.match((refused as { error: string }).error, /event_refreshing/);
  const after = await h.agent.store().transact((tx) => tx.user('alice@example.test').getPrefs());
  assert.deepEqual(after, { TZID: 'Europe/Berlin', event_refreshing: 'always' });
  const unset = await handleRequest(h.agent, { type: 'prefs.set', identity: 'alice@example.test', prefs: {}, unset: ['event_refreshing'] });
  assert.ok(unset.ok);
  assert.equal((unset.value as Record<string, string>).event_refreshing, 'never');
});

test('navigation: the management page in a tab (with identity and event), the options page', async () => {
  const h = harness();
  assert.deepEqual(await handleRequest(h.agent, { type: 'open.manager', identity: 'alice@example.test', uid: 'u 1' }), { ok: true, value: {} });
  assert.deepEqual(await handleRequest(h.agent, { type: 'open.options' }), { ok: true, value: {} });
  assert.deepEqual(h.fake.tabsCreated, ['moz-extension://imip-agent/manager/index.html?identity=alice%40example.test&uid=u+1']);
  assert.equal(h.fake.optionsOpened, 1);
});

test('notifications (opt-in): a new invitation notifies only when the identity asked for it', async () => {
  const h = harness();
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  assert.equal(h.fake.notifications.length, 0);
  await h.agent.tb.storage.local.set({
    'identity:alice@example.test': { role: 'person', autoAnswers: true, notifyInvitations: true, notifyCounters: false, reminders: false },
  });
  await processMessage(h.agent, h.fake.add(fixture('thunderbird.eml'), 'inbox'), 'new');
  assert.equal(h.fake.notifications.length, 1);
  assert.equal(h.fake.notifications[0]!.title, 'New invitation');
});

test('ics and free/busy export come from the engine, with file names', async () => {
  const h = harness();
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  const ics = await handleRequest(h.agent, { type: 'ics.export', identity: 'alice@example.test' });
  assert.ok(ics.ok);
  assert.equal(ics.value.filename, 'alice@example.test.ics');
  assert.match(ics.value.text, /UID:7kukuqrfedlm2f9t0vr42q2gc0@google\.com/);
  const ifb = await handleRequest(h.agent, { type: 'ifb.export', identity: 'alice@example.test', start: '2025-07-14T00:00:00Z', end: '2025-07-15T00:00:00Z' });
  assert.ok(ifb.ok);
  assert.match(ifb.value.text, /BEGIN:VFREEBUSY/);
});

test('attachments: a CID file of an invitation is read from listAttachments and handed out by attachment.get', async () => {
  const h = harness();
  const raw = fixture('attachments.eml');
  await processMessage(h.agent, h.fake.add(raw, 'inbox'), 'new');
  const uid = 'attach-review-2025@example.com';
  const { engineOptions, findIdentity } = await import('../../src/background/agent.js');
  const { listAttachments } = await import('../../src/core/engine.js');
  const alice = await findIdentity(h.agent, 'alice@example.test');
  const list = await h.agent.store().transact((tx) => listAttachments(tx, engineOptions(h.agent, alice), { uid }));
  const pdf = list.find((a) => a.name === 'agenda.pdf');
  assert.ok(pdf, `agenda.pdf listed: ${JSON.stringify(list.map((a) => a.name))}`);
  const got = await handleRequest(h.agent, { type: 'attachment.get', identity: 'alice@example.test', uid, id: pdf.id });
  assert.ok(got.ok, JSON.stringify(got));
  const part = h.fake.messages.get(1)!.attachments.find((a) => a.name === 'agenda.pdf')!;
  assert.deepEqual(new Uint8Array(Buffer.from(got.value.dataBase64, 'base64')), part.bytes);
  assert.equal(got.value.type, 'application/pdf');
  const missing = await handleRequest(h.agent, { type: 'attachment.get', identity: 'alice@example.test', uid, id: 'nope' });
  assert.equal(missing.ok, false);
});
