// Display safety: bidirectional formatting characters (UAX #9) and control characters a
// stranger writes never reach a name, UID, address or subject the agent shows (views, CLI
// output) or sends (subjects, CN parameters): a CN ending in U+202E cannot turn the address
// after it around, and a NUL in a UID does not reach `show`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, parsedOut, attendeeLines } from '../engine/harness.js';
import { eventView } from '../../src/core/views/events.js';
import fc from 'fast-check';
import { displayLine, displayText, hasUnsafeText } from '../../src/core/display.js';

const ALICE = 'alice@example.test';
const ORG = 'olga@example.com';
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

test('a CN with U+202E, a UID with NUL and a SUMMARY with bidi controls are shown and sent clean', async () => {
  const w = world();
  const ics = cal(
    'REQUEST',
    ...vevent(
      'UID:evil\u0000uid\u202e@example.com',
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261201T100000Z',
      'DTEND:20261201T110000Z',
      'SUMMARY:Pay \u202einvoice.exe\u202c now\u0007',
      `ORGANIZER;CN="Olga \u202e":mailto:${ORG}`,
      `ATTENDEE;CN="Alice\u2066\u200f";PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ALICE}`,
      'ATTENDEE;CN="Bob \u061c\u202d":mailto:bob@example.com',
      'LOCATION:Room \u2067 1',
    ),
  );
  const out = await w.deliver(ALICE, ics, { from: ORG });
  assert.equal(out.results[0]!.action, 'stored');
  assert.equal(out.results[0]!.uid, 'eviluid@example.com');
  assert.match((out.results[0]!.warnings ?? []).join('\n'), /control character\(s\) removed/);
  assert.match((out.results[0]!.warnings ?? []).join('\n'), /held bidirectional or control characters: removed/);

  // What `show` prints, as JSON and as iCalendar, and what the pages get.
  const shown = JSON.stringify(await w.json(ALICE));
  assert.doesNotMatch(shown, UNSAFE);
  assert.match(shown, /"eviluid@example\.com"/);
  const text = await w.run(async (tx) => (await import('../../src/core/engine.js')).showCalendar(tx, w.opts(ALICE), {}));
  assert.doesNotMatch(String(text), UNSAFE);
  const view = await w.run((tx) => eventView(tx, w.opts(ALICE), 'eviluid@example.com'));
  assert.deepEqual(
    [view?.summary, view?.organizer?.name, view?.location, view?.attendees.map((a) => a.name)],
    ['Pay invoice.exe now', 'Olga', 'Room 1', ['Alice', 'Bob']],
  );

  // Alice's answer: its subject and CN parameters are clean too.
  const answer = await w.run(async (tx) =>
    (await import('../../src/core/engine.js')).respond(tx, w.opts(ALICE), { uid: 'eviluid@example.com', partstat: 'ACCEPTED' }),
  );
  const msg = answer.outgoing[0]!;
  assert.doesNotMatch(msg.subject, UNSAFE);
  assert.doesNotMatch(msg.ics, UNSAFE);
  assert.deepEqual(
    attendeeLines(parsedOut(msg).comp).map((a) => a.params['cn']),
    ['Alice'],
  );
});

test('displayLine removes every bidi formatting character and control, and keeps the rest', () => {
  const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
  for (const c of [...bidi, '\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) assert.equal(displayLine(`a${c}b`), 'ab', JSON.stringify(c));
  assert.equal(displayLine(' Ünïcødé\tname\r\n — 会議 '), 'Ünïcødé name — 会議');
  assert.equal(displayLine('مرحبا Alice'), 'مرحبا Alice');
});

test('hasUnsafeText says whether displayText would change the text', () => {
  const some = [
    'a',
    ' ',
    '\t',
    '\n',
    '\r',
    'ü',
    '会',
    '\u0000',
    '\u0008',
    '\u000b',
    '\u001f',
    '\u007f',
    '\u009f',
    '\u00a0',
    '\u061c',
    '\u200d',
    '\u200e',
    '\u202e',
    '\u2069',
    '\u206a',
  ];
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...some), maxLength: 8 })), (t) => {
      assert.equal(hasUnsafeText(t), displayText(t) !== t, JSON.stringify(t));
    }),
    { numRuns: 2000 },
  );
});
