// Bounded work (README "Limits on hostile input"): a rule from 1900, a rule with every BYxxx
// part, hundreds of thousands of RDATE values or folds are refused or bounded with a reason,
// nothing stored is lost, and no later free/busy or view walks from DTSTART. Work is asserted
// (refusals, outcomes, expansion steps in test/ical/rule-bounds.test.ts); time is measured by
// `npm run bench` (its hostile corpus), not here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { world, cal, vevent, busyLines, parsedOut, attendeeLines } from '../engine/harness.js';
import { MAX_LINE_CHARS, MAX_PHYSICAL_LINES, MAX_RECURRENCE_DATES, MAX_RECURRENCE_DATES_RECEIVED } from '../../src/core/ical/prescan.js';
import { MAX_EXPANSION_PER_MESSAGE } from '../../src/core/ical/rule-walk.js';
import { MAX_AUTOMATIC_MESSAGES } from '../../src/core/itip/trust.js';
import { calendarRange } from '../../src/core/views/calendar.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { MAX_MESSAGE_LINES, MailError } from '../../src/core/mime/errors.js';
import { ALICE, ORG, head, withMeeting } from './kept.js';

const ROOM = 'room@example.test';
const DEC = ['2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z'] as const;

async function accept(w: ReturnType<typeof world>, uid: string) {
  await w.run(async (tx) => {
    const { respond } = await import('../../src/core/engine.js');
    await respond(tx, w.opts(ALICE), { uid, partstat: 'ACCEPTED', send: false });
  });
}

test('FREQ=SECONDLY from 1900: stored with its rule refused by reason; free/busy and the calendar show DTSTART only', async () => {
  const { w, kept } = await withMeeting();
  const out = await w.deliver(
    ALICE,
    cal('REQUEST', ...vevent('UID:seconds', ...head, 'DTSTART:19000101T000000Z', 'DTEND:19000102T000000Z', 'RRULE:FREQ=SECONDLY')),
    { from: ORG },
  );
  assert.equal(out.results[0]!.action, 'stored');
  assert.match(
    (out.results[0]!.warnings ?? []).join('\n'),
    /recurrence rule refused \(FREQ=SECONDLY;INTERVAL=1 takes 86400 steps a day \(more than MAX_STEPS_PER_DAY, 1440\)\)/,
  );
  await accept(w, 'seconds');
  await kept();
  const view = await w.run((tx) => calendarRange(tx, w.opts(ALICE), { start: DEC[0], end: DEC[1] }));
  assert.deepEqual(
    view.map((o) => o.uid),
    ['keep'],
  );
});

test('a rule from 1900 with every BYxxx part is refused by reason, the store untouched', async () => {
  const { w, kept } = await withMeeting();
  const rule =
    'RRULE:FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYWEEKNO=1,10,20,30,40,49,50;BYYEARDAY=1,100,200,335;BYMONTHDAY=1,2,3,4,5;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=0,10,20,30,40,50;BYSECOND=0,30;BYSETPOS=1,-1';
  const out = await w.deliver(ALICE, cal('REQUEST', ...vevent('UID:every', ...head, 'DTSTART:19000101T000000Z', 'DTEND:19000101T000010Z', rule)), {
    from: ORG,
  });
  assert.equal(out.results[0]!.action, 'stored');
  assert.match(
    (out.results[0]!.warnings ?? []).join('\n'),
    /recurrence rule refused \(up to 105408 occurrences in one yearly period \(more than MAX_INSTANCES_PER_PERIOD, 10000\)\)/,
  );
  await accept(w, 'every');
  await kept();
});

test('a daily series from 1900 is expanded where the window is: its December occurrence is busy', async () => {
  const { w } = await withMeeting();
  await w.deliver(
    ALICE,
    cal('REQUEST', ...vevent('UID:century', ...head, 'DTSTART:19000101T150000Z', 'DTEND:19000101T160000Z', 'RRULE:FREQ=DAILY;BYDAY=TU,WE')),
    { from: ORG },
  );
  await accept(w, 'century');
  assert.deepEqual(busyLines(await w.freebusy(ALICE, ...DEC)), [
    'BUSY 2026-12-01T10:00:00Z/2026-12-01T11:00:00Z',
    'BUSY 2026-12-01T15:00:00Z/2026-12-01T16:00:00Z',
  ]);
});

