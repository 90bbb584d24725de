// The hostile corpus (README "Limits on hostile input"): messages a stranger can send to make
// the agent hang or fill memory — rules from 1900 (FREQ=SECONDLY, every BYxxx part, COUNT rules
// that cannot be counted, rules that never match), 199,000 RDATE lines, one RDATE/EXDATE line of
// 600,000 values, a DESCRIPTION folded over 3 million lines, 100 dense series in one message, a
// day-long FREQ=SECONDLY room booking, and for a room 100 hourly series or 100 × 100 RDATEs in
// one message (the per-message expansion budget). Each is handled (raw MIME in) into one store that keeps
// everything that was accepted; after each one, a week's free/busy, the week's calendar view and
// the view of every stored event are timed too.
//
// `node --import tsx bench/hostile.ts --write DIR` writes the corpus as .eml files;
// `node --import tsx bench/hostile.ts DIR` reads each file as octets (as the CLI reads mail),
// handles it and prints JSON: the slowest single operation and the process's peak RSS.
// `npm run bench` runs the two in separate processes, so the RSS is the engine's alone, not that
// of building 600,000-value lines in the bench itself.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseRawMessage } from '../src/core/mime/raw.js';
import { MailError } from '../src/core/mime/errors.js';
import * as engine from '../src/core/engine.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import { calendarRange } from '../src/core/views/calendar.js';
import { eventView } from '../src/core/views/events.js';
import type { HandleOptions } from '../src/core/api.js';

const USER = 'alice@example.test';
const ROOM = 'room@example.test';
const NOW = new Date('2026-11-20T09:00:00Z');
const STRANGER = 'mallory@evil.example';

