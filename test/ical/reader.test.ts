// The reader of src/core/ical/reader.ts against ical.js's `ICAL.parse`, which it stands in for:
// the same jCal (deeply equal, prototypes included) or the same error, for generated calendars —
// known and unknown properties in any case, parameters quoted and not, holding `:` `;` `,` and
// RFC 6868 `^` escapes, repeated and multi-valued parameters, VALUE= overrides, text escapes,
// empty values, folds at any place (inside a surrogate pair too), LF or CRLF, several roots, odd
// structure — and for every calendar the fixtures and the bench have, as received and as stored.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import fc from 'fast-check';
import { readIcal, readIcalLines } from '../../src/core/ical/reader.js';
import { parseCalendar, repair, repairLines, serialize } from '../../src/core/ical/parse.js';
import { parseRawMessage } from '../../src/core/mime/raw.js';
import { calendarEvents, imipCorpus } from '../../bench/corpus.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60) * 10;

/** The value, or the error's name and message. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Both readings of `text` as it arrives (repaired) and as written, against ICAL.parse's. */
function same(text: string, note = text): void {
  assert.deepStrictEqual(
    outcome(() => readIcal(text)),
    outcome(() => ICAL.parse(text)),
    note,
  );
  const lines = outcome(() => repairLines(text, []));
  if ('value' in (lines as object)) {
    const repaired = (lines as { value: string[] }).value;
    assert.deepStrictEqual(
      outcome(() => readIcalLines(repaired)),
      outcome(() => ICAL.parse(repair(text, []))),
      note,
    );
  }
}

// ---- generated calendars ----

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
const chars = (alphabet: string[], maxLength = 12) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength });

const PLAIN = [...'aZ09 -_.@/+=', 'ü', '€', '😀'];
const SPECIAL = [':', ';', ',', '\\', '^', "'", 'n', '"', '=', '\t', '\\n', '\\,', '\\;', '\\\\', '^^', "^'", '^n', '\\N', '/', 'T'];
const text = chars([...PLAIN, ...SPECIAL]);
const safeText = chars([...PLAIN, ':', ';', ',', '\\', '^', "'", '=', '^^', "^'", '^n', '\\,', '\\n']);

const caseOf = (name: string) => fc.constantFrom(name, name.toUpperCase(), name.slice(0, 1).toUpperCase() + name.slice(1));

const PROPERTY_NAMES = [
  'summary',
  'description',
  'location',
  'uid',
  'dtstart',
  'dtend',
  'dtstamp',
  'due',
  'recurrence-id',
  'rrule',
  'exrule',
  'exdate',
  'rdate',
  'attendee',
  'organizer',
  'categories',
  'resources',
  'geo',
  'request-status',
  'freebusy',
  'trigger',
  'duration',
  'tzoffsetfrom',
  'tzoffsetto',
  'sequence',
  'priority',
  'percent-complete',
  'url',
  'attach',
  'class',
  'status',
  'transp',
  'method',
  'version',
  'tzid',
  'x-custom',
  'x-wr-calname',
  'x-microsoft-cdo-busystatus',
  'iana-prop',
  'constructor',
  'x_under',
  'grp.x-item',
  'ümlaut',
];
const PARAM_NAMES = [
  'cn',
  'role',
  'partstat',
  'rsvp',
  'cutype',
  'delegated-to',
  'delegated-from',
  'member',
  'sent-by',
  'dir',
  'value',
  'tzid',
  'related',
  'fmttype',
  'encoding',
  'language',
  'altrep',
  'x-param',
  'x-num-guests',
  'constructor',
  '1',
  'x_u',
];
const TYPES = [
  'text',
  'date',
  'date-time',
  'duration',
  'period',
  'recur',
  'utc-offset',
  'integer',
  'float',
  'boolean',
  'uri',
  'cal-address',
  'binary',
  'time',
  'x-odd',
  'TEXT',
  'Date-Time',
  '',
];

