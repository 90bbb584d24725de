// The user's stored copy of an event: creating it, writing it back, and reading the user's own
// answer from it.

import type { StoredEvent } from '../types.js';
import type { Ctx } from './context.js';
import { organizerOf, sequenceOf, dtstampOf, isCancelled } from './model.js';
import { writeStored, loadStored, type EventObject } from './objects.js';
import { isoUtc } from '../ical/tz.js';
import { syncAttachments } from '../attachments/sync.js';

export function newStored(ctx: Ctx, object: EventObject, relation: StoredEvent['relation']): StoredEvent {
  return {
    uid: object.uid,
    ics: '',
    relation,
    sequence: 0,
    cancelled: false,
    created: ctx.nowIso,
    updated: ctx.nowIso,
    history: [],
  };
}

/** Writes the object back into the stored record (ics, sequence, stamps) and saves it. */
export async function saveStored(ctx: Ctx, stored: StoredEvent, object: EventObject): Promise<void> {
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
  stored.updated = ctx.nowIso;
  await syncAttachments(ctx, stored, object);
  await ctx.utx.putEvent(stored);
}

export function openStored(ctx: Ctx, stored: StoredEvent): EventObject {
  return loadStored(stored.ics, ctx.zone);
}

// Kept where it was first exported; it lives in model.ts so that the free/busy index reads it
// without importing the code that writes stored events.
export { userPartstat } from './model.js';
