// Which items of Thunderbird's calendars hold the user's time: busy unless transparent, cancelled
// or declined by the user; the user's TENTATIVE or NEEDS-ACTION is BUSY-TENTATIVE.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, calendars, item, itemIcs } from './fake-source.js';
import { expandEvent } from '../../src/core/ical/recurrence.js';
import { loadStored } from '../../src/core/itip/objects.js';
import { itemCode } from '../../src/core/calendars/rules.js';
import { FBTYPES } from '../../src/core/busy-index.js';
import type { TbItem } from '../../src/thunderbird/calendars.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const lines = (periods: { start: string; end: string; fbtype: string; uid?: string }[]) => periods.map((p) => `${p.fbtype} ${p.start}/${p.end} ${p.uid}`);
const hour = (uid: string, day: number, ...extra: string[]) =>
  item('home', uid, `DTSTART:202611${day}T100000Z`, `DTEND:202611${day}T110000Z`, 'SUMMARY:x', ...extra);
const invited = (partstat: string) => ['ORGANIZER:mailto:olga@example.test', `ATTENDEE;PARTSTAT=${partstat}:mailto:${ALICE}`];

test('each rule: own appointment busy, transparent free, cancelled gone, declined free, tentative and needs-action tentative, accepted busy', () => {
  const { source } = calendars(NOW, {
    home: [
      hour('own', 23),
      hour('transparent', 23, 'TRANSP:TRANSPARENT'),
      hour('cancelled', 23, 'STATUS:CANCELLED'),
      hour('declined', 24, ...invited('DECLINED')),
      hour('tentative', 24, ...invited('TENTATIVE')),
      hour('needs-action', 25, ...invited('NEEDS-ACTION')),
      hour('accepted', 25, ...invited('ACCEPTED')),
      // Someone else's answer says nothing about the user's time.
      hour('others', 26, 'ORGANIZER:mailto:olga@example.test', `ATTENDEE;PARTSTAT=DECLINED:mailto:bob@example.test`),
    ],
  });
  const got = source.periods({ start: at('2026-11-23T00:00:00Z'), end: at('2026-11-27T00:00:00Z') }, NOW.getTime());
  assert.deepEqual(lines(got).sort(), [
    'BUSY 2026-11-23T10:00:00Z/2026-11-23T11:00:00Z own',
    'BUSY 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z accepted',
    'BUSY 2026-11-26T10:00:00Z/2026-11-26T11:00:00Z others',
    'BUSY-TENTATIVE 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z tentative',
    'BUSY-TENTATIVE 2026-11-25T10:00:00Z/2026-11-25T11:00:00Z needs-action',
    'FREE 2026-11-23T10:00:00Z/2026-11-23T11:00:00Z transparent',
    'FREE 2026-11-24T10:00:00Z/2026-11-24T11:00:00Z declined',
  ]);
});

const BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A weekly stand-up at 09:00 Berlin across the end of summer time, one week skipped, one moved, one declined. */
function standup(): TbItem {
  return {
    calendarId: 'work',
    uid: 'standup',
    ics: itemIcs(
      BERLIN,
      [
        'BEGIN:VEVENT',
        'UID:standup',
        'DTSTAMP:20261001T000000Z',
        'DTSTART;TZID=Europe/Berlin:20261012T090000',
        'DTEND;TZID=Europe/Berlin:20261012T093000',
        'RRULE:FREQ=WEEKLY;COUNT=6',
        'EXDATE;TZID=Europe/Berlin:20261026T090000',
        'SUMMARY:Stand-up',
        'ORGANIZER:mailto:olga@example.test',
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
        'END:VEVENT',
      ],
      [
        'BEGIN:VEVENT',
        'UID:standup',
        'DTSTAMP:20261001T000000Z',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261102T090000',
        'DTSTART;TZID=Europe/Berlin:20261102T140000',
        'DTEND;TZID=Europe/Berlin:20261102T143000',
        'SUMMARY:Stand-up (afternoon)',
        'ORGANIZER:mailto:olga@example.test',
        `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ALICE}`,
        'END:VEVENT',
      ],
      [
        'BEGIN:VEVENT',
        'UID:standup',
        'DTSTAMP:20261001T000000Z',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261109T090000',
        'DTSTART;TZID=Europe/Berlin:20261109T090000',
        'DTEND;TZID=Europe/Berlin:20261109T093000',
        'ORGANIZER:mailto:olga@example.test',
        `ATTENDEE;PARTSTAT=DECLINED:mailto:${ALICE}`,
        'END:VEVENT',
      ],
    ),
  };
}

