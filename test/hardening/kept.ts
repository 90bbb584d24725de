// The world the hostile-input tests start from: Alice holds one accepted meeting on 1 December,
// and `kept()` checks it is still there, busy, after each attack.

import assert from 'node:assert/strict';
import { world, cal, vevent, busyLines } from '../engine/harness.js';

export const ALICE = 'alice@example.test';
export const ORG = 'olga@example.com';
/** The lines every attacking VEVENT starts with: from ORG, to Alice. */
export const head = ['SEQUENCE:0', 'DTSTAMP:20261120T080000Z', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`];

/** A world in which Alice already holds one accepted meeting, to check nothing is lost. */
export async function withMeeting() {
  const w = world();
  await w.deliver(ALICE, cal('REQUEST', ...vevent('UID:keep', ...head, 'DTSTART:20261201T100000Z', 'DTEND:20261201T110000Z')), { from: ORG });
  await w.run(async (tx) => {
    const { respond } = await import('../../src/core/engine.js');
    await respond(tx, w.opts(ALICE), { uid: 'keep', partstat: 'ACCEPTED' });
  });
  const kept = async () =>
    assert.deepEqual(busyLines(await w.freebusy(ALICE, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')), ['BUSY 2026-12-01T10:00:00Z/2026-12-01T11:00:00Z']);
  await kept();
  return { w, kept };
}
