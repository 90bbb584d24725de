// The typed adapter over the calendar Experiment: what the background calls goes to the
// Experiment's functions with the draft API's names, and what comes back (and what its events
// report) arrives in the contract's shape (src/thunderbird/calendars.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarBridge, type CalendarApi } from '../../src/thunderbird/calendar-bridge.js';
import type { TbItemChange } from '../../src/thunderbird/calendars.js';

const ICS = (uid: string, start = '20261207T090000Z') =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTART:${start}`,
    'DTEND:20261207T100000Z',
    'SUMMARY:Review',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** The Experiment's surface over one in-memory calendar, recording every call it gets. */
function fakeExperiment() {
  const calls: unknown[][] = [];
  const store = new Map<string, string>();
  const listeners: Record<string, ((...args: never[]) => void)[]> = {};
  const event = (name: string) => ({ addListener: (l: (...args: never[]) => void) => void (listeners[name] ??= []).push(l) });
  const item = (id: string) => ({ id, calendarId: 'cal-1', type: 'event' as const, format: 'ical' as const, item: store.get(id)! });
  const api: CalendarApi = {
    calendars: {
      query: async () => [
        { id: 'cal-1', type: 'storage', name: 'Home', color: '#3366cc', readOnly: false, enabled: true, identityKey: 'id1' },
        { id: 'cal-2', type: 'caldav', name: 'Team', readOnly: true, enabled: false },
      ],
    },
    items: {
      query: async (options) => (calls.push(['query', options]), [...store.keys()].map(item)),
      get: async (calendarId, id) => (calls.push(['get', calendarId, id]), store.has(id) ? item(id) : null),
      create: async (calendarId, p) => {
        calls.push(['create', calendarId, p]);
        const uid = /UID:(.*)/.exec(p.item)![1]!.trim();
        store.set(uid, p.item);
        return item(uid);
      },
      update: async (calendarId, id, p) => (calls.push(['update', calendarId, id, p]), store.set(id, p.item), item(id)),
      remove: async (calendarId, id) => void (calls.push(['remove', calendarId, id]), store.delete(id)),
      onCreated: event('created'),
      onUpdated: event('updated'),
      onRemoved: event('removed'),
      onReset: event('reset'),
    },
    timezones: { getCurrentZone: async () => 'Europe/Berlin', onUpdated: event('zone') },
  };
  const fire = (name: string, ...args: unknown[]) => {
    for (const l of listeners[name] ?? []) (l as (...a: unknown[]) => void)(...args);
  };
  return { api, calls, fire };
}

test('calendars arrive in the contract shape: disabled from enabled, absent colour and identity as null', async () => {
  const { api } = fakeExperiment();
  assert.deepEqual(await calendarBridge(api).listCalendars(), [
    { id: 'cal-1', name: 'Home', type: 'storage', color: '#3366cc', readOnly: false, disabled: false, identityKey: 'id1' },
    { id: 'cal-2', name: 'Team', type: 'caldav', color: null, readOnly: true, disabled: true, identityKey: null },
  ]);
});

test('create, read, update and remove one event by UID, as iCalendar text', async () => {
  const { api, calls } = fakeExperiment();
  const bridge = calendarBridge(api);
  assert.deepEqual(await bridge.createItem('cal-1', ICS('m1@example.com')), { calendarId: 'cal-1', uid: 'm1@example.com', ics: ICS('m1@example.com') });
  assert.deepEqual(await bridge.getItem('cal-1', 'm1@example.com'), { calendarId: 'cal-1', uid: 'm1@example.com', ics: ICS('m1@example.com') });
  assert.equal(await bridge.getItem('cal-1', 'other@example.com'), null);

  const moved = ICS('m1@example.com', '20261207T110000Z');
  assert.equal((await bridge.updateItem('cal-1', moved)).ics, moved);
  await bridge.removeItem('cal-1', 'm1@example.com');
  assert.deepEqual(calls, [
    ['create', 'cal-1', { format: 'ical', item: ICS('m1@example.com') }],
    ['get', 'cal-1', 'm1@example.com'],
    ['get', 'cal-1', 'other@example.com'],
    ['update', 'cal-1', 'm1@example.com', { format: 'ical', item: moved }],
    ['remove', 'cal-1', 'm1@example.com'],
  ]);
});

test('update takes the UID from the text, also when the line is folded (RFC 5545 §3.1)', async () => {
  const { api, calls } = fakeExperiment();
  const folded = ICS('x').replace('UID:x', 'UID:a-very-long-uid-that-was-\r\n folded@example.com');
  await calendarBridge(api).updateItem('cal-1', folded);
  assert.deepEqual(calls[0]!.slice(0, 3), ['update', 'cal-1', 'a-very-long-uid-that-was-folded@example.com']);
  await assert.rejects(calendarBridge(api).updateItem('cal-1', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'), /no UID/);
});

test('a range query passes only the bounds given', async () => {
  const { api, calls } = fakeExperiment();
  const bridge = calendarBridge(api);
  await bridge.createItem('cal-1', ICS('m2@example.com'));
  assert.deepEqual(await bridge.queryItems('cal-1', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z'), [
    { calendarId: 'cal-1', uid: 'm2@example.com', ics: ICS('m2@example.com') },
  ]);
  await bridge.queryItems('cal-1');
  assert.deepEqual(calls.slice(1), [
    ['query', { calendarId: 'cal-1', rangeStart: '2026-12-07T00:00:00Z', rangeEnd: '2026-12-08T00:00:00Z' }],
    ['query', { calendarId: 'cal-1' }],
  ]);
});

test("the observer's events and the time zone reach the listeners as changes", async () => {
  const { api, fire } = fakeExperiment();
  const bridge = calendarBridge(api);
  const changes: TbItemChange[] = [];
  const zones: string[] = [];
  bridge.onItemChanged((c) => changes.push(c));
  bridge.onTimezoneChanged((z) => zones.push(z));
  const raw = { id: 'm3@example.com', calendarId: 'cal-1', type: 'event', format: 'ical', item: ICS('m3@example.com') };
  fire('created', raw);
  fire('updated', raw);
  fire('removed', 'cal-1', 'm3@example.com');
  fire('reset', 'cal-2');
  fire('zone', 'America/New_York');
  const item = { calendarId: 'cal-1', uid: 'm3@example.com', ics: ICS('m3@example.com') };
  assert.deepEqual(changes, [
    { kind: 'created', item },
    { kind: 'updated', item },
    { kind: 'removed', calendarId: 'cal-1', uid: 'm3@example.com' },
    { kind: 'reset', calendarId: 'cal-2' },
  ]);
  assert.deepEqual(zones, ['America/New_York']);
  assert.equal(await bridge.getTimezone(), 'Europe/Berlin');
});
