// Sample invitations for `npm start`: one from every sender shape the engine reads (Outlook with a
// Windows zone, Google, Apple, Thunderbird, Nextcloud), a counter-proposal, a cancellation and an
// encrypted one. Times lie in the coming days; UIDs and Message-IDs carry the day they were made,
// so a refreshed profile gets today's set and yesterday's stays processed.
// The counter-proposal answers an event alice organises: her REQUEST lies in Sent (the add-on
// records mail in Sent as the user's own, so the event is in her store as organised), and the
// COUNTER is delivered only after that REQUEST was processed (`after`), so it meets a stored event.
import { pgpMime, type Gpg } from './gpg.js';
import { vcalendar, W_EUROPE } from './ical.js';
import { appleMail, calendarMail, googleMail, nextcloudMail, ORGANIZER, outlookMail, plus, thunderbirdMail, weekdayAt, type Mail } from './mail.js';
import { ALICE } from './profile.js';

export interface Sample {
  label: string;
  mail: Mail;
  /** INBOX unless said otherwise. */
  folder?: 'INBOX' | 'Sent';
  /** Deliver only once the add-on has processed the sample with this Message-ID. */
  after?: string;
}

export function samples(gpg: Gpg | null): Sample[] {
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const id = (s: string) => `sample-${s}-${stamp}`;
  const alice = { email: ALICE, name: 'Alice Example', partstat: 'NEEDS-ACTION', rsvp: true };
  const d1 = weekdayAt(8, 1);
  const d2 = weekdayAt(8, 2);
  const d3 = weekdayAt(8, 3);
  const olga = { email: ORGANIZER, name: 'Olga Organizer' };
  const organised = calendarMail(
    'REQUEST',
    [
      {
        uid: id('alice-own'),
        summary: 'Quarterly planning',
        start: plus(d3, 60),
        end: plus(d3, 120),
        organizer: { email: ALICE, name: 'Alice Example' },
        attendees: [
          { email: ALICE, name: 'Alice Example', partstat: 'ACCEPTED' },
          { email: 'bob@example.net', name: 'Bob', partstat: 'NEEDS-ACTION', rsvp: true },
        ],
      },
    ],
    { from: ALICE, fromName: 'Alice Example', to: 'bob@example.net', id: `${id('alice-own')}@example.test` },
  );
  const out: Sample[] = [
    {
      label: 'Outlook (W. Europe Standard Time)',
      mail: outlookMail(
        'REQUEST',
        [
          {
            uid: id('outlook'),
            summary: 'Budget review Q1',
            start: plus(d1, 60),
            end: plus(d1, 120),
            zone: W_EUROPE,
            organizer: { email: 'olga@corp.example.com', name: 'Olga Organizer (Exchange)' },
            attendees: [alice, { email: 'bob@example.net', name: 'Bob', partstat: 'NEEDS-ACTION' }],
            location: 'Teams',
          },
        ],
        { id: `${id('outlook')}@EXCH01.corp.example.com` },
      ),
    },
    {
      label: 'Google',
      mail: googleMail(
        'REQUEST',
        [
          {
            uid: `${id('google')}@google.com`,
            summary: 'Design sync',
            start: plus(d1, 15),
            end: plus(d1, 75),
            organizer: olga,
            attendees: [alice, { ...olga, partstat: 'ACCEPTED' }],
            description: 'Join with Google Meet: https://meet.google.com/abc-defg-hij',
          },
        ],
        { id: `${id('google')}@google.com` },
      ),
    },
    {
      label: 'Apple',
      mail: appleMail(
        'REQUEST',
        [
          {
            uid: id('apple').toUpperCase(),
            summary: 'Lunch & learn',
            start: plus(d2, 240),
            end: plus(d2, 300),
            organizer: { email: 'tim@icloud.example', name: 'Tim' },
            attendees: [alice],
          },
        ],
        { id: `${id('apple')}@icloud.com` },
      ),
    },
    {
      label: 'Thunderbird',
      mail: thunderbirdMail(
        'REQUEST',
        [
          {
            uid: id('thunderbird'),
            summary: 'Café planning ☕',
            start: plus(d2, 60),
            end: plus(d2, 105),
            organizer: { email: 'jan@example.org', name: 'Jan' },
            attendees: [alice],
            location: 'Café Kranzler',
          },
        ],
        { id: `${id('thunderbird')}@example.org` },
      ),
    },
    {
      label: 'Nextcloud',
      mail: nextcloudMail(
        'REQUEST',
        [
          {
            uid: id('nextcloud'),
            summary: 'Sprint review',
            start: plus(d3, 360),
            end: plus(d3, 420),
            organizer: { email: 'kim@cloud.example.com', name: 'Kim' },
            attendees: [alice],
            rrule: 'FREQ=WEEKLY;COUNT=6',
          },
        ],
        { id: `${id('nextcloud')}@cloud.example.com` },
      ),
    },
    { label: 'an event alice organises (her REQUEST to Bob, in Sent)', folder: 'Sent', mail: organised },
    {
      label: 'a counter-proposal from Bob (to the event alice organises)',
      after: organised.messageId,
      mail: calendarMail(
        'COUNTER',
        [
          {
            uid: id('alice-own'),
            summary: 'Quarterly planning',
            start: plus(d3, 120),
            end: plus(d3, 180),
            organizer: { email: ALICE, name: 'Alice Example' },
            attendees: [{ email: 'bob@example.net', name: 'Bob', partstat: 'NEEDS-ACTION' }],
            comment: 'Could we do an hour later?',
          },
        ],
        { from: 'bob@example.net', fromName: 'Bob', to: ALICE, id: `${id('counter')}@example.net` },
      ),
    },
    {
      label: 'a cancellation (of the Thunderbird-shaped one)',
      mail: calendarMail(
        'CANCEL',
        [
          {
            uid: id('thunderbird'),
            summary: 'Café planning ☕',
            start: plus(d2, 60),
            end: plus(d2, 105),
            sequence: 1,
            status: 'CANCELLED',
            organizer: { email: 'jan@example.org', name: 'Jan' },
            attendees: [alice],
          },
        ],
        { from: 'jan@example.org', id: `${id('cancel')}@example.org` },
      ),
    },
  ];
  if (gpg) {
    const inner = googleMail(
      'REQUEST',
      [
        {
          uid: `${id('encrypted')}@google.com`,
          summary: 'Acquisition talks (encrypted)',
          start: plus(d3, 60),
          end: plus(d3, 120),
          organizer: olga,
          attendees: [alice],
          location: 'Board room',
        },
      ],
      { id: `${id('encrypted')}@google.com` },
    );
    out.push({ label: 'an encrypted one (PGP/MIME to alice)', mail: { raw: pgpMime(gpg, inner.raw, [ALICE]), messageId: inner.messageId } });
  }
  return out;
}

/**
 * alice's own meetings in her local Thunderbird calendar for `npm start`, each colliding with one
 * of the sample invitations (the stand-up with the Google one, the dentist with the Outlook one,
 * focus time with the Thunderbird one). UIDs carry the day, as the invitations' do.
 */
export function calendarSamples(): { label: string; ics: string }[] {
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const d1 = weekdayAt(8, 1);
  const d2 = weekdayAt(8, 2);
  const own = (name: string, summary: string, start: Date, minutes: number) => ({
    label: summary,
    ics: vcalendar('PUBLISH', [
      { uid: `calendar-${name}-${stamp}@imip-agent.test`, summary, start, end: plus(start, minutes), organizer: { email: ALICE }, attendees: [] },
    ]).replace(/^METHOD:PUBLISH\r\n/m, ''),
  });
  return [own('standup', 'Team stand-up', d1, 30), own('dentist', 'Dentist', plus(d1, 90), 60), own('focus', 'Focus time', plus(d2, 45), 75)];
}
