// The add-on reads who sent a message from its raw header section (getFull decodes RFC 2047, so
// an address hidden in an encoded word would look real there), and the popup applies a message
// held for an unverified sender with one request, `queued.apply`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './setup.js';
import { fixture } from './fake-messenger.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import type { MessageView } from '../../src/shared/protocol.js';

const UID = '7kukuqrfedlm2f9t0vr42q2gc0@google.com';
const ORG = 'organizer@example.com';

/** Google's invitation turned into its cancellation, with the given From and extra header lines. */
function cancellation(from: string, id: string, extra: string[] = []): string {
  const google = fixture('google.eml');
  const [head, ...body] = google.split(/\r?\n\r?\n/);
  const headers = head!
    .split(/\r?\n(?![ \t])/)
    .filter((l) => !/^(From|Sender|Reply-To|Message-ID):/i.test(l))
    .concat([`From: ${from}`, `Message-ID: <${id}@example.net>`, ...extra]);
  return [headers.join('\r\n'), ...body]
    .join('\r\n\r\n')
    .replace(/method=REQUEST/g, 'method=CANCEL')
    .replace(/METHOD:REQUEST/g, 'METHOD:CANCEL')
    .replace(/SEQUENCE:0/g, 'SEQUENCE:1')
    .replace(/STATUS:CONFIRMED/g, 'STATUS:CANCELLED');
}

async function cancelled(h: ReturnType<typeof harness>): Promise<boolean | undefined> {
  return (await h.agent.store().transact((tx) => tx.user('alice@example.test').getEvent(UID)))?.cancelled;
}

test('a From whose address exists only inside an encoded word cancels nothing, though getFull shows it decoded', async () => {
  const h = harness();
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  const encoded = `=?utf-8?B?${Buffer.from(ORG).toString('base64')}?=`;
  const m = h.fake.add(cancellation(encoded, 'enc-1'), 'inbox');
  // As Thunderbird hands it over: the encoded word decoded into what looks like the organiser.
  h.fake.messages.get(m.id)!.root.headers!['from'] = [ORG];
  assert.deepEqual((await h.fake.tb().messages.getFull(m.id)).headers?.['from'], [ORG]);
  await processMessage(h.agent, m, 'new');
  assert.equal(await cancelled(h), false);
  const real = h.fake.add(cancellation(`Olga <${ORG}>`, 'real-1'), 'inbox');
  await processMessage(h.agent, real, 'new');
  assert.equal(await cancelled(h), true);
});

test('a relayed cancellation waits; the popup shows it as relayed and applies it on one request', async () => {
  const h = harness();
  await processMessage(h.agent, h.fake.add(fixture('google.eml'), 'inbox'), 'new');
  const m = h.fake.add(cancellation('noreply@cloud.example.com', 'nc-1', [`Reply-To: ${ORG}`]), 'inbox');
  await processMessage(h.agent, m, 'new');
  assert.equal(await cancelled(h), false);
  h.fake.display(5, m.id);
  const view = await handleRequest(h.agent, { type: 'message.view', tabId: 5 });
  assert.ok(view.ok);
  const item = (view.value as MessageView).items[0]!;
  assert.deepEqual(item.sender, { verification: 'relayed', note: `sent on behalf of ${ORG} by noreply@cloud.example.com` });
  assert.ok(item.waitingId);
  const applied = await handleRequest(h.agent, { type: 'queued.apply', identity: 'alice@example.test', id: item.waitingId!, uid: UID });
  assert.ok(applied.ok);
  assert.deepEqual(
    applied.value!.results.map((r) => r.action),
    ['cancelled'],
  );
  assert.equal(await cancelled(h), true);
  assert.equal(h.fake.sentRaw.length, 0);
  const again = await handleRequest(h.agent, { type: 'queued.apply', identity: 'alice@example.test', id: item.waitingId!, uid: UID });
  assert.equal(again.ok, false);
});
