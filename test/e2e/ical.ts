// iCalendar text for test mail, written per RFC 5545 (CRLF, lines folded at 75 octets, TEXT
// escaped). Times are UTC instants or wall-clock times in a named zone with its VTIMEZONE.
// Written here rather than with the engine's own foldLines/serialisers on purpose: input made by
// the code under test would share its mistakes (as mime.ts reads the sink's mail independently).
export interface Person {
  email: string;
  name?: string;
  partstat?: string;
  role?: string;
  cutype?: string;
  rsvp?: boolean;
  comment?: string;
}

export interface Zone {
  tzid: string;
  vtimezone: string;
  /** The IANA zone whose rules the VTIMEZONE states (to write wall-clock times). */
  iana: string;
}

export interface EventSpec {
  uid: string;
  summary: string;
  start: Date;
  end: Date;
  organizer: Person;
  attendees: Person[];
  sequence?: number;
  description?: string;
  location?: string;
  comment?: string;
  rrule?: string;
  recurrenceId?: Date;
  status?: string;
  /** Write DTSTART/DTEND as wall-clock times in this zone (TZID name as the sender writes it). */
  zone?: Zone;
  dtstamp?: Date;
  extra?: string[];
}

export function utc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The wall-clock time of an instant in an IANA zone, as an iCalendar local DATE-TIME. */
export function local(d: Date, iana: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: iana,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}${parts['month']}${parts['day']}T${parts['hour']}${parts['minute']}${parts['second']}`;
}

export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const out: string[] = [];
  let cur = '';
  let curLen = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (curLen + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      curLen = 0;
    }
    cur += ch;
    curLen += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

function person(prop: string, p: Person): string {
  const params = [
    p.cutype ? `CUTYPE=${p.cutype}` : '',
    p.role ? `ROLE=${p.role}` : prop === 'ATTENDEE' ? 'ROLE=REQ-PARTICIPANT' : '',
    p.partstat ? `PARTSTAT=${p.partstat}` : '',
    p.rsvp ? 'RSVP=TRUE' : '',
    p.name ? `CN="${p.name.replace(/"/g, "'")}"` : '',
  ].filter(Boolean);
  return `${prop}${params.length ? ';' + params.join(';') : ''}:mailto:${p.email}`;
}

export function vevent(e: EventSpec): string[] {
  const when = (name: string, d: Date) => (e.zone ? `${name};TZID=${e.zone.tzid}:${local(d, e.zone.iana)}` : `${name}:${utc(d)}`);
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utc(e.dtstamp ?? new Date())}`,
    when('DTSTART', e.start),
    when('DTEND', e.end),
    ...(e.recurrenceId ? [when('RECURRENCE-ID', e.recurrenceId)] : []),
    ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
    `SEQUENCE:${e.sequence ?? 0}`,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    ...(e.comment ? [`COMMENT:${escapeText(e.comment)}`] : []),
    `STATUS:${e.status ?? 'CONFIRMED'}`,
    person('ORGANIZER', e.organizer),
    ...e.attendees.map((a) => person('ATTENDEE', a)),
    ...(e.extra ?? []),
    'END:VEVENT',
  ];
}

export function vcalendar(method: string, events: EventSpec[], prodid = '-//imip-agent e2e//EN'): string {
  const zones = [...new Map(events.filter((e) => e.zone).map((e) => [e.zone!.tzid, e.zone!.vtimezone])).values()];
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${prodid}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...zones,
    ...events.flatMap(vevent),
    'END:VCALENDAR',
  ];
  return (
    lines
      .flatMap((l) => l.split('\r\n'))
      .map(fold)
      .join('\r\n') + '\r\n'
  );
}

/** Outlook's name for Central European time, with the VTIMEZONE Exchange sends (EU rules). */
export const W_EUROPE: Zone = {
  iana: 'Europe/Berlin',
  tzid: 'W. Europe Standard Time',
  vtimezone: [
    'BEGIN:VTIMEZONE',
    'TZID:W. Europe Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16010101T030000',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010101T020000',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ].join('\r\n'),
};

/** Eastern time as Outlook names it (scenario 3 shows it in alice's Europe/Berlin). */
export const EASTERN: Zone = {
  iana: 'America/New_York',
  tzid: 'Eastern Standard Time',
  vtimezone: [
    'BEGIN:VTIMEZONE',
    'TZID:Eastern Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16011104T020000',
    'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010311T020000',
    'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ].join('\r\n'),
};
