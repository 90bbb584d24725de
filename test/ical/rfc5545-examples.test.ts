// Every recurrence example of RFC 5545 §3.8.5.3, DTSTART in America/New_York as in the RFC,
// expanded by our recurrence code and compared with the dates the RFC lists. test/run.mjs runs
// this with the process in UTC and again in America/Los_Angeles: the host zone must not matter.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { parseCalendar } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { expandEvent } from '../../src/core/ical/recurrence.js';

const NY = 'America/New_York';

/** "YYYY-MM-DD" dates at one local time → "YYYY-MM-DD HH:MM" strings. */
function at(time: string, ...dates: string[]): string[] {
  return dates.map((d) => `${d} ${time}`);
}
/** Days of one month. */
function days(ym: string, ...ds: number[]): string[] {
  return ds.map((d) => `${ym}-${String(d).padStart(2, '0')}`);
}
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

interface Case {
  name: string;
  dtstart: string;
  rule: string;
  extra?: string[];
  /** The RFC's dates, in order; for endless rules the first ones it lists. */
  expect: string[];
  /** True when the RFC's list is the whole set. */
  complete: boolean;
  /** Window end for endless rules. */
  until?: string;
}

const NINE = '09:00';
const cases: Case[] = [
  {
    name: 'daily for 10 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=DAILY;COUNT=10',
    expect: at(NINE, ...days('1997-09', ...range(2, 11))),
    complete: true,
  },
  {
    name: 'daily until December 24, 1997',
    dtstart: '19970902T090000',
    rule: 'FREQ=DAILY;UNTIL=19971224T000000Z',
    expect: at(
      NINE,
      ...days('1997-09', ...range(2, 30)),
      ...days('1997-10', ...range(1, 31)),
      ...days('1997-11', ...range(1, 30)),
      ...days('1997-12', ...range(1, 23)),
    ),
    complete: true,
  },
  {
    name: 'every other day, forever',
    dtstart: '19970902T090000',
    rule: 'FREQ=DAILY;INTERVAL=2',
    expect: at(NINE, ...days('1997-09', 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), ...days('1997-10', 2, 4)),
    complete: false,
    until: '1997-10-05',
  },
  {
    name: 'every 10 days, 5 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=DAILY;INTERVAL=10;COUNT=5',
    expect: at(NINE, ...days('1997-09', 2, 12, 22), ...days('1997-10', 2, 12)),
    complete: true,
  },
  ...['FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA', 'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1'].map((rule) => ({
    name: `every day in January, for 3 years (${rule.split(';')[0]})`,
    dtstart: '19980101T090000',
    rule,
    expect: at(NINE, ...days('1998-01', ...range(1, 31)), ...days('1999-01', ...range(1, 31)), ...days('2000-01', ...range(1, 31))),
    complete: true,
  })),
  {
    name: 'weekly for 10 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=WEEKLY;COUNT=10',
    expect: at(NINE, ...days('1997-09', 2, 9, 16, 23, 30), ...days('1997-10', 7, 14, 21, 28), ...days('1997-11', 4)),
    complete: true,
  },
  {
    name: 'weekly until December 24, 1997',
    dtstart: '19970902T090000',
    rule: 'FREQ=WEEKLY;UNTIL=19971224T000000Z',
    expect: at(
      NINE,
      ...days('1997-09', 2, 9, 16, 23, 30),
      ...days('1997-10', 7, 14, 21, 28),
      ...days('1997-11', 4, 11, 18, 25),
      ...days('1997-12', 2, 9, 16, 23),
    ),
    complete: true,
  },
  {
    name: 'every other week, forever',
    dtstart: '19970902T090000',
    rule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU',
    expect: at(
      NINE,
      ...days('1997-09', 2, 16, 30),
      ...days('1997-10', 14, 28),
      ...days('1997-11', 11, 25),
      ...days('1997-12', 9, 23),
      ...days('1998-01', 6, 20),
      ...days('1998-02', 3, 17),
    ),
    complete: false,
    until: '1998-02-20',
  },
  ...['FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH', 'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH'].map((rule) => ({
    name: `weekly on Tuesday and Thursday for five weeks (${rule.includes('COUNT') ? 'COUNT' : 'UNTIL'})`,
    dtstart: '19970902T090000',
    rule,
    expect: at(NINE, ...days('1997-09', 2, 4, 9, 11, 16, 18, 23, 25, 30), ...days('1997-10', 2)),
    complete: true,
  })),
  {
    name: 'every other week on Monday, Wednesday, Friday until December 24, 1997',
    dtstart: '19970901T090000',
    rule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    expect: at(
      NINE,
      ...days('1997-09', 1, 3, 5, 15, 17, 19, 29),
      ...days('1997-10', 1, 3, 13, 15, 17, 27, 29, 31),
      ...days('1997-11', 10, 12, 14, 24, 26, 28),
      ...days('1997-12', 8, 10, 12, 22),
    ),
    complete: true,
  },
  {
    name: 'every other week on Tuesday and Thursday, for 8 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    expect: at(NINE, ...days('1997-09', 2, 4, 16, 18, 30), ...days('1997-10', 2, 14, 16)),
    complete: true,
  },
  {
    name: 'monthly on the first Friday for 10 occurrences',
    dtstart: '19970905T090000',
    rule: 'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    expect: at(
      NINE,
      '1997-09-05',
      '1997-10-03',
      '1997-11-07',
      '1997-12-05',
      '1998-01-02',
      '1998-02-06',
      '1998-03-06',
      '1998-04-03',
      '1998-05-01',
      '1998-06-05',
    ),
    complete: true,
  },
  {
    name: 'monthly on the first Friday until December 24, 1997',
    dtstart: '19970905T090000',
    rule: 'FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR',
    expect: at(NINE, '1997-09-05', '1997-10-03', '1997-11-07', '1997-12-05'),
    complete: true,
  },
  {
    name: 'every other month on the first and last Sunday, for 10 occurrences',
    dtstart: '19970907T090000',
    rule: 'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    expect: at(
      NINE,
      '1997-09-07',
      '1997-09-28',
      '1997-11-02',
      '1997-11-30',
      '1998-01-04',
      '1998-01-25',
      '1998-03-01',
      '1998-03-29',
      '1998-05-03',
      '1998-05-31',
    ),
    complete: true,
  },
  {
    name: 'monthly on the second-to-last Monday for 6 months',
    dtstart: '19970922T090000',
    rule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    expect: at(NINE, '1997-09-22', '1997-10-20', '1997-11-17', '1997-12-22', '1998-01-19', '1998-02-16'),
    complete: true,
  },
  {
    name: 'monthly on the third-to-the-last day, forever',
    dtstart: '19970928T090000',
    rule: 'FREQ=MONTHLY;BYMONTHDAY=-3',
    expect: at(NINE, '1997-09-28', '1997-10-29', '1997-11-28', '1997-12-29', '1998-01-29', '1998-02-26'),
    complete: false,
    until: '1998-03-01',
  },
  {
    name: 'monthly on the 2nd and 15th for 10 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    expect: at(
      NINE,
      '1997-09-02',
      '1997-09-15',
      '1997-10-02',
      '1997-10-15',
      '1997-11-02',
      '1997-11-15',
      '1997-12-02',
      '1997-12-15',
      '1998-01-02',
      '1998-01-15',
    ),
    complete: true,
  },
  {
    name: 'monthly on the first and last day for 10 occurrences',
    dtstart: '19970930T090000',
    rule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    expect: at(
      NINE,
      '1997-09-30',
      '1997-10-01',
      '1997-10-31',
      '1997-11-01',
      '1997-11-30',
      '1997-12-01',
      '1997-12-31',
      '1998-01-01',
      '1998-01-31',
      '1998-02-01',
    ),
    complete: true,
  },
  {
    name: 'every 18 months on the 10th thru 15th, 10 occurrences',
    dtstart: '19970910T090000',
    rule: 'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    expect: at(NINE, ...days('1997-09', ...range(10, 15)), ...days('1999-03', ...range(10, 13))),
    complete: true,
  },
  {
    name: 'every Tuesday, every other month',
    dtstart: '19970902T090000',
    rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU',
    expect: at(
      NINE,
      ...days('1997-09', 2, 9, 16, 23, 30),
      ...days('1997-11', 4, 11, 18, 25),
      ...days('1998-01', 6, 13, 20, 27),
      ...days('1998-03', 3, 10, 17, 24, 31),
    ),
    complete: false,
    until: '1998-04-01',
  },
  {
    name: 'yearly in June and July for 10 occurrences',
    dtstart: '19970610T090000',
    rule: 'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    expect: at(NINE, ...[1997, 1998, 1999, 2000, 2001].flatMap((y) => [`${y}-06-10`, `${y}-07-10`])),
    complete: true,
  },
  {
    name: 'every other year on January, February, and March for 10 occurrences',
    dtstart: '19970310T090000',
    rule: 'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    expect: at(NINE, '1997-03-10', ...[1999, 2001, 2003].flatMap((y) => [`${y}-01-10`, `${y}-02-10`, `${y}-03-10`])),
    complete: true,
  },
  {
    name: 'every third year on the 1st, 100th, and 200th day for 10 occurrences',
    dtstart: '19970101T090000',
    rule: 'FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200',
    expect: at(
      NINE,
      '1997-01-01',
      '1997-04-10',
      '1997-07-19',
      '2000-01-01',
      '2000-04-09',
      '2000-07-18',
      '2003-01-01',
      '2003-04-10',
      '2003-07-19',
      '2006-01-01',
    ),
    complete: true,
  },
  {
    name: 'every 20th Monday of the year, forever',
    dtstart: '19970519T090000',
    rule: 'FREQ=YEARLY;BYDAY=20MO',
    expect: at(NINE, '1997-05-19', '1998-05-18', '1999-05-17'),
    complete: false,
    until: '1999-12-31',
  },
  {
    name: 'Monday of week number 20, forever',
    dtstart: '19970512T090000',
    rule: 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
    expect: at(NINE, '1997-05-12', '1998-05-11', '1999-05-17'),
    complete: false,
    until: '1999-12-31',
  },
  {
    name: 'every Thursday in March, forever',
    dtstart: '19970313T090000',
    rule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=TH',
    expect: at(NINE, ...days('1997-03', 13, 20, 27), ...days('1998-03', 5, 12, 19, 26), ...days('1999-03', 4, 11, 18, 25)),
    complete: false,
    until: '1999-12-31',
  },
  {
    name: 'every Thursday, but only during June, July, and August, forever',
    dtstart: '19970605T090000',
    rule: 'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8',
    expect: at(
      NINE,
      ...days('1997-06', 5, 12, 19, 26),
      ...days('1997-07', 3, 10, 17, 24, 31),
      ...days('1997-08', 7, 14, 21, 28),
      ...days('1998-06', 4, 11, 18, 25),
      ...days('1998-07', 2, 9, 16, 23, 30),
      ...days('1998-08', 6, 13, 20, 27),
      ...days('1999-06', 3, 10, 17, 24),
      ...days('1999-07', 1, 8, 15, 22, 29),
      ...days('1999-08', 5, 12, 19, 26),
    ),
    complete: false,
    until: '1999-12-31',
  },
  {
    name: 'every Friday the 13th, forever (with EXDATE of DTSTART)',
    dtstart: '19970902T090000',
    rule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    extra: ['EXDATE;TZID=America/New_York:19970902T090000'],
    expect: at(NINE, '1998-02-13', '1998-03-13', '1998-11-13', '1999-08-13', '2000-10-13'),
    complete: false,
    until: '2000-12-31',
  },
  {
    name: 'the first Saturday that follows the first Sunday of the month, forever',
    dtstart: '19970913T090000',
    rule: 'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13',
    expect: at(
      NINE,
      '1997-09-13',
      '1997-10-11',
      '1997-11-08',
      '1997-12-13',
      '1998-01-10',
      '1998-02-07',
      '1998-03-07',
      '1998-04-11',
      '1998-05-09',
      '1998-06-13',
    ),
    complete: false,
    until: '1998-06-30',
  },
  {
    name: 'every 4 years, the first Tuesday after a Monday in November (U.S. election day)',
    dtstart: '19961105T090000',
    rule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    expect: at(NINE, '1996-11-05', '2000-11-07', '2004-11-02'),
    complete: false,
    until: '2004-12-31',
  },
  {
    name: 'the third instance of Tuesday, Wednesday, or Thursday, for the next 3 months',
    dtstart: '19970904T090000',
    rule: 'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    expect: at(NINE, '1997-09-04', '1997-10-07', '1997-11-06'),
    complete: true,
  },
  {
    name: 'the second-to-last weekday of the month',
    dtstart: '19970929T090000',
    rule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
    expect: at(NINE, '1997-09-29', '1997-10-30', '1997-11-27', '1997-12-30', '1998-01-29', '1998-02-26', '1998-03-30'),
    complete: false,
    until: '1998-03-31',
  },
  // The RFC writes UNTIL=19970902T170000Z (13:00 EDT) yet lists 15:00 EDT: a known erratum. The
  // intended end, 5:00 PM EDT, is 21:00Z.
  {
    name: 'every 3 hours from 9:00 AM to 5:00 PM on a specific day',
    dtstart: '19970902T090000',
    rule: 'FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z',
    expect: ['1997-09-02 09:00', '1997-09-02 12:00', '1997-09-02 15:00'],
    complete: true,
  },
  {
    name: 'every 15 minutes for 6 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=MINUTELY;INTERVAL=15;COUNT=6',
    expect: ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15'].map((t) => `1997-09-02 ${t}`),
    complete: true,
  },
  {
    name: 'every hour and a half for 4 occurrences',
    dtstart: '19970902T090000',
    rule: 'FREQ=MINUTELY;INTERVAL=90;COUNT=4',
    expect: ['09:00', '10:30', '12:00', '13:30'].map((t) => `1997-09-02 ${t}`),
    complete: true,
  },
  ...['FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40', 'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16'].map((rule) => ({
    name: `every 20 minutes from 9:00 AM to 4:40 PM every day (${rule.split(';')[0]})`,
    dtstart: '19970902T090000',
    rule,
    expect: ['1997-09-02', '1997-09-03'].flatMap((d) => range(9, 16).flatMap((h) => ['00', '20', '40'].map((m) => `${d} ${String(h).padStart(2, '0')}:${m}`))),
    complete: false,
    until: '1997-09-03T23:59:00',
  })),
  {
    name: 'WKST=MO changes the result (vs WKST=SU)',
    dtstart: '19970805T090000',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
    expect: at(NINE, '1997-08-05', '1997-08-10', '1997-08-19', '1997-08-24'),
    complete: true,
  },
  {
    name: 'WKST=SU',
    dtstart: '19970805T090000',
    rule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
    expect: at(NINE, '1997-08-05', '1997-08-17', '1997-08-19', '1997-08-31'),
    complete: true,
  },
  {
    name: 'an invalid date (February 30) is ignored',
    dtstart: '20070115T090000',
    rule: 'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5',
    expect: at(NINE, '2007-01-15', '2007-01-30', '2007-02-15', '2007-03-15', '2007-03-30'),
    complete: true,
  },
];

function expand(c: Case): string[] {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Test//EN',
    'BEGIN:VEVENT',
    'UID:rfc',
    'DTSTAMP:19970901T130000Z',
    `DTSTART;TZID=${NY}:${c.dtstart}`,
    'DURATION:PT30M',
    `RRULE:${c.rule}`,
    ...(c.extra ?? []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const { root } = parseCalendar(ics);
  const ctx = zoneContext(root, 'UTC');
  const start = DateTime.fromISO(c.dtstart.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/, '$1-$2-$3T$4:$5:$6'), { zone: NY }).toMillis();
  const end = c.until ? DateTime.fromISO(c.until, { zone: NY }).toMillis() : start + 20 * 366 * 86400000;
  const { occurrences } = expandEvent(root.getFirstSubcomponent('vevent')!, [], { start, end }, ctx);
  return occurrences.map((o) => DateTime.fromMillis(o.start, { zone: NY }).toFormat('yyyy-MM-dd HH:mm'));
}

for (const c of cases) {
  test(`RFC 5545 §3.8.5.3: ${c.name}`, () => {
    const got = expand(c);
    if (c.complete) assert.deepEqual(got, c.expect);
    else assert.deepEqual(got.slice(0, c.expect.length), c.expect);
  });
}
