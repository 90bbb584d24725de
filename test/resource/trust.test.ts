// A resource answers only the sender it can verify, and judges that sender (ACL, same-domain,
// quota), never the ORGANIZER a stranger writes into the booking.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, parsedOut, attendeeLines } from '../engine/harness.js';

const ROOM = 'room@example.test';
const BOSS = 'boss@example.test';

function booking(uid: string, organizer: string, ...extra: string[]): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261124T100000Z',
      'DTEND:20261124T110000Z',
      'SUMMARY:Board',
      organizer,
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
      ...extra,
    ),
  );
}

test('a stranger cannot book the room as the boss: not stored, not answered, kept for the owner', async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'access_control_list\nschedule_in_freebusy', acl: `decline\naccept organiser ${BOSS}` });
  const out = await w.deliver(ROOM, booking('b-1', `ORGANIZER:mailto:${BOSS}`), {
    from: 'mallory@evil.example',
    role: 'resource',
    replyTo: [{ address: BOSS }],
  });
  assert.deepEqual([out.results[0]!.action, out.results[0]!.verification, out.outgoing], ['refused', 'relayed', []]);
  const state = await w.json(ROOM);
  assert.deepEqual([state.events, state.usage], [[], []]);
  assert.ok(state.queue.some((q: any) => q.kind === 'refused' && q.uid === 'b-1'));
  const real = await w.deliver(ROOM, booking('b-1', `ORGANIZER:mailto:${BOSS}`), { from: BOSS, role: 'resource' });
  assert.deepEqual(
    real.outgoing.map((m) => [m.method, m.to, attendeeLines(parsedOut(m).comp)[0]!.partstat]),
    [['REPLY', [BOSS], 'ACCEPTED']],
  );
});

test("ACL and quota judge the verified sender: the boss's assistant (SENT-BY) is judged as themself and answered", async () => {
  const w = world();
  await w.prefs(ROOM, { scheduling_function: 'access_control_list\nschedule_in_freebusy', acl: `decline\naccept organiser ${BOSS}` });
  const viaAssistant = booking('b-2', `ORGANIZER;SENT-BY="mailto:assistant@example.test":mailto:${BOSS}`);
  const out = await w.deliver(ROOM, viaAssistant, { from: 'assistant@example.test', role: 'resource' });
  assert.deepEqual(
    out.outgoing.map((m) => [m.to, attendeeLines(parsedOut(m).comp)[0]!.partstat]),
    [[['assistant@example.test'], 'DECLINED']],
  );
  await w.prefs(ROOM, { acl: 'decline\naccept organiser assistant@example.test' });
  const again = await w.deliver(ROOM, booking('b-3', `ORGANIZER;SENT-BY="mailto:assistant@example.test":mailto:${BOSS}`), {
    from: 'assistant@example.test',
    role: 'resource',
  });
  assert.deepEqual(
    again.outgoing.map((m) => [m.to, attendeeLines(parsedOut(m).comp)[0]!.partstat]),
    [[['assistant@example.test'], 'ACCEPTED']],
  );
  assert.deepEqual(
    (await w.json(ROOM)).usage.map((u: any) => u.organizer),
    ['assistant@example.test'],
  );
});

test('a resource declines sub-hourly and endless series by default; its preferences may allow them', async () => {
  const w = world();
  const minutely = booking('r-1', `ORGANIZER:mailto:${BOSS}`, 'RRULE:FREQ=MINUTELY;COUNT=30');
  const endless = booking('r-2', `ORGANIZER:mailto:${BOSS}`, 'RRULE:FREQ=WEEKLY');
  for (const ics of [minutely, endless]) {
    const out = await w.deliver(ROOM, ics, { from: BOSS, role: 'resource' });
    assert.equal(attendeeLines(parsedOut(out.outgoing[0]!).comp)[0]!.partstat, 'DECLINED');
  }
  const open = world();
  await open.prefs(ROOM, { permitted_frequencies: 'MINUTELY,HOURLY,DAILY,WEEKLY', indefinite_recurrence: 'allow' });
  const out = await open.deliver(ROOM, endless, { from: BOSS, role: 'resource' });
  assert.equal(attendeeLines(parsedOut(out.outgoing[0]!).comp)[0]!.partstat, 'ACCEPTED');
});
