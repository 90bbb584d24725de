// Scenario 5: an invitation encrypted to a key alice does not hold. The add-on records it as
// waiting for decryption (never as done), nothing crashes, nothing is stored or sent. After the key
// is provisioned and Thunderbird restarted, the catch-up processes it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { storedEvents } from '../checks.js';
import { pgpMime } from '../gpg.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '5 undecryptable invitation waits; processed after the key arrives and a restart',
  world: { openpgp: { knownPublic: [] } },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = `${randomUUID()}@google.com`;
    const start = weekdayAt(8, 6);
    const inner = googleMail('REQUEST', [
      {
        uid,
        summary: 'Sealed board meeting',
        start,
        end: plus(start, 60),
        organizer: { email: ORGANIZER },
        attendees: [{ email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true }],
      },
    ]);
    // Encrypted to alice's old key only: her keyring lacks its secret part.
    const raw = pgpMime(w.shared.gpg, inner.raw, [w.shared.stranger.email]);
    const at = w.deliver('INBOX', raw);
    const waiting = await w.tb.waitEvent(
      'waiting',
      (d) => d.messageId === inner.messageId,
      30000,
      0,
      (e) => e.event === 'processed' && e.data.messageId === inner.messageId,
    );
    ctx.timing('arrival → waiting', waiting.at - at);
    assert.match(String(waiting.data.reason), /decrypt/i);
    assert.equal(storedEvents(await w.ui.exportStore(), uid).length, 0, 'nothing stored');
    assert.equal(w.sink.messages.length, 0, 'nothing sent');
    assert.equal(
      w.tb.events.some((e) => e.event === 'processed' && e.data.messageId === inner.messageId),
      false,
      'never marked done',
    );

    // The key arrives: alice's keyring now holds the old key's secret part too.
    await w.tb.quit();
    w.provisionKeys([], [ALICE, w.shared.stranger.email]);
    const t = Date.now();
    await w.start();
    const processed = await w.tb.waitEvent('processed', (d) => d.messageId === inner.messageId, 60000);
    ctx.timing('restart → processed by catch-up', processed.at - t);
    const stored = storedEvents(await w.ui.exportStore(), uid).filter((e) => e.user === ALICE);
    assert.equal(stored.length, 1, 'stored after decryption');
  },
};
export default scenario;
