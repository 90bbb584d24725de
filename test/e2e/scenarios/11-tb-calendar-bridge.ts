// tb-calendar: the calendar Experiment itself, called from an add-on page, against Thunderbird's
// real calendar manager. It lists the profile's calendars with their scheduling identity; an event
// written through it (a weekly series in its own zone with one moved occurrence) is in
// Thunderbird's calendar as one item, and reads back as one VCALENDAR with the override; the
// calIObserver reports what the add-on and what Thunderbird itself add, modify and delete; every
// bad input is refused on the privileged side; the calendar time zone and its change are reported.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LOCAL, type CalendarSpec } from '../calendars.js';
import { vcalendar, W_EUROPE } from '../ical.js';
import { plus, weekdayAt } from '../mail.js';
import { until } from '../procs.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const READ_ONLY: CalendarSpec = { id: 'holidays', name: 'Holidays', type: 'storage', readOnly: true };

type Item = { id: string; calendarId: string; type: string; format: string; item: string };

/** Starts recording the Experiment's events in the page (kept on its window between calls). */
const RECORD = `async (calendar, a, w) => {
  const page = w.wrappedJSObject;
  if (page.__calLog) return;
  page.__calLog = Cu.cloneInto([], w);
  const push = (e) => page.__calLog.push(Cu.cloneInto(e, w));
  calendar.items.onCreated.addListener(Cu.exportFunction((i) => push({ kind: 'created', id: i.id, calendarId: i.calendarId, item: i.item }), w));
  calendar.items.onUpdated.addListener(Cu.exportFunction((i) => push({ kind: 'updated', id: i.id, calendarId: i.calendarId, item: i.item }), w));
  calendar.items.onRemoved.addListener(Cu.exportFunction((c, id) => push({ kind: 'removed', id, calendarId: c }), w));
  calendar.items.onReset.addListener(Cu.exportFunction((c) => push({ kind: 'reset', calendarId: c }), w));
  calendar.timezones.onUpdated.addListener(Cu.exportFunction((z) => push({ kind: 'zone', zone: z }), w));
}`;
const LOG = `async (calendar, a, w) => JSON.parse(JSON.stringify(w.wrappedJSObject.__calLog))`;

