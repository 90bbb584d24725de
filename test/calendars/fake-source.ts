// Thunderbird's calendars as the engine sees them, for tests: items written as iCalendar text,
// put into one CalendarIndex per calendar (as the background's cache does).

import { CalendarIndex } from '../../src/core/calendars/index.js';
import { indexSource, type CalendarSource } from '../../src/core/calendars/source.js';
import type { TbItem } from '../../src/thunderbird/calendars.js';

export const ALICE = 'alice@example.test';

/** One item's VCALENDAR: the given VEVENTs (master and overrides) and optional VTIMEZONE lines. */
export function itemIcs(...components: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN', ...components.flat(), 'END:VCALENDAR', ''].join('\r\n');
}

export function item(calendarId: string, uid: string, ...lines: string[]): TbItem {
  return { calendarId, uid, ics: itemIcs(['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20261101T000000Z', ...lines, 'END:VEVENT']) };
}

export interface FakeCalendars {
  source: CalendarSource;
  indexes: Map<string, CalendarIndex>;
}

/** Calendars by id with their items; `zone` is Thunderbird's calendar zone. */
export function calendars(now: Date, byCalendar: Record<string, TbItem[]>, addresses: string[] = [ALICE], zone = 'Europe/Berlin'): FakeCalendars {
  const indexes = new Map<string, CalendarIndex>();
  const entries = Object.entries(byCalendar).map(([id, items]) => {
    const index = new CalendarIndex(id, addresses, zone, now.getTime());
    for (const i of items) index.set(i);
    indexes.set(id, index);
    return { info: { id, name: `Calendar ${id}`, color: '#3366cc' }, index };
  });
  return { source: indexSource(entries), indexes };
}
