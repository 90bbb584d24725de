// Test mail in the shapes real senders use (see shared/interop-facts.md and test/fixtures/mail):
// Google, Outlook/Exchange, Apple, Thunderbird, Nextcloud, and plain attendee answers. Each
// message gets its own Message-ID so a scenario can wait for exactly that one.
import { randomUUID } from 'node:crypto';
import { ALICE } from './profile.js';
import { vcalendar, type EventSpec } from './ical.js';

export const ORGANIZER = 'organizer@example.com';

export interface Mail {
  raw: string;
  messageId: string;
}

export function messageId(domain = 'example.com'): string {
  return `${randomUUID()}@${domain}`;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
}

function headers(h: Record<string, string>): string {
  return Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
}

function encodeWord(s: string): string {
  return /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
}

interface Envelope {
  from?: string;
  fromName?: string;
  to?: string;
  subject?: string;
  date?: Date;
  id?: string;
  extra?: Record<string, string>;
}

function top(env: Envelope, defaults: { from: string; subject: string }, domain: string): { head: Record<string, string>; id: string } {
  const id = env.id ?? messageId(domain);
  const from = env.from ?? defaults.from;
  return {
    id,
    head: {
      'Message-ID': `<${id}>`,
      Date: (env.date ?? new Date()).toUTCString().replace('GMT', '+0000'),
      From: env.fromName ? `${encodeWord(env.fromName)} <${from}>` : `<${from}>`,
      To: `<${env.to ?? ALICE}>`,
      Subject: encodeWord(env.subject ?? defaults.subject),
      'MIME-Version': '1.0',
      ...(env.extra ?? {}),
    },
  };
}

export function plainMail(env: Envelope = {}): string {
  const { head } = top(env, { from: 'friend@example.net', subject: 'Hello' }, 'example.net');
  return `${headers({ ...head, 'Content-Type': 'text/plain; charset=UTF-8' })}\r\n\r\nJust text, no calendar.\r\n`;
}

/** Google: mixed ⊃ alternative (text, html, text/calendar) + application/ics invite.ics. */
export function googleMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events, '-//Google Inc//Google Calendar 70.9054//EN');
  const { head, id } = top(env, { from: events[0]!.organizer.email, subject: `Invitation: ${events[0]!.summary}` }, 'google.com');
  const raw = `${headers({ ...head, Sender: 'Google Calendar <calendar-notification@google.com>', 'Content-Type': 'multipart/mixed; boundary="g-mixed"' })}

--g-mixed
Content-Type: multipart/alternative; boundary="g-alt"

--g-alt
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes
Content-Transfer-Encoding: base64

${b64(`${events[0]!.summary}\r\n`)}
--g-alt
Content-Type: text/html; charset="UTF-8"

<html><body><span itemprop="name">invitation</span></body></html>
--g-alt
Content-Type: text/calendar; charset="UTF-8"; method=${method}
Content-Transfer-Encoding: base64

${b64(ics)}
--g-alt--
--g-mixed
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

${b64(ics)}
--g-mixed--
`.replace(/\r?\n/g, '\r\n');
  return { raw, messageId: id };
}

/** Outlook/Exchange: mixed ⊃ alternative (text, html, base64 text/calendar) with a Windows zone. */
export function outlookMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events, '-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN');
  const { head, id } = top(env, { from: events[0]!.organizer.email, subject: events[0]!.summary }, 'EXCH01.corp.example.com');
  const raw =
    `${headers({ ...head, 'Thread-Topic': encodeWord(events[0]!.summary), 'X-MS-Has-Attach': '', 'X-MS-TNEF-Correlator': '', 'Content-Type': 'multipart/alternative; boundary="_000_EXCH_"' })}

--_000_EXCH_
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

${b64('Please join.\r\n')}
--_000_EXCH_
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

${b64('<html><body><p>Please join.</p></body></html>')}
--_000_EXCH_
Content-Type: text/calendar; charset="utf-8"; method=${method}
Content-Transfer-Encoding: base64

${b64(ics)}
--_000_EXCH_--
`.replace(/\r?\n/g, '\r\n');
  return { raw, messageId: id };
}