test('a series expands in its own zone across the DST change, with its EXDATE, a moved occurrence and a declined one', () => {
  const { source } = calendars(NOW, { work: [standup()] }, [ALICE], 'America/New_York');
  const got = source.periods({ start: at('2026-10-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z') }, NOW.getTime());
  assert.deepEqual(lines(got), [
    'BUSY 2026-10-12T07:00:00Z/2026-10-12T07:30:00Z standup', // CEST, UTC+2
    'BUSY 2026-10-19T07:00:00Z/2026-10-19T07:30:00Z standup',
    // 26 October: EXDATE
    'BUSY 2026-11-02T13:00:00Z/2026-11-02T13:30:00Z standup', // CET, UTC+1, moved to 14:00
    'FREE 2026-11-09T08:00:00Z/2026-11-09T08:30:00Z standup', // declined this once
    'BUSY 2026-11-16T08:00:00Z/2026-11-16T08:30:00Z standup',
  ]);
});

test('the index is updated item by item: a moved item leaves its old week, a removed one holds nothing', () => {
  const { source, indexes } = calendars(NOW, { home: [hour('a', 23), hour('b', 24)] });
  const week = { start: at('2026-11-23T00:00:00Z'), end: at('2026-12-07T00:00:00Z') };
  indexes.get('home')!.set(item('home', 'a', 'DTSTART:20261203T100000Z', 'DTEND:20261203T120000Z'));
  indexes.get('home')!.remove('b');
  assert.deepEqual(lines(source.periods(week, NOW.getTime())), ['BUSY 2026-12-03T10:00:00Z/2026-12-03T12:00:00Z a']);
  assert.equal(indexes.get('home')!.size, 1);
});

test('the index agrees with expanding every item, inside and beyond its coverage (endless series, far past, long events)', () => {
  const items: TbItem[] = [
    standup(),
    item('mix', 'daily', 'DTSTART;TZID=Europe/Berlin:20200106T080000', 'DTEND;TZID=Europe/Berlin:20200106T083000', 'RRULE:FREQ=DAILY;BYDAY=MO,WE'),
    item('mix', 'yearly', 'DTSTART;VALUE=DATE:19900314', 'DTEND;VALUE=DATE:19900315', 'RRULE:FREQ=YEARLY', 'TRANSP:TRANSPARENT'),
    item('mix', 'long', 'DTSTART:20261101T000000Z', 'DTEND:20280101T000000Z', ...invited('TENTATIVE')),
    item('mix', 'allday', 'DTSTART;VALUE=DATE:20261124', 'DTEND;VALUE=DATE:20261126'),
    item('mix', 'minutely', 'DTSTART:20261124T100000Z', 'DURATION:PT30S', 'RRULE:FREQ=MINUTELY;INTERVAL=7'),
    { calendarId: 'mix', uid: 'broken', ics: 'BEGIN:VCALENDAR\r\nnot a calendar' },
  ].map((i) => ({ ...i, calendarId: 'mix' }));
  const { source } = calendars(NOW, { mix: items });
  const windows = [
    ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z'],
    ['2020-01-01T00:00:00Z', '2020-02-01T00:00:00Z'],
    ['2031-03-10T00:00:00Z', '2031-03-20T00:00:00Z'],
    ['2027-06-01T00:00:00Z', '2027-06-02T00:00:00Z'],
  ];
  for (const [s, e] of windows) {
    const window = { start: at(s!), end: at(e!) };
    const expected: string[] = [];
    for (const i of items) {
      let object;
      try {
        object = loadStored(i.ics, 'Europe/Berlin');
      } catch {
        continue;
      }
      for (const occ of expandEvent(object.master, object.overrides, window, object.ctx, { maxInstances: 2000 }).occurrences) {
        const code = itemCode([ALICE], occ.component, object.master);
        if (code === undefined || occ.end <= window.start || occ.start >= window.end) continue;
        expected.push(
          `${FBTYPES[code]} ${new Date(Math.floor(occ.start / 1000) * 1000).toISOString().replace('.000', '')}/${new Date(Math.floor(occ.end / 1000) * 1000).toISOString().replace('.000', '')} ${i.uid}`,
        );
      }
    }
    assert.ok(expected.length > 0, `the window ${s} holds something`);
    assert.deepEqual(lines(source.periods(window, NOW.getTime())).sort(), expected.sort(), `${s}…${e}`);
  }
  assert.equal(
    source.periods({ start: at('2026-11-23T00:00:00Z'), end: at('2026-11-23T00:00:00Z') + 7 * DAY }, NOW.getTime()).filter((p) => p.uid === 'minutely').length >
      100,
    true,
  );
});
