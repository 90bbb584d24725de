// The user's real calendars (Thunderbird's local, CalDAV, Google… calendars) as the background
// sees them: one typed interface over the privileged `calendar` Experiment (src/experiment/calendar),
// shaped like the calendar APIs drafted for Thunderbird (`calendar.calendars`, `calendar.items`),
// so that a built-in API can replace the Experiment without touching the background.
//
// Everything crosses as plain data: an item is iCalendar text (one VCALENDAR holding the master
// VEVENT and its overrides, with the VTIMEZONEs it uses); the engine parses and expands it itself.

/** One of Thunderbird's calendars. */
export interface TbCalendar {
  /** Thunderbird's calendar id (the `calendar.registry.<id>` key). */
  id: string;
  name: string;
  /** Provider type: `storage` (local), `caldav`, `ics`, `gdata`, … */
  type: string;
  /** CSS colour as Thunderbird stores it (`#rrggbb`), or null. */
  color: string | null;
  readOnly: boolean;
  disabled: boolean;
  /** The mail identity this calendar schedules for (`imip.identity.key`, e.g. `id1`), or null. */
  identityKey: string | null;
}

/** One item (event) of a calendar: the master and its overrides as one VCALENDAR text. */
export interface TbItem {
  calendarId: string;
  /** The UID of the event. */
  uid: string;
  /** `BEGIN:VCALENDAR … END:VCALENDAR` with the VEVENT master (and RECURRENCE-ID overrides). */
  ics: string;
}

/** What the observer (calIObserver) reports: an item added, modified or removed. */
export type TbItemChange =
  | { kind: 'created' | 'updated'; item: TbItem }
  | { kind: 'removed'; calendarId: string; uid: string }
  /** The calendar's items changed wholesale (a sync, a reload, a calendar added or removed): read it again. */
  | { kind: 'reset'; calendarId: string };

export interface TbCalendarBridge {
  listCalendars(): Promise<TbCalendar[]>;
  /**
   * Items of one calendar that have an occurrence between `rangeStart` and `rangeEnd` (ISO 8601
   * UTC; either may be omitted for an open end), as masters with their overrides, never expanded.
   */
  queryItems(calendarId: string, rangeStart?: string, rangeEnd?: string): Promise<TbItem[]>;
  getItem(calendarId: string, uid: string): Promise<TbItem | null>;
  /** Adds the event of `ics` (one VCALENDAR with one VEVENT UID); fails when the UID exists there. */
  createItem(calendarId: string, ics: string): Promise<TbItem>;
  /** Replaces the item of that UID with the event of `ics` (the same UID). */
  updateItem(calendarId: string, ics: string): Promise<TbItem>;
  removeItem(calendarId: string, uid: string): Promise<void>;
  /** Thunderbird's calendar time zone (`calendar.timezone.local`; the system zone when that says so), an IANA name. */
  getTimezone(): Promise<string>;
  /** Called for every change of an item in any calendar, and when the calendar time zone changes. */
  onItemChanged(listener: (change: TbItemChange) => void): void;
  onTimezoneChanged(listener: (zone: string) => void): void;
}
