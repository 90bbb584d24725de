// The management page's views: the calendar grid, an event's page, attention, import, prefs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as engine from '../../src/core/engine.js';
import * as views from '../../src/core/views/index.js';
import { world, cal, vevent } from '../engine/harness.js';

const ALICE = 'alice@example.test';
const ORG = 'organizer@example.com';
const BOB = 'bob@example.test';

const weekly = (...extra: string[]) =>
  cal(
    'REQUEST',
    ...vevent(
      'UID:weekly@example.com',
      'SEQUENCE:0',
      'DTSTAMP:20250701T080000Z',
      'DTSTART;TZID=Europe/Berlin:20250714T100000',
      'DTEND;TZID=Europe/Berlin:20250714T110000',
      'RRULE:FREQ=WEEKLY;BYDAY=MO',
      'EXDATE;TZID=Europe/Berlin:20250721T100000',
      'SUMMARY:Weekly',
      `ORGANIZER;CN=Olga:mailto:${ORG}`,
      `ATTENDEE;CN=Alice;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      `ATTENDEE;CN=Bob;ROLE=OPT-PARTICIPANT;CUTYPE=INDIVIDUAL;PARTSTAT=ACCEPTED;DELEGATED-FROM="mailto:carol@example.test":mailto:${BOB}`,
      ...extra,
    ),
  );

test('the calendar expands a series in range, leaves out EXDATEs, marks cancelled occurrences and what needs attention', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.deliver(ALICE, weekly(), { from: ORG });
  const cancelOne = cal(
    'CANCEL',
    ...vevent(
      'UID:weekly@example.com',
      'SEQUENCE:1',
      'DTSTAMP:20250702T080000Z',
      'RECURRENCE-ID;TZID=Europe/Berlin:20250728T100000',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
      'STATUS:CANCELLED',
    ),
  );
  await w.deliver(ALICE, cancelOne, { from: ORG });
  const grid = await w.run((tx) => views.calendarRange(tx, w.opts(ALICE), { start: '2025-07-14T00:00:00Z', end: '2025-08-05T00:00:00Z' }));
  assert.deepEqual(
    grid.map((o) => [o.recurrenceId, o.start, o.end, o.status, o.partstat, o.attention, o.recurring]),
    [
      ['2025-07-14T08:00:00Z', '2025-07-14T08:00:00Z', '2025-07-14T09:00:00Z', 'CONFIRMED', 'NEEDS-ACTION', true, true],
      ['2025-07-28T08:00:00Z', '2025-07-28T08:00:00Z', '2025-07-28T09:00:00Z', 'CANCELLED', 'NEEDS-ACTION', true, true],
      ['2025-08-04T08:00:00Z', '2025-08-04T08:00:00Z', '2025-08-04T09:00:00Z', 'CONFIRMED', 'NEEDS-ACTION', true, true],
    ],
  );
  assert.equal(grid[0]!.summary, 'Weekly');
  assert.equal(grid[0]!.relation, 'attendee');
  // Answering takes the invitation off the attention list; the cancellation stays until dismissed.
  await w.run((tx) => engine.respond(tx, w.opts(ALICE), { uid: 'weekly@example.com', partstat: 'ACCEPTED' }));
  const attention = await w.run((tx) => views.attentionList(tx, w.opts(ALICE)));
  assert.deepEqual(
    attention.map((a) => [a.kind, a.uid, a.recurrenceId, a.from, a.summary]),
    [['cancel', 'weekly@example.com', '2025-07-28T08:00:00Z', ORG, 'Weekly']],
  );
  const after = await w.run((tx) => views.calendarRange(tx, w.opts(ALICE), { start: '2025-07-14T00:00:00Z', end: '2025-08-05T00:00:00Z' }));
  assert.deepEqual(
    after.map((o) => o.attention),
    [false, true, false],
  );
  await w.run((tx) => views.dismissAttention(tx, w.opts(ALICE), attention[0]!.id));
  assert.deepEqual(await w.run((tx) => views.attentionList(tx, w.opts(ALICE))), []);
  await assert.rejects(
    w.run((tx) => views.dismissAttention(tx, w.opts(ALICE), attention[0]!.id)),
    /no item/,
  );
  await assert.rejects(
    w.run((tx) => views.calendarRange(tx, w.opts(ALICE), { start: '2025-08-01T00:00:00Z', end: '2025-07-01T00:00:00Z' })),
    /not after its start/,
  );
});

test('an event view has the zone, rule, people with their roles, and one occurrence by its RECURRENCE-ID', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.deliver(ALICE, weekly('CATEGORIES:Team,Weekly', 'TRANSP:OPAQUE'), { from: ORG });
  const view = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'weekly@example.com')))!;
  assert.equal(view.tzid, 'Europe/Berlin');
  assert.equal(view.rrule, 'FREQ=WEEKLY;BYDAY=MO');
  assert.deepEqual(view.exdates, ['2025-07-21T08:00:00Z']);
  assert.deepEqual(view.categories, ['Team', 'Weekly']);
  assert.deepEqual(view.organizer, { address: ORG, name: 'Olga' });
  assert.deepEqual(view.attendees[1], {
    address: BOB,
    name: 'Bob',
    role: 'OPT-PARTICIPANT',
    cutype: 'INDIVIDUAL',
    partstat: 'ACCEPTED',
    comment: null,
    delegatedTo: null,
    delegatedFrom: 'carol@example.test',
    isUser: false,
  });
  assert.equal(view.partstat, 'NEEDS-ACTION');
  assert.equal(view.attachments.length, 0);
  const one = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'weekly@example.com', '2025-08-04T08:00:00Z')))!;
  assert.deepEqual([one.recurrenceId, one.start, one.end], ['2025-08-04T08:00:00Z', '2025-08-04T08:00:00Z', '2025-08-04T09:00:00Z']);
  assert.equal(await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'weekly@example.com', '2025-08-05T08:00:00Z')), null, 'no occurrence on a Tuesday');
  assert.equal(await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'nothing@example.com')), null);
});

test('hostile text comes out as the same text: HTML in SUMMARY and DESCRIPTION is never interpreted, X-ALT-DESC is reduced to text', async () => {
  const w = world('2025-07-01T08:00:00Z');
  const summary = '<img src=x onerror=alert(1)> & <script>alert("x")</script>';
  const ics = cal(
    'REQUEST',
    ...vevent(
      'UID:hostile@example.com',
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      `SUMMARY:${summary}`,
      'DESCRIPTION:<b>bold</b>\\nsecond line\\, with <a href="javascript:alert(1)">a link</a>',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE;CN="<i>Alice</i>":mailto:${ALICE}`,
    ),
  );
  await w.deliver(ALICE, ics, { from: ORG });
  const view = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'hostile@example.com')))!;
  assert.equal(view.summary, summary);
  assert.equal(view.description, '<b>bold</b>\nsecond line, with <a href="javascript:alert(1)">a link</a>');
  assert.equal(view.attendees[0]!.name, '<i>Alice</i>');

  const outlook = cal(
    'REQUEST',
    ...vevent(
      'UID:alt@example.com',
      'DTSTAMP:20250701T080000Z',
      'DTSTART:20250714T090000Z',
      'DTEND:20250714T100000Z',
      'SUMMARY:Outlook',
      'X-ALT-DESC;FMTTYPE=text/html:<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>Agenda &amp; notes</p><p>Item&nbsp;1<br>Item 2 &lt;b&gt;</p></body></html>',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
  );
  await w.deliver(ALICE, outlook, { from: ORG });
  const alt = (await w.run((tx) => views.eventView(tx, w.opts(ALICE), 'alt@example.com')))!;
  assert.equal(alt.description, 'Agenda & notes\nItem 1\nItem 2 <b>');
});

