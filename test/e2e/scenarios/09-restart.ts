// Scenario 9: restart. alice accepts an invitation, Thunderbird quits (Marionette) and starts again
// on the same profile: the store still holds her answer, the REPLY is not sent again, and an
// invitation that arrived while Thunderbird was closed is processed by the catch-up.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, openPopupFor, partstatIn, popupClick, popupWait, resultFor, sinkScheduling, storedEvents } from '../checks.js';
import { googleMail, outlookMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '9 restart: store kept, nothing sent twice, catch-up of mail that came while closed',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = `${randomUUID()}@google.com`;
    const start = weekdayAt(9, 3);
    const mail = googleMail('REQUEST', [
      {
        uid,
        summary: 'Retro',
        start,
        end: plus(start, 30),
        organizer: { email: ORGANIZER },
        attendees: [{ email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true }],
      },
    ]);
    await arrive(w, ctx, 'INBOX', mail);
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    await popupClick(w, '[data-action=respond-DECLINED]');
    await popupWait(w, '#sent li[data-state=sent]');
    await sinkScheduling(w, 'REPLY');

    await w.tb.quit();
    assert.equal(w.tb.child.exitCode, 0);
    const uid2 = randomUUID();
    const start2 = weekdayAt(12, 4);
    const late = outlookMail('REQUEST', [
      {
        uid: uid2,
        summary: 'While you were away',
        start: start2,
        end: plus(start2, 60),
        organizer: { email: 'boss@corp.example.com' },
        attendees: [{ email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true }],
      },
    ]);
    w.deliver('INBOX', late.raw);
    const t = Date.now();
    await w.start();
    const caught = await w.tb.waitEvent('processed', (d) => d.messageId === late.messageId, 60000);
    ctx.timing('restart → mail from while closed processed', caught.at - t);
    assert.equal(resultFor(caught, uid2).action, 'stored');

    const backup = await w.ui.exportStore();
    const kept = storedEvents(backup, uid).filter((e) => e.user === ALICE);
    assert.equal(kept.length, 1, 'the first event survived the restart');
    assert.equal(partstatIn(kept[0]!.ics, ALICE), 'DECLINED');
    assert.equal(storedEvents(backup, uid2).length, 1);
    // The first message may be reported again after the restart; it must change nothing.
    await assertNoMore(w, 'REPLYs after the restart', (m) => readScheduling(m.raw).method === 'REPLY', 1, 4000);
  },
};
export default scenario;
