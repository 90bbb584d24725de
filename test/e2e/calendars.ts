// Thunderbird's own calendars in a test profile: the `calendar.registry.<id>.*` prefs that declare
// them in user.js (a local `storage` calendar, a CalDAV one on Radicale), and chrome-context
// helpers (Marionette) that seed events into a calendar, read them back as Thunderbird stores them
// (`item.icalString`), act in Thunderbird's own invitation bar, and call the add-on's calendar
// Experiment from one of its pages, so that the Experiment itself is checked apart from the
// background that uses it.
import type { Ui } from './ui.js';
import { until } from './procs.js';

export interface CalendarSpec {
  /** The calendar.registry key (Thunderbird's calendar id). */
  id: string;
  name: string;
  type: 'storage' | 'caldav';
  /** The mail identity the calendar schedules for (`imip.identity.key`). */
  identityKey?: string;
  color?: string;
  readOnly?: boolean;
  disabled?: boolean;
}

export const LOCAL: CalendarSpec = { id: 'home-calendar', name: 'Home', type: 'storage', identityKey: 'id1', color: '#3a7bd5' };
export const ROOM_CALENDAR: CalendarSpec = { id: 'room-calendar', name: 'Room Pelikan', type: 'storage', identityKey: 'id2', color: '#c0392b' };
export const CALDAV: CalendarSpec = { id: 'team-caldav', name: 'Team (CalDAV)', type: 'caldav', identityKey: 'id1', color: '#27ae60' };

/** user.js prefs declaring the calendars; `caldavUrl` is the Radicale collection for a caldav one. */
export function calendarPrefs(specs: CalendarSpec[], caldavUrl?: string): Record<string, string | number | boolean> {
  const p: Record<string, string | number | boolean> = {
    'calendar.list.sortOrder': specs.map((s) => s.id).join(' '),
    // No "what's new" or first-run calendar tab, no alarms popping up over the tests.
    'calendar.alarms.show': false,
    'calendar.alarms.showmissed': false,
    'calendar.itip.showImipBar': true,
  };
  for (const s of specs) {
    const k = `calendar.registry.${s.id}.`;
    p[k + 'type'] = s.type;
    if (s.type === 'caldav' && !caldavUrl) throw new Error(`calendar ${s.id}: no CalDAV server`);
    p[k + 'uri'] = s.type === 'storage' ? 'moz-storage-calendar://' : caldavUrl!;
    p[k + 'name'] = s.name;
    p[k + 'color'] = s.color ?? '#888888';
    p[k + 'calendar-main-in-composite'] = true;
    p[k + 'calendar-main-default'] = s === specs[0];
    p[k + 'disabled'] = !!s.disabled;
    p[k + 'readOnly'] = !!s.readOnly;
    if (s.identityKey) p[k + 'imip.identity.key'] = s.identityKey;
    if (s.type === 'caldav') {
      p[k + 'cache.enabled'] = true;
      p[k + 'refreshInterval'] = '1';
    }
  }
  return p;
}

const CAL = `const { cal } = ChromeUtils.importESModule('resource:///modules/calendar/calUtils.sys.mjs');
async function calendarById(id) {
  return until('calendar ' + id + ' to be registered', 20000, () => cal.manager.getCalendarById(id));
}
function parseOne(text) {
  const parser = Cc['@mozilla.org/calendar/ics-parser;1'].createInstance(Ci.calIIcsParser);
  parser.parseString(text);
  const items = parser.getItems();
  if (items.length !== 1) throw new Error('expected one item, got ' + items.length);
  return items[0];
}
`;

export interface ChromeCalendar {
  id: string;
  name: string;
  type: string;
  readOnly: boolean;
  disabled: boolean;
  identityKey: string | null;
}

export class Calendars {
  constructor(private readonly ui: Ui) {}

  /** The calendars Thunderbird's calendar manager holds. */
  list(): Promise<ChromeCalendar[]> {
    return this.ui.run(CAL + `
      return cal.manager.getCalendars().map((c) => ({ id: c.id, name: c.name, type: c.type, readOnly: !!c.readOnly,
        disabled: !!c.getProperty('disabled'), identityKey: c.getProperty('imip.identity.key') || null }));`);
  }

  /** Adds events to a calendar, each from a VCALENDAR text, as Thunderbird's own import would. */
  seed(calendarId: string, texts: string[]): Promise<void> {
    return this.ui.run(CAL + `
      const [id, texts] = args;
      const calendar = await calendarById(id);
      for (const t of texts) await calendar.addItem(parseOne(t));`, [calendarId, texts]);
  }

