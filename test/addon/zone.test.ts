// The user's zone follows Thunderbird's calendar time zone (src/background/zone.ts) through the
// calendar bridge — here a fake of src/thunderbird/calendars.ts — and changes when it changes;
// a zone the user chose for an identity on the options page stays hers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './setup.js';
import { followZone } from '../../src/background/zone.js';
import { startUp } from '../../src/background/startup.js';
import { handleRequest } from '../../src/background/service.js';
import type { TbCalendarBridge } from '../../src/thunderbird/calendars.js';

/** Thunderbird's calendar zone setting, and nothing else of the bridge (unused here). */
function fakeCalendars(zone: string): TbCalendarBridge & { zone: string } {
  const unused = () => Promise.reject(new Error('not used by the zone'));
  return {
    zone,
    listCalendars: unused,
    queryItems: unused,
    getItem: unused,
    createItem: unused,
    updateItem: unused,
    removeItem: unused,
    async getTimezone() {
      return this.zone;
    },
    onItemChanged: () => undefined,
    onTimezoneChanged: () => undefined,
  };
}

async function zones(h: ReturnType<typeof harness>): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  await h.agent.store().transact(async (tx) => {
    for (const a of ['alice@example.test', 'room@example.test', 'bob@example.test']) out[a] = (await tx.user(a).getPrefs()).TZID;
  });
  return out;
}

async function prefs(h: ReturnType<typeof harness>, identity: string) {
  const r = await handleRequest(h.agent, { type: 'prefs.get', identity });
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

test("at start every identity takes Thunderbird's calendar zone, and follows it when it changes", async () => {
  const h = harness();
  const calendars = fakeCalendars('Europe/Berlin');
  h.agent.calendarBridge = calendars;
  await startUp(h.agent, { install: true });
  assert.deepEqual(await zones(h), { 'alice@example.test': 'Europe/Berlin', 'room@example.test': 'Europe/Berlin', 'bob@example.test': 'Europe/Berlin' });
  assert.equal((await prefs(h, 'alice@example.test')).systemZone, 'Europe/Berlin');

  // The setting changes in Thunderbird (onTimezoneChanged hands the new zone).
  calendars.zone = 'America/New_York';
  await followZone(h.agent, 'America/New_York');
  assert.deepEqual(await zones(h), {
    'alice@example.test': 'America/New_York',
    'room@example.test': 'America/New_York',
    'bob@example.test': 'America/New_York',
  });
});

test('a zone the user chose for one identity stays; going back to the default follows Thunderbird again', async () => {
  const h = harness();
  const calendars = fakeCalendars('Europe/Berlin');
  h.agent.calendarBridge = calendars;
  await followZone(h.agent);
  const set = await handleRequest(h.agent, { type: 'prefs.set', identity: 'alice@example.test', prefs: { TZID: 'Asia/Tokyo' } });
  assert.ok(set.ok, JSON.stringify(set));

  // Changed while the background slept: caught up on waking (no zone handed in).
  calendars.zone = 'Europe/Lisbon';
  await followZone(h.agent);
  assert.deepEqual(await zones(h), { 'alice@example.test': 'Asia/Tokyo', 'room@example.test': 'Europe/Lisbon', 'bob@example.test': 'Europe/Lisbon' });

  const unset = await handleRequest(h.agent, { type: 'prefs.set', identity: 'alice@example.test', prefs: {}, unset: ['TZID'] });
  assert.ok(unset.ok, JSON.stringify(unset));
  assert.equal(unset.value.TZID, 'Europe/Lisbon');
  assert.equal((await zones(h))['alice@example.test'], 'Europe/Lisbon');
});

test('no calendar bridge, or a zone that is not one: the system zone', async () => {
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const h = harness();
  delete h.agent.calendarBridge; // the harness hands every agent a fake bridge
  await followZone(h.agent);
  assert.equal((await zones(h))['alice@example.test'], system);
  h.agent.calendarBridge = fakeCalendars('Mars/Olympus_Mons');
  await followZone(h.agent);
  assert.equal((await zones(h))['alice@example.test'], system);
  await followZone(h.agent, '../../etc/passwd');
  assert.equal((await zones(h))['alice@example.test'], system);
});
