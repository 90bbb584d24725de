// The prescan (src/core/ical/prescan.ts) against the loop it replaced, kept here as written: the
// same refusals, with the same reasons, for texts built from the lines that matter to it (RDATE,
// EXDATE and ATTACH lines with many values, BEGIN lines, folds, every kind of line break, and
// letters that upper-case into several ASCII letters).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { prescanCalendar, MAX_LINE_CHARS, MAX_PHYSICAL_LINES, MAX_RECURRENCE_DATES, MAX_RECURRENCE_DATES_RECEIVED } from '../../src/core/ical/prescan.js';

const CR = 13;
const LF = 10;
class Refusal extends Error {}

function former(text: string, received: boolean): string | undefined {
  try {
    formerScan(text, received ? MAX_RECURRENCE_DATES_RECEIVED : Infinity);
    return undefined;
  } catch (e) {
    if (e instanceof Refusal) return e.message;
    throw e;
  }
}

function formerScan(text: string, maxTotal: number): void {
  let physical = 0;
  let total = 0; // RDATE and EXDATE values of the whole text
  let rdates = 0;
  let exdates = 0;
  let start = 0; // where the current content line begins
  let length = 0; // its unfolded length so far
  let kind = 'other' as 'rdate' | 'exdate' | 'attach' | 'other';
  let values = 0;
  const begin = (at: number) => {
    start = at;
    length = 0;
    values = 1;
    const head = text.slice(at, at + 7).toUpperCase();
    kind = /^RDATE[;:]/.test(head) ? 'rdate' : /^EXDATE[;:]/.test(head) ? 'exdate' : /^ATTACH[;:]/.test(head) ? 'attach' : 'other';
    if (/^BEGIN:/.test(head)) rdates = exdates = 0; // counted per component
  };
  const end = () => {
    if ((kind === 'rdate' || kind === 'exdate') && (total += values) > maxTotal)
      throw new Refusal(`the calendar has more than ${maxTotal} RDATE and EXDATE values in all (MAX_RECURRENCE_DATES_RECEIVED)`);
    if (kind === 'rdate' && (rdates += values) > MAX_RECURRENCE_DATES)
      throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} RDATE values (MAX_RECURRENCE_DATES)`);
    if (kind === 'exdate' && (exdates += values) > MAX_RECURRENCE_DATES)
      throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} EXDATE values (MAX_RECURRENCE_DATES)`);
  };
  begin(0);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) {
      if (++length > MAX_LINE_CHARS && kind !== 'attach')
        throw new Refusal(`a content line${nameAt(text, start)} is longer than ${MAX_LINE_CHARS} characters once unfolded (MAX_LINE_CHARS)`);
      if (c === 44 && (kind === 'rdate' || kind === 'exdate')) {
        values++;
        // One line alone past the bound is refused here, before the rest of it is read.
        if ((kind === 'rdate' ? rdates : exdates) + values > MAX_RECURRENCE_DATES) end();
      }
      continue;
    }
    // A line break, as the reader takes it: CR+LF, CRs before an LF, or a lone CR or LF.
    while (text.charCodeAt(i + 1) === CR) i++;
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (++physical > MAX_PHYSICAL_LINES) throw new Refusal(`calendar has more than ${MAX_PHYSICAL_LINES} lines before unfolding (MAX_PHYSICAL_LINES)`);
    const next = text.charCodeAt(i + 1);
    if (next === 32 || next === 9) {
      i++; // a fold: the line goes on
      continue;
    }
    end();
    begin(i + 1);
  }
  end();
}

function nameAt(text: string, at: number): string {
  const name = /^[A-Za-z0-9-]{1,40}/.exec(text.slice(at, at + 40))?.[0];
  return name ? ` (${name.toUpperCase()})` : '';
}

const heads = [
  'RDATE:',
  'rdate;VALUE=DATE:',
  'EXDATE:',
  'exDate;TZID=X:',
  'ATTACH:',
  'attach;X=1:',
  'BEGIN:VEVENT',
  'begin:x',
  'END:VEVENT',
  'SUMMARY:',
  'ſUMMARY:',
  'ẚTTACH:',
  'ﬀ:',
  'RDATEX:',
  'RDATE',
  ' RDATE:',
  '',
];
const breaks = ['\r\n', '\n', '\r', '\r\r\n', '\r\n ', '\n\t', ''];
const line = fc.tuple(
  fc.constantFrom(...heads),
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(',', ',,,,', 'a,b,c')),
  fc.nat(3500),
  fc.constantFrom(...breaks),
);
const text = fc
  .array(line, { maxLength: 12 })
  .map((lines) => lines.map(([h, body, commas, br]) => h + body + ','.repeat(commas % 7 === 0 ? commas : commas % 40) + br).join(''));

test('prescan refuses exactly what the former loop refused, with the same reasons', () => {
  fc.assert(
    fc.property(text, fc.boolean(), (t, received) => {
      assert.equal(prescanCalendar(t, { received }), former(t, received));
    }),
    { numRuns: 1500 },
  );
  const big = [
    `BEGIN:VEVENT\r\nRDATE:${'1,'.repeat(MAX_RECURRENCE_DATES)}\r\nEND:VEVENT\r\n`,
    `BEGIN:VEVENT\r\nEXDATE:${'1,'.repeat(MAX_RECURRENCE_DATES / 2)}\r\n ${'1,'.repeat(MAX_RECURRENCE_DATES / 2)}\r\nEND:VEVENT\r\n`,
    `BEGIN:VEVENT\r\nDESCRIPTION:${'x'.repeat(MAX_LINE_CHARS + 1)}\r\n`,
    `ATTACH:${'x'.repeat(MAX_LINE_CHARS + 1)}\r\n`,
    'X:\n'.repeat(MAX_PHYSICAL_LINES + 1),
    `BEGIN:A\r\n${`RDATE:${'1,'.repeat(2500)}\r\nBEGIN:B\r\n`.repeat(5)}`,
  ];
  for (const t of big) for (const received of [false, true]) assert.equal(prescanCalendar(t, { received }), former(t, received));
});
