// What every part of the background works with: Thunderbird (injected: the real `messenger` or a
// test's fake), the engine's store (opened lazily: the event page may be woken by any event),
// the background's own records, the clock, ids and the log.
import type { Store } from '../core/store.js';
import type { EngineOptions } from '../core/api.js';
import { openDexieStore } from '../store/dexie-store.js';
import type { Tb } from '../thunderbird/api.js';
import type { TbCalendarBridge } from '../thunderbird/calendars.js';
import { listIdentities, type AgentIdentity } from '../thunderbird/identities.js';
import type { IdentitySettings } from '../shared/protocol.js';
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
  /** Thunderbird's calendars (src/thunderbird/calendars.ts), when the calendar Experiment is there. */
  calendars?: TbCalendarBridge;
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
  calendars?: TbCalendarBridge;
}

export function makeAgent(tb: Tb, o: AgentOptions = {}): Agent {
  let store: Store | undefined;
  return {
    tb,
    store: () => (store ??= openDexieStore(o.storeName ?? 'imip-agent', o.indexedDB)),
    records: new Records(o.recordsName ?? 'imip-agent-addon', o.indexedDB),
    now: o.now ?? (() => new Date()),
    newId: o.newId ?? (() => crypto.randomUUID()),
    log: o.log ?? consoleLogger,
    actionWaitMs: o.actionWaitMs ?? 15000,
    composeTimeoutMs: o.composeTimeoutMs ?? 60000,
    ...(o.calendars ? { calendars: o.calendars } : {}),
  };
}

export interface CalendarIdentity extends AgentIdentity {
  settings: IdentitySettings;
}

/** Every identity with its settings (role `none` included: callers decide). */
export async function calendarIdentities(agent: Agent): Promise<CalendarIdentity[]> {
  const out: CalendarIdentity[] = [];
  for (const i of await listIdentities(agent.tb)) out.push({ ...i, settings: await getIdentitySettings(agent.tb, i.email) });
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
    ...(locale ? { locale } : {}),
    ...(identity.name ? { userName: identity.name } : {}),
  };
}
