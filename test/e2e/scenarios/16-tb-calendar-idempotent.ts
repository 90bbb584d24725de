// tb-calendar: handling the same invitation again never files a second item. Alice accepts; Thunderbird
// is quit right after the REPLY left (the calendar write may be in flight) and started again; the
// same invitation then arrives once more in another message. The calendar holds one item of that
// UID, accepted, and no second REPLY goes out.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, openPopupFor, partstatIn, popupClick, popupWait, sinkScheduling } from '../checks.js';
import { LOCAL } from '../calendars.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: 'tb-calendar: the same invitation twice and a restart make one calendar item',
  world: { calendars: [LOCAL] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const start = weekdayAt(15, 3);
    const event = {
      uid,
      summary: 'Hiring panel',
      start,
      end: plus(start, 45),
      sequence: 0,
      organizer: { email: ORGANIZER },
      attendees: [
        { email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true },
        { email: ORGANIZER, partstat: 'ACCEPTED' },
      ],
    };
    const first = googleMail('REQUEST', [event]);
    await arrive(w, ctx, 'INBOX', first);
    await openPopupFor(w, ctx, 'INBOX', first.messageId);
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=sent]');
    await sinkScheduling(w, 'REPLY');

    const t = Date.now();
    await w.restart();
    await w.ui.accountSynced(0);
    await w.cal.waitFor(LOCAL.id, uid, (ics) => partstatIn(ics, ALICE) === 'ACCEPTED', 30000);
    ctx.timing('restart → accepted item in the calendar', Date.now() - t);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1);

    const again = googleMail('REQUEST', [event]);
    // The agent may process the copy or skip it as known: either way it changes nothing.
    const at = w.deliver('INBOX', again.raw);
    const seen = await Promise.any(['processed', 'skipped'].map((e) => w.tb.waitEvent(e, (d) => d?.messageId === again.messageId, 30000, at)));
    ctx.log(`the copy was ${seen.event}`);
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(await w.cal.count(LOCAL.id, uid), 1, 'still one item after the same invitation again');
    assert.equal(partstatIn((await w.cal.read(LOCAL.id, uid))!, ALICE), 'ACCEPTED', 'the answer is kept');
    await assertNoMore(w, 'REPLYs', (m) => readScheduling(m.raw).method === 'REPLY', 1, 1000);
  },
};
export default scenario;
