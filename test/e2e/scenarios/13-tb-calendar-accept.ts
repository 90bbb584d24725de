// tb-calendar: accepting in the popup files the event into the calendar that schedules for alice,
// under the invitation's UID with alice's PARTSTAT=ACCEPTED (read back in the chrome context, as
// Thunderbird stores it). The organiser's update (SEQUENCE 1, two hours later) moves that same
// item; the organiser's CANCEL marks it STATUS:CANCELLED. One item throughout (RFC 5546 §3.2.2,
// §3.2.5: an update and a cancellation refer to the event by UID).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertReply, instantOf, openPopupFor, partstatIn, popupClick, popupWait, sinkScheduling } from '../checks.js';
import { LOCAL, propOf } from '../calendars.js';
import { calendarMail, googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

function startOf(ics: string): number {
  const p = propOf(ics, 'DTSTART');
  if (!p) throw new Error(`no DTSTART in ${ics}`);
  return instantOf(p.value, p.params['TZID']);
}

const scenario: Scenario = {
  name: "tb-calendar: accepting files the event in Thunderbird's calendar; the update moves it, a CANCEL cancels it",
  world: { calendars: [LOCAL] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const start = weekdayAt(10, 2);
    const attendees = [
      { email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true },
      { email: ORGANIZER, partstat: 'ACCEPTED' },
    ];
    const event = {
      uid,
      summary: 'Quarterly planning',
      start,
      end: plus(start, 60),
      sequence: 0,
      organizer: { email: ORGANIZER, name: 'Olga Organizer' },
      attendees,
    };
    const invitation = googleMail('REQUEST', [event]);
    await arrive(w, ctx, 'INBOX', invitation);
    await openPopupFor(w, ctx, 'INBOX', invitation.messageId);
    const clicked = Date.now();
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=sent]');
    const [reply] = await sinkScheduling(w, 'REPLY');
    assertReply(reply!, uid, 0, ALICE, 'ACCEPTED');

    const filed = await w.cal.waitFor(LOCAL.id, uid, (ics) => partstatIn(ics, ALICE) === 'ACCEPTED');
    ctx.timing('accept click → item in the Thunderbird calendar', Date.now() - clicked);
    assert.equal(startOf(filed), start.getTime());
    assert.equal(propOf(filed, 'SUMMARY')?.value, 'Quarterly planning');
    assert.equal(await w.cal.count(LOCAL.id, uid), 1);

    const later = plus(start, 120);
    const update = googleMail('REQUEST', [{ ...event, start: later, end: plus(later, 60), sequence: 1 }]);
    const updated = await arrive(w, ctx, 'INBOX', update, 'arrival → update processed');
    const moved = await w.cal.waitFor(LOCAL.id, uid, (ics) => startOf(ics) === later.getTime());
    ctx.timing('update processed → item moved', Date.now() - updated.at);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1, 'the update moved the item, no second one');
    assert.equal(propOf(moved, 'SEQUENCE')?.value, '1');

    const cancel = calendarMail('CANCEL', [{ ...event, start: later, end: plus(later, 60), sequence: 2, status: 'CANCELLED' }]);
    const cancelled = await arrive(w, ctx, 'INBOX', cancel, 'arrival → CANCEL processed');
    await w.cal.waitFor(LOCAL.id, uid, (ics) => propOf(ics, 'STATUS')?.value === 'CANCELLED');
    ctx.timing('CANCEL processed → item cancelled', Date.now() - cancelled.at);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1);
  },
};
export default scenario;
