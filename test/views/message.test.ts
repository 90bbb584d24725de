// The popup's items (RFC 5546 by method): a message in, what the user sees and may do out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import { world, cal, vevent } from '../engine/harness.js';
import { handleAndView, mail, rawMail, viewOnly } from './helpers.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';
const BOB = 'bob@example.test';

function request(uid: string, seq: number, start: string, end: string, ...extra: string[]): string {
  return cal(
    'REQUEST',
    ...vevent(
      `UID:${uid}`,
      `SEQUENCE:${seq}`,
      `DTSTAMP:2025070${seq + 1}T080000Z`,
      `DTSTART:${start}`,
      `DTEND:${end}`,
      'SUMMARY:Planning',
      'LOCATION:Room 1',
      `ORGANIZER;CN=Olga:mailto:${ORG}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ORG}`,
      `ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;CN=Alice:mailto:${ALICE}`,
      ...extra,
    ),
  );
}

test('a Google invitation overlapping an accepted event shows the conflict on the day picture', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.deliver(ALICE, request('standup@example.com', 0, '20250714T093000Z', '20250714T103000Z'), { from: ORG });
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'standup@example.com', partstat: 'ACCEPTED' }));
  // Another event that day the user has not answered holds no time (RFC 5546 §3.3 via freebusy.ts).
  await w.deliver(ALICE, request('later@example.com', 0, '20250714T140000Z', '20250714T150000Z'), { from: ORG });

  const msg = await rawMail('google.eml');
  const before = await viewOnly(w, ALICE, msg);
  assert.equal(before.length, 1, 'the inline part and invite.ics carry one object: shown once');
  assert.equal(before[0]!.outcome, null);
  assert.equal(before[0]!.stored, null);

  const { items } = await handleAndView(w, ALICE, msg);
  assert.equal(items.length, 1);
  const item = items[0]!;
  assert.equal(item.method, 'REQUEST');
  assert.equal(item.role, 'attendee');
  assert.equal(item.proposed.uid, '7kukuqrfedlm2f9t0vr42q2gc0@google.com');
  assert.equal(item.proposed.summary, 'Design sync');
  assert.deepEqual([item.proposed.start, item.proposed.end], ['2025-07-14T09:00:00Z', '2025-07-14T10:00:00Z']);
  assert.deepEqual(item.proposed.organizer, { address: ORG, name: 'Olga Organizer' });
  assert.deepEqual(
    item.proposed.attendees.map((a) => [a.address, a.partstat, a.isUser]),
    [
      [ALICE, 'NEEDS-ACTION', true],
      [ORG, 'ACCEPTED', false],
    ],
  );
  assert.match(item.proposed.description!, /^Join with Google Meet: https:\/\/meet.google.com\/abc-defg-hij\nLearn more/);
  assert.deepEqual(item.outcome?.action, 'stored');
  assert.equal(item.isUpdate, false);
  assert.deepEqual(item.changes, []);
  assert.deepEqual(item.warnings, [], 'Google sends From the organiser: no sender warning');
  assert.deepEqual(item.dayBusy, [
    { start: '2025-07-14T09:30:00Z', end: '2025-07-14T10:30:00Z', fbtype: 'BUSY', uid: 'standup@example.com', summary: 'Planning' },
  ]);
  assert.deepEqual(item.conflicts, item.dayBusy);
  assert.deepEqual(item.actions, ['respond', 'counter', 'delegate', 'refresh']);
  assert.equal(item.stored?.partstat, 'NEEDS-ACTION');
});

test('an update lists exactly what changed: the time and the place, against the copy before it', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.deliver(ALICE, request('m1@example.com', 0, '20250714T090000Z', '20250714T100000Z'), { from: ORG });
  const update = request('m1@example.com', 1, '20250715T090000Z', '20250715T100000Z').replace('LOCATION:Room 1', 'LOCATION:Room 2');
  const { items } = await handleAndView(w, ALICE, mail(update, ORG, ALICE));
  const item = items[0]!;
  assert.equal(item.isUpdate, true);
  assert.equal(item.outcome?.action, 'updated');
  assert.deepEqual(item.changes, [
    { field: 'when', before: '2025-07-14T09:00:00Z/2025-07-14T10:00:00Z', after: '2025-07-15T09:00:00Z/2025-07-15T10:00:00Z' },
    { field: 'location', before: 'Room 1', after: 'Room 2' },
  ]);
  assert.equal(item.previous?.location, 'Room 1');
  assert.equal(item.stored?.location, 'Room 2');
  assert.equal(item.proposed.sequence, 1);

  // The same time written in another zone is no change of time.
  const berlin = request('m1@example.com', 2, '20250715T110000', '20250715T120000')
    .replace('LOCATION:Room 1', 'LOCATION:Room 2')
    .replace(/DTSTART:/, 'DTSTART;TZID=Europe/Berlin:')
    .replace(/DTEND:/, 'DTEND;TZID=Europe/Berlin:');
  const again = (await handleAndView(w, ALICE, mail(berlin, ORG, ALICE))).items[0]!;
  assert.deepEqual(again.changes, []);
  assert.equal(again.proposed.tzid, 'Europe/Berlin');
});

