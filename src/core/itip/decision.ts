// What the engine decides about one scheduling object or one user action, as data: the results
// to report, the changes to the user's store in the order they are made, and the mail to send.
// Handlers (itip/handlers), the resource agent (policy/agent.ts) and the user actions
// (itip/actions) only read the store; each returns a Decision, and itip/commit.ts alone applies
// one — writes the store, keeps the free/busy index in step, collects the mail (docs/ARCHITECTURE.md,
// "Decisions as data"). sabre/vobject's Broker has the same shape: processMessage(message,
// existing) → new state, parseEvent(new, old) → messages.

import type { CounterRecord, FreeBusyRecord, OutgoingMessage, QueueItem, QueueKind, Result, StoredEvent, UsageRecord, Action } from '../types.js';
import type { Ctx } from './context.js';
import type { EventObject } from './objects.js';
import { writeStored } from './objects.js';
import { dtstampOf, isCancelled, organizerOf, sequenceOf } from './model.js';
import { isoUtc } from '../ical/tz.js';

/** One change to the store. */
export type Change =
  /** The record with its calendar written from `object` (already serialised into `stored.ics`);
   *  its attachment bytes follow its ATTACH lines when applied (core/attachments/sync.ts). */
  | { kind: 'save'; stored: StoredEvent; object: EventObject }
  /** The record alone (history, notes, counters seen): its calendar is unchanged. */
  | { kind: 'record'; stored: StoredEvent }
  | { kind: 'enqueue'; item: QueueItem }
  /** Removes the queue items about `uid` of these kinds (one occurrence when `recurrenceId` is given). */
  | { kind: 'unqueue'; uid: string; kinds: readonly QueueKind[]; recurrenceId?: string }
  | { kind: 'drop'; id: string }
  | { kind: 'counter'; counter: CounterRecord }
  | { kind: 'freebusy'; record: FreeBusyRecord }
  /** A resource's booking, held in its quota journal (policy/functions.ts quotaJournal). */
  | { kind: 'book'; usage: UsageRecord }
  /** Gives back every booking of `uid` this resource holds in `journal`. */
  | { kind: 'release'; journal: string; uid: string };

export interface Decision {
  readonly results: readonly Result[];
  readonly changes: readonly Change[];
  readonly outgoing: readonly OutgoingMessage[];
  /** Results of updates that changed nothing the attendee's answer depends on (RFC 5546 §2.1.4,
   *  itip/incoming.ts freshness): the answer stands, so the resource agent decides nothing anew.
   *  Kept beside the results, never in them: no decision reads a reason's words. */
  readonly minor: ReadonlySet<Result>;
}

/** A result with the sender check made for its object, if any, and its warnings once each. */
export function newResult(
  ctx: Pick<Ctx, 'verdict'>,
  method: string,
  uid: string | null,
  recurrenceId: string | null,
  action: Action,
  reason: string,
  warnings: string[],
): Result {
  const r: Result = { method, uid, recurrenceId: recurrenceId || null, action, reason };
  if (ctx.verdict) r.verification = ctx.verdict.level;
  if (warnings.length) r.warnings = [...new Set(warnings)];
  return r;
}

/**
 * Builds a Decision while a handler reads and judges. Nothing here touches the store: a change is
 * only written down. The record of a saved event is brought up to date at once (its calendar text,
 * SEQUENCE, DTSTAMP, ORGANIZER), since what follows in the same handler reads it.
 */
export class Decider implements Decision {
  readonly results: Result[] = [];
  readonly changes: Change[] = [];
  readonly outgoing: OutgoingMessage[] = [];
  readonly minor = new Set<Result>();
  constructor(private readonly ctx: Ctx) {}

  /** Reports what happened to one object (with the sender check made for it, if any). */
  result(method: string, uid: string | null, recurrenceId: string | null, action: Action, reason: string, warnings: string[] = []): Result {
    const r = newResult(this.ctx, method, uid, recurrenceId, action, reason, warnings);
    this.results.push(r);
    return r;
  }

  /** The same as `result`, marked as a minor update. */
  minorResult(method: string, uid: string, recurrenceId: string, reason: string, warnings: string[]): Result {
    const r = this.result(method, uid, recurrenceId, 'updated', reason, warnings);
    this.minor.add(r);
    return r;
  }

  /** Writes the object into the stored record (calendar text, sequence, stamps) and saves both. */
  save(stored: StoredEvent, object: EventObject): void {
    const head = object.master ?? object.overrides[0];
    writeStored(stored, object);
    if (head) {
      stored.sequence = Math.max(sequenceOf(head), ...object.overrides.map(sequenceOf));
      const stamp = dtstampOf(head, object.ctx);
      if (stamp !== undefined) stored.dtstamp = isoUtc(stamp);
      const organizer = organizerOf(head);
      if (organizer) stored.organizer = organizer;
      else delete stored.organizer;
    }
    stored.cancelled = !!object.master && isCancelled(object.master);
    stored.updated = this.ctx.nowIso;
    this.changes.push({ kind: 'save', stored, object });
  }

  record(stored: StoredEvent): void {
    this.changes.push({ kind: 'record', stored });
  }

  /** A new item in the attention queue, with this message's id and sender. */
  enqueue(item: Omit<QueueItem, 'id' | 'created' | 'messageId' | 'from'> & Partial<QueueItem>): void {
    const { ctx } = this;
    this.changes.push({
      kind: 'enqueue',
      item: {
        id: ctx.opts.newId(),
        created: ctx.nowIso,
        ...(ctx.messageId ? { messageId: ctx.messageId } : {}),
        ...(ctx.msg?.from ? { from: ctx.msg.from.address } : {}),
        ...item,
      },
    });
  }

  /** Drops queue items about an object once the user (or the agent) has acted on it. */
  unqueue(uid: string, kinds: readonly QueueKind[], recurrenceId?: string): void {
    this.changes.push({ kind: 'unqueue', uid, kinds, ...(recurrenceId !== undefined ? { recurrenceId } : {}) });
  }

  drop(id: string): void {
    this.changes.push({ kind: 'drop', id });
  }

  counter(counter: CounterRecord): void {
    this.changes.push({ kind: 'counter', counter });
  }

  freebusy(record: FreeBusyRecord): void {
    this.changes.push({ kind: 'freebusy', record });
  }

  book(usage: UsageRecord): void {
    this.changes.push({ kind: 'book', usage });
  }

  release(journal: string, uid: string): void {
    this.changes.push({ kind: 'release', journal, uid });
  }

  send(...messages: OutgoingMessage[]): void {
    this.outgoing.push(...messages);
  }

  /** Takes another decision's results, changes and mail after this one's, in order. */
  include(other: Decision): void {
    this.results.push(...other.results);
    this.changes.push(...other.changes);
    this.outgoing.push(...other.outgoing);
    for (const r of other.minor) this.minor.add(r);
  }
}

export function decider(ctx: Ctx): Decider {
  return new Decider(ctx);
}
