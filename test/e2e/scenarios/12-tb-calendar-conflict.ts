// tb-calendar: a meeting alice made in Thunderbird's own (local) calendar is busy time for the
// agent. A Google invitation overlapping it shows in the popup as a conflict with that meeting,
// named as it is in the Calendar tab; the meeting itself is left as it was.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, openPopupFor, popupShot, popupText, popupWait, resultFor } from '../checks.js';
import { LOCAL } from '../calendars.js';
import { vcalendar } from '../ical.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: "tb-calendar: a meeting in Thunderbird's local calendar is a conflict in the popup",
  world: { calendars: [LOCAL] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const start = weekdayAt(9, 2);
    const own = `${randomUUID()}@thunderbird.example`;
    await w.cal.seed(LOCAL.id, [
      vcalendar('PUBLISH', [{ uid: own, summary: 'Dentist appointment', start, end: plus(start, 60), organizer: { email: ALICE }, attendees: [] }]),
    ]);
    const before = await w.cal.read(LOCAL.id, own);

    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const mail = googleMail('REQUEST', [
      {
        uid,
        summary: 'Budget review',
        start: plus(start, 30),
        end: plus(start, 90),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [
          { email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED' },
        ],
      },
    ]);
    const processed = await arrive(w, ctx, 'INBOX', mail);
    assert.equal(resultFor(processed, uid).action, 'stored');

    await openPopupFor(w, ctx, 'INBOX', mail.messageId, `.item[data-uid="${uid}"]`);
    await popupWait(w, '.conflict-list', 15000);
    const conflicts = await popupText(w, '.conflict-list');
    assert.match(conflicts ?? '', /Dentist appointment/, `the conflict names the calendar's meeting: ${conflicts}`);
    assert.equal(await popupText(w, '.no-conflict'), null);
    await popupShot(w, 'tb-calendar-conflict');
    assert.equal(await w.cal.read(LOCAL.id, own), before, 'the calendar meeting is untouched');
    assert.equal(await w.cal.read(LOCAL.id, uid), null, 'nothing is filed before alice answers');
  },
};
export default scenario;
