// What every iTIP handler and user action works with: the user's part of the store transaction to
// read, their effective preferences, the injected clock, and the results and outgoing mail of the
// decisions applied so far (itip/commit.ts). Changes are never made through it: a handler returns
// them as a Decision (itip/decision.ts).

import type { HandleOptions } from '../api.js';
import type { StoreReader, StoreTx, UserReader } from '../store.js';
import type { Action, Address, AttendeeNote, HistoryEntry, MailMessage, OutgoingMessage, Prefs, Result, StoredEvent } from '../types.js';
import { effectivePrefs } from '../prefs.js';
import { ENGLISH, type Strings } from './strings.js';
import { normalizeAddress } from './address.js';
import { indexing } from '../busy-index.js';
import { newStaging, type Staging } from '../attachments/stage.js';
import { MAX_EXPANSION_PER_MESSAGE, type ExpansionBudget } from '../ical/rule-walk.js';
import { senderFacts, type SenderFacts, type SenderVerdict } from './sender.js';
import type { Previous } from './previous.js';
import { bindWriter, writerOf } from './writer.js';
import { newResult } from './decision.js';

export interface Ctx {
  /** The whole store, read only: other users' preferences and calendars, quota journals. */
  tx: StoreReader;
  /** The user's part, read only; its writer is kept apart (itip/writer.ts). */
  utx: UserReader;
  opts: HandleOptions;
  user: Address;
  prefs: Prefs;
  /** The user's zone: floating times and all-day dates are read in it. */
  zone: string;
  nowMs: number;
  nowIso: string;
  strings: Readonly<Strings>;
  /** What the decisions applied so far report and send (itip/commit.ts). */
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
  const ctx: Ctx = {
    tx,
    utx,
    opts,
    user,
    prefs,
    zone: prefs.TZID || 'UTC',
    nowMs: opts.now.getTime(),
    nowIso: opts.now.toISOString(),
    strings: stringsOf(opts.strings),
    results: [],
    outgoing: [],
    msg,
    messageId: msg?.messageId,
    staging: newStaging(),
    sender: senderFacts(msg, prefs),
    answerable: new Set(),
    objectsSeen: 0,
    expansion: { left: MAX_EXPANSION_PER_MESSAGE },
    resourceDecisions: 0,
  };
  bindWriter(ctx, { tx, utx });
  return ctx;
}

// The words of outgoing mail, with the adapter's translations over the English ones. Only read,
// never changed, so without translations the English table itself is used rather than a copy of
// it for every message.
function stringsOf(given: Partial<Strings> | undefined): Strings {
  return given ? { ...ENGLISH, ...given } : ENGLISH;
}

/**
 * A context of the user's own in the same transaction, as a user action starts with: the resource
 * agent delegates a booking the way its owner would (policy/agent.ts).
 */
export function actionCtx(ctx: Ctx): Promise<Ctx> {
  return makeCtx(writerOf(ctx).tx, ctx.opts);
}

/** A result the dispatcher or the engine reports itself (an unreadable part, a message seen
 *  before); what a handler decides is reported through its Decision. */
export function result(
  ctx: Ctx,
  method: string,
  uid: string | null,
  recurrenceId: string | null,
  action: Action,
  reason: string,
  warnings: string[] = [],
): Result {
  const r = newResult(ctx, method, uid, recurrenceId, action, reason, warnings);
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
