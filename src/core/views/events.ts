// The management page's views of stored events: one event (or occurrence) and its detail page.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { CounterRecord, StoredEvent } from '../types.js';
import type { CounterView, EventDetail, EventView, HistoryView } from '../../shared/protocol.js';
import { makeCtx, type Ctx } from '../itip/context.js';
import { findOverride, loadStored, type EventObject } from '../itip/objects.js';
import { ridFromArg } from '../itip/actions/common.js';
import { counterProposal } from '../itip/describe.js';
import { expandEvent } from '../ical/recurrence.js';
import { CalendarError } from '../ical/parse.js';
import { componentView, headOf, ownProposals, viewRelation, type ViewSource } from './event-view.js';
import { keyToIso } from './text.js';
import { eventToDraft } from './draft.js';
import { storedAttachments } from './attachments.js';

/** The stored event opened for viewing; a copy that no longer parses is a clear error. */
export function openForView(ctx: Ctx, stored: StoredEvent): ViewSource {
  let object: EventObject;
  try {
    object = loadStored(stored.ics, ctx.zone);
  } catch (e) {
    throw new CalendarError(`the stored copy of ${stored.uid} is unreadable: ${(e as Error).message}`);
  }
  return { user: ctx.user, role: ctx.opts.role, object, stored, relation: viewRelation(ctx.opts.role, stored.relation) };
}

/** One occurrence by its canonical key: its override, or the master's instance at that time. */
export function occurrenceView(src: ViewSource, key: string): EventView | null {
  const override = findOverride(src.object, key);
  if (override) return componentView(src, override);
  const master = src.object.master;
  if (!master) return null;
  // ±2 days around the key: an all-day key names a date, whose instant depends on the zone.
  const at = Date.parse(keyToIso(key).length === 10 ? `${keyToIso(key)}T00:00:00Z` : keyToIso(key));
  if (!Number.isFinite(at)) return null;
  const window = { start: at - 2 * 86_400_000, end: at + 2 * 86_400_000 };
  const occ = expandEvent(master, [], window, src.object.ctx).occurrences.find((o) => o.recurrenceIdKey === key);
  return occ ? componentView(src, master, { key, start: occ.start, end: occ.end }) : null;
}

export async function eventView(tx: StoreTx, opts: EngineOptions, uid: string, recurrenceId?: string): Promise<EventView | null> {
  const ctx = await makeCtx(tx, opts);
  const stored = await ctx.utx.getEvent(uid);
  if (!stored) return null;
  const src = { ...openForView(ctx, stored), proposals: await ownProposals(ctx.utx, uid) };
  const view = recurrenceId ? occurrenceView(src, ridFromArg(ctx, recurrenceId)) : componentView(src, headOf(src.object));
  return view && { ...view, attachments: await storedAttachments(tx, opts, view) };
}

export function counterView(c: CounterRecord, zone: string): CounterView {
  const p = counterProposal(c, zone);
  return {
    from: c.attendee,
    recurrenceId: c.recurrenceId ? keyToIso(c.recurrenceId) : null,
    direction: c.direction,
    status: c.status,
    proposed: p.start && p.end ? { start: p.start, end: p.end } : null,
    comment: c.comment ?? null,
    received: c.received,
  };
}

/** A counter's history note `start/end` (ISO UTC instants, actions/attendee.ts) as a period. */
function isoPeriod(note: string | undefined): HistoryView['proposed'] {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\/(\d{4}-\d\d-\d\dT[\d:.]+Z)$/.exec(note ?? '');
  return m ? { start: m[1]!, end: m[2]! } : null;
}

function historyView(h: StoredEvent['history'][number]): HistoryView {
  return {
    at: h.at,
    method: h.method,
    action: h.action,
    from: h.from ?? null,
    messageId: h.messageId ?? null,
    recurrenceId: h.recurrenceId ? keyToIso(h.recurrenceId) : null,
    note: h.note ?? null,
    comment: h.comment ?? null,
    proposed: h.method === 'COUNTER' ? isoPeriod(h.note) : null,
  };
}

export async function eventDetail(tx: StoreTx, opts: EngineOptions, uid: string): Promise<EventDetail | null> {
  const ctx = await makeCtx(tx, opts);
  const stored = await ctx.utx.getEvent(uid);
  if (!stored) return null;
  const src = { ...openForView(ctx, stored), proposals: await ownProposals(ctx.utx, uid) };
  const counters = (await ctx.utx.listCounters(uid)).sort((a, b) => b.received.localeCompare(a.received));
  const withFiles = async (v: EventView) => ({ ...v, attachments: await storedAttachments(tx, opts, v) });
  const overrides = src.object.master ? src.object.overrides : src.object.overrides.slice(1);
  return {
    event: await withFiles(componentView(src, headOf(src.object))),
    overrides: await Promise.all(overrides.map((o) => withFiles(componentView(src, o)))),
    counters: counters.map((c) => counterView(c, ctx.zone)),
    history: stored.history.map(historyView),
    // Only the organiser edits; an event the editor cannot represent is still shown, not edited.
    draft: stored.relation === 'organizer' ? draftOrNull(stored, ctx.zone) : null,
  };
}

function draftOrNull(stored: StoredEvent, zone: string) {
  try {
    return eventToDraft(stored, zone);
  } catch {
    return null;
  }
}
