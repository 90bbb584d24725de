// The management page's calendar grid and its list of things waiting for the user.

import type { EngineOptions } from '../api.js';
import type { StoreTx, UserReader } from '../store.js';
import type { CounterRecord, QueueItem, StoredEvent } from '../types.js';
import type { AttentionItem, EventView, OccurrenceView } from '../../shared/protocol.js';
import { makeCtx } from '../itip/context.js';
import { decider } from '../itip/decision.js';
import { commit } from '../itip/commit.js';
import { isCancelled, isRecurring } from '../itip/model.js';
import { loadStored, type EventObject } from '../itip/objects.js';
import { userPartstat } from '../itip/stored.js';
import { expandEvent } from '../ical/recurrence.js';
import { CalendarError } from '../ical/parse.js';
import { componentView, proposalFor, relationOf, viewRelation, viewTimes, type ViewSource } from './event-view.js';
import type { Component } from '../itip/model.js';
import { calendarItems } from '../calendars/merge.js';
import { keyToIso } from './text.js';
import { MAX_OCCURRENCES_PER_EVENT, readRange, summaries } from './common.js';

/** `uid|key` of everything waiting for a decision: queue items and pending counters. */
async function attentionKeys(utx: UserReader): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const q of await utx.listQueue()) if (q.uid) keys.add(`${q.uid}|${q.recurrenceId ?? ''}`);
  for (const c of await utx.listAllCounters()) if (isOpenCounter(c)) keys.add(`${c.uid}|${c.recurrenceId}`);
  return keys;
}

function isOpenCounter(c: CounterRecord): boolean {
  return c.direction === 'received' && c.status === 'pending' && !c.dismissed;
}

