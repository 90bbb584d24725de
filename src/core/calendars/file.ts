// An iCalendar file as a calendar of items (one per UID: the master and its overrides, with the
// VTIMEZONEs they use), the shape Thunderbird's calendars have (TbItem): how the command line
// counts another calendar's events (`--calendar FILE.ics`, an export of any calendar) the way the
// add-on counts Thunderbird's.

import ICAL from 'ical.js';
import type { TbItem } from '../../thunderbird/calendars.js';
import { parseCalendar, serialize } from '../ical/parse.js';
import { newCalendar } from '../itip/objects.js';

/** Most events read from one file (a year of a busy calendar is a few thousand). */
export const MAX_FILE_EVENTS = 100_000;

export function itemsOfCalendarText(text: string, calendarId: string): TbItem[] {
  const { root } = parseCalendar(text);
  const zones = root.getAllSubcomponents('vtimezone');
  const byUid = new Map<string, ICAL.Component[]>();
  for (const ev of root.getAllSubcomponents('vevent').slice(0, MAX_FILE_EVENTS)) {
    const uid = String(ev.getFirstPropertyValue('uid') ?? '');
    if (!uid) continue; // an event without a UID cannot be matched against the store: left out
    const list = byUid.get(uid) ?? (byUid.set(uid, []), byUid.get(uid)!);
    list.push(ev);
  }
  const out: TbItem[] = [];
  for (const [uid, events] of byUid) {
    const cal = newCalendar();
    const used = new Set(events.flatMap((e) => e.getAllProperties().map((p) => String(p.getParameter('tzid') ?? ''))).filter(Boolean));
    for (const z of zones) if (used.has(String(z.getFirstPropertyValue('tzid')))) cal.addSubcomponent(new ICAL.Component(z.toJSON()));
    for (const e of events) cal.addSubcomponent(new ICAL.Component(e.toJSON()));
    out.push({ calendarId, uid, ics: serialize(cal) });
  }
  return out;
}
