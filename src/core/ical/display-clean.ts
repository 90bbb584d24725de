// What the agent shows and sends of a calendar it read — UIDs, summaries, locations, the names
// (CN) and addresses of organisers and attendees — cleaned once, where every calendar is read
// (parseCalendar, also for stored events), so no view, CLI output or outgoing message can carry
// a bidi override or a control character from a stranger (core/display.ts says why).

import ICAL from 'ical.js';
import { displayLine, displayText, hasUnsafe } from '../display.js';

const LINE_VALUES = new Set(['uid', 'summary', 'location', 'organizer', 'attendee']);
const PEOPLE = new Set(['organizer', 'attendee']);

/** Cleans the component tree in place; returns how many values or names were changed. */
export function cleanForDisplay(root: ICAL.Component): number {
  let changed = 0;
  const walk = (c: ICAL.Component) => {
    for (const p of c.getAllProperties()) {
      if (LINE_VALUES.has(p.name)) {
        const v = p.getFirstValue();
        if (typeof v === 'string' && hasUnsafe(v)) {
          // An address has no spaces; a text value becomes one clean line.
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
