// Thunderbird's own calendars in a test profile: the `calendar.registry.<id>.*` prefs that declare
// them in user.js (a local `storage` calendar, a CalDAV one on Radicale), and chrome-context
// helpers (Marionette) that seed events into a calendar, read them back as Thunderbird stores them
// (`item.icalString`), act in Thunderbird's own invitation bar, and call the add-on's calendar
// Experiment from one of its pages, so that the Experiment itself is checked apart from the
// background that uses it.
import type { Ui } from './ui.js';
import { until } from './procs.js';
import { RADICALE_REALM, RADICALE_USER } from './radicale.js';

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
    // A CalDAV calendar starts disabled: Thunderbird would sync it at once and Radicale asks an
    // anonymous client for a login (its PROPFIND of DAV:current-user-principal answers 401), a
    // prompt nobody answers headless. `Calendars.connect` stores a login, then enables it.
    p[k + 'disabled'] = s.type === 'caldav' ? true : !!s.disabled;
    p[k + 'readOnly'] = !!s.readOnly;
    if (s.identityKey) p[k + 'imip.identity.key'] = s.identityKey;
    if (s.type === 'caldav') {
      p[k + 'username'] = RADICALE_USER;
      p[k + 'cache.enabled'] = true;
      p[k + 'refreshInterval'] = '1';
    }
  }
  return p;
}

