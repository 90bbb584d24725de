// A small world for engine tests: one store, calendar users, a fixed clock, and mail in/out the
// way RFC 5546's examples read — a message in, a stored state and outgoing messages out.

import { openMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/core/store.js';
import type { CalendarPart, MailMessage, Outcome, OutgoingMessage } from '../../src/core/types.js';
import type { EngineOptions } from '../../src/core/api.js';
import * as engine from '../../src/core/engine.js';
import { parseCalendar } from '../../src/core/ical/parse.js';

export interface World {
  store: Store;
  now: Date;
  opts(user: string, role?: 'person' | 'resource'): EngineOptions;
  /** Delivers a calendar part to `user` as if mailed by `from`. */
  deliver(
    user: string,
    ics: string,
    mail?: Omit<Partial<MailMessage>, 'from'> & { from?: string; methodParam?: string; outgoing?: boolean; role?: 'person' | 'resource' },
  ): Promise<Outcome>;
  /** Runs an engine function in one transaction. */
  run<T>(fn: (tx: Parameters<Parameters<Store['transact']>[0]>[0]) => Promise<T>): Promise<T>;
  json(user: string, uid?: string): Promise<any>;
  freebusy(user: string, start: string, end: string): Promise<string>;
  prefs(user: string, prefs: Record<string, string>): Promise<void>;
}

export function world(now = '2026-11-20T09:00:00Z'): World {
  const store = openMemoryStore();
  let ids = 0;
  const w: World = {
    store,
    now: new Date(now),
    opts: (user, role = 'person') => ({ user, role, now: w.now, newId: () => `id-${++ids}` }),
    async deliver(user, ics, mail = {}) {
      const { from, methodParam, outgoing, role, ...rest } = mail;
      const part: CalendarPart = { contentType: 'text/calendar', text: ics, path: '1', ...(methodParam ? { methodParam } : {}) };
      const msg: MailMessage = {
        messageId: `msg-${++ids}@example.com`,
        replyTo: [],
        to: [{ address: user }],
        cc: [],
        calendarParts: [part],
        ...(from ? { from: { address: from } } : {}),
        ...rest,
      };
      return store.transact((tx) => engine.handleMessage(tx, msg, { ...w.opts(user, role), outgoing: !!outgoing }));
    },
    run: (fn) => store.transact(fn),
    json: (user, uid) => store.transact((tx) => engine.showJson(tx, w.opts(user), uid ? { uid } : {})) as Promise<any>,
    freebusy: (user, start, end) => store.transact((tx) => engine.freebusyCalendar(tx, w.opts(user), { start, end })),
    prefs: (user, prefs) => store.transact((tx) => engine.setPrefs(tx, w.opts(user), prefs)),
  };
  return w;
}

/** A VCALENDAR around the given lines (CRLF, as mail carries it). */
export function cal(method: string | null, ...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...(method ? [`METHOD:${method}`] : []), ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

export function vevent(...lines: string[]): string[] {
  return ['BEGIN:VEVENT', ...lines, 'END:VEVENT'];
}

/** Europe/Berlin as Outlook writes it: yearly rules from 1601, standard and daylight time. */
export const BERLIN_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:STANDARD',
  'DTSTART:16011028T030000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010325T020000',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/** The single VEVENT (or VFREEBUSY) of an outgoing message, with its METHOD. */
export function parsedOut(out: OutgoingMessage) {
  const { root, method } = parseCalendar(out.ics);
  const comp = root.getFirstSubcomponent('vevent') ?? root.getFirstSubcomponent('vfreebusy')!;
  return { root, method, comp };
}

export function attendeeLines(comp: ReturnType<typeof parsedOut>['comp']): { address: string; partstat: string; params: Record<string, unknown> }[] {
  return comp.getAllProperties('attendee').map((p) => ({
    address: String(p.getFirstValue())
      .replace(/^mailto:/i, '')
      .toLowerCase(),
    partstat: String(p.getFirstParameter('partstat') ?? ''),
    params: p.toJSON()[1] as Record<string, unknown>,
  }));
}

/** FREEBUSY lines of a VFREEBUSY as "FBTYPE start/end" strings. */
export function busyLines(ics: string): string[] {
  const { root } = parseCalendar(ics);
  const fb = root.getFirstSubcomponent('vfreebusy')!;
  return fb
    .getAllProperties('freebusy')
    .flatMap((p) => p.getValues().map((v: any) => `${p.getFirstParameter('fbtype') ?? 'BUSY'} ${v.start.toString()}/${v.end.toString()}`));
}
