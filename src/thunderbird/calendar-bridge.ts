// TbCalendarBridge (calendars.ts) over the calendar Experiment (`messenger.calendar`,
// src/experiment/calendar). Thin: it renames the draft API's fields to the contract's and adds no
// rule of its own; the Experiment validates every input on the privileged side.
import type { TbCalendar, TbCalendarBridge, TbItem, TbItemChange } from './calendars.js';

type Items = typeof messenger.calendar.items;
type Listener<F> = { addListener(listener: F): void };
type Handler<E> = E extends WebExtEvent<infer F> ? F : never;

/** The part of `messenger.calendar` the bridge uses (the Experiment's surface, or a fake of it). */
export interface CalendarApi {
  calendars: Pick<typeof messenger.calendar.calendars, 'query'>;
  items: Pick<Items, 'query' | 'get' | 'create' | 'update' | 'remove'> & {
    onCreated: Listener<Handler<Items['onCreated']>>;
    onUpdated: Listener<Handler<Items['onUpdated']>>;
    onRemoved: Listener<Handler<Items['onRemoved']>>;
    onReset: Listener<Handler<Items['onReset']>>;
  };
  timezones: Pick<typeof messenger.calendar.timezones, 'getCurrentZone'> & {
    onUpdated: Listener<Handler<typeof messenger.calendar.timezones.onUpdated>>;
  };
}

function toCalendar(c: messenger.calendar.calendars.Calendar): TbCalendar {
  return { id: c.id, name: c.name, type: c.type, color: c.color ?? null, readOnly: c.readOnly, disabled: !c.enabled, identityKey: c.identityKey ?? null };
}

function toItem(i: messenger.calendar.items.CalendarItem): TbItem {
  return { calendarId: i.calendarId, uid: i.id, ics: i.item };
}

/** The UID of the one event of `ics` (the Experiment checks that there is exactly one). */
function uidOf(ics: string): string {
  const unfolded = ics.replace(/\r?\n[ \t]/g, '');
  const m = /^UID(?:;[^:\r\n]*)?:(.*?)\r?$/m.exec(unfolded);
  if (!m) throw new Error('calendar bridge: the event has no UID');
  return m[1]!;
}

export function calendarBridge(api: CalendarApi): TbCalendarBridge {
  return {
    async listCalendars() {
      return (await api.calendars.query()).map(toCalendar);
    },
    async queryItems(calendarId, rangeStart, rangeEnd) {
      const options: { calendarId: string; rangeStart?: string; rangeEnd?: string } = { calendarId };
      if (rangeStart !== undefined) options.rangeStart = rangeStart;
      if (rangeEnd !== undefined) options.rangeEnd = rangeEnd;
      return (await api.items.query(options)).map(toItem);
    },
    async getItem(calendarId, uid) {
      const found = await api.items.get(calendarId, uid);
      return found ? toItem(found) : null;
    },
    async createItem(calendarId, ics) {
      return toItem(await api.items.create(calendarId, { format: 'ical', item: ics }));
    },
    async updateItem(calendarId, ics) {
      return toItem(await api.items.update(calendarId, uidOf(ics), { format: 'ical', item: ics }));
    },
    async removeItem(calendarId, uid) {
      await api.items.remove(calendarId, uid);
    },
    getTimezone() {
      return api.timezones.getCurrentZone();
    },
    onItemChanged(listener: (change: TbItemChange) => void) {
      api.items.onCreated.addListener((item) => listener({ kind: 'created', item: toItem(item) }));
      api.items.onUpdated.addListener((item) => listener({ kind: 'updated', item: toItem(item) }));
      api.items.onRemoved.addListener((calendarId, uid) => listener({ kind: 'removed', calendarId, uid }));
      api.items.onReset.addListener((calendarId) => listener({ kind: 'reset', calendarId }));
    },
    onTimezoneChanged(listener: (zone: string) => void) {
      api.timezones.onUpdated.addListener(listener);
    },
  };
}
