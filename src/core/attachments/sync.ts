// Keeps an event's stored attachment bytes in step with its ATTACH lines, in the transaction
// that saves the event: bytes staged for this event are written when a line refers to them, and
// bytes no line refers to any more are removed. So an update replaces the list, a CANCEL (which
// keeps the lines) keeps it, and a refused message, which saves nothing, changes nothing.

import type { Component } from '../itip/model.js';
import type { EventObject } from '../itip/objects.js';
import type { StoredEvent } from '../types.js';
import type { UserTx } from '../store.js';
import { readAttach } from './refs.js';
import { stagedRecord, type StagingCtx } from './stage.js';

export function storedIds(object: EventObject): Set<string> {
  const ids = new Set<string>();
  for (const comp of [object.master, ...object.overrides].filter((c): c is Component => !!c))
    for (const prop of comp.getAllProperties('attach')) {
      const ref = readAttach(prop);
      if (ref.kind === 'stored') ids.add(ref.id);
    }
  return ids;
}

/** Writes what the event's lines refer to, removes what they no longer do; `stored.attachments` lists the rows. */
export async function syncAttachments(
  ctx: StagingCtx,
  utx: Pick<UserTx, 'putAttachment' | 'deleteAttachment'>,
  stored: StoredEvent,
  object: EventObject,
): Promise<void> {
  const ids = storedIds(object);
  const old = new Set(stored.attachments ?? []);
  const kept: string[] = [];
  for (const id of ids) {
    const staged = stagedRecord(ctx, stored.uid, id);
    // An id already stored names the same bytes (ids are given per content, clashes re-salted).
    if (staged && !old.has(id)) await utx.putAttachment(staged);
    if (staged || old.has(id)) kept.push(id);
  }
  for (const id of old) if (!ids.has(id)) await utx.deleteAttachment(stored.uid, id);
  if (kept.length) stored.attachments = kept;
  else delete stored.attachments;
}