test('a stale update and a stranger sending for the organiser are warned about', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.deliver(ALICE, request('m2@example.com', 3, '20250714T090000Z', '20250714T100000Z'), { from: ORG });
  const stale = (await handleAndView(w, ALICE, mail(request('m2@example.com', 1, '20250714T090000Z', '20250714T100000Z'), ORG, ALICE))).items[0]!;
  assert.ok(stale.warnings.includes('stale update: SEQUENCE 1 is older than the stored 3'), stale.warnings.join('; '));
  assert.equal(stale.outcome?.action, 'ignored');

  const forged = (await handleAndView(w, ALICE, mail(request('m2@example.com', 4, '20250714T090000Z', '20250714T100000Z'), 'mallory@example.net', ALICE)))
    .items[0]!;
  assert.ok(forged.warnings.includes(`sender mallory@example.net is not the organizer ${ORG}`), forged.warnings.join('; '));
  // Was: refused. Now held for the user, who may apply it from the popup.
  assert.equal(forged.outcome?.action, 'queued');
  assert.deepEqual(forged.sender, { verification: 'unverified', note: `sent by mallory@example.net, who is not ${ORG}` });
  assert.ok(forged.waitingId);
  assert.equal(stale.sender?.verification, 'verified');
  assert.equal(stale.waitingId, null);

  const noCounter = (
    await viewOnly(w, ALICE, mail(request('m5@example.com', 0, '20250714T090000Z', '20250714T100000Z', 'X-MICROSOFT-DISALLOW-COUNTER:TRUE'), ORG, ALICE))
  )[0]!;
  assert.deepEqual(noCounter.warnings, ['the organizer does not accept counter-proposals for this event (X-MICROSOFT-DISALLOW-COUNTER)']);
  assert.deepEqual(noCounter.actions, ['respond', 'counter', 'delegate', 'refresh'], 'the actions are those of issue 4; the warning says what to expect');

  const mismatch = (
    await handleAndView(w, ALICE, mail(request('m3@example.com', 0, '20250714T090000Z', '20250714T100000Z'), ORG, ALICE, { methodParam: 'PUBLISH' }))
  ).items[0]!;
  assert.ok(
    mismatch.warnings.some((x) => /method mismatch/.test(x)),
    mismatch.warnings.join('; '),
  );

  const zone = request('m4@example.com', 0, '20250714T090000', '20250714T100000')
    .replace('DTSTART:', 'DTSTART;TZID=Mars/Olympus:')
    .replace('DTEND:', 'DTEND;TZID=Mars/Olympus:');
  const unknown = (await handleAndView(w, ALICE, mail(zone, ORG, ALICE))).items[0]!;
  assert.ok(
    unknown.warnings.some((x) => /unknown time zone "Mars\/Olympus"/.test(x)),
    unknown.warnings.join('; '),
  );
  assert.equal(unknown.proposed.tzid, null);
});

test('a COUNTER for an event the user does not organise (nothing stored) offers no accept or decline', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const counter = cal(
    'COUNTER',
    ...vevent(
      'UID:never-stored@example.test',
      'SEQUENCE:0',
      'DTSTAMP:20250702T080000Z',
      'DTSTART:20250715T130000Z',
      'DTEND:20250715T140000Z',
      'SUMMARY:Review',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`,
    ),
  );
  const { items } = await handleAndView(w, ALICE, mail(counter, BOB, ALICE));
  assert.equal(items[0]!.stored, null);
  assert.deepEqual(items[0]!.actions, []);
  assert.equal(items[0]!.outcome?.action, 'ignored');
});

test('a COUNTER shows the stored time against the proposed one, for the organiser to decide', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const own = cal(
    null,
    ...vevent('UID:plan@example.test', 'DTSTART:20250714T090000Z', 'DTEND:20250714T100000Z', 'SUMMARY:Review', `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${BOB}`),
  );
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: own }));
  const counter = cal(
    'COUNTER',
    ...vevent(
      'UID:plan@example.test',
      'SEQUENCE:0',
      'DTSTAMP:20250702T080000Z',
      'DTSTART:20250715T130000Z',
      'DTEND:20250715T140000Z',
      'SUMMARY:Review',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=TENTATIVE:mailto:${BOB}`,
      'COMMENT:Tuesday afternoon suits me better',
    ),
  );
  const { items } = await handleAndView(w, ALICE, mail(counter, BOB, ALICE));
  const item = items[0]!;
  assert.equal(item.role, 'organizer');
  assert.deepEqual(item.counter, {
    from: BOB,
    proposed: { start: '2025-07-15T13:00:00Z', end: '2025-07-15T14:00:00Z' },
    comment: 'Tuesday afternoon suits me better',
    status: 'pending',
  });
  assert.deepEqual([item.stored?.start, item.stored?.end], ['2025-07-14T09:00:00Z', '2025-07-14T10:00:00Z']);
  assert.deepEqual(item.changes, [{ field: 'when', before: '2025-07-14T09:00:00Z/2025-07-14T10:00:00Z', after: '2025-07-15T13:00:00Z/2025-07-15T14:00:00Z' }]);
  assert.deepEqual(item.actions, ['accept-counter', 'decline-counter']);
  assert.deepEqual(item.warnings, []);
  assert.equal(item.outcome?.action, 'recorded');

  // Once declined, the same message offers nothing more to decide.
  await w.run((tx) => engine.declineCounter(tx, w.opts(ALICE), { uid: 'plan@example.test', from: BOB }));
  const later = (await viewOnly(w, ALICE, mail(counter, BOB, ALICE)))[0]!;
  assert.equal(later.counter?.status, 'declined');
  assert.deepEqual(later.actions, []);
});

