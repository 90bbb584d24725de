// The benchmark workload, generated in code and deterministic from a seed (no downloads):
//
// - `imipCorpus`: iMIP mail to one calendar user, as raw RFC 5322 strings in five sender shapes
//   modelled on test/fixtures/mail (Outlook/Exchange: base64 text/calendar in a
//   multipart/alternative, Windows zone names with VTIMEZONE; Google: QP text/calendar plus a
//   base64 invite.ics attachment; Thunderbird: 8bit calendar alternative plus invite.ics;
//   Nextcloud: a single-part text/calendar body sent From a noreply relay; Apple:
//   application/x-any attachment without method=). Methods: 60% REQUEST (new and updates),
//   20% REPLY, 10% CANCEL, 5% COUNTER, 5% VFREEBUSY (request or reply); 30% of events recur.
//   REPLYs and COUNTERs answer events the user organises (`organised`, to invite before a run).
// - `ordinaryMail`: mail without calendar data (the catch-up scan).
// - `calendarEvents`: a large stored calendar of one user as StoredEvent records (free/busy).

import type { MailMessage, StoredEvent } from '../src/core/types.js';

export const USER = 'alice@example.test';
/** The clock of every run (a Monday). */
export const NOW = Date.parse('2026-03-02T09:00:00Z');
export const PREFS: Record<string, string> = { TZID: 'Europe/Berlin', freebusy_sharing: 'share' };

// ---------------------------------------------------------------------------------------------
// Randomness

export class Rng {
  constructor(private seed: number) {}
  /** mulberry32: small, fast, good enough for workloads. */
  next(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = Math.imul(this.seed ^ (this.seed >>> 15), 1 | this.seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let r = this.next() * items.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of items) if ((r -= w) < 0) return v;
    return items[items.length - 1]![0];
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    const h = this.hex(32).toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// Encodings (written here, not imported from src: the workload must not depend on the code it measures)

const MIN = 60_000;
const DAY = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');
/** `YYYYMMDDTHHMMSS` of a wall-clock time kept as UTC milliseconds ("floating" frame). */
const wall = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}T${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
};
const utc = (ms: number) => `${wall(ms)}Z`;
const dateOnly = (ms: number) => wall(ms).slice(0, 8);
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const mailDate = (ms: number) => {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
};
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** RFC 5545 §3.1: content lines folded at 75 octets, CRLF. */
export function foldIcs(lines: string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (/^[\x00-\x7f]*$/.test(line)) {
      // ASCII: one octet per character.
      out.push(line.slice(0, 75));
      for (let i = 75; i < line.length; i += 74) out.push(' ' + line.slice(i, i + 74));
      continue;
    }
    let cur = '';
    let octets = 0;
    for (const ch of line) {
      const n = Buffer.byteLength(ch);
      if (octets + n > 75) {
        out.push(cur);
        cur = ' ';
        octets = 1;
      }
      cur += ch;
      octets += n;
    }
    out.push(cur);
  }
  return out.join('\r\n') + '\r\n';
}

function base64Lines(bytes: Buffer): string {
  const b = bytes.toString('base64');
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 76) out.push(b.slice(i, i + 76));
  return out.join('\r\n');
}

/** Quoted-printable (RFC 2045 §6.7) of text in a charset; line ends stay hard breaks. */
function qp(text: string, charset: BufferEncoding = 'utf8'): string {
  const out: string[] = [];
  const source = charset === 'latin1' ? text.replace(/[^\x00-\xff]/g, '?') : text;
  for (const line of source.replace(/\r\n/g, '\n').split('\n')) {
    let cur = '';
    const bytes = Buffer.from(line, charset);
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      const last = i === bytes.length - 1;
      const enc =
        c === 61 || c > 126 || (c < 32 && c !== 9) || (last && (c === 32 || c === 9))
          ? `=${c.toString(16).toUpperCase().padStart(2, '0')}`
          : String.fromCharCode(c);
      if (cur.length + enc.length > 75) {
        out.push(cur + '=');
        cur = '';
      }
      cur += enc;
    }
    out.push(cur);
  }
  return out.join('\r\n');
}

/** An RFC 2047 encoded word when the text is not plain ASCII. */
function header(text: string, wanted: 'utf-8' | 'iso-8859-1' = 'utf-8', b = false): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const charset = /[^\x00-\xff]/.test(text) ? 'utf-8' : wanted;
  if (b) return `=?${charset}?B?${Buffer.from(text, charset === 'utf-8' ? 'utf8' : 'latin1').toString('base64')}?=`;
  const bytes = Buffer.from(text, charset === 'utf-8' ? 'utf8' : 'latin1');
  let s = '';
  for (const c of bytes)
    s += c === 32 ? '_' : /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `=${c.toString(16).toUpperCase().padStart(2, '0')}`;
  return `=?${charset}?Q?${s}?=`;
}

const crlf = (lines: string[]) => lines.join('\r\n');

// ---------------------------------------------------------------------------------------------
// Time zones as the senders write them

