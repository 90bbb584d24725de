// The user's stored copy of an event: creating it and reading it. Saving it is a change a
// Decision makes (itip/decision.ts save).

import type { StoredEvent } from '../types.js';
import type { Ctx } from './context.js';
import { loadStored, type EventObject } from './objects.js';

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

export function openStored(ctx: Ctx, stored: StoredEvent): EventObject {
  return loadStored(stored.ics, ctx.zone, stored.uid);
}

// Kept where it was first exported; it lives in model.ts so that the free/busy index reads it
// without importing the code that writes stored events.
export { userPartstat } from './model.js';