/** Apple Mail: text + application/x-any attachment without a method parameter. */
export function appleMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events, '-//Apple Inc.//macOS 15.0//EN');
  const { head, id } = top(env, { from: events[0]!.organizer.email, subject: `Invitation: ${events[0]!.summary}` }, 'icloud.com');
  const raw = `${headers({ ...head, 'Content-Type': 'multipart/mixed; boundary="Apple-Mail=_1"' })}

--Apple-Mail=_1
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

You are invited.
--Apple-Mail=_1
Content-Type: application/x-any; name="iCal-invite.ics"
Content-Disposition: attachment; filename="iCal-invite.ics"
Content-Transfer-Encoding: base64

${b64(ics)}
--Apple-Mail=_1--
`.replace(/\r?\n/g, '\r\n');
  return { raw, messageId: id };
}

/** Thunderbird: mixed ⊃ alternative (8bit text, 8bit calendar) + application/ics invite.ics. */
export function thunderbirdMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events, '-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN');
  const { head, id } = top(env, { from: events[0]!.organizer.email, subject: `Invitation: ${events[0]!.summary}` }, 'example.org');
  const raw = `${headers({ ...head, 'User-Agent': 'Mozilla Thunderbird', 'Content-Type': 'multipart/mixed; boundary="------------tb1"' })}

--------------tb1
Content-Type: multipart/alternative; boundary="------------tb2"

--------------tb2
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

${events[0]!.summary}
--------------tb2
Content-Type: text/calendar; charset=UTF-8; method=${method}
Content-Transfer-Encoding: 8bit

${ics}
--------------tb2--
--------------tb1
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

${b64(ics)}
--------------tb1--
`.replace(/\r?\n/g, '\r\n');
  return { raw, messageId: id };
}

/** Nextcloud: From the server's noreply address, Reply-To the organiser, event.ics attached. */
export function nextcloudMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events, '-//Sabre//Sabre VObject 4.5.0//EN');
  const { head, id } = top(
    { from: 'noreply@cloud.example.com', fromName: `${events[0]!.organizer.name ?? 'Organizer'} via Nextcloud`, ...env },
    { from: 'noreply@cloud.example.com', subject: `Invitation: ${events[0]!.summary}` },
    'cloud.example.com',
  );
  const raw = `${headers({ ...head, 'Reply-To': `<${events[0]!.organizer.email}>`, 'Content-Type': 'multipart/mixed; boundary="nc1"' })}

--nc1
Content-Type: text/plain; charset=utf-8

Invitation: ${events[0]!.summary}
--nc1
Content-Type: text/calendar; method=${method}; charset=utf-8; name=event.ics
Content-Disposition: attachment; filename=event.ics
Content-Transfer-Encoding: base64

${b64(ics)}
--nc1--
`.replace(/\r?\n/g, '\r\n');
  return { raw, messageId: id };
}

/** A plain single-part iCalendar message (Sabre style) — answers from attendees, cancellations. */
export function calendarMail(method: string, events: EventSpec[], env: Envelope = {}): Mail {
  const ics = vcalendar(method, events);
  const { head, id } = top(env, { from: events[0]!.organizer.email, subject: `${method}: ${events[0]!.summary}` }, 'example.net');
  const raw = `${headers({ ...head, 'Content-Type': `text/calendar; charset=UTF-8; method=${method}`, 'Content-Transfer-Encoding': '8bit' })}\r\n\r\n${ics}`;
  return { raw, messageId: id };
}

/** The start of the next weekday (Mon–Fri) at least `daysAhead` days from now, at `hourUtc`. */
export function weekdayAt(hourUtc: number, daysAhead = 1, minute = 0): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + daysAhead);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(hourUtc, minute, 0, 0);
  return d;
}

export function plus(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60000);
}
