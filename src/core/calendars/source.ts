// What the engine is handed of Thunderbird's calendars (EngineOptions.calendars): the calendars
// that count as busy for the user, read through an index each. Data, not a bridge: the engine
// never calls Thunderbird; the background keeps these up to date (src/background/calendars.ts).

import type { TbItem } from '../../thunderbird/calendars.js';
import type { Window } from '../busy-index.js';
import type { CalendarIndex, CalendarPeriod } from './index.js';

export interface CalendarInfo {
  id: string;
  name: string;
  color: string | null;
}

export interface CalendarSource {
  /** The calendars counted, in the order their items win when one UID is in several. */
  readonly calendars: readonly CalendarInfo[];
  /** Every period of their items inside the window (FREE for items shown but not blocking). */
  periods(window: Window, nowMs: number): CalendarPeriod[];
  item(calendarId: string, uid: string): TbItem | undefined;
}

/** A source over the indexes of some calendars. */
export function indexSource(entries: { info: CalendarInfo; index: CalendarIndex }[]): CalendarSource {
  const byId = new Map(entries.map((e) => [e.info.id, e.index]));
  return {
    calendars: entries.map((e) => e.info),
    periods: (window, nowMs) => entries.flatMap((e) => e.index.periods(window, nowMs)),
    item: (calendarId, uid) => byId.get(calendarId)?.get(uid),
  };
}