test('an event page lists overrides, counters, history and, for the organiser, the draft', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), {
      ics: cal(null, ...vevent('UID:own@example.test', 'DTSTART:20250714T090000Z', 'DTEND:20250714T100000Z', 'SUMMARY:Own', `ATTENDEE:mailto:${BOB}`)),
    }),
  );
  const counter = cal(
    'COUNTER',
    ...vevent(
      'UID:own@example.test',
      'DTSTAMP:20250702T080000Z',
      'DTSTART:20250715T090000Z',
      'DTEND:20250715T100000Z',
      `ORGANIZER:mailto:${ALICE}`,
      `ATTENDEE:mailto:${BOB}`,
      'COMMENT:Tuesday?',
    ),
  );
  await w.deliver(ALICE, counter, { from: BOB });
  const detail = (await w.run((tx) => views.eventDetail(tx, w.opts(ALICE), 'own@example.test')))!;
  assert.equal(detail.event.relation, 'organizer');
  assert.deepEqual(detail.counters, [
    {
      from: BOB,
      recurrenceId: null,
      direction: 'received',
      status: 'pending',
      proposed: { start: '2025-07-15T09:00:00Z', end: '2025-07-15T10:00:00Z' },
      comment: 'Tuesday?',
      received: '2025-07-01T08:00:00.000Z',
    },
  ]);
  assert.deepEqual(
    detail.history.map((h) => [h.method, h.action]),
    [['REQUEST', 'sent']],
  );
  assert.equal(detail.draft?.summary, 'Own');
  assert.deepEqual(
    detail.draft?.attendees.map((a) => a.address),
    [BOB],
  );

  // A pending counter asks for attention until decided; dismissing it keeps it undecided.
  const attention = await w.run((tx) => views.attentionList(tx, w.opts(ALICE)));
  assert.deepEqual(
    attention.map((a) => [a.id, a.kind, a.from]),
    [[`counter:own@example.test||${BOB}`, 'counter', BOB]],
  );
  await w.run((tx) => views.dismissAttention(tx, w.opts(ALICE), attention[0]!.id));
  assert.deepEqual(await w.run((tx) => views.attentionList(tx, w.opts(ALICE))), []);
  const still = (await w.run((tx) => views.eventDetail(tx, w.opts(ALICE), 'own@example.test')))!;
  assert.equal(still.counters[0]!.status, 'pending');
  const invited = (await w.run(async (tx) => {
    await engine.handleMessage(
      tx,
      {
        replyTo: [],
        to: [{ address: BOB }],
        cc: [],
        from: { address: ALICE },
        messageId: 'x@y',
        calendarParts: [{ contentType: 'text/calendar', path: '1', text: weekly().replace(`mailto:${ORG}`, `mailto:${ALICE}`) }],
      },
      w.opts(BOB),
    );
    return views.eventDetail(tx, w.opts(BOB), 'weekly@example.com');
  }))!;
  assert.equal(invited.draft, null, 'only the organiser edits');
});