test('a REPLY shows the answer, comment and request status; a REFRESH offers to send the current version', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const own = cal(null, ...vevent('UID:r@example.test', 'DTSTART:20250714T090000Z', 'DTEND:20250714T100000Z', 'SUMMARY:Review', `ATTENDEE:mailto:${BOB}`));
  await w.run((tx) => engine.invite(tx, w.opts(ALICE), { ics: own }));
  const reply = cal(
    'REPLY',
    ...vevent(
      'UID:r@example.test',
      'SEQUENCE:0',
      'DTSTAMP:20250702T080000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE;PARTSTAT=DECLINED:mailto:${BOB}`,
      'COMMENT:On holiday',
      'REQUEST-STATUS:2.0;Success',
    ),
  );
  const item = (await handleAndView(w, ALICE, mail(reply, BOB, ALICE))).items[0]!;
  assert.deepEqual(item.reply, { from: BOB, partstat: 'DECLINED', comment: 'On holiday', requestStatus: ['2.0;Success'] });
  assert.deepEqual(item.actions, []);
  assert.deepEqual(item.changes, []);
  assert.equal(item.stored?.attendees.find((a) => a.address === BOB)?.comment, 'On holiday');

  const refresh = cal('REFRESH', ...vevent('UID:r@example.test', 'DTSTAMP:20250703T080000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${BOB}`));
  const asked = (await handleAndView(w, ALICE, mail(refresh, BOB, ALICE))).items[0]!;
  assert.deepEqual(asked.actions, ['send-current']);
  const cancel = cal(
    'CANCEL',
    ...vevent('UID:r@example.test', 'SEQUENCE:1', 'DTSTAMP:20250703T080000Z', `ORGANIZER:mailto:${ALICE}`, `ATTENDEE:mailto:${BOB}`, 'STATUS:CANCELLED'),
  );
  assert.deepEqual((await viewOnly(w, BOB, mail(cancel, ALICE, BOB)))[0]!.actions, []);
});

test('a REQUEST to a resource shows the decision already taken, and no buttons', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const ROOM = 'room@example.test';
  const ics = request('book@example.com', 0, '20250714T090000Z', '20250714T100000Z', `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`);
  const item = (await handleAndView(w, ROOM, mail(ics, ORG, ROOM), 'resource')).items[0]!;
  assert.equal(item.role, 'resource');
  assert.deepEqual(item.actions, []);
  assert.equal(item.outcome?.action, 'answered');
  assert.match(item.outcome!.reason, /accept/i);
  assert.equal(item.stored?.relation, 'resource');
});

test('a free/busy reply shows the busy time it reports', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const fb = cal(
    'REPLY',
    'BEGIN:VFREEBUSY',
    'UID:fb-1@example.test',
    'DTSTAMP:20250701T080000Z',
    `ORGANIZER:mailto:${ALICE}`,
    `ATTENDEE:mailto:${BOB}`,
    'DTSTART:20250714T000000Z',
    'DTEND:20250721T000000Z',
    'FREEBUSY;FBTYPE=BUSY:20250714T090000Z/20250714T100000Z',
    'FREEBUSY;FBTYPE=BUSY-TENTATIVE:20250715T090000Z/PT30M',
    'END:VFREEBUSY',
  );
  const item = (await handleAndView(w, ALICE, mail(fb, BOB, ALICE))).items[0]!;
  assert.equal(item.outcome?.action, 'recorded');
  assert.deepEqual(item.freebusy, {
    from: BOB,
    range: { start: '2025-07-14T00:00:00Z', end: '2025-07-21T00:00:00Z' },
    busy: [
      { start: '2025-07-14T09:00:00Z', end: '2025-07-14T10:00:00Z', fbtype: 'BUSY', uid: null, summary: null },
      { start: '2025-07-15T09:00:00Z', end: '2025-07-15T09:30:00Z', fbtype: 'BUSY-TENTATIVE', uid: null, summary: null },
    ],
  });
  assert.deepEqual(item.actions, []);
});

