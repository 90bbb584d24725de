// Properties of the engine over generated invitations and mutations of them (fast-check).
// `npm test` runs 60 cases per property; `npm run fuzz` runs 20,000 per property (100,000 in all,
// under seven minutes on two cores) together with the hostile-input tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as engine from '../../src/core/engine.js';
import { openMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/core/store.js';
import type { MailMessage } from '../../src/core/types.js';
import { busyLines } from '../engine/harness.js';

const ACTIONS = ['stored', 'updated', 'recorded', 'cancelled', 'answered', 'queued', 'ignored', 'refused', 'unsupported', 'sent', 'error'];
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const ALICE = 'alice@example.test';
const ORG = 'olga@example.com';
const opts = { user: ALICE, role: 'person' as const, now: new Date('2026-11-20T09:00:00Z'), newId: () => 'id' };

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
const zones = ['Europe/Berlin', 'America/New_York', 'W. Europe Standard Time', 'Asia/Kolkata', 'Nowhere/Atlantis'];
const rules = [
  '',
  'RRULE:FREQ=WEEKLY;COUNT=5',
  'RRULE:FREQ=DAILY',
  'RRULE:FREQ=MONTHLY;BYDAY=2TU',
  'RRULE:FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
  'RRULE:FREQ=SECONDLY;BYSETPOS=-1',
];

/** A valid REQUEST from the organiser to Alice. */
const request = fc
  .record({
    uid: fc.stringMatching(/^[A-Za-z0-9@.-]{1,40}$/),
    start: fc.date({ min: new Date('2025-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }),
    minutes: fc.integer({ min: 0, max: 3000 }),
    zone: fc.constantFrom(...zones, ''),
    rule: fc.constantFrom(...rules),
    sequence: fc.integer({ min: 0, max: 5 }),
    summary: fc.string({ maxLength: 80 }),
  })
  .map((e) => {
    const local = stamp(e.start).replace('Z', '');
    const end = stamp(new Date(e.start.getTime() + e.minutes * 60_000)).replace('Z', '');
    const dt = e.zone ? [`DTSTART;TZID=${e.zone}:${local}`, `DTEND;TZID=${e.zone}:${end}`] : [`DTSTART:${local}Z`, `DTEND:${end}Z`];
    const summary = e.summary.replace(/[\r\n\\;,]/g, ' ');
    return {
      ...e,
      lines: [
        `UID:${e.uid}`,
        `SEQUENCE:${e.sequence}`,
        'DTSTAMP:20261120T080000Z',
        ...dt,
        ...(e.rule ? [e.rule] : []),
        `SUMMARY:${summary}`,
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${ALICE}`,
      ],
    };
  });

const wrap = (method: string, lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Fuzz//EN', `METHOD:${method}`, 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

/** Mutations of a valid object: dropped, duplicated or broken lines, huge values, random bytes. */
const mutated = fc
  .tuple(
    request,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'break-date', 'huge', 'garbage', 'truncate')), { maxLength: 4 }),
    fc.string({ maxLength: 200 }),
  )
  .map(([e, muts, junk]) => {
    let text = wrap('REQUEST', e.lines);
    for (const [at, kind] of muts) {
      const lines = text.split('\r\n');
      const i = at % lines.length;
      if (kind === 'drop') lines.splice(i, 1);
      else if (kind === 'dup') lines.splice(i, 0, lines[i]!);
      else if (kind === 'break-date') lines[i] = lines[i]!.replace(/\d{8}T\d{6}/, '2026-13-45T99:99');
      else if (kind === 'huge') lines[i] = `${lines[i]}${'x'.repeat(20_000)}`;
      else if (kind === 'garbage') lines[i] = junk;
      else lines.length = i;
      text = lines.join('\r\n');
    }
    return text;
  });

const mail = (text: string, n = 1): MailMessage => ({
  messageId: `m${n}@example.com`,
  from: { address: ORG },
  replyTo: [],
  to: [{ address: ALICE }],
  cc: [],
  calendarParts: [{ contentType: 'text/calendar', text, path: '1' }],
});
const handle = (store: Store, text: string, n?: number) => store.transact((tx) => engine.handleMessage(tx, mail(text, n), opts));
const snapshot = (store: Store) => store.transact(async (tx) => JSON.stringify(await engine.showJson(tx, opts, {})));
const busy = (store: Store) => store.transact((tx) => engine.freebusyCalendar(tx, opts, { start: '2025-01-01T00:00:00Z', end: '2029-12-31T00:00:00Z' }));

test('no exception escapes the engine, whatever the calendar part holds', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        mutated,
        fc.string({ maxLength: 2000 }),
        fc.uint8Array({ maxLength: 2000 }).map((b) => new TextDecoder('latin1').decode(b)),
      ),
      async (text) => {
        const store = openMemoryStore();
        const out = await handle(store, text);
        // Every part is accounted for: at least one result, each with a known action and a reason.
        assert.ok(out.results.length >= 1, 'a calendar part always gets a result');
        for (const r of out.results) {
          assert.ok(ACTIONS.includes(r.action), `unknown action ${r.action}`);
          assert.ok(typeof r.reason === 'string' && r.reason.length > 0, 'every result says why');
        }
        // A REQUEST to a person is never answered by itself, and one part stores at most its event.
        assert.deepEqual(out.outgoing, []);
        const stored = (JSON.parse(await snapshot(store)) as { events: unknown[] }).events;
        assert.ok(stored.length <= 1, `one part stored ${stored.length} events`);
        assert.equal(
          stored.length > 0,
          out.results.some((r) => r.action === 'stored'),
          'something is stored exactly when a result says so',
        );
      },
    ),
    { numRuns: RUNS },
  );
});

test('a refused part leaves the store exactly as it was', async () => {
  await fc.assert(
    fc.asyncProperty(request, mutated, async (good, bad) => {
      const store = openMemoryStore();
      await handle(store, wrap('REQUEST', good.lines), 1);
      const before = await snapshot(store);
      const out = await handle(store, bad, 2);
      if (out.results.every((r) => r.action === 'error' || r.action === 'ignored')) assert.equal(await snapshot(store), before);
    }),
    { numRuns: RUNS },
  );
});

test('the same message handled twice ends as handled once', async () => {
  await fc.assert(
    fc.asyncProperty(request, async (e) => {
      const once = openMemoryStore();
      const twice = openMemoryStore();
      await handle(once, wrap('REQUEST', e.lines), 1);
      await handle(twice, wrap('REQUEST', e.lines), 1);
      await handle(twice, wrap('REQUEST', e.lines), 1);
      assert.equal(await snapshot(twice), await snapshot(once));
    }),
    { numRuns: RUNS },
  );
});

test('a REQUEST accepted and then CANCELled leaves no busy time', async () => {
  await fc.assert(
    fc.asyncProperty(request, async (e) => {
      const store = openMemoryStore();
      await handle(store, wrap('REQUEST', e.lines), 1);
      await store.transact((tx) => engine.respond(tx, opts, { uid: e.uid, partstat: 'ACCEPTED' }));
      const cancel = e.lines.filter((l) => !l.startsWith('SEQUENCE')).concat(`SEQUENCE:${e.sequence + 1}`, 'STATUS:CANCELLED');
      await handle(store, wrap('CANCEL', cancel), 2);
      assert.deepEqual(busyLines(await busy(store)), []);
    }),
    { numRuns: RUNS },
  );
});

test('found by the fuzzer: a malformed DTSTART is an error for that event and writes nothing', async () => {
  const store = openMemoryStore();
  const bad = wrap('REQUEST', [
    'UID:a',
    'SEQUENCE:0',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:2026-13-45T99:99Z',
    'DTEND:20261201T110000Z',
    `ORGANIZER:mailto:${ORG}`,
    `ATTENDEE:mailto:${ALICE}`,
  ]);
  const out = await handle(store, bad);
  assert.deepEqual(
    out.results.map((r) => [r.action, r.reason]),
    [['error', 'VEVENT DTSTART has an unreadable value']],
  );
  assert.deepEqual(JSON.parse(await snapshot(store)).events, []);
  assert.deepEqual(busyLines(await busy(store)), []);
});

/** Raw mail around a calendar part: random nesting, charsets, transfer encodings, cut anywhere. */
const rawMail = fc
  .tuple(
    request,
    fc.integer({ min: 0, max: 80 }),
    fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'x-unknown', ''),
    fc.constantFrom('base64', 'quoted-printable', '8bit', 'x-bogus'),
    fc.option(fc.nat(), { nil: undefined }),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([e, depth, charset, cte, cut, noise]) => {
    const ics = wrap('REQUEST', e.lines);
    const body =
      cte === 'base64' ? Buffer.from(ics).toString('base64').replace(/.{76}/g, '$&\r\n') : cte === 'quoted-printable' ? ics.replace(/=/g, '=3D') : ics;
    let part = `Content-Type: text/calendar; method=REQUEST${charset ? `; charset=${charset}` : ''}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}\r\n`;
    for (let i = 0; i < depth; i++) part = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${part}--n${i}--\r\n`;
    const raw = `From: ${ORG}\r\nTo: ${ALICE}\r\nSubject: fuzz\r\nMessage-ID: <f@example.com>\r\nMIME-Version: 1.0\r\n${part}${new TextDecoder('latin1').decode(noise)}`;
    return cut === undefined ? raw : raw.slice(0, cut % (raw.length + 1));
  });

test('any raw message is read or refused as mail, and what is read is handled without exception', async () => {
  const { parseRawMessage, MailError } = await import('../../src/core/mime/raw.js');
  await fc.assert(
    fc.asyncProperty(rawMail, async (raw) => {
      let msg: MailMessage;
      try {
        msg = await parseRawMessage(raw);
      } catch (e) {
        assert.ok(e instanceof MailError, `not a MailError: ${(e as Error).stack}`);
        return;
      }
      const out = await openMemoryStore().transact((tx) => engine.handleMessage(tx, msg, opts));
      assert.ok(out.results.length > 0);
    }),
    { numRuns: RUNS },
  );
});
