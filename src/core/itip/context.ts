// What every iTIP handler and user action works with: the user's part of the store transaction,
// their effective preferences, the injected clock, and the results and outgoing mail collected.

import type { HandleOptions } from '../api.js';
import type { StoreTx, UserTx } from '../store.js';
import type { Action, Address, AttendeeNote, HistoryEntry, MailMessage, OutgoingMessage, Prefs, QueueItem, Result, StoredEvent } from '../types.js';
import { effectivePrefs } from '../prefs.js';
import { ENGLISH, type Strings } from './strings.js';
import { normalizeAddress } from './address.js';
import { indexing } from '../busy-index.js';
import { newStaging, type Staging } from '../attachments/stage.js';
import { MAX_EXPANSION_PER_MESSAGE, type ExpansionBudget } from '../ical/recurrence.js';
import { senderFacts, type SenderFacts, type SenderVerdict } from './sender.js';
import type { Previous } from './previous.js';

export interface Ctx {
  tx: StoreTx;
  utx: UserTx;
  opts: HandleOptions;
  user: Address;
  prefs: Prefs;
  /** The user's zone: floating times and all-day dates are read in it. */
  zone: string;
  nowMs: number;
  nowIso: string;
  strings: Strings;
  results: Result[];
  outgoing: OutgoingMessage[];
  /** The message being handled, when handling mail. */
  msg?: MailMessage;
  messageId?: string;
  /** Attachment bytes waiting for their event to be saved (core/attachments). */
  staging: Staging;
  /** Who sent the message, from its raw From (core/itip/sender.ts). */
  sender: SenderFacts;
  /** Applying a queued message by hand: the party the user confirmed as its sender. */
  confirmed?: Address;
  /** The sender check of the object being handled (set by core/itip/trust.ts checkSender). */
  verdict?: SenderVerdict;
  /** Addresses verified as senders of this message: the only ones automatic mail may go to. */
  answerable: Set<Address>;
  /** Scheduling objects of this message handled so far, across all its parts. */
  objectsSeen: number;
  /** Recurrence work left for this message's decisions (MAX_EXPANSION_PER_MESSAGE). */
  expansion: ExpansionBudget;
  /**
   * Results of updates that changed nothing the attendee's answer depends on (RFC 5546 §2.1.4,
   * core/itip/incoming.ts freshness): the answer stands, so the resource agent decides nothing
   * anew. Kept beside the results, never in them: a decision does not read the reason's words.
   */
  minorUpdates: WeakSet<Result>;
  /** Bookings a resource has decided for this message (policy/agent.ts). */
  resourceDecisions: number;
  /** Handling mail: the stored events it concerns as they were before (core/itip/previous.ts). */
  previous?: Previous;
}

export async function makeCtx(tx: StoreTx, opts: HandleOptions, msg?: MailMessage): Promise<Ctx> {
  const user = normalizeAddress(opts.user);
  // Writes through the context keep the free/busy index in step (core/busy-index).
  const utx = indexing(tx.user(user), opts.now.getTime());
  const prefs = effectivePrefs(await utx.getPrefs(), opts.role);
  return {
    tx,
    utx,
    opts,
    user,
    prefs,
    zone: prefs.TZID || 'UTC',
    nowMs: opts.now.getTime(),
    nowIso: opts.now.toISOString(),
    strings: { ...ENGLISH, ...(opts.strings ?? {}) },
    results: [],
    outgoing: [],
    msg,
    messageId: msg?.messageId,
    staging: newStaging(),
    sender: senderFacts(msg, prefs),
    answerable: new Set(),
    objectsSeen: 0,
    expansion: { left: MAX_EXPANSION_PER_MESSAGE },
    minorUpdates: new WeakSet(),
    resourceDecisions: 0,
  };
}

export function result(
  ctx: Ctx,
  method: string,
  uid: string | null,
  recurrenceId: string | null,
  action: Action,
  reason: string,
  warnings: string[] = [],
): Result {
  const r: Result = { method, uid, recurrenceId: recurrenceId || null, action, reason };
  if (ctx.verdict) r.verification = ctx.verdict.level;
  if (warnings.length) r.warnings = [...new Set(warnings)];
  ctx.results.push(r);
  return r;
}

/** Appends to an event's history (bounded: the oldest entries go first). */
export function addHistory(ctx: Ctx, event: StoredEvent, method: string, action: Action, extra: Partial<HistoryEntry> = {}): void {
  const entry: HistoryEntry = { at: ctx.nowIso, method, action, ...extra };
  if (ctx.messageId) entry.messageId = ctx.messageId;
  const from = ctx.msg?.from?.address;
  if (from && !entry.from) entry.from = from;
  event.history = [...event.history, entry].slice(-MAX_HISTORY);
}
export const MAX_HISTORY = 200;

/** What an attendee (or the user) said with their last answer, kept to show beside the answer. */
export function keepNote(ctx: Ctx, event: StoredEvent, key: string, note: Omit<AttendeeNote, 'at'>): void {
  event.notes = { ...(event.notes ?? {}), [key]: { ...note, at: ctx.nowIso } };
}

export async function enqueue(ctx: Ctx, item: Omit<QueueItem, 'id' | 'created' | 'messageId' | 'from'> & Partial<QueueItem>): Promise<void> {
  await ctx.utx.putQueue({
    id: ctx.opts.newId(),
    created: ctx.nowIso,
    ...(ctx.messageId ? { messageId: ctx.messageId } : {}),
    ...(ctx.msg?.from ? { from: ctx.msg.from.address } : {}),
    ...item,
  });
}

/** Drops queue items about an object once the user has acted on it. */
export async function clearQueue(ctx: Ctx, uid: string, kinds: QueueItem['kind'][], recurrenceId?: string): Promise<void> {
  for (const item of await ctx.utx.listQueue())
    if (item.uid === uid && kinds.includes(item.kind) && (recurrenceId === undefined || (item.recurrenceId ?? '') === recurrenceId))
      await ctx.utx.deleteQueue(item.id);
}
