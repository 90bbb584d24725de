// Scenario 1: a Google-shaped invitation arrives; the add-on stores it; the user opens the popup
// from the message header, writes a comment and clicks Accept; exactly one REPLY reaches the sink
// with `method=REPLY` on its Content-Type, METHOD:REPLY, the UID and SEQUENCE, only alice's
// ATTENDEE with PARTSTAT=ACCEPTED and the comment; the store holds alice's answer.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  arrive,
  assertNoMore,
  assertReply,
  openPopupFor,
  popupClick,
  popupFill,
  popupShot,
  popupText,
  popupWait,
  resultFor,
  sinkScheduling,
  storedEvents,
  partstatIn,
  outboxOf,
} from '../checks.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '1 invitation → popup → accept (Google shape)',
  async run(w, ctx) {
    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const start = weekdayAt(9, 2);
    const mail = googleMail('REQUEST', [
      {
        uid,
        summary: 'Design sync',
        start,
        end: plus(start, 60),
        sequence: 2,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [
          { email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED', rsvp: true },
          { email: 'bob@example.net', partstat: 'NEEDS-ACTION', rsvp: true },
        ],
        description: 'Agenda: the new sync format',
      },
    ]);
    await w.ui.accountSynced(0);
    const processed = await arrive(w, ctx, 'INBOX', mail);
    assert.equal(processed.data.identity, ALICE);
    assert.equal(resultFor(processed, uid).action, 'stored');

    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    assert.equal(await popupText(w, `.item[data-uid="${uid}"] .summary`), 'Design sync');
    assert.equal(await popupText(w, `.item[data-uid="${uid}"]`).then((t) => t !== null), true);
    await popupShot(w, '1-invitation');
    await popupFill(w, 'textarea#comment', 'See you there — with the numbers');
    const clicked = Date.now();
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=sent]');
    ctx.timing('accept click → sent shown in popup', Date.now() - clicked);
    await popupShot(w, '1-sent');

    const [reply] = await sinkScheduling(w, 'REPLY');
    ctx.timing('accept click → REPLY at the sink', reply!.at - clicked);
    assert.deepEqual(reply!.envelopeTo, [ORGANIZER]);
    assertReply(reply!, uid, 2, ALICE, 'ACCEPTED', 'See you there — with the numbers');
    const sent = await w.tb.waitEvent('sent', (d) => d.method === 'REPLY');
    assert.equal(sent.data.encrypted, false);
    assert.equal(sent.data.via, 'experiment', 'plain iMIP goes through the Experiment (method= kept)');

    const backup = await w.ui.exportStore();
    const stored = storedEvents(backup, uid).filter((e) => e.user === ALICE);
    const replies = outboxOf(backup, ALICE).filter((r) => r.message.method === 'REPLY');
    assert.deepEqual(
      replies.map((r) => r.state),
      ['sent'],
      'one REPLY in the outbox, recorded as sent',
    );
    assert.equal(stored.length, 1, 'the event is stored once for alice');
    assert.equal(partstatIn(stored[0]!.ics, ALICE), 'ACCEPTED');
    await assertNoMore(w, 'REPLY', (m) => readScheduling(m.raw).method === 'REPLY', 1);
  },
};
export default scenario;
