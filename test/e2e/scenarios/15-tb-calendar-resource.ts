// tb-calendar: room@example.test is a resource whose Thunderbird calendar ("Room Pelikan", its
// scheduling identity the room) holds a booking made directly in Thunderbird. A REQUEST for the
// room overlapping that booking is DECLINED by the agent by itself, exactly once; one that does
// not overlap is ACCEPTED and filed into the room's calendar.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, assertReply, partstatIn, resultFor, sinkScheduling } from '../checks.js';
import { ROOM_CALENDAR } from '../calendars.js';
import { vcalendar } from '../ical.js';
import { calendarMail, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ROOM } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: 'tb-calendar: a room booked in Thunderbird declines a colliding request by itself',
  world: { calendars: [ROOM_CALENDAR] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    await w.ui.request({
      type: 'settings.set',
      identity: ROOM,
      settings: { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
    });
    const start = weekdayAt(14, 2);
    const booking = `${randomUUID()}@thunderbird.example`;
    await w.cal.seed(ROOM_CALENDAR.id, [
      vcalendar('PUBLISH', [
        { uid: booking, summary: 'Board meeting (booked at the desk)', start, end: plus(start, 120), organizer: { email: 'desk@example.test' }, attendees: [] },
      ]),
    ]);

    const room = { email: ROOM, name: 'Room Pelikan', cutype: 'ROOM', partstat: 'NEEDS-ACTION', rsvp: true };
    const clash = randomUUID();
    const m1 = calendarMail(
      'REQUEST',
      [
        {
          uid: clash,
          summary: 'Sales sync',
          start: plus(start, 60),
          end: plus(start, 150),
          organizer: { email: 'bob@example.test', name: 'Bob' },
          attendees: [room],
        },
      ],
      { to: ROOM },
    );
    const e1 = await arrive(w, ctx, 'INBOX', m1, 'arrival → processed (room, overlap)');
    assert.equal(resultFor(e1, clash).action, 'answered');
    const [declined] = await sinkScheduling(w, 'REPLY', 1, 15000, (s) => s.events[0]?.uid === clash);
    ctx.timing('processed → DECLINED at the sink', declined!.at - e1.at);
    assert.deepEqual(declined!.envelopeTo, ['bob@example.test']);
    assertReply(declined!, clash, 0, ROOM, 'DECLINED');

    const free = randomUUID();
    const later = plus(start, 180);
    const m2 = calendarMail(
      'REQUEST',
      [{ uid: free, summary: 'Workshop', start: later, end: plus(later, 60), organizer: { email: 'bob@example.test', name: 'Bob' }, attendees: [room] }],
      { to: ROOM },
    );
    const e2 = await arrive(w, ctx, 'INBOX', m2, 'arrival → processed (room, free)');
    assert.equal(resultFor(e2, free).action, 'answered');
    const [accepted] = await sinkScheduling(w, 'REPLY', 1, 15000, (s) => s.events[0]?.uid === free);
    assertReply(accepted!, free, 0, ROOM, 'ACCEPTED');
    await w.cal.waitFor(ROOM_CALENDAR.id, free, (ics) => partstatIn(ics, ROOM) === 'ACCEPTED');
    assert.equal(await w.cal.read(ROOM_CALENDAR.id, clash), null, 'the declined request is not booked');
    await assertNoMore(w, 'room REPLYs', (m) => readScheduling(m.raw).method === 'REPLY', 2, 3000);
  },
};
export default scenario;