test('importing a .ics stores each good event and names each bad one', async () => {
  const w = world('2025-07-01T08:00:00Z');
  await w.run((tx) =>
    engine.invite(tx, w.opts(ALICE), { ics: cal(null, ...vevent('UID:taken@example.test', 'DTSTART:20250714T090000Z', 'DTEND:20250714T100000Z')) }),
  );
  const file = cal(
    null,
    ...vevent('UID:mine@example.test', 'DTSTART:20250720T090000Z', 'DTEND:20250720T100000Z', 'SUMMARY:Mine'),
    ...vevent(
      'UID:theirs@example.test',
      'DTSTART:20250721T090000Z',
      'DTEND:20250721T100000Z',
      'SUMMARY:Theirs',
      `ORGANIZER:mailto:${ORG}`,
      `ATTENDEE:mailto:${ALICE}`,
    ),
    ...vevent('DTSTART:20250722T090000Z', 'DTEND:20250722T100000Z', 'SUMMARY:No UID'),
    ...vevent('UID:broken@example.test', 'DTSTART:20251399T090000Z', 'SUMMARY:Broken'),
    ...vevent('UID:nostart@example.test', 'SUMMARY:No start'),
    ...vevent('UID:taken@example.test', 'DTSTART:20250723T090000Z'),
    'BEGIN:VTODO',
    'UID:todo@example.test',
    'END:VTODO',
  );
  const result = await w.run((tx) => views.importIcs(tx, w.opts(ALICE), file));
  assert.equal(result.imported, 3);
  assert.deepEqual(result.errors, [
    'event broken@example.test (Broken): its DTSTART 2025-13-99T09:00:00Z is not a real date or time',
    'event nostart@example.test (No start): it has no DTSTART',
    'event taken@example.test: an event with this UID is already in the calendar',
    '1 VTODO(s) not imported: only events (VEVENT) are',
  ]);
  const relations = await w.run(async (tx) => Object.fromEntries((await tx.user(ALICE).listEvents()).map((e) => [e.uid, e.relation])));
  assert.equal(relations['mine@example.test'], 'organizer');
  assert.equal(relations['theirs@example.test'], 'observer');
  assert.equal(Object.values(relations).filter((r) => r === 'organizer').length, 3, "the event without UID got one and is the user's");
  const busy = await w.run((tx) => views.busyRange(tx, w.opts(ALICE), { start: '2025-07-20T00:00:00Z', end: '2025-07-21T00:00:00Z' }));
  assert.deepEqual(
    busy.map((b) => b.summary),
    ['Mine'],
    'imported events count in free/busy at once',
  );
  assert.deepEqual(await w.run((tx) => views.importIcs(tx, w.opts(ALICE), 'not a calendar')), {
    imported: 0,
    errors: ['not iCalendar data (no BEGIN:VCALENDAR)'],
  });
});

