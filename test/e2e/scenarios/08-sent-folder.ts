// Scenario 8: alice answered in another program. Her REPLY (TENTATIVE) lands in the Sent folder;
// she looks at her Sent folder in Thunderbird; the add-on reads the message as her own outgoing
// mail and records the answer; nothing is sent. (Thunderbird reports new mail in Sent only when
// the folder is opened or, with "check all folders for new mail", at the next check: docs/E2E.md.)
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, partstatIn, resultFor, storedEvents } from '../checks.js';
import { appleMail, calendarMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '8 answer given elsewhere: a REPLY in Sent updates the store',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = randomUUID().toUpperCase();
    const start = weekdayAt(11, 2);
    const spec = { uid, summary: 'Lunch & learn', start, end: plus(start, 60), sequence: 1, organizer: { email: ORGANIZER, name: 'Olga' } };
    const invite = appleMail('REQUEST', [{ ...spec, attendees: [{ email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true }] }]);
    const e1 = await arrive(w, ctx, 'INBOX', invite);
    assert.equal(resultFor(e1, uid).action, 'stored');
    assert.equal(partstatIn(storedEvents(await w.ui.exportStore(), uid)[0]!.ics, ALICE), 'NEEDS-ACTION');

    const reply = calendarMail('REPLY', [{ ...spec, attendees: [{ email: ALICE, partstat: 'TENTATIVE' }] }], {
      from: ALICE,
      to: ORGANIZER,
      subject: 'Tentative: Lunch & learn',
    });
    const at = w.deliver('Sent', reply.raw);
    await w.ui.showFolder('Sent');
    const e2 = await w.tb.waitEvent('processed', (d) => d.messageId === reply.messageId, 30000, at);
    ctx.timing('REPLY in Sent → recorded', e2.at - at);
    assert.match(String(e2.data.folder), /sent/i);
    const stored = storedEvents(await w.ui.exportStore(), uid).filter((e) => e.user === ALICE);
    assert.equal(stored.length, 1);
    assert.equal(partstatIn(stored[0]!.ics, ALICE), 'TENTATIVE', "the answer given elsewhere is alice's answer now");
    assert.equal(w.sink.messages.length, 0, 'nothing sent');
  },
};
export default scenario;