const VTZ_BERLIN = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'X-LIC-LOCATION:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];
const VTZ_LA = [
  'BEGIN:VTIMEZONE',
  'TZID:America/Los_Angeles',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0800',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'DTSTART:20070311T020000',
  'TZNAME:PDT',
  'TZOFFSETTO:-0700',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0700',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'DTSTART:20071104T020000',
  'TZNAME:PST',
  'TZOFFSETTO:-0800',
  'END:STANDARD',
  'END:VTIMEZONE',
];
const VTZ_NEW_YORK = [
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'X-LIC-LOCATION:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];
/** Exchange's VTIMEZONE for a Windows zone name (rules from 1601, INTERVAL=1). */
function windowsVtz(name: string, std: string, dst: string, stdRule: string, dstRule: string): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${name}`,
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    `TZOFFSETFROM:${dst}`,
    `TZOFFSETTO:${std}`,
    `RRULE:FREQ=YEARLY;INTERVAL=1;${stdRule}`,
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    `TZOFFSETFROM:${std}`,
    `TZOFFSETTO:${dst}`,
    `RRULE:FREQ=YEARLY;INTERVAL=1;${dstRule}`,
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ];
}

interface Zone {
  tzid: string | null; // null: UTC times
  vtimezone: string[];
}
const ZONES = {
  utc: { tzid: null, vtimezone: [] },
  berlin: { tzid: 'Europe/Berlin', vtimezone: VTZ_BERLIN },
  la: { tzid: 'America/Los_Angeles', vtimezone: VTZ_LA },
  newYork: { tzid: 'America/New_York', vtimezone: VTZ_NEW_YORK },
  wEurope: {
    tzid: 'W. Europe Standard Time',
    vtimezone: windowsVtz('W. Europe Standard Time', '+0100', '+0200', 'BYDAY=-1SU;BYMONTH=10', 'BYDAY=-1SU;BYMONTH=3'),
  },
  pacific: { tzid: 'Pacific Standard Time', vtimezone: windowsVtz('Pacific Standard Time', '-0800', '-0700', 'BYDAY=1SU;BYMONTH=11', 'BYDAY=2SU;BYMONTH=3') },
  eastern: { tzid: 'Eastern Standard Time', vtimezone: windowsVtz('Eastern Standard Time', '-0500', '-0400', 'BYDAY=1SU;BYMONTH=11', 'BYDAY=2SU;BYMONTH=3') },
  gmt: { tzid: 'GMT Standard Time', vtimezone: windowsVtz('GMT Standard Time', '+0000', '+0100', 'BYDAY=-1SU;BYMONTH=10', 'BYDAY=-1SU;BYMONTH=3') },
} satisfies Record<string, Zone>;

// ---------------------------------------------------------------------------------------------
// People and events

export const SHAPES = ['outlook', 'google', 'thunderbird', 'nextcloud', 'apple'] as const;
export type Shape = (typeof SHAPES)[number];
/** Share of each sender shape in the corpus (Exchange and Google carry most invitations). */
const SHAPE_WEIGHTS: [Shape, number][] = [
  ['outlook', 30],
  ['google', 30],
  ['thunderbird', 15],
  ['nextcloud', 15],
  ['apple', 10],
];

interface Person {
  name: string;
  address: string;
  shape: Shape;
}

const FIRST = [
  'Olga',
  'Bob',
  'Carol',
  'Dave',
  'Erin',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Jürgen',
  'Zoë',
  'Mallory',
  'Niaj',
  'Peggy',
  'Rupert',
  'Sybil',
  'Trent',
  'Victor',
  'Walter',
  'Ängla',
  'Renée',
];
const LAST = ['Organizer', 'Müller', 'Smith', 'Okafor', 'Tanaka', 'García', 'Novak', 'Larsen', 'Dubois', 'Rossi', 'Kowalski', 'Ng'];
const DOMAINS: Record<Shape, string> = {
  outlook: 'corp.example.com',
  google: 'example.com',
  thunderbird: 'example.org',
  nextcloud: 'cloud-users.example.net',
  apple: 'icloud.example',
};

function people(r: Rng): Person[] {
  const out: Person[] = [];
  for (const shape of SHAPES)
    for (let i = 0; i < 8; i++) {
      const first = r.pick(FIRST);
      const last = r.pick(LAST);
      const local = `${first}.${last}${i}`
        .normalize('NFD')
        .replace(/[^A-Za-z0-9.]/g, '')
        .toLowerCase();
      out.push({ name: `${first} ${last}`, address: `${local}@${DOMAINS[shape]}`, shape });
    }
  return out;
}

const SUMMARIES = [
  'Design sync',
  'Budgetplanung Q3 – München',
  'Café planning ☕',
  'Quarterly review',
  'Sprint planning',
  'Réunion d’équipe',
  '1:1',
  'Customer call: ACME',
  'Architecture review',
  'Lunch & learn',
  'Hiring committee',
  'Release retrospective',
  'Board meeting',
  'Dentist follow-up',
  'Offsite logistics',
];
const LOCATIONS = ['Room 4.12', 'Raum Möwe', 'https://meet.example.com/abc-defg-hij', 'Microsoft Teams Meeting', 'Café Central', 'Building 2, Floor 3', ''];

interface Rule {
  text: string;
  /** Original start of instance k, when simple enough to compute (for RECURRENCE-IDs). */
  nth?: (start: number, k: number) => number;
}

/** Rules as the corpus events use them: mostly bounded, some endless. */
function corpusRule(r: Rng, start: number, shape: Shape): Rule {
  const wd = BYDAY[new Date(start).getUTCDay()]!;
  const outlook = shape === 'outlook' ? ';INTERVAL=1' : '';
  const wkst = shape === 'outlook' ? ';WKST=SU' : '';
  const count = r.int(4, 30);
  return r.weighted<Rule>([
    [{ text: `FREQ=WEEKLY;COUNT=${count}${outlook};BYDAY=${wd}${wkst}`, nth: (s, k) => s + k * 7 * DAY }, 30],
    [{ text: `FREQ=WEEKLY${outlook};BYDAY=${wd}${wkst}`, nth: (s, k) => s + k * 7 * DAY }, 15],
    [{ text: `FREQ=WEEKLY;INTERVAL=2;UNTIL=${utc(start + 26 * 7 * DAY + DAY)};BYDAY=${wd}`, nth: (s, k) => s + k * 14 * DAY }, 15],
    [{ text: `FREQ=DAILY;COUNT=${r.int(3, 10)}`, nth: (s, k) => s + k * DAY }, 15],
    [{ text: 'FREQ=WEEKLY;COUNT=20;BYDAY=MO,WE,FR' }, 10],
    [{ text: `FREQ=MONTHLY;COUNT=${count};BYDAY=${r.int(1, 4)}${wd}` }, 10],
    [{ text: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1' }, 5],
  ]);
}

interface Ev {
  uid: string;
  organizer: Person;
  /** Invited people besides the user (who is always invited to received events). */
  others: Person[];
  zone: Zone;
  /** Wall-clock start in the event's zone (UTC milliseconds of the floating time). */
  start: number;
  minutes: number;
  rule?: Rule;
  sequence: number;
  summary: string;
  location: string;
  created: number;
  cancelled: boolean;
}

function zoneFor(r: Rng, shape: Shape, recurring: boolean): Zone {
  switch (shape) {
    case 'outlook':
      return r.weighted<Zone>([
        [ZONES.wEurope, 5],
        [ZONES.pacific, 2],
        [ZONES.eastern, 2],
        [ZONES.gmt, 1],
      ]);
    case 'google':
      // Google writes single events in UTC and recurring ones in the organiser's zone.
      return recurring ? r.pick([ZONES.newYork, ZONES.berlin]) : ZONES.utc;
    case 'thunderbird':
    case 'nextcloud':
      return ZONES.berlin;
    case 'apple':
      return ZONES.la;
  }
}

function uidFor(r: Rng, shape: Shape): string {
  switch (shape) {
    case 'outlook':
      return `040000008200E00074C5B7101A82E00800000000${r.hex(16)}00000000000000001000000${r.hex(32)}`;
    case 'google':
      return `${r.hex(26).toLowerCase()}@google.com`;
    case 'thunderbird':
      return r.uuid();
    case 'nextcloud':
      return `nc-${r.uuid()}`;
    case 'apple':
      return r.uuid().toUpperCase();
  }
}

function newEvent(r: Rng, organizer: Person, others: Person[], recurring: boolean, startMin: number, startMax: number): Ev {
  const zone = zoneFor(r, organizer.shape, recurring);
  // A weekday in working hours of the organiser's zone, on the quarter hour.
  let day = Math.floor((startMin + r.next() * (startMax - startMin)) / DAY) * DAY;
  while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
  const localHour = r.int(8, 17);
  const hour = zone.tzid ? localHour : localHour - 1;
  const start = day + hour * 3_600_000 + r.pick([0, 15, 30, 45]) * MIN;
  return {
    uid: uidFor(r, organizer.shape),
    organizer,
    others,
    zone,
    start,
    minutes: r.pick([15, 30, 30, 45, 60, 60, 60, 90, 120]),
    ...(recurring ? { rule: corpusRule(r, start, organizer.shape) } : {}),
    sequence: 0,
    summary: r.pick(SUMMARIES),
    location: r.pick(LOCATIONS),
    created: NOW - r.int(1, 30) * DAY,
    cancelled: false,
  };
}

// ---------------------------------------------------------------------------------------------
// iCalendar text per sender

const PRODID: Record<Shape, string> = {
  outlook: 'Microsoft Exchange Server 2010',
  google: '-//Google Inc//Google Calendar 70.9054//EN',
  thunderbird: '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN',
  nextcloud: '-//IDN nextcloud.com//Calendar app 4.7.6//EN',
  apple: '-//Apple Inc.//macOS 14.5//EN',
};

const mailto = (p: { address: string }) => `mailto:${p.address}`;
const cn = (name: string) => (/[;:,]/.test(name) ? `"${name}"` : name);

function calendar(shape: Shape, method: string, zones: Zone[], components: string[][]): string {
  const head = ['BEGIN:VCALENDAR'];
  if (shape === 'outlook') head.push('METHOD:' + method, `PRODID:${PRODID[shape]}`, 'VERSION:2.0');
  else head.push(`PRODID:${PRODID[shape]}`, 'VERSION:2.0', ...(shape === 'google' || shape === 'apple' ? ['CALSCALE:GREGORIAN'] : []), `METHOD:${method}`);
  const seen = new Set<string>();
  for (const z of zones)
    if (z.tzid && !seen.has(z.tzid)) {
      seen.add(z.tzid);
      head.push(...z.vtimezone);
    }
  return foldIcs([...head, ...components.flat(), 'END:VCALENDAR']);
}

function timeLines(ev: Ev, start: number, minutes: number, name = 'DTSTART'): string[] {
  const end = start + minutes * MIN;
  if (!ev.zone.tzid) return [`${name}:${utc(start)}`, `DTEND:${utc(end)}`];
  return [`${name};TZID=${ev.zone.tzid}:${wall(start)}`, `DTEND;TZID=${ev.zone.tzid}:${wall(end)}`];
}

function ridLine(ev: Ev, at: number): string {
  return ev.zone.tzid ? `RECURRENCE-ID;TZID=${ev.zone.tzid}:${wall(at)}` : `RECURRENCE-ID:${utc(at)}`;
}

function attendeeLine(shape: Shape, p: Person, partstat: string, rsvp = true): string {
  switch (shape) {
    case 'outlook':
      return `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};RSVP=${rsvp ? 'TRUE' : 'FALSE'};CN=${cn(p.name)}:${mailto(p)}`;
    case 'google':
      return `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};RSVP=${rsvp ? 'TRUE' : 'FALSE'};CN=${p.address};X-NUM-GUESTS=0:${mailto(p)}`;
    default:
      return `ATTENDEE;CN=${cn(p.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat};RSVP=${rsvp ? 'TRUE' : 'FALSE'}:${mailto(p)}`;
  }
}

/** Properties each sender adds around the scheduling ones. */
function extras(shape: Shape, ev: Ev, stamp: number, r: Rng): string[] {
  switch (shape) {
    case 'outlook':
      return [
        `DESCRIPTION;LANGUAGE=en-US:${ev.summary}\\n\\nPlease review the attached agenda before the meeting. ________________________________________________________________________________\\nMicrosoft Teams meeting\\nJoin on your computer\\, mobile app or room device\\nMeeting ID: ${r.int(100, 999)} ${r.int(100, 999)} ${r.int(100, 999)}\\n`,
        'CLASS:PUBLIC',
        'PRIORITY:5',
        'TRANSP:OPAQUE',
        'STATUS:CONFIRMED',
        `X-MICROSOFT-CDO-APPT-SEQUENCE:${ev.sequence}`,
        `X-MICROSOFT-CDO-OWNERAPPTID:${r.int(-2_000_000_000, 2_000_000_000)}`,
        'X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE',
        'X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY',
        'X-MICROSOFT-CDO-ALLDAYEVENT:FALSE',
        'X-MICROSOFT-CDO-IMPORTANCE:1',
        `X-MICROSOFT-CDO-INSTTYPE:${ev.rule ? 1 : 0}`,
        'X-MICROSOFT-DONOTFORWARDMEETING:FALSE',
        'X-MICROSOFT-DISALLOW-COUNTER:FALSE',
        'BEGIN:VALARM',
        'DESCRIPTION:REMINDER',
        'TRIGGER;RELATED=START:-PT15M',
        'ACTION:DISPLAY',
        'END:VALARM',
      ];
    case 'google':
      return [
        `X-MICROSOFT-CDO-OWNERAPPTID:${r.int(-2_000_000_000, 2_000_000_000)}`,
        `CREATED:${utc(ev.created)}`,
        `DESCRIPTION:Join with Google Meet: https://meet.google.com/${r.hex(3).toLowerCase()}-${r.hex(4).toLowerCase()}-${r.hex(3).toLowerCase()}\\nLearn more about Meet at: https://support.google.com/a/users/answer/9282720\\n\\nPlease do not edit this section.`,
        `LAST-MODIFIED:${utc(stamp)}`,
        'STATUS:CONFIRMED',
        'TRANSP:OPAQUE',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:This is an event reminder',
        'TRIGGER:-P0DT0H10M0S',
        'END:VALARM',
      ];
    case 'thunderbird':
      return [
        `CREATED:${utc(ev.created)}`,
        `LAST-MODIFIED:${utc(stamp)}`,
        'TRANSP:OPAQUE',
        'X-MOZ-SEND-INVITATIONS:TRUE',
        'X-MOZ-SEND-INVITATIONS-UNDISCLOSED:FALSE',
      ];
    case 'nextcloud':
      return [`CREATED:${utc(ev.created)}`, `LAST-MODIFIED:${utc(stamp)}`, 'STATUS:CONFIRMED', 'TRANSP:OPAQUE'];
    case 'apple':
      return [`CREATED:${utc(ev.created)}`, `LAST-MODIFIED:${utc(stamp)}`, 'TRANSP:OPAQUE', 'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC', `URL;VALUE=URI:`];
  }
}

