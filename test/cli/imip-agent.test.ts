// The `imip-agent` command line, driven by process as other programs drive it (the built bundle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixtures, listing, scratch } from './process.js';

const work = scratch('imip-cli-');

const ALICE = ['--user', 'mailto:Alice@Example.test', '--now', '2025-07-02T09:00:00Z'];
const store = (name: string) => ['--store', join(work(), name)];

test('usage errors exit 2 with one line on stderr', () => {
  for (const args of [
    [],
    ['nonsense', ...store('u')],
    ['handle', ...store('u')],
    ['respond', '--uid', 'x', ...store('u'), ...ALICE],
    ['respond', '--uid', 'x', '--partstat', 'MAYBE', ...store('u'), ...ALICE],
    ['prefs', ...store('u'), ...ALICE, '--frobnicate', '1'],
    ['freebusy', '--start', 'yesterday', '--end', '2025-01-01', ...store('u'), ...ALICE],
  ]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /^imip-agent: .*--help/);
  }
});

test('--help prints the contract', () => {
  const r = cli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /handle \[FILE\|-\] \[--outgoing\]/);
  assert.match(r.out, /request-freebusy --to ADDRESS\[,ADDRESS\] --start ISO --end ISO/);
});

test('input that is not mail, or cannot be read, exits 1 and leaves the store untouched', () => {
  const s = join(work(), 'bad');
  cli(['prefs', '--store', s, ...ALICE]);
  const before = listing(s);
  const notMail = join(work(), 'not-mail.txt');
  writeFileSync(notMail, 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  for (const file of [notMail, join(work(), 'missing.eml')]) {
    const r = cli(['handle', file, '--store', s, ...ALICE]);
    assert.equal(r.code, 1, r.err);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.doesNotMatch(r.err, /\bat .*\.m?js:\d+/, 'no stack trace');
  }
  assert.deepEqual(listing(s), before);
});

test('prefs shows defaults and what --set stored; bad values are usage errors', () => {
  const r = cli(['prefs', ...store('p'), ...ALICE, '--set', 'TZID=Europe/Berlin', '--set', 'freebusy_sharing=share']);
  assert.equal(r.code, 0, r.err);
  const prefs = JSON.parse(r.out);
  assert.equal(prefs.TZID, 'Europe/Berlin');
  assert.equal(prefs.freebusy_sharing, 'share');
  assert.equal(prefs.add_method_response, 'refresh');
  assert.equal(JSON.parse(cli(['prefs', ...store('p'), ...ALICE]).out).TZID, 'Europe/Berlin', 'kept in the store');
  assert.equal(cli(['prefs', ...store('p'), ...ALICE, '--set', 'TZID=Mars/Olympus']).code, 2);
  assert.equal(cli(['prefs', ...store('p'), ...ALICE, '--set', 'nosuch=1']).code, 2);
});

test('a complete session: receive (stdin), accept, show, free/busy', () => {
  const invitation = readFileSync(join(fixtures, 'google.eml'), 'utf8');
  const got = cli(['handle', '-', ...store('session'), ...ALICE], invitation);
  assert.equal(got.code, 0, got.err);
  const handled = JSON.parse(got.out);
  assert.deepEqual(handled.results, [
    {
      method: 'REQUEST',
      uid: '7kukuqrfedlm2f9t0vr42q2gc0@google.com',
      recurrenceId: null,
      action: 'stored',
      reason: 'new invitation from organizer@example.com',
      verification: 'verified',
    },
  ]);
  assert.deepEqual(handled.outgoing, []);

  const again = JSON.parse(cli(['handle', join(fixtures, 'google.eml'), ...store('session'), ...ALICE]).out);
  assert.equal(again.results[0].action, 'ignored', 'the same message twice changes nothing');

  const answered = cli([
    'respond',
    '--uid',
    '7kukuqrfedlm2f9t0vr42q2gc0@google.com',
    '--partstat',
    'accepted',
    '--comment',
    'Gern',
    ...store('session'),
    ...ALICE,
  ]);
  assert.equal(answered.code, 0, answered.err);
  const reply = JSON.parse(answered.out);
  assert.equal(reply.outgoing.length, 1);
  const [out] = reply.outgoing;
  assert.deepEqual([out.from, out.to, out.method], ['alice@example.test', ['organizer@example.com'], 'REPLY']);
  assert.match(out.raw, /^Content-Type: text\/calendar; method=REPLY; charset=UTF-8\r$/m);
  assert.match(out.raw, /^Subject: Accepted: Design sync\r$/m);
  assert.ok(!/[^\r]\n/.test(out.raw), 'CRLF line ends only');

  const shown = JSON.parse(cli(['show', '--format', 'json', ...store('session'), ...ALICE]).out);
  assert.equal(shown.events[0].partstat, 'ACCEPTED');
  assert.match(cli(['show', ...store('session'), ...ALICE]).out, /^BEGIN:VCALENDAR\r\n[\s\S]*UID:7kukuqrfedlm2f9t0vr42q2gc0@google.com/);

  const fb = cli(['freebusy', '--start', '2025-07-14T00:00:00Z', '--end', '2025-07-15T00:00:00Z', ...store('session'), ...ALICE]);
  assert.equal(fb.code, 0, fb.err);
  assert.match(fb.out, /FREEBUSY;FBTYPE=BUSY:20250714T090000Z\/20250714T100000Z/);
});

test('respond --no-send records the answer and prints no outgoing message', () => {
  const got = cli(['handle', join(fixtures, 'google.eml'), ...store('nosend'), ...ALICE]);
  assert.equal(got.code, 0, got.err);
  const answered = cli(['respond', '--uid', '7kukuqrfedlm2f9t0vr42q2gc0@google.com', '--partstat', 'DECLINED', '--no-send', ...store('nosend'), ...ALICE]);
  assert.equal(answered.code, 0, answered.err);
  assert.deepEqual(JSON.parse(answered.out), {
    results: [
      {
        method: 'REPLY',
        uid: '7kukuqrfedlm2f9t0vr42q2gc0@google.com',
        recurrenceId: null,
        action: 'recorded',
        reason: 'recorded DECLINED without mailing organizer@example.com',
      },
    ],
    outgoing: [],
  });
  const shown = JSON.parse(cli(['show', '--format', 'json', ...store('nosend'), ...ALICE]).out);
  assert.equal(shown.events[0].partstat, 'DECLINED');
  assert.equal(
    cli(['counter', '--uid', 'x', '--start', '2025-07-14T10:00:00Z', '--end', '2025-07-14T11:00:00Z', '--no-send', ...store('nosend'), ...ALICE]).code,
    2,
    '--no-send belongs to respond only',
  );
});

test('organising from the command line: invite, cancel', () => {
  const ics = join(work(), 'event.ics');
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//x//EN',
      'BEGIN:VEVENT',
      'UID:cli-1',
      'DTSTART:20250720T100000Z',
      'DTEND:20250720T110000Z',
      'SUMMARY:Retro',
      'ATTENDEE:mailto:bob@example.test',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const inv = JSON.parse(cli(['invite', ics, ...store('org'), ...ALICE]).out);
  assert.deepEqual(
    inv.outgoing.map((o: any) => [o.method, o.to]),
    [['REQUEST', ['bob@example.test']]],
  );
  const cancel = JSON.parse(cli(['cancel', '--uid', 'cli-1', ...store('org'), ...ALICE]).out);
  assert.deepEqual(
    cancel.outgoing.map((o: any) => o.method),
    ['CANCEL'],
  );
  const unknown = cli(['respond', '--uid', 'nope', '--partstat', 'DECLINED', ...store('org'), ...ALICE]);
  assert.equal(unknown.code, 0);
  assert.equal(JSON.parse(unknown.out).results[0].action, 'refused');
  const notIcs = join(work(), 'broken.ics');
  writeFileSync(notIcs, 'hello');
  assert.equal(cli(['invite', notIcs, ...store('org'), ...ALICE]).code, 1);
});

function roomMail(from: string, id: string, method: string, uid: string, start: string, end: string, seq: number, extra = ''): string {
  return [
    `From: ${from}`,
    'To: room@example.test',
    `Subject: ${uid}`,
    `Message-ID: <${id}@example.test>`,
    `Content-Type: text/calendar; method=${method}; charset=UTF-8`,
    '',
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${seq}`,
    'DTSTAMP:20261120T080000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    'SUMMARY:Planning',
    `ORGANIZER:mailto:${from}`,
    'ATTENDEE;CUTYPE=ROOM;RSVP=TRUE:mailto:room@example.test',
    ...(extra ? [extra] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

test('a room driven like a person with --role resource: booked, countered, cancelled', () => {
  const room = ['--store', join(work(), 'room'), '--user', 'room@example.test', '--role', 'resource', '--now', '2026-11-20T09:00:00Z'];
  const set = ['--set', 'scheduling_function=schedule_next_available_in_freebusy', '--set', 'permitted_times=*:0,30'];
  const handle = (mail: string) => JSON.parse(cli(['handle', '-', ...room, ...set], mail).out);
  const booked = handle(roomMail('olga@example.test', 'm1', 'REQUEST', 'plan-1', '20261124T100000Z', '20261124T110000Z', 0));
  assert.deepEqual([booked.results[0].action, booked.results[0].reason, booked.outgoing[0].method], ['answered', 'accepted', 'REPLY']);
  assert.match(booked.outgoing[0].raw, /^From: <room@example\.test>\r$/m);
  const countered = handle(roomMail('bob@example.test', 'm2', 'REQUEST', 'sync-1', '20261124T101500Z', '20261124T104500Z', 0));
  assert.equal(countered.outgoing[0].method, 'COUNTER');
  assert.match(countered.results[0].reason, /next free: 2026-11-24T11:00Z/);
  const cancelled = handle(roomMail('olga@example.test', 'm3', 'CANCEL', 'plan-1', '20261124T100000Z', '20261124T110000Z', 1, 'STATUS:CANCELLED'));
  assert.equal(cancelled.results[0].action, 'cancelled');
  const fb = cli(['freebusy', '--start', '2026-11-24T00:00:00Z', '--end', '2026-11-25T00:00:00Z', ...room]).out;
  assert.doesNotMatch(fb, /FREEBUSY;FBTYPE=BUSY:/);
});

test("--calendar: another calendar's events count in free/busy and in a resource's decision, one event per UID", () => {
  const other = join(work(), 'other.ics');
  writeFileSync(
    other,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//x//EN',
      'BEGIN:VEVENT',
      'UID:dentist',
      'DTSTART:20250714T120000Z',
      'DTEND:20250714T130000Z',
      'SUMMARY:Dentist',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:holiday',
      'DTSTART;VALUE=DATE:20250714',
      'DTEND;VALUE=DATE:20250715',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      // The invitation the store holds, here an hour off: the store's copy counts, once.
      'BEGIN:VEVENT',
      'UID:7kukuqrfedlm2f9t0vr42q2gc0@google.com',
      'DTSTART:20250714T150000Z',
      'DTEND:20250714T160000Z',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const s = store('calendar-file');
  cli(['handle', join(fixtures, 'google.eml'), ...s, ...ALICE]);
  cli(['respond', '--uid', '7kukuqrfedlm2f9t0vr42q2gc0@google.com', '--partstat', 'ACCEPTED', ...s, ...ALICE]);
  const fb = cli(['freebusy', '--start', '2025-07-14T00:00:00Z', '--end', '2025-07-15T00:00:00Z', '--calendar', other, ...s, ...ALICE]);
  assert.equal(fb.code, 0, fb.err);
  assert.deepEqual(fb.out.match(/^FREEBUSY[^\r]*/gm), [
    'FREEBUSY;FBTYPE=BUSY:20250714T090000Z/20250714T100000Z',
    'FREEBUSY;FBTYPE=BUSY:20250714T120000Z/20250714T130000Z',
  ]);
  const broken = join(work(), 'broken-calendar.ics');
  writeFileSync(broken, 'not a calendar');
  const refused = cli(['freebusy', '--start', '2025-07-14T00:00:00Z', '--end', '2025-07-15T00:00:00Z', '--calendar', broken, ...s, ...ALICE]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /--calendar .*broken-calendar\.ics/);
});

test('a cancellation through an unknown relay is held; `apply --id` applies it; an unknown id exits 1', () => {
  const s = store('held');
  const invitation = readFileSync(join(fixtures, 'google.eml'), 'utf8');
  assert.equal(cli(['handle', '-', ...s, ...ALICE], invitation).code, 0);
  const cancel = invitation
    .replace(/^From: .*$/m, 'From: noreply@cloud.example.com')
    .replace(/^Sender: .*\r?\n/m, '')
    .replace(/^Message-ID: .*$/m, 'Message-ID: <held-1@cloud.example.com>')
    .replace(/method=REQUEST/g, 'method=CANCEL')
    .replace(/METHOD:REQUEST/g, 'METHOD:CANCEL')
    .replace(/SEQUENCE:0/g, 'SEQUENCE:1');
  const held = JSON.parse(cli(['handle', '-', ...s, ...ALICE], cancel).out);
  // Google carries the calendar twice; the base64 invite.ics still says REQUEST (an update): both held.
  assert.deepEqual(
    held.results.map((r: any) => [r.method, r.action, r.verification]),
    [
      ['CANCEL', 'queued', 'relayed'],
      ['REQUEST', 'queued', 'relayed'],
    ],
  );
  const queue = JSON.parse(cli(['show', '--format', 'json', ...s, ...ALICE]).out).queue.filter((q: any) => q.kind === 'unverified' && q.method === 'CANCEL');
  assert.equal(queue.length, 1);
  const [item] = queue;
  assert.deepEqual([item.party, item.method], ['organizer@example.com', 'CANCEL']);
  const applied = cli(['apply', '--id', item.id, ...s, ...ALICE]);
  assert.equal(applied.code, 0, applied.err);
  assert.deepEqual(
    JSON.parse(applied.out).results.map((r: any) => [r.action, r.verification]),
    [['cancelled', 'verified']],
  );
  const again = cli(['apply', '--id', item.id, ...s, ...ALICE]);
  assert.deepEqual([again.code, again.err.trim()], [1, `imip-agent: no message waiting for confirmation with id ${item.id}`]);
});
