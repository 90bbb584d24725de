// One add-on under test: the fake Thunderbird, the background's agent on fake-indexeddb with a
// fixed clock and counted ids, and the log lines it printed. `restart()` makes a new agent on
// the same databases, as Thunderbird does after a restart.
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { makeAgent, type Agent } from '../../src/background/agent.js';
import type { LogEvent } from '../../src/background/log.js';
import { FakeThunderbird } from './fake-messenger.js';
import { FakeCalendars } from './fake-calendars.js';

let run = 0;

export interface Harness {
  fake: FakeThunderbird;
  /** Thunderbird's calendars (none until a test adds one). */
  calendars: FakeCalendars;
  agent: Agent;
  logs: { event: LogEvent; data: Record<string, unknown> }[];
  restart(): Agent;
  logged(event: LogEvent): Record<string, unknown>[];
}

export function harness(now = '2025-07-02T09:00:00Z'): Harness {
  const fake = new FakeThunderbird();
  const calendars = new FakeCalendars();
  const names = { storeName: `store-${process.pid}-${++run}`, recordsName: `records-${process.pid}-${run}` };
  const logs: Harness['logs'] = [];
  let n = 0;
  const make = () =>
    makeAgent(fake.tb(), {
      ...names,
      indexedDB: { indexedDB, IDBKeyRange },
      now: () => new Date(now),
      newId: () => `id-${run}-${++n}`,
      log: (event, data) => logs.push({ event, data }),
      calendarBridge: calendars,
    });
  const h: Harness = {
    fake,
    calendars,
    agent: make(),
    logs,
    restart() {
      h.agent = make();
      return h.agent;
    },
    logged: (event) => logs.filter((l) => l.event === event).map((l) => l.data),
  };
  return h;
}

/** A minimal iMIP message (single-part text/calendar, as SabreDAV sends it). */
export function imip(o: {
  from: string;
  to: string;
  method: string;
  uid: string;
  messageId: string;
  extra?: string[];
  attendees?: string[];
  organizer?: string;
  sequence?: number;
  start?: string;
  end?: string;
  summary?: string;
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Example//Test//EN',
    'VERSION:2.0',
    `METHOD:${o.method}`,
    'BEGIN:VEVENT',
    `UID:${o.uid}`,
    'DTSTAMP:20250701T080000Z',
    `DTSTART:${o.start ?? '20250714T090000Z'}`,
    `DTEND:${o.end ?? '20250714T100000Z'}`,
    `SEQUENCE:${o.sequence ?? 0}`,
    `SUMMARY:${o.summary ?? 'Planning'}`,
    `ORGANIZER:mailto:${o.organizer ?? o.from}`,
    ...(o.attendees ?? [`ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${o.to}`]),
    ...(o.extra ?? []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  return [
    `From: <${o.from}>`,
    `To: <${o.to}>`,
    `Subject: ${o.method} ${o.summary ?? 'Planning'}`,
    'Date: Tue, 01 Jul 2025 08:00:00 +0000',
    `Message-ID: <${o.messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: text/calendar; method=${o.method}; charset=UTF-8`,
    'Content-Transfer-Encoding: 7bit',
    '',
    lines,
  ].join('\r\n');
}

/** The base64 bodies of a rendered message, decoded (to look inside what was sent). */
export function decodedBodies(raw: string): string {
  const out: string[] = [];
  for (const m of raw.matchAll(/Content-Transfer-Encoding: base64\r\n(?:[^\r\n]+\r\n)*\r\n([A-Za-z0-9+/=\r\n]+?)(?:\r\n)?--/g))
    out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'));
  return out.join('\n');
}

export function header(raw: string, name: string): string | undefined {
  const block = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return block
    .split('\r\n')
    .find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'))
    ?.slice(name.length + 1)
    .trim();
}
