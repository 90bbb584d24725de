// What the agent shows and sends of a calendar it read — UIDs, summaries, locations, the names
// (CN) and addresses of organisers and attendees — cleaned once, where every calendar is read
// (parseCalendar, also for stored events), so no view, CLI output or outgoing message can carry
// a bidi override or a control character from a stranger (core/display.ts says why).

import ICAL from 'ical.js';
import { displayLine, displayText, hasUnsafe, hasUnsafeText } from '../display.js';

const LINE_VALUES = new Set(['uid', 'summary', 'location', 'organizer', 'attendee']);
const PEOPLE = new Set(['organizer', 'attendee']);

/** Cleans the component tree in place; returns how many values or names were changed. */
export function cleanForDisplay(root: ICAL.Component): number {
  let changed = 0;
  const walk = (c: ICAL.Component) => {
    // Most lines are clean as written: their jCal is read without building ical.js's property
    // objects for every line of every calendar read. A line that may need cleaning goes through
    // them (its value read as ical.js decorates it).
    const lines = (c.toJSON() as unknown[])[1] as unknown[][];
    let props: ICAL.Property[] | undefined;
    for (let i = 0; i < lines.length; i++) {
      if (cleanAsWritten(lines[i]!)) continue;
      props ??= c.getAllProperties();
      changed += cleanProperty(props[i]!);
    }
    for (const sub of c.getAllSubcomponents()) walk(sub);
  };
  walk(root);
  return changed;
}

/** Whether cleanProperty would change nothing in this jCal property. */
function cleanAsWritten(line: unknown[]): boolean {
  const name = line[0] as string;
  const value = line[3];
  if (LINE_VALUES.has(name) && value !== undefined && (typeof value !== 'string' || hasUnsafe(value))) return false;
  if (name === 'description' && value !== undefined && (typeof value !== 'string' || hasUnsafeText(value))) return false;
  if (PEOPLE.has(name)) {
    const cn = (line[1] as Record<string, unknown>).cn;
    if (cn !== undefined && (typeof cn !== 'string' || hasUnsafe(cn))) return false;
  }
  return true;
}

function cleanProperty(p: ICAL.Property): number {
  let changed = 0;
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
  return changed;
}