/** A REQUEST's VEVENT as the organiser's client writes it (the user is an attendee). */
function requestEvent(ev: Ev, user: string, stamp: number, r: Rng, override?: { rid: number; start: number }): string[] {
  const shape = ev.organizer.shape;
  const start = override ? override.start : ev.start;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${ev.uid}`,
    `DTSTAMP:${utc(stamp)}`,
    ...timeLines(ev, start, ev.minutes),
    ...(override ? [ridLine(ev, override.rid)] : ev.rule ? [`RRULE:${ev.rule.text}`] : []),
    `SEQUENCE:${ev.sequence}`,
    `SUMMARY${shape === 'outlook' ? ';LANGUAGE=en-US' : ''}:${ev.summary}`,
    ...(ev.location ? [`LOCATION${shape === 'outlook' ? ';LANGUAGE=en-US' : ''}:${ev.location.replace(/,/g, '\\,')}`] : []),
    `ORGANIZER;CN=${cn(ev.organizer.name)}:${mailto(ev.organizer)}`,
    attendeeLine(shape, { name: 'Alice', address: user, shape }, 'NEEDS-ACTION'),
    ...ev.others.map((p) => attendeeLine(shape, p, 'NEEDS-ACTION')),
    ...(shape === 'google' ? [attendeeLine(shape, ev.organizer, 'ACCEPTED')] : []),
    ...extras(shape, ev, stamp, r),
    'END:VEVENT',
  ];
  return lines;
}

function cancelEvent(ev: Ev, user: string, stamp: number, rid?: number): string[] {
  const shape = ev.organizer.shape;
  return [
    'BEGIN:VEVENT',
    `UID:${ev.uid}`,
    `DTSTAMP:${utc(stamp)}`,
    ...(rid !== undefined ? [ridLine(ev, rid), ...timeLines(ev, rid, ev.minutes)] : timeLines(ev, ev.start, ev.minutes)),
    `SEQUENCE:${ev.sequence}`,
    `SUMMARY:${shape === 'outlook' ? 'Canceled: ' : ''}${ev.summary}`,
    `ORGANIZER;CN=${cn(ev.organizer.name)}:${mailto(ev.organizer)}`,
    attendeeLine(shape, { name: 'Alice', address: user, shape }, 'NEEDS-ACTION'),
    ...ev.others.map((p) => attendeeLine(shape, p, 'NEEDS-ACTION')),
    'STATUS:CANCELLED',
    ...(shape === 'outlook' ? ['PRIORITY:1', 'X-MICROSOFT-CDO-BUSYSTATUS:FREE', 'X-MICROSOFT-CDO-INTENDEDSTATUS:FREE'] : []),
    'END:VEVENT',
  ];
}

/** An attendee's answer (REPLY) or proposal (COUNTER) about an event the user organises. */
function answerEvent(ev: Ev, from: Person, user: string, stamp: number, partstat: string, comment?: string, proposed?: number): string[] {
  const shape = from.shape;
  return [
    'BEGIN:VEVENT',
    `UID:${ev.uid}`,
    `DTSTAMP:${utc(stamp)}`,
    ...timeLines(ev, proposed ?? ev.start, ev.minutes),
    ...(ev.rule && proposed === undefined ? [`RRULE:${ev.rule.text}`] : []),
    `SEQUENCE:${ev.sequence}`,
    `SUMMARY:${ev.summary}`,
    `ORGANIZER;CN=Alice:mailto:${user}`,
    attendeeLine(shape, from, partstat, false),
    ...(comment ? [`COMMENT${shape === 'outlook' ? ';LANGUAGE=en-US' : ''}:${comment}`] : []),
    ...(shape === 'outlook' ? ['X-MICROSOFT-CDO-BUSYSTATUS:BUSY', 'X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY'] : []),
    'END:VEVENT',
  ];
}

// ---------------------------------------------------------------------------------------------
// Mail per sender

export interface Envelope {
  messageId: string;
  from: { address: string; name?: string };
  sender?: { address: string; name?: string };
  replyTo: { address: string; name?: string }[];
  to: { address: string; name?: string }[];
  subject: string;
}

interface MailIn {
  shape: Shape;
  from: Person;
  to: string[];
  subject: string;
  method: string;
  ics: string;
  date: number;
  text: string;
  r: Rng;
}

function htmlBody(r: Rng, text: string, rows: number): string {
  const cells: string[] = [];
  for (let i = 0; i < rows; i++)
    cells.push(
      `<tr><td style="padding:0 0 8px 0;font-family:Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:#3c4043" class="row${i}">${text} ${r.hex(12).toLowerCase()}</td></tr>`,
    );
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><table role="presentation" cellspacing="0" cellpadding="0" border="0">${cells.join('\n')}</table></body></html>`;
}