export async function calendarRange(tx: StoreTx, opts: EngineOptions, range: { start: string; end: string }): Promise<OccurrenceView[]> {
  const ctx = await makeCtx(tx, opts);
  const window = readRange(range, ctx.zone);
  const attention = await attentionKeys(ctx.utx);
  const proposals = new Map<string, CounterRecord[]>();
  for (const c of await ctx.utx.listAllCounters())
    if (c.direction === 'sent' && c.status === 'pending') proposals.set(c.uid, [...(proposals.get(c.uid) ?? []), c]);
  const out: OccurrenceView[] = [];
  // Single events first: a budget spent on one dense series must not hide the ordinary ones.
  const loaded: { stored: StoredEvent; object: EventObject }[] = [];
  for (const stored of await ctx.utx.listEvents()) {
    let object;
    try {
      object = loadStored(stored.ics, ctx.zone);
    } catch {
      continue; // an unreadable copy is reported on its event page, it does not blank the calendar
    }
    loaded.push({ stored, object });
  }
  const recurs = (o: EventObject) => Number((!!o.master && isRecurring(o.master)) || o.overrides.length > 0);
  loaded.sort((a, b) => recurs(a.object) - recurs(b.object));
  for (const { stored, object } of loaded) {
    const budget = MAX_CALENDAR_OCCURRENCES - out.length;
    if (budget <= 0) break;
    const src = {
      user: ctx.user,
      role: opts.role,
      object,
      stored,
      relation: viewRelation(opts.role, stored.relation),
      proposals: proposals.get(stored.uid) ?? [],
    };
    out.push(
      ...occurrenceViews(ctx.user, src, window, {
        cancelled: stored.cancelled,
        attention: (key) => attention.has(`${stored.uid}|`) || attention.has(`${stored.uid}|${key}`),
        max: budget,
      }),
    );
  }
  // The user's Thunderbird calendars beside the store, one event per UID (core/calendars/merge):
  // shown read-only, naming the calendar they are in.
  if (opts.calendars)
    for (const { calendar, item } of await calendarItems(ctx.utx, opts.calendars, window, ctx.nowMs)) {
      let object;
      try {
        object = loadStored(item.ics, ctx.zone);
      } catch {
        continue;
      }
      const src = { user: ctx.user, role: opts.role, object, relation: relationOf(ctx.user, opts.role, object) };
      const from = { id: calendar.id, name: calendar.name, color: calendar.color };
      for (const o of occurrenceViews(ctx.user, src, window, { cancelled: false, attention: () => false })) out.push({ ...o, calendar: from });
    }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

/** The occurrences of one event inside the window, as the calendar grid draws them. */
function occurrenceViews(
  user: string,
  src: ViewSource,
  window: { start: number; end: number },
  o: { cancelled: boolean; attention: (key: string) => boolean; max?: number },
): OccurrenceView[] {
  const { object } = src;
  const uid = object.uid;
  const recurring = (!!object.master && isRecurring(object.master)) || object.overrides.length > 0;
  const { occurrences } = expandEvent(object.master, object.overrides, window, object.ctx, {
    maxInstances: Math.min(MAX_OCCURRENCES_PER_EVENT, o.max ?? Infinity),
  });
  // What does not change from one occurrence to the next is read once per component: a series of
  // 200 RDATEs drawn over a week built its RDATE list (200 times) for each of its occurrences.
  const perComponent = new Map<Component, EventView>();
  return occurrences.map((occ) => {
    let base = perComponent.get(occ.component);
    if (!base) perComponent.set(occ.component, (base = componentView(src, occ.component)));
    const key = recurring ? occ.recurrenceIdKey : '';
    const { start, end } = viewTimes(occ.component, object.ctx, { key, start: occ.start, end: occ.end });
    const proposal = src.proposals?.length ? proposalFor(src, key, base.organizer) : null;
    const view = { ...base, start, end, proposal };
    // Cancelled events and occurrences stay on the grid, marked, so the user sees what went.
    const cancelled = o.cancelled || isCancelled(occ.component);
    return {
      uid,
      recurrenceId: recurring ? keyToIso(occ.recurrenceIdKey) : null,
      summary: view.summary,
      location: view.location,
      start: view.start!,
      end: view.end!,
      allDay: occ.allDay,
      status: cancelled ? 'CANCELLED' : view.status,
      partstat: userPartstat(user, occ.component, object.master) ?? null,
      relation: src.relation,
      transparency: view.transparency,
      recurring,
      attention: o.attention(occ.recurrenceIdKey),
      proposal: view.proposal ? { start: view.proposal.start, end: view.proposal.end } : null,
    };
  });
}

/** Most occurrences one calendar range shows from the store, all events together: each is a
 * full view, and a hundred series every five minutes would otherwise make the grid walk 200,000. */
export const MAX_CALENDAR_OCCURRENCES = 5000;

/** The id of a pending counter on the attention list (see protocol: AttentionItem.id). */
export function counterAttentionId(c: Pick<CounterRecord, 'uid' | 'recurrenceId' | 'attendee'>): string {
  return `counter:${c.uid}|${c.recurrenceId}|${c.attendee}`;
}

function parseCounterId(id: string): { uid: string; recurrenceId: string; attendee: string } | undefined {
  const body = id.slice('counter:'.length);
  const last = body.lastIndexOf('|');
  const mid = last > 0 ? body.lastIndexOf('|', last - 1) : -1;
  if (mid < 0) return undefined;
  return { uid: body.slice(0, mid), recurrenceId: body.slice(mid + 1, last), attendee: body.slice(last + 1) };
}

export async function attentionList(tx: StoreTx, opts: EngineOptions): Promise<AttentionItem[]> {
  const ctx = await makeCtx(tx, opts);
  const summary = summaries(ctx.utx, ctx.zone);
  const counters = (await ctx.utx.listAllCounters()).filter(isOpenCounter);
  const countered = new Set(counters.map((c) => `${c.uid}|${c.recurrenceId}`));
  const items: AttentionItem[] = [];
  // A counter's queue item is shown through the counter itself, which says who proposed what.
  const queue = (await ctx.utx.listQueue()).filter((q: QueueItem) => !(q.kind === 'counter' && countered.has(`${q.uid}|${q.recurrenceId ?? ''}`)));
  for (const q of queue)
    items.push({
      id: q.id,
      kind: q.kind,
      identity: ctx.user,
      uid: q.uid ?? null,
      recurrenceId: q.recurrenceId ? keyToIso(q.recurrenceId) : null,
      from: q.from ?? null,
      summary: await summary(q.uid),
      reason: q.reason,
      created: q.created,
    });
  for (const c of counters)
    items.push({
      id: counterAttentionId(c),
      kind: 'counter',
      identity: ctx.user,
      uid: c.uid,
      recurrenceId: c.recurrenceId ? keyToIso(c.recurrenceId) : null,
      from: c.attendee,
      summary: await summary(c.uid),
      reason: `counter-proposal from ${c.attendee}`,
      created: c.received,
    });
  // Newest first: what just arrived is what the user came to see.
  return items.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? -1 : 1));
}

/**
 * Takes an item off the list. A pending counter stays undecided (its event page still offers
 * accept and decline); it only stops asking for attention until a new proposal arrives.
 */
export async function dismissAttention(tx: StoreTx, opts: EngineOptions, id: string): Promise<void> {
  const ctx = await makeCtx(tx, opts);
  const d = decider(ctx);
  if (id.startsWith('counter:')) {
    const key = parseCounterId(id);
    const counter =
      key &&
      (await ctx.utx.listCounters(key.uid)).find((c) => c.direction === 'received' && c.recurrenceId === key.recurrenceId && c.attendee === key.attendee);
    if (!counter) throw new CalendarError(`no counter-proposal ${id}`);
    d.counter({ ...counter, dismissed: ctx.nowIso });
    d.unqueue(counter.uid, ['counter'], counter.recurrenceId);
    return commit(ctx, d);
  }
  const item = (await ctx.utx.listQueue()).find((q) => q.id === id);
  if (!item) throw new CalendarError(`no item ${id} waits for attention`);
  d.drop(id);
  await commit(ctx, d);
}
