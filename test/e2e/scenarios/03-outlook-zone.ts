// Scenario 3: an Outlook/Exchange invitation whose times are in a Windows zone ("Eastern Standard
// Time", with Exchange's VTIMEZONE). alice lives in Europe/Berlin: the popup shows the start in her
// zone, and the store keeps the same instant.
import assert from 'node:assert/strict';
import { arrive, openPopupFor, popupShot, popupText, resultFor, storedEvents, instantOf } from '../checks.js';
import { EASTERN } from '../ical.js';
import { icalProps } from '../mime.js';
import { outlookMail, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: "3 Outlook invitation with a Windows time zone shows alice's local time",
  world: { zone: 'Europe/Berlin' },
  async run(w, ctx) {
    const uid = `040000008200E00074C5B7101A82E008000000${Date.now().toString(16).toUpperCase()}`;
    const start = weekdayAt(15, 4); // 10:00 in New York, 16:00 in Berlin (outside DST overlaps)
    const organizer = { email: 'organizer@corp.example.com', name: 'Olga Organizer (NY)' };
    const mail = outlookMail('REQUEST', [
      {
        uid,
        summary: 'Budget review',
        start,
        end: plus(start, 60),
        zone: EASTERN,
        organizer,
        attendees: [{ email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true }],
        location: 'Teams',
        extra: ['X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE', 'X-MICROSOFT-CDO-IMPORTANCE:1'],
      },
    ]);
    await w.ui.accountSynced(0);
    const ev = await arrive(w, ctx, 'INBOX', mail);
    assert.equal(resultFor(ev, uid).action, 'stored');
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    const when = (await popupText(w, `.item[data-uid="${uid}"] .when`)) ?? '';
    // The profile's short-time pattern is HH:mm: the popup writes times as Thunderbird does.
    const berlin24 = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start);
    ctx.log(`popup .when: ${when}`);
    assert.ok(when.includes(berlin24) && !/AM|PM/.test(when), `the popup shows ${berlin24} in Europe/Berlin, 24-hour like Thunderbird: "${when}"`);
    await popupShot(w, '3-outlook-zone');

    const stored = storedEvents(await w.ui.exportStore(), uid).filter((e) => e.user === ALICE);
    assert.equal(stored.length, 1);
    const dtstart = icalProps(stored[0]!.ics).find((p) => p.name === 'DTSTART' && p.component.endsWith('VEVENT'))!;
    const tzid = dtstart.params['TZID'];
    const zone = tzid === EASTERN.tzid ? EASTERN.iana : tzid;
    assert.equal(instantOf(dtstart.value, zone), start.getTime(), `stored DTSTART ${JSON.stringify(dtstart)} is the same instant`);
  },
};
export default scenario;