  /**
   * Adds `count` one-hour events to a local calendar in bulk, one every `stepMinutes` from
   * `fromIso` (UTC): a big calendar to measure against. Returns how long the adding took.
   */
  seedMany(calendarId: string, count: number, fromIso: string, stepMinutes: number, prefix: string): Promise<number> {
    return this.ui.run(CAL + `
      const [id, count, fromIso, step, prefix] = args;
      const calendar = await calendarById(id);
      const t0 = Date.now();
      const fmt = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\\.\\d+/, '');
      const from = Date.parse(fromIso);
      for (let i = 0; i < count; i += 200) {
        const batch = [];
        for (let j = i; j < Math.min(count, i + 200); j++) {
          const start = from + j * step * 60000;
          batch.push(calendar.addItem(cal.createEvent(['BEGIN:VEVENT', 'UID:' + prefix + '-' + j + '@example.test', 'DTSTAMP:20261201T000000Z',
            'DTSTART:' + fmt(start), 'DTEND:' + fmt(start + 3600000), 'SUMMARY:' + prefix + ' ' + j, 'END:VEVENT'].join('\\r\\n'))));
        }
        await Promise.all(batch);
      }
      return Date.now() - t0;`, [calendarId, count, fromIso, stepMinutes, prefix], 600000);
  }

  /** The event of that UID as Thunderbird stores it (`item.icalString`, the VEVENT), or null. */
  read(calendarId: string, uid: string): Promise<string | null> {
    return this.ui.run(CAL + `
      const calendar = await calendarById(args[0]);
      const item = await calendar.getItem(args[1]);
      return item ? item.icalString : null;`, [calendarId, uid]);
  }

  /** How many events of that UID the calendar holds (a second copy would be a duplicate). */
  count(calendarId: string, uid: string): Promise<number> {
    return this.ui.run(CAL + `
      const calendar = await calendarById(args[0]);
      const items = await calendar.getItemsAsArray(Ci.calICalendar.ITEM_FILTER_TYPE_EVENT, 0, null, null);
      return items.filter((i) => i.id === args[1]).length;`, [calendarId, uid]);
  }

  /** Waits until the event of that UID is in the calendar and `pred` holds for its text. */
  async waitFor(calendarId: string, uid: string, pred: (ics: string) => boolean = () => true, ms = 20000): Promise<string> {
    let last: string | null = null;
    try {
      return await until(`event ${uid} in calendar ${calendarId}`, ms, async () => {
        last = await this.read(calendarId, uid);
        return last !== null && pred(last) ? last : undefined;
      }, 300);
    } catch (e) {
      throw new Error(`${(e as Error).message}; last seen: ${last ?? 'nothing'}`);
    }
  }

  /** Deletes the event of that UID from the calendar, as the Calendar tab's Delete does. */
  remove(calendarId: string, uid: string): Promise<void> {
    return this.ui.run(CAL + `
      const calendar = await calendarById(args[0]);
      const item = await calendar.getItem(args[1]);
      if (item) await calendar.deleteItem(item);`, [calendarId, uid]);
  }

  /**
   * Answers the displayed invitation in Thunderbird's own invitation bar (the bar's Accept,
   * Tentative or Decline button, whose command sends Thunderbird's own REPLY and files the event).
   */
  answerInBar(partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED', ms = 20000): Promise<void> {
    const button = { ACCEPTED: 'imipAcceptButton', TENTATIVE: 'imipTentativeButton', DECLINED: 'imipDeclineButton' }[partstat];
    return this.ui.run(`
      const [button, ms] = args;
      const aboutMessage = tabmail.currentAbout3Pane.messageBrowser.contentWindow;
      const b = await until("Thunderbird's invitation bar", ms, () => {
        const el = aboutMessage.document.getElementById(button);
        return el && !el.hidden && aboutMessage.calImipBar && aboutMessage.calImipBar.itipItem ? el : null;
      });
      b.doCommand();`, [button, ms], ms + 5000);
  }

  /**
   * Runs `fn` (source of `async (calendar, arg, w) => …`) in the add-on's manager page, `calendar`
   * being the page's `browser.calendar` (the Experiment); returns its JSON-able result.
   */
  async experiment<T>(fn: string, arg: unknown = null): Promise<T> {
    await this.ui.openPage('manager/index.html', 'body', 20000);
    const r = await this.ui.inPage<string>('manager/index.html', `async (w, a) => {
      const f = ${fn};
      try {
        const v = await f(w.wrappedJSObject.browser.calendar, a, w);
        return JSON.stringify({ ok: true, v: v === undefined ? null : v });
      } catch (e) {
        return JSON.stringify({ ok: false, error: String(e && e.message || e) });
      }
    }`, arg);
    const out = JSON.parse(r) as { ok: boolean; v?: T; error?: string };
    if (!out.ok) throw new Error(out.error);
    return out.v as T;
  }
}
