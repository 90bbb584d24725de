// The repair pass of src/core/ical/parse.ts against the loop it replaced, kept here as written:
// the same clean text and the same warnings for texts built from what senders damage (leading
// spaces before BEGIN and END, misspelt END:VCALENDAR, spaced RRULE parts, junk and blank lines,
// truncated calendars, letters that case-fold oddly).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { repair, CalendarError, MAX_CALENDAR_LINES } from '../../src/core/ical/parse.js';

const CONTENT_LINE = /^[A-Za-z0-9-]+(;[^:]*)?:/;

function formerRepair(text: string, warnings: string[]): string {
  const unfolded = text
    .replace(/^\uFEFF/, '')
    .replace(/\r+\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/\n[ \t]/g, '');
  const lines: string[] = [];
  let junk = 0;
  let started = false;
  for (const raw of unfolded.split('\n')) {
    const line = raw.replace(/^\s+(?=BEGIN:|END:)/i, '');
    if (!started) {
      if (/^BEGIN:VCALENDAR\s*$/i.test(line.trim())) started = true;
      else continue;
    }
    if (line.trim() === '') continue;
    if (!CONTENT_LINE.test(line)) {
      junk++;
      continue;
    }
    if (/^END:VCALENDAR\w+\s*$/i.test(line)) {
      lines.push('END:VCALENDAR');
      warnings.push('repaired a misspelt END:VCALENDAR');
      continue;
    }
    if (/^(RRULE|EXRULE)[;:]/i.test(line)) {
      lines.push(line.replace(/,\s+/g, ',').replace(/;\s+/g, ';'));
      continue;
    }
    lines.push(line);
    if (lines.length > MAX_CALENDAR_LINES) throw new CalendarError(`calendar has more than ${MAX_CALENDAR_LINES} lines`);
  }
  if (junk) warnings.push(`${junk} unreadable line(s) skipped`);
  // A missing final END (truncated mail) is closed for the reader, with a warning.
  const begins = lines.filter((l) => /^BEGIN:/i.test(l)).length;
  const ends = lines.filter((l) => /^END:/i.test(l)).length;
  if (begins > ends && begins - ends <= 4) {
    const open: string[] = [];
    for (const l of lines) {
      if (/^BEGIN:/i.test(l)) open.push(l.slice(6).trim());
      else if (/^END:/i.test(l)) open.pop();
    }
    while (open.length) lines.push(`END:${open.pop()}`);
    warnings.push('calendar was truncated: closed its open components');
  }
  return lines.join('\r\n') + '\r\n';
}

const lines = [
  'BEGIN:VCALENDAR',
  'begin:vcalendar  ',
  '  BEGIN:VEVENT',
  '\u00a0END:VEVENT',
  'END:VEVENT',
  'end:vevent',
  'END:VCALENDARD',
  'END:VCALENDAR',
  'RRULE:FREQ=WEEKLY; BYDAY=MO, TU',
  'exrule;X=1:FREQ=DAILY,  COUNT=2',
  'SUMMARY:a, b; c',
  'ſUMMARY:x',
  'ÉND:VEVENT',
  'junk without colon',
  '   ',
  '',
  '\t',
  'X-A;B="c:d":e',
  ' folded continuation',
  'BEGIN:VALARM',
  'ATTENDEE;CN=x:mailto:y',
];
const breaks = ['\r\n', '\n', '\r', '\r\r\n', '\r\n ', '\n\t', '\r\r', '\r ', '\n\r ', '\r\r \r\n', '\n\n\t'];
const text = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.constantFrom(...lines), fc.constantFrom(...breaks)), { maxLength: 25 }))
  .map(([bom, ls]) => (bom ? '\uFEFF' : '') + ls.map(([l, b]) => l + b).join(''));

test('repair gives what the former loop gave: the same text, the same warnings', () => {
  fc.assert(
    fc.property(text, (t) => {
      const a: string[] = [];
      const b: string[] = [];
      assert.equal(repair(t, a), formerRepair(t, b));
      assert.deepEqual(a, b);
    }),
    { numRuns: 3000 },
  );
  const many = 'BEGIN:VCALENDAR\r\n' + 'X:1\r\n'.repeat(MAX_CALENDAR_LINES + 1);
  assert.throws(() => repair(many, []), CalendarError);
  assert.throws(() => formerRepair(many, []), CalendarError);
});