test(`199,000 RDATE lines are refused before they are read (MAX_RECURRENCE_DATES, ${MAX_RECURRENCE_DATES})`, async () => {
  const { w, kept } = await withMeeting();
  const rdates = Array.from({ length: 199_000 }, (_, i) => `RDATE:${2027 + Math.floor(i / 1000)}0101T${String(i % 24).padStart(2, '0')}0000Z`);
  // Joined by hand: 199,000 arguments are too many for a spread.
  const ics = cal('REQUEST', ...vevent('UID:rdates', ...head, 'DTSTART:20261202T100000Z', 'DTEND:20261202T110000Z', rdates.join('\r\n')));
  const out = await w.deliver(ALICE, ics, { from: ORG });
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['error', `calendar part 1: a component has more than ${MAX_RECURRENCE_DATES} RDATE values (MAX_RECURRENCE_DATES)`]],
  );
  assert.deepEqual(out.outgoing, []);
  assert.equal((await w.json(ALICE)).events.length, 1);
  await kept();
});

test('one RDATE line, or one EXDATE line, with 600,000 values is refused; so is each past the bound in sum', async () => {
  const { w, kept } = await withMeeting();
  const values = Array.from({ length: 600_000 }, (_, i) => `2027${String((i % 12) + 1).padStart(2, '0')}01T1000${String(i % 60).padStart(2, '0')}Z`).join(',');
  for (const name of ['RDATE', 'EXDATE']) {
    const out = await w.deliver(
      ALICE,
      cal('REQUEST', ...vevent(`UID:${name}`, ...head, 'DTSTART:20261202T100000Z', 'DTEND:20261202T110000Z', 'RRULE:FREQ=DAILY', `${name}:${values}`)),
      { from: ORG },
    );
    assert.deepEqual(
      out.results.map((r) => [r.action, r.reason]),
      [['error', `calendar part 1: a component has more than ${MAX_RECURRENCE_DATES} ${name} values (MAX_RECURRENCE_DATES)`]],
    );
  }
  // Exactly at the bound is read: two lines of 1,500.
  const half = Array.from(
    { length: MAX_RECURRENCE_DATES / 2 },
    (_, i) => `2027${String((i % 12) + 1).padStart(2, '0')}01T1000${String(i % 60).padStart(2, '0')}Z`,
  ).join(',');
  const ok = await w.deliver(
    ALICE,
    cal(
      'REQUEST',
      ...vevent('UID:at-bound', ...head, 'DTSTART:20261202T100000Z', 'DTEND:20261202T110000Z', 'RRULE:FREQ=DAILY', `EXDATE:${half}`, `EXDATE:${half}`),
    ),
    { from: ORG },
  );
  assert.equal(ok.results[0]!.action, 'stored');
  await kept();
});

test(`a DESCRIPTION folded over millions of lines, or longer than ${MAX_LINE_CHARS} characters, is refused by its limit`, async () => {
  const { w, kept } = await withMeeting();
  const folded = cal('REQUEST', ...vevent('UID:folded', ...head, 'DTSTART:20261202T100000Z', `DESCRIPTION:x${'\r\n x'.repeat(3_000_000)}`));
  const a = await w.deliver(ALICE, folded, { from: ORG });
  assert.deepEqual(
    a.results.map((r) => [r.action, r.reason]),
    [['error', `calendar part 1: calendar has more than ${MAX_PHYSICAL_LINES} lines before unfolding (MAX_PHYSICAL_LINES)`]],
  );
  const long = cal(
    'REQUEST',
    ...vevent('UID:long', ...head, 'DTSTART:20261202T100000Z', `DESCRIPTION:${'y'.repeat(40)}${'\r\n '.concat('y'.repeat(74)).repeat(20_000)}`),
  );
  const b = await w.deliver(ALICE, long, { from: ORG });
  assert.deepEqual(
    b.results.map((r) => [r.action, r.reason]),
    [['error', `calendar part 1: a content line (DESCRIPTION) is longer than ${MAX_LINE_CHARS} characters once unfolded (MAX_LINE_CHARS)`]],
  );
  assert.equal((await w.json(ALICE)).events.length, 1);
  await kept();
});