function envelopeOf(m: MailIn, messageId: string): { headers: string[]; env: Envelope } {
  const to = m.to.map((a) => ({ address: a }));
  const env: Envelope = { messageId, from: { address: m.from.address, name: m.from.name }, replyTo: [], to, subject: m.subject };
  const headers: string[] = [];
  const named = (p: Person, charset: 'utf-8' | 'iso-8859-1' = 'utf-8') => `${header(p.name, charset)} <${p.address}>`;
  switch (m.shape) {
    case 'outlook':
      headers.push(
        `Received: from EXCH01.corp.example.com (10.0.0.5) by EXCH02.corp.example.com`,
        ` (10.0.0.6) with Microsoft SMTP Server id 15.1.2507.39; ${mailDate(m.date)}`,
        `From: ${named(m.from, 'iso-8859-1')}`,
        `To: ${m.to.join(', ')}`,
        `Subject: ${header(m.subject, 'iso-8859-1')}`,
        `Thread-Topic: ${header(m.subject, 'iso-8859-1')}`,
        `Thread-Index: ${Buffer.from(m.r.hex(22)).toString('base64')}`,
        `Date: ${mailDate(m.date)}`,
        `Message-ID: <${messageId}>`,
        'Accept-Language: en-US, de-DE',
        'Content-Language: en-US',
        'X-MS-Has-Attach:',
        `X-MS-TNEF-Correlator: <${messageId}>`,
        'x-ms-exchange-transport-fromentityheader: Hosted',
        'MIME-Version: 1.0',
      );
      break;
    case 'google':
      env.sender = { address: 'calendar-notification@google.com', name: 'Google Calendar' };
      env.replyTo = [{ address: m.from.address }];
      headers.push(
        `Return-Path: <${m.from.address}>`,
        'MIME-Version: 1.0',
        `Date: ${mailDate(m.date)}`,
        `Reply-To: ${m.from.address}`,
        'Sender: Google Calendar <calendar-notification@google.com>',
        'Auto-Submitted: auto-generated',
        `Message-ID: <${messageId}>`,
        `Subject: ${header(m.subject, 'utf-8', true)}`,
        `From: ${named(m.from)}`,
        `To: ${m.to.join(', ')}`,
      );
      break;
    case 'thunderbird':
      headers.push(
        `Message-ID: <${messageId}>`,
        `Date: ${mailDate(m.date)}`,
        'MIME-Version: 1.0',
        'User-Agent: Mozilla Thunderbird',
        'Content-Language: en-US',
        `To: ${m.to.join(', ')}`,
        `From: ${named(m.from)}`,
        `Subject: ${header(m.subject)}`,
      );
      break;
    case 'nextcloud':
      // The CalDAV server sends on the organiser's behalf from its own address.
      env.from = { address: 'noreply@cloud.example.net', name: `${m.from.name} via Nextcloud` };
      env.replyTo = [{ address: m.from.address, name: m.from.name }];
      headers.push(
        `Message-ID: <${messageId}>`,
        `Date: ${mailDate(m.date)}`,
        `Subject: ${header(m.subject)}`,
        `From: ${header(`${m.from.name} via Nextcloud`)} <noreply@cloud.example.net>`,
        `Reply-To: ${named(m.from)}`,
        `To: ${m.to.join(', ')}`,
        'MIME-Version: 1.0',
      );
      break;
    case 'apple':
      headers.push(
        `From: ${named(m.from)}`,
        'Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))',
        `Subject: ${header(m.subject)}`,
        `Date: ${mailDate(m.date)}`,
        `Message-Id: <${messageId}>`,
        `To: ${m.to.join(', ')}`,
      );
      break;
  }
  return { headers, env };
}

