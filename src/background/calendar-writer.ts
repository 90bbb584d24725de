// Writes the engine's decisions into Thunderbird's calendars, after the store transaction has
// committed: the events the transaction changed (recorded by `recording`) go through the core's
// write plan (core/calendars/write.ts), each step is put on a small pending list in storage.local
// (`calendarWrites`), applied through the bridge, and taken off the list. A step still on the
// list at the next start (Thunderbird closed in the middle) is applied then. Every step is
// idempotent: a put on a UID the calendar already holds updates that item, so nothing is ever
// added twice.
import type { StoreTx, UserTx } from '../core/store.js';
import type { StoredEvent } from '../core/types.js';
import { keepLocal, writeCalendar, writePlan, type WriteStep } from '../core/calendars/write.js';
import { resolveTarget } from './calendar-settings.js';
import { calendarIdentities, type Agent } from './agent.js';
import { errorText } from './log.js';

export interface EventChange {
  user: string;
  uid: string;
  before: StoredEvent | undefined;
  after: StoredEvent | undefined;
}

/** A transaction that remembers, per user and UID, the event before its first write and after its last. */
export function recording(tx: StoreTx): { tx: StoreTx; changes: () => EventChange[] } {
  const seen = new Map<string, EventChange>();
  const note = async (utx: UserTx, uid: string, after: StoredEvent | undefined) => {
    const k = `${utx.user}\n${uid}`;
    if (!seen.has(k)) seen.set(k, { user: utx.user, uid, before: await utx.getEvent(uid), after });
    seen.get(k)!.after = after;
  };
  const wrapped: StoreTx = {
    user(address) {
      const utx = tx.user(address);
      return {
        ...utx,
        putEvent: async (e) => {
          await note(utx, e.uid, structuredClone(e));
          await utx.putEvent(e);
        },
        deleteEvent: async (uid) => {
          await note(utx, uid, undefined);
          await utx.deleteEvent(uid);
        },
      };
    },
    users: () => tx.users(),
    listUsage: (journal) => tx.listUsage(journal),
    putUsage: (record) => tx.putUsage(record),
    deleteUsage: (journal, organizer, uid, rid) => tx.deleteUsage(journal, organizer, uid, rid),
    clear: () => tx.clear(),
  };
  return { tx: wrapped, changes: () => [...seen.values()] };
}

interface PendingWrite {
  id: string;
  identity: string;
  calendarId: string;
  step: WriteStep;
}

const PENDING_KEY = 'calendarWrites';
/** The list is small by nature (steps wait only while Thunderbird is closed mid-write); bounded anyway. */
const MAX_PENDING = 500;

async function pending(agent: Agent): Promise<PendingWrite[]> {
  const got = (await agent.tb.storage.local.get(PENDING_KEY)) as { calendarWrites?: PendingWrite[] };
  return Array.isArray(got.calendarWrites) ? got.calendarWrites : [];
}

async function savePending(agent: Agent, list: PendingWrite[]): Promise<void> {
  await agent.tb.storage.local.set({ [PENDING_KEY]: list.slice(-MAX_PENDING) });
}

/** Plans and applies the calendar writes for what a committed transaction changed. */
export async function writeCalendars(agent: Agent, changes: EventChange[]): Promise<void> {
  const cache = agent.calendars;
  if (!cache || !changes.length) return;
  try {
    const identities = await calendarIdentities(agent);
    const steps: PendingWrite[] = [];
    for (const c of changes) {
      const identity = identities.find((i) => i.email === c.user);
      if (!identity || identity.settings.role === 'none') continue;
      const target = resolveTarget(identity.calendarSettings, identity.id, cache.calendars);
      const holders = cache.holders(c.uid);
      const step = writePlan(c.user, c.before, c.after, { ...identity.calendarSettings, target }, holders.length > 0);
      if (!step || !target) continue;
      const calendarId = step.op === 'remove' ? (holders.find((h) => !h.readOnly)?.calendarId ?? null) : writeCalendar(target, holders);
      if (calendarId) steps.push({ id: agent.newId(), identity: c.user, calendarId, step });
    }
    if (!steps.length) return;
    await savePending(agent, [...(await pending(agent)), ...steps]);
    for (const s of steps) await applyPending(agent, s);
  } catch (e) {
    agent.log('error', { messageId: '', error: `calendar write: ${errorText(e)}` });
  }
}

/** Applies what is still on the pending list (at start-up). */
export async function retryCalendarWrites(agent: Agent): Promise<void> {
  if (!agent.calendars) return;
  for (const s of await pending(agent)) await applyPending(agent, s);
}

async function applyPending(agent: Agent, s: PendingWrite): Promise<void> {
  try {
    await applyStep(agent, s.calendarId, s.step);
    await savePending(
      agent,
      (await pending(agent)).filter((p) => p.id !== s.id),
    );
    agent.log('calendar', { identity: s.identity, calendarId: s.calendarId, uid: s.step.uid, op: s.step.op });
  } catch (e) {
    // Stays on the list: tried again at the next start.
    agent.log('error', { messageId: '', error: `calendar ${s.calendarId}, ${s.step.op} ${s.step.uid}: ${errorText(e)}` });
  }
}

async function applyStep(agent: Agent, calendarId: string, step: WriteStep): Promise<void> {
  const cache = agent.calendars!;
  const bridge = cache.bridge;
  // Asked of Thunderbird, not of the cache: the item may have come or gone since.
  const existing = await bridge.getItem(calendarId, step.uid);
  if (step.op === 'remove') {
    if (existing) await bridge.removeItem(calendarId, step.uid);
    await cache.apply({ kind: 'removed', calendarId, uid: step.uid });
    return;
  }
  let written;
  if (existing) written = await bridge.updateItem(calendarId, keepLocal(step.ics, existing.ics));
  else {
    try {
      written = await bridge.createItem(calendarId, step.ics);
    } catch (e) {
      // Created meanwhile (Thunderbird's bar, a sync): update that one instead of failing.
      const now = await bridge.getItem(calendarId, step.uid);
      if (!now) throw e;
      written = await bridge.updateItem(calendarId, keepLocal(step.ics, now.ics));
    }
  }
  await cache.apply({ kind: 'updated', item: written });
}