function mail(to: string, ics: string, i: number): string {
  return [
    `From: ${STRANGER}`,
    `To: ${to}`,
    `Subject: hostile ${i}`,
    `Message-ID: <hostile-${i}@evil.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
    '',
    ics,
  ].join('\r\n');
}
function calendar(...events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Hostile//EN', 'METHOD:REQUEST', ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
}
function vevent(uid: string, attendee: string, ...lines: string[]): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    `ORGANIZER:mailto:${STRANGER}`,
    `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${attendee}`,
    ...lines,
    'END:VEVENT',
  ];
}
const from1900 = (rule: string, dtend = 'DTEND:19000101T010000Z') => ['DTSTART:19000101T000000Z', dtend, `RRULE:${rule}`];
const isoBasic = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d+/g, '');
/** 100 events in one message, each with `count` hourly RDATEs a minute apart from the next event's. */
const rdateSeries = (name: string, to: string, role: 'person' | 'resource', count: number) => ({
  name,
  to,
  role,
  raw: () =>
    calendar(
      ...Array.from({ length: 100 }, (_, i) =>
        vevent(
          `${name}-${i}`,
          to,
          'DTSTART:20261201T000000Z',
          'DTEND:20261201T003000Z',
          ...Array.from({ length: count }, (_, k) => `RDATE:${isoBasic(Date.UTC(2026, 11, 1, 1) + k * 3_600_000 + i * 60_000)}`),
        ),
      ),
    ),
});
const every = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');

export function hostileCorpus(): { name: string; to: string; role: 'person' | 'resource'; raw: () => string }[] {
  // Every entry builds its text only when asked: the big ones (600,000 values, 3 million folds)
  // would otherwise all be held from the start and count in the engine's peak RSS.
  const at = (name: string, lines: () => string[]) => ({ name, to: USER, role: 'person' as const, raw: () => calendar(vevent(name, USER, ...lines())) });
  const list = [
    at('secondly-1900', () => [...from1900('FREQ=SECONDLY', 'DTEND:19000102T000000Z')]),
    at('every-byxxx-1900', () => [
      ...from1900(
        `FREQ=YEARLY;BYMONTH=${every(13).slice(2)};BYWEEKNO=1,20,40;BYYEARDAY=1,100,200;BYMONTHDAY=1,2,3,4,5,6,7;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=${every(24)};BYMINUTE=${every(60)};BYSECOND=${every(60)};BYSETPOS=1,-1`,
      ),
    ]),
    at('secondly-every-byxxx', () => [
      ...from1900(
        'FREQ=SECONDLY;BYSECOND=0,30;BYMINUTE=0,15,30,45;BYHOUR=9,10,11;BYDAY=MO,TU,WE,TH,FR;BYMONTHDAY=1,2,3,4,5,6,7;BYMONTH=1,4,7,10;BYSETPOS=1,-1',
      ),
    ]),
    at('count-uncountable-1900', () => [...from1900('FREQ=DAILY;BYDAY=MO;BYMONTH=1,12;COUNT=10000000')]),
    at('never-matches', () => [...from1900('FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30')]),
    at('never-reaches-hour', () => [...from1900('FREQ=HOURLY;INTERVAL=2;BYHOUR=1')]),
    at('minutely-5-1900', () => [...from1900('FREQ=MINUTELY;INTERVAL=5', 'DTEND:19000101T000400Z')]),
    {
      name: 'rdate-199000-lines',
      to: USER,
      role: 'person' as const,
      raw: () =>
        calendar(
          vevent(
            'rdate-lines',
            USER,
            'DTSTART:20261202T100000Z',
            'DTEND:20261202T110000Z',
            Array.from({ length: 199_000 }, (_, i) => `RDATE:${2027 + Math.floor(i / 8000)}0101T${String(i % 24).padStart(2, '0')}0000Z`).join('\r\n'),
          ),
        ),
    },
    at('rdate-600000-values', () => [
      'DTSTART:20261202T100000Z',
      'DTEND:20261202T110000Z',
      `RDATE:${Array.from({ length: 600_000 }, (_, i) => `2027${String((i % 12) + 1).padStart(2, '0')}01T1000${String(i % 60).padStart(2, '0')}Z`).join(',')}`,
    ]),
    at('exdate-600000-values', () => [
      'DTSTART:20261202T100000Z',
      'DTEND:20261202T110000Z',
      'RRULE:FREQ=DAILY',
      `EXDATE:${Array.from({ length: 600_000 }, (_, i) => `2027${String((i % 12) + 1).padStart(2, '0')}01T1000${String(i % 60).padStart(2, '0')}Z`).join(',')}`,
    ]),
    at('description-3m-folds', () => ['DTSTART:20261202T100000Z', `DESCRIPTION:x${'\r\n x'.repeat(3_000_000)}`]),
    at('description-1mib-line', () => ['DTSTART:20261202T100000Z', `DESCRIPTION:${'y'.repeat(1024 * 1024 - 20)}`]),
    {
      name: '100-dense-series',
      to: USER,
      role: 'person' as const,
      raw: () =>
        calendar(...Array.from({ length: 100 }, (_, i) => vevent(`dense-${i}`, USER, ...from1900('FREQ=MINUTELY;INTERVAL=5', 'DTEND:19000101T000400Z')))),
    },
    {
      name: '100-count-series',
      to: USER,
      role: 'person' as const,
      raw: () => calendar(...Array.from({ length: 100 }, (_, i) => vevent(`count-${i}`, USER, ...from1900('FREQ=WEEKLY;BYDAY=MO,TU;COUNT=100000')))),
    },
    {
      name: 'room-day-long-secondly',
      to: ROOM,
      role: 'resource' as const,
      raw: () => calendar(vevent('room-secondly', ROOM, 'DTSTART:20261124T000000Z', 'DTEND:20261125T000000Z', 'RRULE:FREQ=SECONDLY')),
    },
    {
      name: 'room-100-hourly-count',
      to: ROOM,
      role: 'resource' as const,
      raw: () =>
        calendar(
          ...Array.from({ length: 100 }, (_, i) =>
            vevent(`room-hourly-${i}`, ROOM, 'DTSTART:20261201T000000Z', 'DTEND:20261201T003000Z', 'RRULE:FREQ=HOURLY;COUNT=100000'),
          ),
        ),
    },
    rdateSeries('room-100-x-100-rdates', ROOM, 'resource', 100),
    rdateSeries('100-x-100-rdates', USER, 'person', 100),
    rdateSeries('100-x-3000-rdates', USER, 'person', 3000),
    {
      name: 'room-minutely-1900',
      to: ROOM,
      role: 'resource' as const,
      raw: () => calendar(vevent('room-minutely', ROOM, ...from1900('FREQ=MINUTELY;INTERVAL=5', 'DTEND:19000101T000400Z'))),
    },
  ];
  const mails = list.map((c, i) => ({ ...c, raw: () => mail(c.to, c.raw(), i) }));
  // 900 inner multiparts whose delimiter never comes, then an invitation and 8 MB of text: each
  // inner part's search for its delimiter must stop at its own end, not run through the 8 MB.
  mails.push({
    name: 'mime-900-unclosed-multiparts',
    to: USER,
    role: 'person',
    raw: () =>
      [
        `From: ${STRANGER}`,
        `To: ${USER}`,
        'Subject: parts',
        'Message-ID: <hostile-parts@evil.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        ...Array.from({ length: 900 }, (_, i) => `--outer\r\nContent-Type: multipart/alternative; boundary=inner-${i}\r\n\r\nno delimiter here\r\n`),
        '--outer',
        'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
        '',
        calendar(vevent('parts', USER, 'DTSTART:20261202T100000Z', 'DTEND:20261202T110000Z')),
        '--outer',
        'Content-Type: text/plain',
        '',
        ('x'.repeat(76) + '\r\n').repeat(110_000),
        '--outer--',
        '',
      ].join('\r\n'),
  });
  return mails;
}

/** Writes the corpus into `dir`, one `NN-name.eml` per message, and an index of their roles. */
export function writeHostile(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const index = hostileCorpus().map((c, i) => {
    const file = `${String(i).padStart(2, '0')}-${c.name}.eml`;
    writeFileSync(join(dir, file), c.raw());
    return { file, name: c.name, to: c.to, role: c.role };
  });
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
}

/** Handles the corpus written in `dir` into one store; returns the slowest operation (ms) and what it was. */
export async function runHostile(dir: string): Promise<{ maxMs: number; slowest: string; operations: number; peakRssMiB: number }> {
  const store = openMemoryStore();
  const opts = (user: string, role: 'person' | 'resource'): HandleOptions => ({ user, role, now: NOW, newId: () => 'id' });
  let maxMs = 0;
  let slowest = '';
  let operations = 0;
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (process.env.HOSTILE_TRACE) process.stderr.write(`${what}…\n`);
    const t0 = performance.now();
    const v = await fn();
    const ms = performance.now() - t0;
    operations++;
    if (ms > maxMs) [maxMs, slowest] = [ms, what];
    if (process.env.HOSTILE_TRACE)
      process.stderr.write(
        `  ${Math.round(ms)} ms, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`,
      );
    return v;
  };
  const week = { start: '2026-11-30T00:00:00Z', end: '2026-12-07T00:00:00Z' };
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { file: string; name: string; to: string; role: 'person' | 'resource' }[];
  for (const c of index) {
    const raw = new Uint8Array(readFileSync(join(dir, c.file)));
    const o = opts(c.to, c.role);
    // A message refused whole (MailError: too many lines) is an answer too, timed like the rest.
    await timed(`handle ${c.name}`, async () => {
      let msg;
      try {
        msg = await parseRawMessage(raw);
      } catch (e) {
        if (e instanceof MailError) return;
        throw e;
      }
      await store.transact((tx) => engine.handleMessage(tx, msg, o));
    });
    await timed(`freebusy after ${c.name}`, () => store.transact((tx) => engine.freebusyCalendar(tx, o, week)));
    await timed(`calendar view after ${c.name}`, () => store.transact((tx) => calendarRange(tx, o, week)));
    const uids = await store.transact(async (tx) => (await tx.user(c.to).listEvents()).map((e) => e.uid));
    await timed(`event views after ${c.name}`, () => store.transact(async (tx) => Promise.all(uids.map((uid) => eventView(tx, o, uid)))));
  }
  return { maxMs: Math.round(maxMs), slowest, operations, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b] = process.argv.slice(2);
  if (a === '--write' && b) writeHostile(b);
  else if (a) console.log(JSON.stringify(await runHostile(a)));
  else throw new Error('usage: bench/hostile.ts --write DIR | DIR');
}