const VALUES = fc.oneof(
  pick('20260302T090000', '20260302T090000Z', '20260302', '2026030', '20260302T0900', '19700101T000000Z'),
  pick('20260302T090000Z/PT1H', '20260302T090000Z/20260302T100000Z', '20260302/P1D'),
  pick('PT15M', '-PT15M', 'P1DT2H', 'P2W', '+PT0S'),
  pick('FREQ=WEEKLY;BYDAY=MO,WE', 'FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU', 'FREQ=DAILY;COUNT=5;INTERVAL=2', 'BYDAY=-1SU;FREQ=YEARLY;BYMONTH=3'),
  pick(
    'FREQ=MONTHLY;UNTIL=20261231T000000Z;BYMONTHDAY=1,15,1',
    'FREQ=WEEKLY;WKST=SU;X-NAME=Y;BYSETPOS=-1',
    'FREQ=BOGUS',
    'FREQ=DAILY;BYDAY=XX',
    'FREQ=DAILY;FOO',
  ),
  pick('+0100', '-0530', '+013045', '0100'),
  pick('0', '42', '-3', 'x', '1.5', 'TRUE', 'FALSE', '52.5;13.4', '2.0;Success;extra\\;data', 'a,b\\,c,d'),
  pick('mailto:anna@example.test', 'MAILTO:Bob@Example.Test', 'https://example.test/a;b,c', 'SGVsbG8='),
  pick('', ' ', 'VEVENT'),
  text,
);

