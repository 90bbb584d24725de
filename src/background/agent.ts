// What every part of the background works with: Thunderbird (injected: the real `messenger` or a
// test's fake), the engine's store (opened lazily: the event page may be woken by any event),
// the background's own records, the clock, ids and the log.
import type { Store } from '../core/store.js';
import type { EngineOptions } from '../core/api.js';
import { openDexieStore } from '../store/dexie-store.js';
import type { Tb } from '../thunderbird/api.js';
import type { TbCalendarBridge } from '../thunderbird/calendars.js';
import { listIdentities, type AgentIdentity } from '../thunderbird/identities.js';
import type { CalendarSettings, IdentitySettings } from '../shared/protocol.js';
import type { CalendarSource } from '../core/calendars/source.js';
import { CalendarCache } from './calendars.js';
import { busyCalendars, getCalendarSettings } from './calendar-settings.js';
import { Records } from './records.js';
import { consoleLogger, type Logger } from './log.js';
import { getIdentitySettings } from './settings.js';
import { mailStrings } from './mail-strings.js';

export interface Agent {
  tb: Tb;
  store(): Store;
  records: Records;
  now(): Date;
  newId(): string;
  log: Logger;
  /**
   * How long a page's action waits for its messages to go out before it answers with them still
   * pending (a compose window can wait on the user); the sending goes on, and the page hears of
   * the end through an `outbox.changed` notice.
   */
  actionWaitMs: number;
  /** How long an encrypted send waits for `compose.sendMessage` before it fails the record. */
  composeTimeoutMs: number;
  /** Thunderbird's calendars (null where they cannot be read: the agent keeps to its own store). */
  calendars: CalendarCache | null;
  /** The calendar bridge itself (time zone; src/background/zone.ts), when the Experiment is there. */
  calendarBridge?: TbCalendarBridge;
}

export interface AgentOptions {
  storeName?: string;
  recordsName?: string;
  indexedDB?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
  now?: () => Date;
  newId?: () => string;
  log?: Logger;
  actionWaitMs?: number;
  composeTimeoutMs?: number;
  /** The calendar Experiment's bridge (src/thunderbird/calendar-bridge.ts), or a test's fake. */
  calendarBridge?: TbCalendarBridge;
}

export function makeAgent(tb: Tb, o: AgentOptions = {}): Agent {
  let store: Store | undefined;
  const now = o.now ?? (() => new Date());
  const log = o.log ?? consoleLogger;
  return {
    tb,
    store: () => (store ??= openDexieStore(o.storeName ?? 'imip-agent', o.indexedDB)),
    records: new Records(o.recordsName ?? 'imip-agent-addon', o.indexedDB),
    now,
    newId: o.newId ?? (() => crypto.randomUUID()),
    log,
    actionWaitMs: o.actionWaitMs ?? 15000,
    composeTimeoutMs: o.composeTimeoutMs ?? 60000,
    calendars: o.calendarBridge ? new CalendarCache(o.calendarBridge, now, log) : null,
    ...(o.calendarBridge ? { calendarBridge: o.calendarBridge } : {}),
  };
}

export interface CalendarIdentity extends AgentIdentity {
  settings: IdentitySettings;
  calendarSettings: CalendarSettings;
  /** The Thunderbird calendars counted as busy for this identity (absent without calendars). */
  calendars?: CalendarSource;
}

/** Every identity with its settings (role `none` included: callers decide). */
export async function calendarIdentities(agent: Agent): Promise<CalendarIdentity[]> {
  const identities = await listIdentities(agent.tb);
  const cache = agent.calendars;
  if (cache) await cache.ready(identities.map((i) => i.email));
  const out: CalendarIdentity[] = [];
  for (const i of identities) {
    const calendarSettings = await getCalendarSettings(agent.tb, i.email);
    const calendars = cache ? { calendars: cache.source(busyCalendars(calendarSettings, cache.calendars)) } : {};
    out.push({ ...i, settings: await getIdentitySettings(agent.tb, i.email), calendarSettings, ...calendars });
  }
  return out;
}

export async function findIdentity(agent: Agent, address: string): Promise<CalendarIdentity> {
  const wanted = address.trim().toLowerCase();
  const found = (await calendarIdentities(agent)).find((i) => i.email === wanted);
  if (!found) throw new Error(`no identity with the address ${address}`);
  return found;
}

export function engineOptions(agent: Agent, identity: CalendarIdentity, now = agent.now()): EngineOptions {
  const locale = agent.tb.i18n.getUILanguage?.();
  return {
    user: identity.email,
    role: identity.settings.role === 'resource' ? 'resource' : 'person',
    now,
    newId: agent.newId,
    strings: mailStrings(agent.tb),
    ...(identity.calendars ? { calendars: identity.calendars } : {}),
    ...(locale ? { locale } : {}),
    ...(identity.name ? { userName: identity.name } : {}),
  };
}