test('a resource declines a day-long FREQ=SECONDLY or MINUTELY booking, one too dense to check, and a rule that never matches; a plain series is still booked', async () => {
  const w = world();
  const book = (uid: string, rule: string, start = '20261124T100000Z', end = '20261125T100000Z') =>
    w.deliver(
      ROOM,
      cal(
        'REQUEST',
        ...vevent(
          `UID:${uid}`,
          'SEQUENCE:0',
          'DTSTAMP:20261120T080000Z',
          `DTSTART:${start}`,
          `DTEND:${end}`,
          `ORGANIZER:mailto:${ORG}`,
          `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
          rule,
        ),
      ),
      { from: ORG, role: 'resource' },
    );
  for (const [uid, rule, reason] of [
    ['sec', 'RRULE:FREQ=SECONDLY;UNTIL=20261231T000000Z', /86400 steps a day/],
    ['min', 'RRULE:FREQ=MINUTELY', /1440 occurrences a day/],
    ['never', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', /matches no day/],
    ['hourly', 'RRULE:FREQ=HOURLY;UNTIL=20281231T000000Z', /more occurrences in the next two years than this agent checks \(5000\)/],
  ] as const) {
    const out = await book(uid, rule);
    const reply = parsedOut(out.outgoing[0]!);
    assert.equal(attendeeLines(reply.comp)[0]!.partstat, 'DECLINED', uid);
    assert.match(String(out.results[0]!.reason), reason, uid);
  }
  assert.deepEqual(busyLines(await w.freebusy(ROOM, '2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z')), []);
  const weekly = await book('weekly', 'RRULE:FREQ=WEEKLY;COUNT=3', '20261124T100000Z', '20261124T110000Z');
  assert.equal(attendeeLines(parsedOut(weekly.outgoing[0]!).comp)[0]!.partstat, 'ACCEPTED');
});

test(`a mail of more than ${MAX_MESSAGE_LINES} lines (a calendar folded over 3 million) is refused before its MIME tree is built`, async () => {
  const ics = cal('REQUEST', ...vevent('UID:folded-mail', ...head, 'DTSTART:20261202T100000Z', `DESCRIPTION:x${'\r\n x'.repeat(3_000_000)}`));
  const raw = [
    'From: olga@example.com',
    'To: alice@example.test',
    'Subject: x',
    'Message-ID: <f@x>',
    'Content-Type: text/calendar; method=REQUEST',
    '',
    ics,
  ].join('\r\n');
  await assert.rejects(parseRawMessage(raw), new MailError(`message has more than ${MAX_MESSAGE_LINES} lines`));
});

test(`RDATE and EXDATE values of a received calendar are bounded in all too (MAX_RECURRENCE_DATES_RECEIVED, ${MAX_RECURRENCE_DATES_RECEIVED})`, async () => {
  const { w, kept } = await withMeeting();
  const per = 2500;
  const events = (n: number, tag: string) =>
    Array.from({ length: n }, (_, e) =>
      vevent(
        `UID:${tag}-${e}`,
        ...head,
        'DTSTART:20270101T100000Z',
        'DTEND:20270101T110000Z',
        ...Array.from({ length: per }, (_, k) => `RDATE:${new Date(Date.UTC(2027, 0, 2, e) + k * 86_400_000).toISOString().replace(/[-:]|\.\d+/g, '')}`),
      ),
    ).flat();
  const over = await w.deliver(ALICE, cal('REQUEST', ...events(MAX_RECURRENCE_DATES_RECEIVED / per + 1, 'over')), { from: ORG });
  assert.deepEqual(
    over.results.map((r) => [r.action, r.reason]),
    [['error', `calendar part 1: the calendar has more than ${MAX_RECURRENCE_DATES_RECEIVED} RDATE and EXDATE values in all (MAX_RECURRENCE_DATES_RECEIVED)`]],
  );
  assert.deepEqual(over.outgoing, []);
  assert.equal((await w.json(ALICE)).events.length, 1);
  // At the bound, every event is read and stored.
  const at = await w.deliver(ALICE, cal('REQUEST', ...events(MAX_RECURRENCE_DATES_RECEIVED / per, 'at')), { from: ORG });
  assert.deepEqual(
    at.results.map((r) => r.action),
    Array(MAX_RECURRENCE_DATES_RECEIVED / per).fill('stored'),
  );
  await kept();
});

test(`a room asked for 100 series in one message decides ${MAX_AUTOMATIC_MESSAGES}, within MAX_EXPANSION_PER_MESSAGE (${MAX_EXPANSION_PER_MESSAGE}); the rest wait for the owner`, async () => {
  const w = world();
  // 100 series of 1,400 twelve-hourly occurrences, each in a minute of its own: none conflicts.
  const at = (i: number) => new Date(Date.UTC(2026, 11, 1, 1) + i * 60_000).toISOString().replace(/[-:]|\.\d+/g, '');
  const events = Array.from({ length: 100 }, (_, i) =>
    vevent(
      `UID:series-${i}`,
      'SEQUENCE:0',
      'DTSTAMP:20261120T080000Z',
      `DTSTART:${at(i)}`,
      `DTEND:${at(i + 1)}`,
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;CUTYPE=ROOM;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ROOM}`,
      'RRULE:FREQ=HOURLY;INTERVAL=12;COUNT=1400',
    ),
  ).flat();
  const out = await w.deliver(ROOM, cal('REQUEST', ...events), { from: ORG, role: 'resource' });
  const budget = `declined: this message asks for more recurrence work than the agent does for one message (MAX_EXPANSION_PER_MESSAGE, ${MAX_EXPANSION_PER_MESSAGE} occurrences)`;
  const waiting = `stored, not decided: a resource decides at most ${MAX_AUTOMATIC_MESSAGES} bookings per received message (MAX_AUTOMATIC_MESSAGES); kept for the owner`;
  const reasons = out.results.filter((r) => r.method === 'REQUEST').map((r) => r.reason);
  // Each series takes about 2,800 occurrences to decide (its limits, then its conflicts): the
  // first ones are accepted until the budget is spent, the rest of the ten are declined by name.
  const accepted = reasons.lastIndexOf('accepted') + 1;
  assert.ok(accepted > 1 && accepted < MAX_AUTOMATIC_MESSAGES, `accepted ${accepted}`);
  assert.deepEqual(reasons, [
    ...Array(accepted).fill('accepted'),
    ...Array(MAX_AUTOMATIC_MESSAGES - accepted).fill(budget),
    ...Array(100 - MAX_AUTOMATIC_MESSAGES).fill(waiting),
  ]);
  // Every decision is answered, to the verified sender; nothing is booked unanswered.
  assert.equal(out.outgoing.length, MAX_AUTOMATIC_MESSAGES);
  assert.ok(out.outgoing.every((m) => m.to.join() === ORG));
  const end = (i: number) => new Date(Date.UTC(2026, 11, 2, 1) + i * 60_000).toISOString().replace('.000', '');
  assert.deepEqual(busyLines(await w.freebusy(ROOM, '2026-12-02T00:00:00Z', '2026-12-02T12:00:00Z')), [`BUSY 2026-12-02T01:00:00Z/${end(accepted)}`]);
  // The owner finds the undecided ones in the attention queue.
  const queue = (await w.json(ROOM)).queue.filter((q: { kind: string }) => q.kind === 'invitation');
  assert.equal(queue.length, 100 - MAX_AUTOMATIC_MESSAGES);
});
