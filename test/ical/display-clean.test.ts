// cleanForDisplay (src/core/ical/display-clean.ts) against the walk it replaced, kept here as
// written: the same count and the same calendar afterwards, for lines holding bidi formatting and
// control characters in values and names, typed otherwise with VALUE=, or with several values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import fc from 'fast-check';
import { cleanForDisplay } from '../../src/core/ical/display-clean.js';
import { displayLine, displayText, hasUnsafe } from '../../src/core/display.js';

const LINE_VALUES = new Set(['uid', 'summary', 'location', 'organizer', 'attendee']);
const PEOPLE = new Set(['organizer', 'attendee']);

function formerClean(root: ICAL.Component): number {
  let changed = 0;
  const walk = (c: ICAL.Component) => {
    for (const p of c.getAllProperties()) {
      if (LINE_VALUES.has(p.name)) {
        const v = p.getFirstValue();
        if (typeof v === 'string' && hasUnsafe(v)) {
          p.setValue(PEOPLE.has(p.name) ? displayLine(v).replace(/\s+/g, '') : displayLine(v));
          changed++;
        }
      } else if (p.name === 'description') {
        const v = p.getFirstValue();
        if (typeof v === 'string' && displayText(v) !== v) {
          p.setValue(displayText(v));
          changed++;
        }
      }
      if (PEOPLE.has(p.name)) {
        const cn = p.getFirstParameter('cn');
        if (typeof cn === 'string' && hasUnsafe(cn)) {
          p.setParameter('cn', displayLine(cn));
          changed++;
        }
      }
    }
    for (const sub of c.getAllSubcomponents()) walk(sub);
  };
  walk(root);
  return changed;
}

const odd = fc.constantFrom('', 'plain', '\u202e', '\u200f', '\u0007', '\t', ' a  b ', 'ü', '\u2066x\u2069', ',', ';', '\\n');
const text = fc.array(odd, { maxLength: 5 }).map((xs) => xs.join(''));
const NAMES = ['SUMMARY', 'LOCATION', 'UID', 'DESCRIPTION', 'ORGANIZER', 'ATTENDEE', 'COMMENT', 'X-CN'];
const line = fc
  .tuple(fc.constantFrom(...NAMES), text, text, fc.constantFrom('', ';VALUE=TEXT', ';VALUE=INTEGER', ';VALUE=DATE-TIME', ';CN=a,b'), fc.boolean())
  .map(([name, value, cn, param, withCn]) => {
    const v = param === ';VALUE=INTEGER' ? '42' : param === ';VALUE=DATE-TIME' ? '20260302T090000Z' : value.replace(/[\r\n]/g, '');
    const c = withCn ? `;CN="${cn.replace(/["\r\n]/g, '')}"` : '';
    return `${name}${param}${c}:${/^(ORGANIZER|ATTENDEE)$/.test(name) && !param ? `mailto:${v}@x.test` : v}`;
  });

test('cleans what the former walk cleaned, and counts the same', () => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), fc.array(line, { maxLength: 3 }), (lines, alarm) => {
      const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', ...lines, 'BEGIN:VALARM', ...alarm, 'END:VALARM', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
      let a: ICAL.Component;
      try {
        a = new ICAL.Component(ICAL.parse(ics) as unknown[]);
      } catch {
        return; // not a calendar ical.js reads: nothing to clean
      }
      const b = new ICAL.Component(ICAL.parse(ics) as unknown[]);
      assert.equal(cleanForDisplay(a), formerClean(b));
      assert.equal(a.toString(), b.toString());
    }),
    { numRuns: 2000 },
  );
});
