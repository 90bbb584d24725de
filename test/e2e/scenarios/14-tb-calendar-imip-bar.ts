// tb-calendar: alice answers in Thunderbird's own invitation bar instead of the add-on's popup.
// Thunderbird sends its REPLY and files the event in her calendar; the agent learns the answer
// from the calendar (and from Sent) within seconds, its popup shows it, and it sends nothing of its
// own: exactly one REPLY reaches the organiser.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, assertReply, outboxOf, partstatIn, popupWait, resultFor, sinkScheduling, storedEvents } from '../checks.js';
import { LOCAL } from '../calendars.js';
import { thunderbirdMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { until } from '../procs.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: "tb-calendar: an answer in Thunderbird's invitation bar reaches the agent, nothing sent twice",
  world: { calendars: [LOCAL] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = randomUUID();
    const start = weekdayAt(13, 2);
    const invitation = thunderbirdMail('REQUEST', [
      {
        uid,
        summary: 'Architecture board',
        start,
        end: plus(start, 60),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [
          { email: ORGANIZER, partstat: 'ACCEPTED' },
          { email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true },
        ],
      },
    ]);
    const processed = await arrive(w, ctx, 'INBOX', invitation);
    assert.equal(resultFor(processed, uid).action, 'stored');

    await w.ui.selectMessage('INBOX', invitation.messageId);
    const clicked = Date.now();
    await w.cal.answerInBar('ACCEPTED');
    const [reply] = await sinkScheduling(w, 'REPLY');
    ctx.timing("Thunderbird's Accept → its REPLY at the sink", reply!.at - clicked);
    assert.deepEqual(reply!.envelopeTo, [ORGANIZER]);
    assert.equal(reply!.events[0]?.uid, uid);
    assertReply(reply!, uid, 0, ALICE, 'ACCEPTED');
    await w.cal.waitFor(LOCAL.id, uid, (ics) => partstatIn(ics, ALICE) === 'ACCEPTED');

    await until(
      "the agent's store to hold alice's answer",
      20000,
      async () => {
        const stored = storedEvents(await w.ui.exportStore(), uid).filter((e) => e.user === ALICE);
        return stored.length === 1 && partstatIn(stored[0]!.ics, ALICE) === 'ACCEPTED';
      },
      500,
    );
    ctx.timing("Thunderbird's Accept → agent's store", Date.now() - clicked);

    await w.ui.selectMessage('INBOX', invitation.messageId);
    await w.ui.openPopup(`.item[data-uid="${uid}"]`);
    await popupWait(w, `.item[data-uid="${uid}"] dd.your-answer [data-partstat=ACCEPTED]`, 10000);

    const backup = await w.ui.exportStore();
    assert.deepEqual(
      outboxOf(backup, ALICE)
        .filter((r) => r.message.method === 'REPLY')
        .map((r) => r.state),
      [],
      'the agent queued no REPLY of its own',
    );
    await assertNoMore(w, 'REPLYs', (m) => readScheduling(m.raw).method === 'REPLY', 1, 4000);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1);
  },
};
export default scenario;