test('files an invitation carries are listed by name, links as text, before and after they are stored', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const ics = request(
    'files@example.com',
    0,
    '20250714T090000Z',
    '20250714T100000Z',
    'ATTACH:https://docs.example.com/d/123',
    'ATTACH;FMTTYPE=text/plain;ENCODING=BASE64;VALUE=BINARY;FILENAME=notes.txt:SGVsbG8sIHdvcmxkIQ==',
  );
  const before = (await viewOnly(w, ALICE, mail(ics, ORG, ALICE)))[0]!;
  assert.deepEqual(before.proposed.attachments, [
    { id: null, name: '123', type: 'application/octet-stream', size: null, uri: 'https://docs.example.com/d/123' },
    { id: null, name: 'notes.txt', type: 'text/plain', size: 13, uri: null },
  ]);
  const after = (await handleAndView(w, ALICE, mail(ics, ORG, ALICE))).items[0]!;
  const file = after.stored!.attachments.find((a) => a.name === 'notes.txt')!;
  assert.match(file.id!, /^[0-9a-f]{16}$/, 'stored bytes can now be fetched (attachment.get)');
  assert.equal(file.size, 13);
});

test("Outlook's Windows zone names resolve to IANA; an all-day proposal covers its day in the user zone", async () => {
  const outlook = (await handleAndView(world('2025-07-01T08:00:00Z'), ALICE, await rawMail('outlook-exchange.eml'))).items[0]!;
  assert.equal(outlook.proposed.tzid, 'Europe/Berlin');
  assert.deepEqual(outlook.warnings, []);

  const w = world('2025-07-01T08:00:00Z');
  await w.prefs(ALICE, { TZID: 'America/New_York' });
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), {
      ics: cal(null, ...vevent('UID:late@example.test', 'DTSTART:20250715T020000Z', 'DTEND:20250715T030000Z', 'SUMMARY:Late call')),
    }),
  );
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), {
      ics: cal(null, ...vevent('UID:next@example.test', 'DTSTART:20250715T050000Z', 'DTEND:20250715T060000Z', 'SUMMARY:Next day')),
    }),
  );
  const allDay = cal(
    'REQUEST',
    ...vevent(
      'UID:offsite@example.com',
      'DTSTAMP:20250701T080000Z',
      'DTSTART;VALUE=DATE:20250714',
      'DTEND;VALUE=DATE:20250715',
      'SUMMARY:Offsite',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  const item = (await handleAndView(w, ALICE, mail(allDay, ORG, ALICE))).items[0]!;
  assert.deepEqual([item.proposed.start, item.proposed.end, item.proposed.allDay], ['2025-07-14', '2025-07-15', true]);
  // 02:00 UTC on the 15th is 22:00 on the 14th in New York: that day; 05:00 UTC is the next day.
  assert.deepEqual(
    item.dayBusy.map((b) => b.summary),
    ['Late call'],
  );
  assert.deepEqual(
    item.conflicts.map((b) => b.uid),
    ['late@example.test'],
  );
});

test('a REQUEST without ORGANIZER shows why it cannot be answered and offers no answer; a forwarded one offers one', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const lotus = cal(
    'REQUEST',
    ...vevent(
      'UID:lotus-1',
      'SEQUENCE:0',
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'SUMMARY:Budget',
      `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
    ),
  );
  const { items } = await handleAndView(w, ALICE, mail(lotus, ORG, ALICE));
  assert.deepEqual([items[0]!.outcome?.action, items[0]!.actions], ['stored', []]);
  assert.ok(items[0]!.warnings.includes('the REQUEST names no ORGANIZER, so it cannot be answered (RFC 5546 §3.2.2)'));
  // Bob forwarded Olga's invitation: Alice is not on the list, and may still answer (RFC 5546 §3.2.2.6).
  const forwarded = request('fwd-1', 0, '20250715T090000Z', '20250715T100000Z').replace(/ATTENDEE;RSVP=TRUE[^\r]*\r\n/, '');
  const fwd = await handleAndView(w, ALICE, mail(forwarded, BOB, ALICE));
  assert.deepEqual([fwd.items[0]!.role, fwd.items[0]!.actions], ['observer', ['respond']]);
});
