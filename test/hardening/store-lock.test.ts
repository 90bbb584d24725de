// The directory store between processes: a stale lock (its owner killed) and concurrent
// `imip-agent handle` runs. Each of eight guests' REPLYs, handled by eight processes at once
// after a dead process left DIR/lock behind, lands: no run takes the lock from a live one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cli, scratch } from '../cli/process.js';

const work = scratch('imip-lock-');
const ORG = ['--user', 'mailto:olga@example.test', '--now', '2026-11-20T09:00:00Z'];
const GUESTS = Array.from({ length: 8 }, (_, i) => `guest-${i}@example.net`);

function reply(guest: string, i: number): string {
  return [
    `From: ${guest}`,
    'To: olga@example.test',
    'Subject: Accepted: Planning',
    `Message-ID: <r${i}@example.net>`,
    'Content-Type: text/calendar; method=REPLY; charset=UTF-8',
    '',
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//x//EN',
    'METHOD:REPLY',
    'BEGIN:VEVENT',
    'UID:plan@example.test',
    'SEQUENCE:0',
    'DTSTAMP:20261120T100000Z',
    'DTSTART:20261124T100000Z',
    'DTEND:20261124T110000Z',
    'ORGANIZER:mailto:olga@example.test',
    `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${guest}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** Runs `imip-agent` with stdin, resolving when it exits. */
function run(args: string[], input: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
    p.stdin.end(input);
  });
}

/** A pid no process has: one just ended. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['-e', '']);
    p.on('exit', () => resolve(p.pid!));
  });
}

test('eight concurrent handle runs over a stale lock: every REPLY lands, no lock is left', { timeout: 120_000 }, async () => {
  const dir = join(work(), 'store');
  const store = ['--store', dir];
  const ics = join(work(), 'plan.ics');
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//x//EN',
      'BEGIN:VEVENT',
      'UID:plan@example.test',
      'DTSTAMP:20261120T080000Z',
      'DTSTART:20261124T100000Z',
      'DTEND:20261124T110000Z',
      'SUMMARY:Planning',
      'ORGANIZER:mailto:olga@example.test',
      ...GUESTS.map((g) => `ATTENDEE;RSVP=TRUE:mailto:${g}`),
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  assert.equal(cli(['invite', ics, ...store, ...ORG]).code, 0);
  // A run that was killed holding the lock.
  writeFileSync(join(dir, 'lock'), `${await deadPid()} crashed`);
  const runs = await Promise.all(GUESTS.map((g, i) => run(['handle', '-', ...store, ...ORG], reply(g, i))));
  assert.deepEqual(
    runs.map((r) => r.code),
    GUESTS.map(() => 0),
  );
  const shown = JSON.parse(cli(['show', '--format', 'json', ...store, ...ORG]).out) as { events: { attendees: { address: string; partstat: string }[] }[] };
  assert.deepEqual(
    shown.events[0]!.attendees.filter((a) => GUESTS.includes(a.address)).map((a) => a.partstat),
    GUESTS.map(() => 'ACCEPTED'),
  );
  assert.equal(existsSync(join(dir, 'lock')), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => /lock|\.new$|\.stale$/.test(f)),
    [],
    'no lock, guard or temporary file left',
  );
});
