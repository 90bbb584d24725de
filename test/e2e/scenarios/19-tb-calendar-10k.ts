// tb-calendar: the popup with 10,000 items in a local Thunderbird calendar. The items (one an hour,
// from two weeks back) are added in bulk through Marionette; an invitation colliding with one of
// them is opened five times; the median open → rendered time is printed as a timing line (the
// figure docs/E2E.md records), and the conflict with the calendar's item is shown.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, popupText, popupWait } from '../checks.js';
import { LOCAL } from '../calendars.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const ITEMS = 10000;

const scenario: Scenario = {
  name: 'tb-calendar: popup with 10,000 calendar items',
  world: { calendars: [LOCAL] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const first = new Date(Date.now() - 14 * 86400000);
    first.setUTCMinutes(0, 0, 0);
    const seeded = await w.cal.seedMany(LOCAL.id, ITEMS, first.toISOString(), 60, 'bulk');
    ctx.timing(`adding ${ITEMS} items to the local calendar`, seeded);

    const start = weekdayAt(10, 2);
    const index = Math.round((start.getTime() - first.getTime()) / 3600000);
    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const mail = googleMail('REQUEST', [
      {
        uid,
        summary: 'Steering committee',
        start,
        end: plus(start, 60),
        organizer: { email: ORGANIZER },
        attendees: [
          { email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED' },
        ],
      },
    ]);
    // Right after the batch the background reads the 10,000 items again (one reset): the first
    // mail waits for that, which on a loaded machine took about 30 s.
    await arrive(w, ctx, 'INBOX', mail, 'arrival → stored (after the 10,000-item reset)', 120000);
    await w.ui.selectMessage('INBOX', mail.messageId);

    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await w.ui.openPopup(`.item[data-uid="${uid}"] .picture`);
      times.push(r.ms);
      if (i === 0) {
        await popupWait(w, '.conflict-list', 20000);
        assert.match((await popupText(w, '.conflict-list')) ?? '', new RegExp(`bulk ${index}\\b`), 'the colliding calendar item is named');
      }
      await w.ui.closePopup();
    }
    times.sort((a, b) => a - b);
    ctx.timing(`popup open → rendered with ${ITEMS} calendar items (median of 5; all: ${times.join(', ')} ms)`, times[2]!);
  },
};
export default scenario;