const paramValue = fc.oneof(
  { weight: 6, arbitrary: safeText.map((v) => v.replace(/[";:]/g, '')) },
  { weight: 4, arbitrary: safeText.map((v) => `"${v.replace(/"/g, '')}"`) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        safeText.map((v) => `"${v.replace(/"/g, '')}"`),
        { minLength: 2, maxLength: 3 },
      )
      .map((vs) => vs.join(',')),
  },
  { weight: 1, arbitrary: text }, // anything: quotes and delimiters where ical.js reads them oddly
);

const paramName = fc.oneof({ weight: 300, arbitrary: fc.constantFrom(...PARAM_NAMES).chain(caseOf) }, { weight: 1, arbitrary: fc.constant('') });
const listed = fc.constantFrom('delegated-to', 'DELEGATED-FROM', 'Member');
const quotedList = fc
  .array(
    safeText.map((v) => `"${v.replace(/"/g, '')}"`),
    { minLength: 1, maxLength: 3 },
  )
  .map((vs) => vs.join(','));
const param = fc.oneof(
  { weight: 1, arbitrary: fc.tuple(listed, quotedList).map(([name, value]) => `${name}=${value}`) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(paramName, paramValue, fc.integer({ min: 0, max: 9 }))
      .map(([name, value, odd]) => (name === 'value' && odd < 6 ? `VALUE=${value.length % 2 ? 'DATE' : 'TEXT'}` : `${name}=${value}`)),
  },
);
const valueParam = fc.constantFrom(...TYPES).map((t) => `VALUE=${t}`);

const propertyLine = fc
  .tuple(
    fc.constantFrom(...PROPERTY_NAMES).chain(caseOf),
    fc.array(fc.oneof({ weight: 4, arbitrary: param }, { weight: 1, arbitrary: valueParam }), { maxLength: 4 }),
    VALUES,
    fc.integer({ min: 0, max: 49 }),
  )
  .map(([name, params, value, odd]) => {
    const head = [name, ...params].join(';');
    if (odd === 0) return `${head}${value}`; // no ':' after the parameters, perhaps none at all
    if (odd === 1) return `${head};:${value}`;
    if (odd === 2) return `${head}:${value} `; // a trailing space
    return `${head}:${value}`;
  });

type Tree = { name: string; lines: string[]; subs: Tree[] };
const component = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({
    name:
      depth === 0 ? fc.constantFrom('VCALENDAR', 'vcalendar', 'VCalendar') : fc.constantFrom('VEVENT', 'VALARM', 'VTIMEZONE', 'STANDARD', 'X-THING', 'vtodo'),
    lines: fc.array(propertyLine, { maxLength: 4 }),
    subs: depth >= 2 ? fc.constant([]) : fc.array(component(depth + 1), { maxLength: 2 }),
  });

function lines(t: Tree): string[] {
  return [`BEGIN:${t.name}`, ...t.lines, ...t.subs.flatMap(lines), `END:${t.name}`];
}

/** Structural oddities ical.js reads its own way: the reader must hand these to it. */
const ODD = [
  'END:VEVENT', // an END too many, or at the top
  'BEGIN:VCARD',
  'BEGIN;X=1:VEVENT',
  'END;X=1:VEVENT',
  'X-OUTSIDE:1',
  'no delimiter at all',
  ':empty name',
  'BEGIN:',
  '   ',
];

const calendarText = fc
  .tuple(
    fc.array(component(0), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ODD)), { maxLength: 1 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('\r\n ', '\r\n\t', '\n ', '\r\n  ')), { maxLength: 8 }),
    fc.constantFrom('\r\n', '\n', '\r\n', '\r\r\n'),
    fc.integer({ min: 0, max: 9 }),
  )
  .map(([roots, odd, folds, eol, shape]) => {
    const all = roots.flatMap(lines);
    if (shape === 0) for (const [at, line] of odd) all.splice(at % (all.length + 1), 0, line);
    if (shape === 1 && odd.length) all.pop(); // the last END missing
    let body = all.join(eol) + (shape === 2 ? '' : eol);
    // Folds anywhere, inside a surrogate pair or a CRLF too.
    for (const [at, fold] of folds) {
      const i = at % (body.length + 1);
      body = body.slice(0, i) + fold + body.slice(i);
    }
    if (shape === 3) body = '  \t' + body;
    if (shape === 4) body = body + '\r\n\r\n   ';
    return body;
  });

/** Counts the lines the reader hands to ical.js's own `parse.property` while `run` runs. */
function handedOn(run: () => void): number {
  const parser = ICAL.parse as unknown as { property: (...args: unknown[]) => unknown };
  const own = parser.property;
  let count = 0;
  parser.property = (...args) => {
    count++;
    return own(...args);
  };
  try {
    run();
  } finally {
    parser.property = own;
  }
  return count;
}

test('reads generated calendars exactly as ICAL.parse does (jCal or error)', () => {
  let read = 0;
  let refused = 0;
  let lines = 0;
  const slow = handedOn(() =>
    fc.assert(
      fc.property(calendarText, (text) => {
        same(text);
        if ('value' in (outcome(() => ICAL.parse(text)) as object)) read++;
        else refused++;
        lines += text.split('\n').length;
      }),
      { numRuns: RUNS },
    ),
  );
  // Both outcomes must be common, and most lines read by the reader itself, or the property says little.
  assert.ok(read > RUNS / 4 && refused > RUNS / 20, `${read} read, ${refused} refused`);
  assert.ok(slow < lines / 4, `${slow} of ${lines} lines handed to ical.js`);
});

test('reads every kind of line ical.js reads, one at a time inside a calendar', () => {
  fc.assert(
    fc.property(fc.array(propertyLine, { minLength: 1, maxLength: 3 }), (props) => {
      same(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...props, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
    }),
    { numRuns: RUNS * 2 },
  );
});

test('reads the hand-picked shapes as ICAL.parse does', () => {
  const body = [
    'SUMMARY:Grüße\\, Kollegen\\; mit \\\\ und \\n und \\N',
    'DESCRIPTION;LANGUAGE=de:Zeile\\neins',
    'ATTENDEE;CN="Müller, Anna: Chefin; Büro";PARTSTAT=NEEDS-ACTION:mailto:anna@example.test',
    "ATTENDEE;CN=Quote ^'here^' caret ^^ newline ^n;RSVP=TRUE:mailto:b@example.test",
    'ATTENDEE;DELEGATED-TO="mailto:a@example.test","mailto:b:c@example.test";MEMBER="mailto:list@x":mailto:c@x',
    'ATTENDEE;MEMBER=mailto:one@x;MEMBER="mailto:two@x","mailto:three@x":mailto:d@x',
    'ATTENDEE;CN=A\\, B;CN=second:mailto:e@x',
    'ATTENDEE;CN="a\\\\,b:c":mailto:f@x',
    'ATTENDEE;CN="x\\\\:":mailto:g@x', // ical.js looks for the value's ':' from the unescaped length
    'ORGANIZER;CN="x";SENT-BY="mailto:s@x":mailto:o@x',
    'DTSTART;TZID=Europe/Berlin:20260302T090000',
    'DTSTART;VALUE=DATE:20260302',
    'DTEND;VALUE=date-time:20260302',
    'RDATE;VALUE=PERIOD:20260310T090000Z/PT1H,20260311T090000Z/20260311T100000Z',
    'RDATE;VALUE=DATE:20260310T090000Z,20260311',
    'RDATE:',
    'EXDATE:20260316T090000,20260317T090000',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,MO,TU;UNTIL=20261231',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,MO,TU;UNTIL=20261231',
    'CATEGORIES:ONE,TWO\\,THREE,',
    'GEO:52.5;13.4',
    'REQUEST-STATUS:2.0;Success',
    'X-EMPTY:',
    'X-TEXT;VALUE=TEXT:a\\,b',
    'X-RAW:a\\,b',
    'X-DT;VALUE=DATE-TIME:20260302T090000',
    'X-REC;VALUE=RECUR:FREQ=DAILY',
    'TRIGGER;VALUE=DATE-TIME:20260302T080000Z',
    'TRIGGER;RELATED=END:-PT15M',
    'FREEBUSY;FBTYPE=BUSY:20260302T080000Z/PT1H,20260302T120000Z/20260302T130000Z',
    'TZOFFSETFROM:+0200',
    'SEQUENCE:x',
    'CONSTRUCTOR:1',
    'X-P;CONSTRUCTOR=1:2',
    'X-P;1=a;2=b:3',
  ];
  same(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...body, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n'));
  same(['BEGIN:VCALENDAR', 'END:VCALENDAR', 'BEGIN:VCALENDAR', 'METHOD:REQUEST', 'END:VCALENDAR'].join('\n'));
  same('BEGIN:VCALENDAR\r\nSUMMARY:a\r\n b\r\n\tc😀'.slice(0, -1) + '\r\n \ude00\r\nEND:VCALENDAR');
  for (const odd of ['', '   ', '\r\n', 'BEGIN:VEVENT\r\nEND:VEVENT', 'X:1', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR']) same(odd);
});

// ---- calendars the tests and the bench have ----

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('reads every calendar of the fixtures as ICAL.parse does, as received and as stored', async () => {
  let calendars = 0;
  for (const path of files(FIXTURES)) {
    const texts: string[] = [];
    if (path.endsWith('.ics')) texts.push(readFileSync(path, 'utf8'));
    if (path.endsWith('.eml')) for (const part of (await parseRawMessage(readFileSync(path))).calendarParts) texts.push(part.text);
    for (const text of texts) {
      same(text, path);
      const read = outcome(() => parseCalendar(text));
      if ('value' in (read as object)) same(serialize((read as { value: { root: ICAL.Component } }).value.root), path);
      calendars++;
    }
  }
  assert.ok(calendars >= 15, `${calendars} calendars`);
});

test("reads the bench corpus's calendars as ICAL.parse does, as received and as stored", () => {
  const corpus = imipCorpus(20261122, 300);
  for (const ics of [...corpus.messages.map((m) => m.ics), ...corpus.organised]) {
    same(ics);
    same(serialize(parseCalendar(ics).root));
  }
  let stored = 0;
  for (const event of calendarEvents(7, { events: 400, recurring: 40, endlessShare: 0.25, fromYear: 2020 })) {
    same(event.ics);
    stored++;
  }
  assert.equal(stored, 400);
});