const scenario: Scenario = {
  name: 'tb-calendar: the Experiment lists, writes, reads and observes Thunderbird calendars',
  world: { calendars: [LOCAL, READ_ONLY] },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const call = <T>(fn: string, arg: unknown = null) => w.cal.experiment<T>(fn, arg);
    const refused = async (fn: string, arg: unknown, reason: RegExp) => assert.rejects(call(fn, arg), reason);

    // Listing: what Thunderbird's calendar manager holds, in the draft API's shape.
    const listed = await call<Record<string, unknown>[]>(`async (c) => c.calendars.query()`);
    assert.deepEqual(
      listed.find((c) => c['id'] === LOCAL.id),
      { id: LOCAL.id, type: 'storage', name: 'Home', color: LOCAL.color, readOnly: false, enabled: true, identityKey: 'id1' },
    );
    assert.deepEqual(
      listed.find((c) => c['id'] === READ_ONLY.id),
      { id: READ_ONLY.id, type: 'storage', name: 'Holidays', color: '#888888', readOnly: true, enabled: true },
    );
    await call(RECORD);

    // Writing: a weekly series in Berlin time with its second occurrence moved an hour later.
    const uid = `${randomUUID()}@example.com`;
    const start = weekdayAt(8, 3);
    const series = {
      uid,
      summary: 'Weekly review',
      start,
      end: plus(start, 60),
      zone: W_EUROPE,
      rrule: 'FREQ=WEEKLY;COUNT=4',
      organizer: { email: 'olga@example.com' },
      attendees: [{ email: ALICE, partstat: 'ACCEPTED' }],
    };
    const moved = {
      ...series,
      recurrenceId: plus(start, 7 * 1440),
      start: plus(start, 7 * 1440 + 60),
      end: plus(start, 7 * 1440 + 120),
      rrule: undefined,
      summary: 'Weekly review (moved)',
    };
    const ics = vcalendar('PUBLISH', [series, moved]);
    const t0 = Date.now();
    const created = await call<Item>(`async (c, a, w) => c.items.create(a.id, Cu.cloneInto({ format: 'ical', item: a.ics }, w))`, { id: LOCAL.id, ics });
    ctx.timing('Experiment items.create', Date.now() - t0);
    assert.equal(created.id, uid);
    assert.equal(created.calendarId, LOCAL.id);
    assert.match(created.item, /^BEGIN:VCALENDAR/);
    const stored = await w.cal.read(LOCAL.id, uid);
    assert.ok(stored, "the event is in Thunderbird's calendar");
    assert.match(stored, /RRULE:FREQ=WEEKLY;COUNT=4/);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1, 'one item, the override inside it');

    // Reading: in a range around the moved occurrence, the master comes back with its override.
    const from = plus(start, 7 * 1440 - 60)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    const to = plus(start, 7 * 1440 + 180)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    const found = await call<Item[]>(`async (c, a, w) => c.items.query(Cu.cloneInto({ calendarId: a.id, rangeStart: a.from, rangeEnd: a.to }, w))`, {
      id: LOCAL.id,
      from,
      to,
    });
    assert.deepEqual(
      found.map((i) => i.id),
      [uid],
    );
    const text = found[0]!.item;
    assert.equal((text.match(/^BEGIN:VCALENDAR/gm) ?? []).length, 1);
    assert.equal((text.match(/^BEGIN:VEVENT/gm) ?? []).length, 2, 'master and override');
    assert.match(text, /^RECURRENCE-ID;TZID=[^:]*:\d{8}T\d{6}/m);
    assert.match(text, /^BEGIN:VTIMEZONE/m, 'the zone the event uses travels with it');
    assert.match(text, /SUMMARY:Weekly review \(moved\)/);
    // With an open end a series counts whatever its first date (expanding an endless rule would not stop).
    const open = await call<Item[]>(`async (c, a, w) => c.items.query(Cu.cloneInto({ calendarId: a.id, rangeStart: a.from }, w))`, { id: LOCAL.id, from });
    assert.deepEqual(
      open.map((i) => i.id),
      [uid],
    );
    assert.equal((await call<Item | null>(`async (c, a) => c.items.get(a.id, a.uid)`, { id: LOCAL.id, uid }))?.id, uid);
    assert.equal(await call(`async (c, a) => c.items.get(a.id, 'nobody@example.com')`, { id: LOCAL.id }), null);

    // Updating: the same UID with a new summary replaces the item.
    const renamed = vcalendar('PUBLISH', [{ ...series, summary: 'Weekly review renamed', sequence: 1 }, moved]);
    await call(`async (c, a, w) => c.items.update(a.id, a.uid, Cu.cloneInto({ format: 'ical', item: a.ics }, w))`, { id: LOCAL.id, uid, ics: renamed });
    assert.match((await w.cal.read(LOCAL.id, uid))!, /SUMMARY:Weekly review renamed/);
    assert.equal(await w.cal.count(LOCAL.id, uid), 1);

    // Refused on the privileged side, each with its reason, nothing written.
    const one = (u: string) => vcalendar('PUBLISH', [{ ...series, uid: u, rrule: undefined }]);
    const create = `async (c, a, w) => c.items.create(a.id, Cu.cloneInto({ item: a.ics }, w))`;
    await refused(create, { id: LOCAL.id, ics }, /already in calendar/);
    await refused(create, { id: 'no-such-calendar', ics: one('x1@example.com') }, /no calendar no-such-calendar/);
    await refused(create, { id: READ_ONLY.id, ics: one('x2@example.com') }, /read-only/);
    await refused(
      create,
      {
        id: LOCAL.id,
        ics: vcalendar('PUBLISH', [
          { ...series, uid: 'x3@example.com', rrule: undefined },
          { ...series, uid: 'x4@example.com', rrule: undefined },
        ]),
      },
      /exactly one UID/,
    );
    await refused(create, { id: LOCAL.id, ics: one('x5@example.com') + one('x6@example.com') }, /exactly one VCALENDAR/);
    await refused(
      create,
      { id: LOCAL.id, ics: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t@example.com\r\nEND:VTODO\r\nEND:VCALENDAR\r\n' },
      /VTODO is not an event/,
    );
    await refused(
      create,
      { id: LOCAL.id, ics: one('x7@example.com').replace('END:VEVENT', `DESCRIPTION:${'x'.repeat(1024 * 1024)}\r\nEND:VEVENT`) },
      /larger than 1 MiB/,
    );
    await refused(
      `async (c, a, w) => c.items.update(a.id, 'other@example.com', Cu.cloneInto({ item: a.ics }, w))`,
      { id: LOCAL.id, ics: renamed },
      /not other@example.com/,
    );
    for (const u of ['x1', 'x2', 'x3', 'x4', 'x5', 'x7']) assert.equal(await w.cal.read(LOCAL.id, `${u}@example.com`), null);

    // Observing: Thunderbird's own additions and deletions are reported too.
    const direct = `${randomUUID()}@example.com`;
    await w.cal.seed(LOCAL.id, [one(direct)]);
    await w.cal.remove(LOCAL.id, direct);
    await call(`async (c, a) => c.items.remove(a.id, a.uid)`, { id: LOCAL.id, uid });
    assert.equal(await w.cal.read(LOCAL.id, uid), null);

    // The calendar time zone (the profile's calendar.timezone.local) and its change.
    assert.equal(await call(`async (c) => c.timezones.getCurrentZone()`), 'Europe/Berlin');
    await w.ui.run(`Services.prefs.setStringPref('calendar.timezone.local', 'America/New_York');`);

    type Logged = { kind: string; id?: string; calendarId?: string; item?: string; zone?: string };
    const log = await until(
      'the observer to report every change',
      10000,
      async () => {
        const l = await call<Logged[]>(LOG);
        return l.some((e) => e.kind === 'zone') && l.filter((e) => e.kind === 'removed').length >= 2 ? l : undefined;
      },
      200,
    );
    const mine = log.filter((e) => e.kind !== 'reset').map((e) => `${e.kind} ${e.id ?? e.zone}`);
    assert.deepEqual(mine, [`created ${uid}`, `updated ${uid}`, `created ${direct}`, `removed ${direct}`, `removed ${uid}`, 'zone America/New_York']);
    const firstCreated = log.find((e) => e.kind === 'created')!;
    assert.equal(firstCreated.calendarId, LOCAL.id);
    assert.match(firstCreated.item!, /^BEGIN:VCALENDAR[\s\S]*RECURRENCE-ID/);
    ctx.log(`observer: ${log.length} events (${log.filter((e) => e.kind === 'reset').length} resets)`);
  },
};
export default scenario;