const CAL = `const { cal } = ChromeUtils.importESModule('resource:///modules/calendar/calUtils.sys.mjs');
const { CalEvent } = ChromeUtils.importESModule('resource:///modules/CalEvent.sys.mjs');
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
    return this.ui.run(
      CAL +
        `
      return cal.manager.getCalendars().map((c) => ({ id: c.id, name: c.name, type: c.type, readOnly: !!c.readOnly,
        disabled: !!c.getProperty('disabled'), identityKey: c.getProperty('imip.identity.key') || null }));`,
    );
  }

  /** Adds events to a calendar, each from a VCALENDAR text, as Thunderbird's own import would (`skipExisting`: leave a UID already there alone). */
  seed(calendarId: string, texts: string[], skipExisting = false): Promise<void> {
    return this.ui.run(
      CAL +
        `
      const [id, texts, skipExisting] = args;
      const calendar = await calendarById(id);
      for (const t of texts) {
        const item = parseOne(t);
        if (skipExisting && (await calendar.getItem(item.id))) continue;
        await calendar.addItem(item);
      }`,
      [calendarId, texts, skipExisting],
    );
  }

  /**
   * Adds `count` one-hour events to a local calendar in bulk (in one batch, as an import does), one every `stepMinutes` from
   * `fromIso` (UTC): a big calendar to measure against. Returns how long the adding took.
   */
  seedMany(calendarId: string, count: number, fromIso: string, stepMinutes: number, prefix: string): Promise<number> {
    // One batch, as Thunderbird's own import makes (observers hear of it once, at its end), added
    // over several scripts: each stays within Marionette's script timeout.
    const batch = (op: 'startBatch' | 'endBatch') => this.ui.run(CAL + `(await calendarById(args[0]))[args[1]]();`, [calendarId, op]);
    const chunk = (from: number, to: number) =>
      this.ui.run(
        CAL +
          `
      const [id, from, to, fromIso, step, prefix] = args;
      const calendar = await calendarById(id);
      const fmt = (ms) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\\.\\d+/, '');
      const first = Date.parse(fromIso);
      for (let i = from; i < to; i += 200) {
        const adds = [];
        for (let j = i; j < Math.min(to, i + 200); j++) {
          const start = first + j * step * 60000;
          adds.push(calendar.addItem(new CalEvent(['BEGIN:VEVENT', 'UID:' + prefix + '-' + j + '@example.test', 'DTSTAMP:20261201T000000Z',
            'DTSTART:' + fmt(start), 'DTEND:' + fmt(start + 3600000), 'SUMMARY:' + prefix + ' ' + j, 'END:VEVENT'].join('\\r\\n'))));
        }
        await Promise.all(adds);
      }`,
        [calendarId, from, to, fromIso, stepMinutes, prefix],
        60000,
      );
    return (async () => {
      const t0 = Date.now();
      await batch('startBatch');
      try {
        for (let i = 0; i < count; i += 1000) await chunk(i, Math.min(count, i + 1000));
      } finally {
        await batch('endBatch');
      }
      return Date.now() - t0;
    })();
  }

  /** The event of that UID as Thunderbird stores it (`item.icalString`, the VEVENT), or null. */
  read(calendarId: string, uid: string): Promise<string | null> {
    return this.ui.run(
      CAL +
        `
      const calendar = await calendarById(args[0]);
      const item = await calendar.getItem(args[1]);
      return item ? item.icalString : null;`,
      [calendarId, uid],
    );
  }

  /** How many events of that UID the calendar holds (a second copy would be a duplicate). */
  count(calendarId: string, uid: string): Promise<number> {
    return this.ui.run(
      CAL +
        `
      const calendar = await calendarById(args[0]);
      const items = await calendar.getItemsAsArray(Ci.calICalendar.ITEM_FILTER_TYPE_EVENT, 0, null, null);
      return items.filter((i) => i.id === args[1]).length;`,
      [calendarId, uid],
    );
  }

  /** Waits until the event of that UID is in the calendar and `pred` holds for its text. */
  async waitFor(calendarId: string, uid: string, pred: (ics: string) => boolean = () => true, ms = 20000): Promise<string> {
    let last: string | null = null;
    try {
      return await until(
        `event ${uid} in calendar ${calendarId}`,
        ms,
        async () => {
          last = await this.read(calendarId, uid);
          return last !== null && pred(last) ? last : undefined;
        },
        300,
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; last seen: ${last ?? 'nothing'}`, { cause: e });
    }
  }

  /**
   * Stores the CalDAV login in Thunderbird's password manager (Radicale takes any password; the
   * origin and realm are those of its 401) and enables the CalDAV calendars the profile declared
   * disabled, so that they sync without a prompt.
   */
  connect(specs: CalendarSpec[], origin: string): Promise<void> {
    const ids = specs.filter((s) => s.type === 'caldav' && !s.disabled).map((s) => s.id);
    if (!ids.length) return Promise.resolve();
    return this.ui.run(
      CAL +
        `
      const [ids, origin, realm, user] = args;
      const known = await Services.logins.searchLoginsAsync({ origin });
      if (!known.some((l) => l.username === user && l.httpRealm === realm)) {
        const login = Cc['@mozilla.org/login-manager/loginInfo;1'].createInstance(Ci.nsILoginInfo);
        login.init(origin, null, realm, user, 'radicale', '', '');
        await Services.logins.addLoginAsync(login);
      }
      for (const id of ids) (await calendarById(id)).setProperty('disabled', false);`,
      [ids, origin, RADICALE_REALM, RADICALE_USER],
    );
  }

  /**
   * Opens the Calendar tab in the week view of the day of `iso`, as a user clicking the Calendar
   * button and the day in the mini-month would, and waits until the view shows `uid`.
   */
  showWeek(iso: string, uid: string, ms = 20000): Promise<void> {
    return this.ui.run(
      CAL +
        `
      const [iso, uid, ms] = args;
      tabmail.openTab('calendar', {});
      win.switchCalendarView('week', true);
      const day = cal.dtz.jsDateToDateTime(new Date(iso), cal.dtz.defaultTimezone);
      win.goToDate(day);
      await until('the week view to show ' + uid, ms, () => [...win.document.querySelectorAll('calendar-event-box')].some((b) => b.occurrence && b.occurrence.id === uid));
      await wait(500);`,
      [iso, uid, ms],
      ms + 5000,
    );
  }

  /** Asks a network calendar (CalDAV) to sync now, as the Calendar tab's Synchronize does. */
  refresh(calendarId: string): Promise<void> {
    return this.ui.run(CAL + `(await calendarById(args[0])).refresh();`, [calendarId]);
  }

  /** Deletes the event of that UID from the calendar, as the Calendar tab's Delete does. */
  remove(calendarId: string, uid: string): Promise<void> {
    return this.ui.run(
      CAL +
        `
      const calendar = await calendarById(args[0]);
      const item = await calendar.getItem(args[1]);
      if (item) await calendar.deleteItem(item);`,
      [calendarId, uid],
    );
  }

  /**
   * Answers the displayed invitation in Thunderbird's own invitation bar (the bar's Accept,
   * Tentative or Decline button, whose command sends Thunderbird's own REPLY and files the event).
   */
  answerInBar(partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED', ms = 20000): Promise<void> {
    const button = { ACCEPTED: 'imipAcceptButton', TENTATIVE: 'imipTentativeButton', DECLINED: 'imipDeclineButton' }[partstat];
    return this.ui.run(
      `
      const [button, ms] = args;
      const aboutMessage = tabmail.currentAbout3Pane.messageBrowser.contentWindow;
      const b = await until("Thunderbird's invitation bar", ms, () => {
        const el = aboutMessage.document.getElementById(button);
        return el && !el.hidden && aboutMessage.calImipBar && aboutMessage.calImipBar.itipItem ? el : null;
      });
      b.doCommand();`,
      [button, ms],
      ms + 5000,
    );
  }

  /**
   * Runs `fn` (source of `async (calendar, arg, w) => …`) in the add-on's manager page, `calendar`
   * being the page's `browser.calendar` (the Experiment); returns its JSON-able result.
   */
  async experiment<T>(fn: string, arg: unknown = null): Promise<T> {
    await this.ui.openPage('manager/index.html', 'body', 20000);
    const r = await this.ui.inPage<string>(
      'manager/index.html',
      `async (w, a) => {
      const f = ${fn};
      try {
        const v = await f(w.wrappedJSObject.browser.calendar, a, w);
        return JSON.stringify({ ok: true, v: v === undefined ? null : v });
      } catch (e) {
        return JSON.stringify({ ok: false, error: String(e && e.message || e) });
      }
    }`,
      arg,
    );
    const out = JSON.parse(r) as { ok: boolean; v?: T; error?: string };
    if (!out.ok) throw new Error(out.error);
    return out.v as T;
  }
}

/** The first property `name` of a VEVENT text (unfolded): its value and its parameters. */
export function propOf(ics: string, name: string): { value: string; params: Record<string, string> } | null {
  const line = ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .find((l) => l.toUpperCase().startsWith(name + ':') || l.toUpperCase().startsWith(name + ';'));
  if (!line) return null;
  const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params: Record<string, string> = {};
  for (const p of line.slice(name.length, colon).split(';').filter(Boolean)) {
    const [k, ...v] = p.split('=');
    params[k!.toUpperCase()] = v.join('=').replace(/^"|"$/g, '');
  }
  return { value: line.slice(colon + 1), params };
}
