// Describing stored events for people and programs: the shared readers behind `show --json`
// (actions/queries.ts) and the add-on's view models (core/views).

import ICAL from 'ical.js';
import type { CounterRecord } from '../types.js';
import type { Component } from './model.js';
import type { EventObject } from './objects.js';
import { parseCalendar } from '../ical/parse.js';
import { isoUtc, toInstant, zoneContext } from '../ical/tz.js';

/** Start and end of a component as ISO UTC instants (dates read in the object's user zone). */
export function when(c: Component, object: Pick<EventObject, 'ctx'>): { start?: string; end?: string; allDay: boolean } {
  const s = c.getFirstPropertyValue('dtstart');
  if (!(s instanceof ICAL.Time)) return { allDay: false };
  const start = toInstant(s, object.ctx);
  const e = c.getFirstPropertyValue('dtend');
  const d = c.getFirstPropertyValue('duration');
  let end = start + (s.isDate ? 86400000 : 0);
  if (e instanceof ICAL.Time) end = toInstant(e, object.ctx);
  else if (d instanceof ICAL.Duration) end = start + d.toSeconds() * 1000;
  return { start: isoUtc(start), end: isoUtc(end), allDay: s.isDate };
}

/** The period a counter-proposal proposes (its VEVENT's DTSTART/DTEND), when it is readable. */
export function counterProposal(c: Pick<CounterRecord, 'uid' | 'ics'>, zone: string): { start?: string; end?: string } {
  try {
    const { root } = parseCalendar(c.ics);
    const ev = root.getFirstSubcomponent('vevent');
    if (ev) {
      const w = when(ev, { ctx: zoneContext(root, zone) });
      return { ...(w.start ? { start: w.start } : {}), ...(w.end ? { end: w.end } : {}) };
    }
  } catch {
    // A damaged counter record still lists who proposed and when.
  }
  return {};
}