test('preference metadata lists every preference with its group, default and allowed values', () => {
  const meta = views.prefMeta();
  const byName = Object.fromEntries(meta.map((m) => [m.name, m]));
  assert.deepEqual(byName.freebusy_sharing, {
    name: 'freebusy_sharing',
    help: 'answer free/busy requests',
    default: 'no',
    values: ['share', 'no'],
    group: 'engine',
  });
  assert.deepEqual(byName.TZID!.values, null);
  assert.equal(byName.TZID!.default, 'UTC');
  assert.deepEqual(byName.recurrence_conflicts, {
    name: 'recurrence_conflicts',
    help: byName.recurrence_conflicts!.help,
    default: 'decline',
    values: ['decline', 'partial'],
    group: 'resource',
  });
  assert.equal(byName.working_hours!.group, 'resource');
  assert.equal(byName.working_hours!.values, null);
  // Preference names are a contract (README): every one listed, in its group, none missing or extra.
  assert.deepEqual(
    meta.map((m) => `${m.group}:${m.name}`).sort(),
    [
      ...[
        'TZID',
        'CN',
        'participating',
        'freebusy_sharing',
        'freebusy_bundling',
        'freebusy_messages',
        'freebusy_offers',
        'add_method_response',
        'event_refreshing',
        'organiser_replacement',
        'counter_as_request',
        'party_crashers',
        'trusted_relays',
        'trusted_authserv_ids',
      ].map((n) => `engine:${n}`),
      ...[
        'scheduling_function',
        'permitted_times',
        'working_hours',
        'acl',
        'delegates',
        'quota',
        'quota_group',
        'quota_limits',
        'recurrence_conflicts',
        'indefinite_recurrence',
        'permitted_frequencies',
        'max_periods',
        'max_duration',
        'max_horizon',
      ].map((n) => `resource:${n}`),
    ].sort(),
  );
});

// No timing here (speed figures belong in bench/): the guard is the test's timeout. A quadratic
// reading of 400,000 characters of openings is some 10^11 steps — hours — so it fails by timing
// out; the one-pass reader answers in milliseconds. Each answer is checked exactly, with text after
// the hostile run, so a reader that gave up early (or returned nothing) fails too.
test('HTML reduced to text is read in one pass on hostile markup, and exactly', { timeout: 30_000 }, async () => {
  const { htmlToText, MAX_TEXT } = await import('../../src/core/views/text.js');
  assert.equal(htmlToText('<p>a<br/>b</p><!-- x --><div>c &lt;d&gt; &#x263A; &#0;</div><script>e</script>f<style'), 'a\nb\nc <d> ☺\nf');
  const hostile: [string, string][] = [
    ['<'.repeat(399_000) + '>x', 'x'],
    ['<script>'.repeat(49_000) + '</script>after', 'after'],
    ['<!--'.repeat(99_000) + '-->after', 'after'],
    [`${'<a '.repeat(130_000)}>text`, 'text'],
    ['<b>x</b>'.repeat(50_000), 'x'.repeat(50_000)],
    // Past MAX_TEXT * 4 characters the rest is not read at all: the text after it never appears.
    ['<'.repeat(MAX_TEXT * 4) + '>late', ''],
  ];
  for (const [input, text] of hostile) assert.equal(htmlToText(input), text, `${input.slice(0, 12)}… (${input.length} characters)`);
  assert.equal(htmlToText(`${'<a '.repeat(10)}>text`), 'text');
});
