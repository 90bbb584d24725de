// Scenario 6: room@example.test is a resource. A REQUEST for the room is answered ACCEPTED by
// itself (no click), an overlapping one DECLINED; both REPLYs reach the sink within seconds of
// arrival, from the room, each exactly once. The second comes through a Nextcloud relay
// (noreply@ with Reply-To the organiser), which the room answers because its owner trusts that
// relay (`trusted_relays`); a resource never answers a relay it does not trust.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, assertReply, resultFor, sinkScheduling } from '../checks.js';
import { calendarMail, nextcloudMail, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ROOM } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: '6 resource: room answers ACCEPTED, then DECLINED for an overlap, each once',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    await w.ui.request({
      type: 'settings.set',
      identity: ROOM,
      settings: { role: 'resource', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
    });
    await w.ui.request({ type: 'prefs.set', identity: ROOM, prefs: { trusted_relays: 'cloud.example.com' } });
    const start = weekdayAt(10, 2, 30);
    const room = { email: ROOM, name: 'Room Pelikan', cutype: 'ROOM', partstat: 'NEEDS-ACTION', rsvp: true };
    const first = { uid: randomUUID(), organizer: 'olga@example.test' };
    const m1 = calendarMail(
      'REQUEST',
      [
        {
          uid: first.uid,
          summary: 'Planning',
          start,
          end: plus(start, 60),
          organizer: { email: first.organizer },
          attendees: [room, { email: first.organizer, partstat: 'ACCEPTED' }],
        },
      ],
      { to: ROOM },
    );
    const e1 = await arrive(w, ctx, 'INBOX', m1, 'arrival → processed (room)');
    assert.equal(e1.data.identity, ROOM);
    assert.equal(resultFor(e1, first.uid).action, 'answered');
    const [r1] = await sinkScheduling(w, 'REPLY', 1, 15000, (s) => s.events[0]?.uid === first.uid);
    ctx.timing('processed → ACCEPTED at the sink', r1!.at - e1.at);
    assert.ok(r1!.at - e1.at < 10000, 'within seconds');
    assert.deepEqual(r1!.envelopeTo, [first.organizer]);
    assertReply(r1!, first.uid, 0, ROOM, 'ACCEPTED');

    const second = { uid: randomUUID(), organizer: 'bob@example.test' };
    const m2 = nextcloudMail(
      'REQUEST',
      [
        {
          uid: second.uid,
          summary: 'Overlapping sync',
          start: plus(start, 30),
          end: plus(start, 90),
          organizer: { email: second.organizer, name: 'Bob' },
          attendees: [room],
        },
      ],
      { to: ROOM },
    );
    const e2 = await arrive(w, ctx, 'INBOX', m2, 'arrival → processed (overlap)');
    assert.equal(resultFor(e2, second.uid).action, 'answered');
    const [r2] = await sinkScheduling(w, 'REPLY', 1, 15000, (s) => s.events[0]?.uid === second.uid);
    assert.ok(r2!.at - e2.at < 10000, `the decline went out ${r2!.at - e2.at} ms after processing`);
    assert.deepEqual(r2!.envelopeTo, [second.organizer]);
    assertReply(r2!, second.uid, 0, ROOM, 'DECLINED');
    await assertNoMore(w, 'room REPLYs', (m) => readScheduling(m.raw).method === 'REPLY', 2, 3000);
  },
};
export default scenario;
