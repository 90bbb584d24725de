// A Radicale CalDAV server (Debian's `radicale`, run with Debian's own Python) on 127.0.0.1 and a
// free port, with its own storage folder and `--auth-type none` (any user name and password is
// accepted). Radicale's default rights let a request touch only the collections of its Basic-auth
// user; the rights file here grants every user, the anonymous one included, every collection.
// Radicale still answers an anonymous PROPFIND of DAV:current-user-principal with 401 (it asks for
// a login there on purpose), which Thunderbird's CalDAV provider does at its first sync: the
// profile therefore holds a login for RADICALE_REALM (calendars.ts, `connect`). The principal
// /alice/ and the calendar /alice/calendar/ exist on return.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, onCleanup, startProcess, stopProcess, until } from './procs.js';

export const RADICALE_PYTHON = '/usr/bin/python3';
/** The realm of Radicale's Basic-auth challenge, and the user Thunderbird logs in as. */
export const RADICALE_REALM = 'Radicale - Password Required';
export const RADICALE_USER = 'alice';

export interface Radicale {
  port: number;
  /** `http://127.0.0.1:PORT`, the origin of the stored login. */
  origin: string;
  /** The calendar collection's URL, for the profile's `calendar.registry.<id>.uri`. */
  calendarUrl: string;
  /** An HTTP request to the server, as a test checks it (not through Thunderbird). */
  http(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  /** Every event on the calendar collection: the iCalendar text of each resource, by href. */
  events(): Promise<{ href: string; ics: string }[]>;
  stop(): Promise<void>;
}

const REPORT = `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>`;

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#13;/g, '\r')
    .replace(/&amp;/g, '&');
}

export async function startRadicale(dir: string): Promise<Radicale> {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const rights = join(dir, 'rights');
  writeFileSync(rights, '[anyone]\nuser: .*\ncollection: .*\npermissions: RrWw\n');
  const port = await freePort();
  const child = startProcess(
    RADICALE_PYTHON,
    [
      '-m',
      'radicale',
      '--storage-filesystem-folder',
      join(dir, 'storage'),
      '--server-hosts',
      `127.0.0.1:${port}`,
      '--auth-type',
      'none',
      '--rights-type',
      'from_file',
      '--rights-file',
      rights,
      '--logging-level',
      'warning',
    ],
    { cwd: dir },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const http = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, { method, body, headers: body ? { 'Content-Type': 'application/xml; charset=utf-8', ...headers } : headers });
    return { status: res.status, text: await res.text() };
  };
  const stop = () => stopProcess(child);
  onCleanup(stop);
  await until(
    `Radicale on port ${port} (${output.trim().slice(-300)})`,
    15000,
    async () => {
      if (child.exitCode !== null) throw new Error(`Radicale exited: ${output}`);
      return (await http('OPTIONS', '/').catch(() => null))?.status === 200;
    },
    150,
  );
  for (const [method, path] of [
    ['MKCOL', '/alice/'],
    ['MKCALENDAR', '/alice/calendar/'],
  ] as const) {
    const r = await http(method, path);
    if (r.status !== 201) throw new Error(`Radicale ${method} ${path}: ${r.status} ${r.text}`);
  }
  return {
    port,
    origin: base,
    calendarUrl: `${base}/alice/calendar/`,
    http,
    async events() {
      const r = await http('REPORT', '/alice/calendar/', REPORT, { Depth: '1' });
      if (r.status !== 207) throw new Error(`Radicale REPORT: ${r.status} ${r.text}`);
      const out: { href: string; ics: string }[] = [];
      for (const m of r.text.matchAll(/<(?:\w+:)?response>([\s\S]*?)<\/(?:\w+:)?response>/g)) {
        const href = /<(?:\w+:)?href>([^<]*)</.exec(m[1]!)?.[1] ?? '';
        const data = /<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/.exec(m[1]!)?.[1];
        if (data) out.push({ href, ics: unescapeXml(data) });
      }
      return out;
    },
    stop,
  };
}
