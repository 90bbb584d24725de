// The stored events a handled message concerns, as they were before the engine applied it: the
// popup sets each beside what the message changed (docs/ARCHITECTURE.md, View models). Taken from
// the reads the handlers make anyway, so a message is parsed once per handling.

import type { CalendarPart, StoredEvent } from '../types.js';
import type { Ctx } from './context.js';
import { parseCalendar } from '../ical/parse.js';
import { zoneContext } from '../ical/tz.js';
import { eventObjects } from './objects.js';
import { MAX_OBJECTS_PER_MESSAGE } from './dispatch.js';
import { copyPlain } from '../copy.js';
import { bindWriter, writerOf } from './writer.js';
import type { UserTx } from '../store.js';

export interface Previous {
  /** UIDs the message's objects name (the first MAX_OBJECTS_PER_MESSAGE of each part, as the
   *  popup shows them), in the order they first appear. */
  named: Set<string>;
  /** Each stored event's first copy read in this handling, before any write to it; undefined:
   *  none was stored. */
  first: Map<string, StoredEvent | undefined>;
}

/**
 * A copy that later writes cannot reach: handlers change the record they read in place
 * (stored.ts saveStored) before writing it. A StoredEvent is plain data (core/copy.ts).
 */
export function copyStored(e: StoredEvent): StoredEvent {
  return copyPlain(e);
}

/** From now on, keeps the first copy of each stored event read through `ctx.utx` or written by a commit. */
export function rememberPrevious(ctx: Ctx): void {
  const writer = writerOf(ctx);
  const utx = writer.utx;
  const p: Previous = { named: new Set(), first: new Map() };
  const keep = (uid: string, e: StoredEvent | undefined) => {
    if (!p.first.has(uid)) p.first.set(uid, e && copyStored(e));
  };
  // A write without a read first (a record made anew over one stored) still keeps what it replaces.
  const beforeWrite = async (uid: string) => {
    if (!p.first.has(uid)) keep(uid, await utx.getEvent(uid));
  };
  ctx.previous = p;
  const watched: UserTx = {
    ...utx,
    getEvent: async (uid) => {
      const e = await utx.getEvent(uid);
      keep(uid, e);
      return e;
    },
    putEvent: async (e) => {
      await beforeWrite(e.uid);
      await utx.putEvent(e);
    },
    deleteEvent: async (uid) => {
      await beforeWrite(uid);
      await utx.deleteEvent(uid);
    },
  };
  ctx.utx = watched;
  bindWriter(ctx, { ...writer, utx: watched });
}

/**
 * Names the UIDs of the message's parts without handling them: for a message the engine does not
 * dispatch (already processed, a user who does not participate), whose stored events stay as they are.
 */
export function nameParts(ctx: Ctx, parts: CalendarPart[]): void {
  for (const part of parts) {
    let objects;
    try {
      const parsed = parseCalendar(part.text, { received: true });
      objects = eventObjects(parsed.root, zoneContext(parsed.root, ctx.zone)).objects;
    } catch {
      continue; // unreadable: it names nothing
    }
    for (const o of objects.slice(0, MAX_OBJECTS_PER_MESSAGE)) ctx.previous?.named.add(o.uid);
  }
}

/** The stored events the message names, as they were before this handling; those it created are absent. */
export async function previousOf(ctx: Ctx): Promise<StoredEvent[]> {
  const p = ctx.previous;
  if (!p) return [];
  const out: StoredEvent[] = [];
  for (const uid of p.named) {
    // Named but never read nor written: unchanged, so reading it now reads it as it was.
    if (!p.first.has(uid)) await ctx.utx.getEvent(uid);
    const e = p.first.get(uid);
    if (e) out.push(e);
  }
  return out;
}
