// Scenario 2: a counter-proposal from the popup. alice opens the invitation (Thunderbird shape),
// chooses Counter-propose, sees free slots of the same length, types another time and sends:
// one COUNTER reaches the organiser with the chosen times, METHOD:COUNTER and method=COUNTER.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { address } from '../mime.js';
import {
  arrive,
  eventTimes,
  openPopupFor,
  popupClick,
  popupCount,
  popupFill,
  popupShot,
  popupText,
  popupWait,
  resultFor,
  sinkScheduling,
  wallClock,
} from '../checks.js';
import { ORGANIZER, plus, thunderbirdMail, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const ZONE = 'Europe/Berlin';

const scenario: Scenario = {
  name: '2 counter-proposal from the popup (Thunderbird shape)',
  async run(w, ctx) {
    const uid = randomUUID();
    const start = weekdayAt(13, 3);
    const mail = thunderbirdMail('REQUEST', [
      {
        uid,
        summary: 'Café planning ☕',
        start,
        end: plus(start, 45),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [
          { email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED' },
        ],
      },
    ]);
    await w.ui.accountSynced(0);
    const ev = await arrive(w, ctx, 'INBOX', mail);
    assert.equal(resultFor(ev, uid).action, 'stored');
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    await popupClick(w, '[data-action=counter]');
    await popupWait(w, 'input#counter-start');
    await popupWait(w, '.slot');
    assert.ok((await popupCount(w, '.slot')) > 0, 'free slots of the same length are offered');
    const proposed = plus(start, 24 * 60 + 90); // the next day, 90 minutes later
    await popupFill(w, 'input#counter-start', wallClock(proposed, ZONE));
    await popupFill(w, 'input#counter-end', wallClock(plus(proposed, 45), ZONE));
    await popupFill(w, 'textarea#comment', 'Tuesday suits me better');
    await popupShot(w, '2-counter-form');
    const t = Date.now();
    await popupClick(w, '[data-action=counter-send]');
    await popupWait(w, '#sent li[data-state=sent]');
    const [c] = await sinkScheduling(w, 'COUNTER');
    ctx.timing('counter-send → COUNTER at the sink', c!.at - t);
    assert.deepEqual(c!.envelopeTo, [ORGANIZER]);
    assert.equal((c!.calendar!.params['method'] ?? '').toUpperCase(), 'COUNTER');
    const e = c!.events[0]!;
    assert.equal(e.uid, uid);
    const times = eventTimes(e);
    assert.equal(new Date(times.start).toISOString(), proposed.toISOString(), 'proposed start');
    assert.equal(new Date(times.end).toISOString(), plus(proposed, 45).toISOString(), 'proposed end');
    assert.deepEqual(e.attendees.map(address), [ALICE]);
    assert.ok(e.comments.includes('Tuesday suits me better'), `COMMENT in ${JSON.stringify(e.comments)}`);
    // The mail says it in words, under alice's name: the proposed time and her comment.
    assert.match(c!.from, /^"?Alice Example"? <alice@/);
    const text = (function texts(p: typeof c.root): string[] {
      return p.type === 'text/plain' ? [p.body] : p.children.flatMap(texts);
    })(c!.root).join('\n');
    assert.match(text, /proposes another time for "Café planning ☕"/);
    assert.match(text, /Proposed time: .*\(Europe\/Berlin\)/);
    assert.match(text, /Comment: Tuesday suits me better/);
    // The popup now says the proposal waits for Olga, not "No answer yet".
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    await popupWait(w, '.facts dd.proposal-pending');
    assert.match((await popupText(w, '.facts dd.your-answer'))!, /You proposed .* to Olga Organizer/);
    assert.equal(await popupCount(w, '.day-picture g.proposal'), 1);
  },
};
export default scenario;