function renderMail(m: MailIn, messageId: string): { raw: string; env: Envelope } {
  const { headers, env } = envelopeOf(m, messageId);
  const icsBytes = Buffer.from(m.ics, 'utf8');
  const b = m.r.hex(24);
  let body: string[];
  switch (m.shape) {
    case 'outlook': {
      const alt = `_000_${b}EXCH01corpexamplecom_`;
      body = [
        `Content-Type: multipart/alternative;`,
        `\tboundary="${alt}"`,
        '',
        `--${alt}`,
        'Content-Type: text/plain; charset="iso-8859-1"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        qp(m.text, 'latin1'),
        '',
        `--${alt}`,
        'Content-Type: text/html; charset="iso-8859-1"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        qp(htmlBody(m.r, m.text.replace(/[^\x20-\xff]/g, ' '), 12), 'latin1'),
        '',
        `--${alt}`,
        `Content-Type: text/calendar; charset="utf-8"; method=${m.method}`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(icsBytes),
        '',
        `--${alt}--`,
        '',
      ];
      break;
    }
    case 'google': {
      const mixed = `000000000000${b.slice(0, 12).toLowerCase()}01`;
      const alt = `000000000000${b.slice(0, 12).toLowerCase()}00`;
      body = [
        `Content-Type: multipart/mixed; boundary="${mixed}"`,
        '',
        `--${mixed}`,
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        '',
        `--${alt}`,
        'Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes',
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(Buffer.from(m.text)),
        `--${alt}`,
        'Content-Type: text/html; charset="UTF-8"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        qp(htmlBody(m.r, m.text, 40)),
        `--${alt}`,
        `Content-Type: text/calendar; charset="UTF-8"; method=${m.method}`,
        'Content-Transfer-Encoding: quoted-printable',
        '',
        qp(m.ics),
        `--${alt}--`,
        `--${mixed}`,
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(icsBytes),
        `--${mixed}--`,
        '',
      ];
      break;
    }
    case 'thunderbird': {
      const mixed = `------------tbMixed${b}`;
      const alt = `------------tbAlt${b}`;
      body = [
        `Content-Type: multipart/mixed; boundary="${mixed}"`,
        '',
        'This is a multi-part message in MIME format.',
        `--${mixed}`,
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        '',
        `--${alt}`,
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        m.text,
        '',
        `--${alt}`,
        `Content-Type: text/calendar; method=${m.method}; charset=UTF-8`,
        'Content-Transfer-Encoding: 8bit',
        '',
        m.ics,
        `--${alt}--`,
        '',
        `--${mixed}`,
        'Content-Type: application/ics; name="invite.ics"',
        'Content-Disposition: attachment; filename="invite.ics"',
        'Content-Transfer-Encoding: 8bit',
        '',
        m.ics,
        `--${mixed}--`,
        '',
      ];
      break;
    }
    case 'nextcloud':
      // Sabre's IMipPlugin: the calendar is the whole body.
      body = [`Content-Type: text/calendar; method=${m.method}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(icsBytes), ''];
      break;
    case 'apple': {
      const mixed = `Apple-Mail=_${m.r.uuid().toUpperCase()}`;
      const name = `${m.method === 'REPLY' ? 'Reply' : 'Termin'} für Alice.ics`;
      const ext = encodeURIComponent(name).replace(/'/g, '%27');
      body = [
        `Content-Type: multipart/mixed;`,
        `\tboundary="${mixed}"`,
        '',
        '',
        `--${mixed}`,
        'Content-Transfer-Encoding: 7bit',
        'Content-Type: text/plain;',
        '\tcharset=us-ascii',
        '',
        m.text.replace(/[^\x20-\x7e\n]/g, '?'),
        '',
        `--${mixed}`,
        'Content-Disposition: attachment;',
        `\tfilename*=utf-8''${ext}`,
        'Content-Type: application/x-any;',
        `\tname*=utf-8''${ext}`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(icsBytes),
        `--${mixed}--`,
        '',
      ];
      break;
    }
  }
  return { raw: crlf([...headers, ...body]), env };
}

// ---------------------------------------------------------------------------------------------
// The iMIP corpus

export type Kind = 'REQUEST' | 'REPLY' | 'CANCEL' | 'COUNTER' | 'VFREEBUSY';

export interface CorpusMessage {
  index: number;
  shape: Shape;
  kind: Kind;
  /** The METHOD the calendar carries (VFREEBUSY messages are REQUEST or REPLY). */
  method: 'REQUEST' | 'REPLY' | 'CANCEL' | 'COUNTER';
  /** A REQUEST or CANCEL about an event already sent earlier in the corpus. */
  update: boolean;
  /** Only one occurrence (RECURRENCE-ID). */
  occurrence: boolean;
  recurring: boolean;
  uid: string;
  /** The complete RFC 5322 message. */
  raw: string;
  /** The iCalendar text it carries. */
  ics: string;
  /** The `method=` parameter its Content-Type carries (Apple sends none). */
  methodParam?: string;
  envelope: Envelope;
}

export interface Corpus {
  seed: number;
  user: string;
  now: number;
  prefs: Record<string, string>;
  /** Events the user organises (iCalendar objects for engine.invite), answered by REPLYs and COUNTERs. */
  organised: string[];
  messages: CorpusMessage[];
}

/** Method mix of the corpus (per 100 messages). */
export const MIX: Record<Kind, number> = { REQUEST: 60, REPLY: 20, CANCEL: 10, COUNTER: 5, VFREEBUSY: 5 };
export const RECURRING_SHARE = 0.3;

export function imipCorpus(seed: number, size = 1000, user = USER): Corpus {
  const r = new Rng(seed);
  const everyone = people(r);
  const byShape = (s: Shape) => everyone.filter((p) => p.shape === s);
  const pickPerson = (exclude: string[] = []) => {
    const shape = r.weighted(SHAPE_WEIGHTS);
    return r.pick(byShape(shape).filter((p) => !exclude.includes(p.address)));
  };
  const othersFor = (organizer: Person) => {
    const n = r.weighted([
      [0, 3],
      [1, 3],
      [2, 2],
      [4, 1],
    ] as const);
    const out: Person[] = [];
    for (let i = 0; i < n; i++) {
      const p = r.pick(everyone);
      if (p !== organizer && !out.includes(p)) out.push(p);
    }
    return out;
  };

  // Events the user organises: invited before the run, answered in it.
  const mine: Ev[] = [];
  const organised: string[] = [];
  const nOrganised = Math.max(8, Math.round(size / 12));
  for (let i = 0; i < nOrganised; i++) {
    const others: Person[] = [];
    const n = r.int(1, 4);
    while (others.length < n) {
      const p = pickPerson(others.map((o) => o.address));
      if (!others.includes(p)) others.push(p);
    }
    const me: Person = { name: 'Alice', address: user, shape: 'thunderbird' };
    const ev = newEvent(r, me, others, r.chance(RECURRING_SHARE), NOW - 7 * DAY, NOW + 90 * DAY);
    ev.uid = `alice-${r.uuid()}`;
    mine.push(ev);
    organised.push(
      foldIcs([
        'BEGIN:VCALENDAR',
        'PRODID:-//Bench//EN',
        'VERSION:2.0',
        ...ev.zone.vtimezone,
        'BEGIN:VEVENT',
        `UID:${ev.uid}`,
        `DTSTAMP:${utc(NOW - DAY)}`,
        ...timeLines(ev, ev.start, ev.minutes),
        ...(ev.rule ? [`RRULE:${ev.rule.text}`] : []),
        `SUMMARY:${ev.summary}`,
        `ORGANIZER;CN=Alice:mailto:${user}`,
        ...others.map((p) => `ATTENDEE;CN=${cn(p.name)};RSVP=TRUE:${mailto(p)}`),
        'END:VEVENT',
        'END:VCALENDAR',
      ]),
    );
  }

  // Exactly the mix, shuffled; a CANCEL or update that comes before anything it could refer to
  // swaps places with the next new REQUEST.
  const kinds: Kind[] = [];
  for (const [k, share] of Object.entries(MIX) as [Kind, number][]) for (let i = 0; i < Math.round((size * share) / 100); i++) kinds.push(k);
  while (kinds.length < size) kinds.push('REQUEST');
  kinds.length = size;
  r.shuffle(kinds);
  const first = kinds.indexOf('REQUEST');
  if (first > 0) [kinds[0], kinds[first]] = [kinds[first]!, kinds[0]!];

  const received: Ev[] = [];
  const messages: CorpusMessage[] = [];
  let clock = NOW - 2 * DAY;
  for (let index = 0; index < size; index++) {
    const kind = kinds[index]!;
    clock += r.int(30, 300) * 1000;
    const stamp = clock;
    const live = received.filter((e) => !e.cancelled);
    let m: Omit<CorpusMessage, 'raw' | 'envelope' | 'index'> & { from: Person; to: string[]; subject: string; text: string };

    if (kind === 'REQUEST' || kind === 'CANCEL') {
      const isUpdate = kind === 'CANCEL' || (live.length > 0 && r.chance(0.25));
      let ev: Ev;
      if (!isUpdate || !live.length) {
        const organizer = pickPerson();
        ev = newEvent(r, organizer, othersFor(organizer), r.chance(RECURRING_SHARE), NOW - 3 * DAY, NOW + 120 * DAY);
        received.push(ev);
      } else ev = r.pick(live);
      const shape = ev.organizer.shape;
      const fresh = ev.sequence === 0 && !messages.some((x) => x.uid === ev.uid);
      // One occurrence, for a series whose instances are simple to name.
      const occurrence = !fresh && !!ev.rule?.nth && r.chance(0.3);
      const rid = occurrence ? ev.rule!.nth!(ev.start, r.int(1, 3)) : undefined;
      let components: string[][];
      let subject: string;
      if (kind === 'CANCEL') {
        ev.sequence++;
        if (!occurrence) ev.cancelled = true;
        components = [cancelEvent(ev, user, stamp, rid)];
        subject = `${shape === 'google' ? 'Canceled event' : 'Cancelled'}: ${ev.summary}`;
      } else if (fresh) {
        components = [requestEvent(ev, user, stamp, r)];
        subject = shape === 'google' ? `Invitation: ${ev.summary} @ ${mailDate(ev.start).slice(0, 16)} (${user})` : ev.summary;
      } else {
        ev.sequence++;
        if (occurrence) components = [requestEvent(ev, user, stamp, r, { rid: rid!, start: rid! + r.pick([1, 2, -1]) * 3_600_000 })];
        else {
          if (r.chance(0.6)) ev.start += r.pick([1, 24, -24, 2]) * 3_600_000;
          else ev.location = r.pick(LOCATIONS);
          components = [requestEvent(ev, user, stamp, r)];
        }
        subject = shape === 'google' ? `Updated invitation: ${ev.summary} @ ${mailDate(ev.start).slice(0, 16)} (${user})` : `Updated: ${ev.summary}`;
      }
      m = {
        shape,
        kind,
        method: kind,
        update: !fresh,
        occurrence,
        recurring: !!ev.rule,
        uid: ev.uid,
        ics: calendar(shape, kind, [ev.zone], components),
        from: ev.organizer,
        to: [user, ...ev.others.map((p) => p.address)],
        subject,
        text: `${ev.organizer.name} has ${kind === 'CANCEL' ? 'cancelled' : 'invited you to'}: ${ev.summary}\n\nWhen: ${mailDate(ev.start)}\nWhere: ${ev.location || '(none)'}\n`,
      };
    } else if (kind === 'REPLY' || kind === 'COUNTER') {
      const ev = r.pick(mine);
      const from = r.pick(ev.others);
      const partstat =
        kind === 'COUNTER'
          ? 'NEEDS-ACTION'
          : r.weighted([
              ['ACCEPTED', 6],
              ['DECLINED', 2],
              ['TENTATIVE', 2],
            ] as const);
      const comment = kind === 'COUNTER' ? 'Could we move this by an hour?' : r.chance(0.3) ? 'See you there' : undefined;
      const proposed = kind === 'COUNTER' ? ev.start + 3_600_000 : undefined;
      const label = kind === 'COUNTER' ? 'New Time Proposed' : partstat === 'ACCEPTED' ? 'Accepted' : partstat === 'DECLINED' ? 'Declined' : 'Tentative';
      m = {
        shape: from.shape,
        kind,
        method: kind,
        update: false,
        occurrence: false,
        recurring: !!ev.rule,
        uid: ev.uid,
        ics: calendar(from.shape, kind, [ev.zone], [answerEvent(ev, from, user, stamp, partstat, comment, proposed)]),
        from,
        to: [user],
        subject: `${label}: ${ev.summary}`,
        text: `${from.name} ${kind === 'COUNTER' ? 'proposes a new time for' : `has ${label.toLowerCase()}`}: ${ev.summary}\n`,
      };
    } else {
      // VFREEBUSY: someone asks for the user's busy time, or answers the user's request.
      const asking = r.chance(0.5);
      const other = pickPerson();
      const from = Math.floor((NOW + r.int(0, 8) * 7 * DAY) / DAY) * DAY;
      const uid = `fb-${r.uuid()}`;
      const busy: string[] = [];
      if (!asking)
        for (let i = 0; i < r.int(1, 6); i++) {
          const s = from + r.int(0, 6) * DAY + r.int(8, 16) * 3_600_000;
          busy.push(`FREEBUSY;FBTYPE=${r.pick(['BUSY', 'BUSY', 'BUSY-TENTATIVE'])}:${utc(s)}/${utc(s + r.pick([30, 60, 90]) * MIN)}`);
        }
      const component = [
        'BEGIN:VFREEBUSY',
        `UID:${uid}`,
        `DTSTAMP:${utc(stamp)}`,
        asking ? `ORGANIZER;CN=${cn(other.name)}:${mailto(other)}` : `ORGANIZER;CN=Alice:mailto:${user}`,
        asking ? `ATTENDEE;CN=Alice:mailto:${user}` : `ATTENDEE;CN=${cn(other.name)}:${mailto(other)}`,
        `DTSTART:${utc(from)}`,
        `DTEND:${utc(from + 7 * DAY)}`,
        ...busy,
        'END:VFREEBUSY',
      ];
      const method = asking ? 'REQUEST' : 'REPLY';
      m = {
        shape: other.shape,
        kind,
        method,
        update: false,
        occurrence: false,
        recurring: false,
        uid,
        ics: calendar(other.shape, method, [], [component]),
        from: other,
        to: [user],
        subject: asking ? 'Free/busy request' : 'Free/busy reply',
        text: asking ? `${other.name} asks for your free/busy time.\n` : `${other.name} sent their free/busy time.\n`,
      };
    }
    const messageId =
      m.shape === 'google'
        ? `calendar-${r.uuid()}@google.com`
        : m.shape === 'outlook'
          ? `${r.hex(32)}@EXCH01.corp.example.com`
          : `${r.uuid()}@${m.from.address.split('@')[1]}`;
    const { raw, env } = renderMail(
      { shape: m.shape, from: m.from, to: m.to, subject: m.subject, method: m.method, ics: m.ics, date: stamp, text: m.text, r },
      messageId,
    );
    const { from: _f, to: _t, subject: _s, text: _x, ...rest } = m;
    messages.push({ index, ...rest, ...(m.shape === 'apple' ? {} : { methodParam: m.method }), raw, envelope: env });
  }
  return { seed, user, now: NOW, prefs: PREFS, organised, messages };
}

// ---------------------------------------------------------------------------------------------
// Ordinary mail (the catch-up scan): personal mail, newsletters, threads, attachments

export function ordinaryMail(seed: number, size = 1000): string[] {
  const r = new Rng(seed);
  const out: string[] = [];
  const words = [
    'the',
    'report',
    'numbers',
    'attached',
    'please',
    'review',
    'thanks',
    'meeting',
    'quarter',
    'budget',
    'Grüße',
    'déjà',
    'update',
    'project',
    'deadline',
    'customer',
    'release',
    'notes',
  ];
  const para = (n: number) => {
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(r.pick(words));
    return w.join(' ').replace(/(.{60,72}) /g, '$1\n');
  };
  for (let i = 0; i < size; i++) {
    const date = NOW - r.int(0, 30 * 86400) * 1000;
    const from = `${r.pick(FIRST)} ${r.pick(LAST)}`;
    const addr = `${from
      .normalize('NFD')
      .replace(/[^A-Za-z ]/g, '')
      .replace(' ', '.')
      .toLowerCase()}@example.org`;
    const head = [
      `Return-Path: <${addr}>`,
      `Received: from mx${r.int(1, 9)}.example.org (mx.example.org [192.0.2.${r.int(1, 254)}]) by mail.example.test with ESMTPS id ${r.hex(12)}; ${mailDate(date)}`,
      `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=s1; h=from:to:subject:date; bh=${Buffer.from(r.hex(32)).toString('base64')}; b=${Buffer.from(r.hex(96)).toString('base64')}`,
      `From: ${header(from)} <${addr}>`,
      `To: Alice <${USER}>`,
      `Subject: ${header(`${r.pick(['Re: ', 'Fwd: ', '', '', 'Newsletter: '])}${r.pick(SUMMARIES)}`)}`,
      `Date: ${mailDate(date)}`,
      `Message-ID: <${r.uuid()}@example.org>`,
      'MIME-Version: 1.0',
    ];
    const b = r.hex(20);
    const shape = r.weighted([
      ['plain', 30],
      ['newsletter', 30],
      ['thread', 25],
      ['attachment', 10],
      ['inline-image', 5],
    ] as const);
    let body: string[];
    switch (shape) {
      case 'plain':
        body = ['Content-Type: text/plain; charset=UTF-8; format=flowed', 'Content-Transfer-Encoding: 8bit', '', para(r.int(300, 900))];
        break;
      case 'newsletter':
        body = [
          `Content-Type: multipart/alternative; boundary="${b}"`,
          '',
          `--${b}`,
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          qp(para(r.int(300, 800))),
          `--${b}`,
          'Content-Type: text/html; charset=UTF-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          qp(htmlBody(r, para(40), r.int(60, 200))),
          `--${b}--`,
          '',
        ];
        break;
      case 'thread': {
        const quoted = para(r.int(200, 600))
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n');
        body = [
          `Content-Type: multipart/alternative; boundary="${b}"`,
          '',
          `--${b}`,
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          qp(`${para(r.int(20, 120))}\n\nOn ${mailDate(date - DAY)}, Bob wrote:\n${quoted}`),
          `--${b}`,
          'Content-Type: text/html; charset=UTF-8',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          qp(htmlBody(r, para(30), r.int(20, 60))),
          `--${b}--`,
          '',
        ];
        break;
      }
      case 'attachment':
      case 'inline-image': {
        const bytes = Buffer.alloc(r.int(20, shape === 'attachment' ? 400 : 80) * 1024);
        for (let j = 0; j < bytes.length; j += 4) bytes.writeUInt32LE(Math.floor(r.next() * 0xffffffff), Math.min(j, bytes.length - 4));
        const [type, name] =
          shape === 'attachment'
            ? r.pick([
                ['application/pdf', 'report.pdf'],
                ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'numbers.xlsx'],
                ['text/plain', 'notes.txt'],
              ] as const)
            : (['image/png', 'logo.png'] as const);
        body = [
          `Content-Type: multipart/${shape === 'attachment' ? 'mixed' : 'related'}; boundary="${b}"`,
          '',
          `--${b}`,
          'Content-Type: text/plain; charset=UTF-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          para(r.int(50, 200)),
          `--${b}`,
          `Content-Type: ${type}; name="${name}"`,
          `Content-Disposition: ${shape === 'attachment' ? 'attachment' : 'inline'}; filename="${name}"`,
          'Content-Transfer-Encoding: base64',
          '',
          base64Lines(bytes),
          `--${b}--`,
          '',
        ];
        break;
      }
    }
    out.push(crlf([...head, ...body]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A large stored calendar of one user (free/busy at scale, cold start)

export interface CalendarSpec {
  events: number;
  recurring: number;
  /** Share of the recurring events without COUNT or UNTIL. */
  endlessShare: number;
  /** First year of the history; events run until a year after NOW. */
  fromYear: number;
}
export const BIG_CALENDAR: CalendarSpec = { events: 100_000, recurring: 2_000, endlessShare: 0.25, fromYear: 2002 };

const STORED_PRODID = 'PRODID:-//imip-agent//imip-agent for Thunderbird//EN';

/**
 * StoredEvent records as the engine keeps them (one VCALENDAR per event, the user's own copy),
 * all busy: the user organises the event or has accepted it. Single events spread over the
 * history on working days; recurring ones (every `events/recurring`-th) are weekly, monthly,
 * yearly or on weekdays, a quarter of them endless.
 */
export function* calendarEvents(seed: number, spec: CalendarSpec = BIG_CALENDAR, user = USER): Generator<StoredEvent> {
  const r = new Rng(seed);
  const from = Date.UTC(spec.fromYear, 0, 1);
  const to = NOW + 365 * DAY;
  const every = Math.max(1, Math.floor(spec.events / spec.recurring));
  const endlessEvery = Math.max(1, Math.round(1 / spec.endlessShare));
  const organizers = ['olga@corp.example.com', 'bob@example.com', 'carol@example.org', 'dave@cloud.example.net', 'erin@icloud.example'];
  for (let i = 0; i < spec.events; i++) {
    const recurringNo = i % every === 0 && i / every < spec.recurring ? i / every : -1;
    const endless = recurringNo >= 0 && recurringNo % endlessEvery === 0;
    const zone = r.weighted<Zone>([
      [ZONES.utc, 40],
      [ZONES.berlin, 35],
      [ZONES.wEurope, 15],
      [ZONES.la, 10],
    ]);
    let day = Math.floor((from + r.next() * (to - from)) / DAY) * DAY;
    while ([0, 6].includes(new Date(day).getUTCDay())) day += DAY;
    const start = day + (r.int(8, 17) - (zone.tzid ? 0 : 1)) * 3_600_000 + r.pick([0, 15, 30, 45]) * MIN;
    const minutes = r.pick([15, 30, 30, 45, 60, 60, 60, 90, 120]);
    const allDay = r.chance(0.05);
    const uid = `big-${i}-${r.hex(12).toLowerCase()}@example.net`;
    const organiser = r.chance(0.3);
    const organizer = organiser ? user : r.pick(organizers);
    let rule: string | undefined;
    const until = (ms: number) => (allDay ? dateOnly(ms) : utc(ms));
    if (recurringNo >= 0) {
      const wd = BYDAY[new Date(start).getUTCDay()]!;
      rule = endless
        ? r.weighted([
            [`FREQ=YEARLY`, 40],
            [`FREQ=MONTHLY;BYDAY=${r.int(1, 4)}${wd}`, 30],
            [`FREQ=WEEKLY;BYDAY=${wd}`, 13],
            [`FREQ=WEEKLY;INTERVAL=2;BYDAY=${wd}`, 12],
            ['FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 2],
          ])
        : r.weighted([
            [`FREQ=WEEKLY;COUNT=${r.int(4, 52)};BYDAY=${wd}`, 45],
            [`FREQ=DAILY;COUNT=${r.int(2, 10)}`, 20],
            [`FREQ=MONTHLY;UNTIL=${until(start + r.int(90, 720) * DAY)}`, 20],
            [`FREQ=WEEKLY;INTERVAL=2;UNTIL=${until(start + r.int(60, 365) * DAY)}`, 15],
          ]);
    }
    const stamp = Math.min(NOW, start - r.int(1, 30) * DAY);
    const time = allDay
      ? [`DTSTART;VALUE=DATE:${dateOnly(start)}`, `DTEND;VALUE=DATE:${dateOnly(start + DAY)}`]
      : zone.tzid
        ? [`DTSTART;TZID=${zone.tzid}:${wall(start)}`, `DTEND;TZID=${zone.tzid}:${wall(start + minutes * MIN)}`]
        : [`DTSTART:${utc(start)}`, `DTEND:${utc(start + minutes * MIN)}`];
    const attendees = [`ATTENDEE;CN=Alice;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:${user}`];
    for (let a = r.int(0, 3); a > 0; a--)
      attendees.push(`ATTENDEE;PARTSTAT=${r.pick(['ACCEPTED', 'NEEDS-ACTION', 'TENTATIVE'])};ROLE=REQ-PARTICIPANT:mailto:${r.pick(organizers)}`);
    const lines = [
      'BEGIN:VCALENDAR',
      STORED_PRODID,
      'VERSION:2.0',
      ...(allDay ? [] : zone.vtimezone),
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${utc(stamp)}`,
      ...time,
      ...(rule ? [`RRULE:${rule}`] : []),
      ...(rule && r.chance(0.2)
        ? [
            zone.tzid && !allDay
              ? `EXDATE;TZID=${zone.tzid}:${wall(start + 7 * DAY)}`
              : allDay
                ? `EXDATE;VALUE=DATE:${dateOnly(start + 7 * DAY)}`
                : `EXDATE:${utc(start + 7 * DAY)}`,
          ]
        : []),
      `SEQUENCE:${r.int(0, 2)}`,
      `SUMMARY:${r.pick(SUMMARIES)}`,
      ...(r.chance(0.5) ? [`LOCATION:${r.pick(LOCATIONS).replace(/,/g, '\\,')}`] : []),
      `ORGANIZER:mailto:${organizer}`,
      ...attendees,
      'END:VEVENT',
      'END:VCALENDAR',
    ];
    const created = new Date(stamp).toISOString();
    yield {
      uid,
      ics: foldIcs(lines),
      relation: organiser ? 'organizer' : 'attendee',
      organizer,
      sequence: 0,
      dtstamp: created,
      cancelled: false,
      created,
      updated: created,
      history: [{ at: created, method: 'REQUEST', action: organiser ? 'sent' : 'stored' }],
    };
  }
}

/** Engine options for the bench's user at `now`, with ids counted from 1. */
export function benchOptions(now = NOW) {
  let n = 0;
  return { user: USER, role: 'person' as const, now: new Date(now), newId: () => `bench-${++n}` };
}

/** A corpus message as the engine receives it: its envelope and its one calendar part. */
export function asMail(m: CorpusMessage): MailMessage {
  return {
    ...m.envelope,
    cc: [],
    calendarParts: [{ contentType: 'text/calendar', text: m.ics, path: '1', ...(m.methodParam ? { methodParam: m.methodParam } : {}) }],
  };
}
