// One scheduling object taken from a received message, with what a handler needs to judge it.

import type { Component } from './model.js';
import type { EventObject } from './objects.js';
import type { Ctx } from './context.js';
import { dtstampOf, sequenceOf, findAttendee, partstatOf, setPartstat } from './model.js';
import { recurrenceIdOf } from './model.js';

export interface Incoming {
  method: string;
  object: EventObject;
  /** The calendar part's text, kept with refused items so the user can still decide. */
  text: string;
  warnings: string[];
}

export type Freshness = 'newer' | 'minor' | 'same' | 'older';

/**
 * RFC 5546 §2.1.5: a higher SEQUENCE is a new revision; with equal SEQUENCE a later DTSTAMP is a
 * minor update (the attendee's answer stays valid); anything else is old or a duplicate.
 */
export function freshness(incoming: Component, stored: Component | undefined, ctx: Ctx, inObj: EventObject, storedObj?: EventObject): Freshness {
  if (!stored) return 'newer';
  const a = sequenceOf(incoming);
  const b = sequenceOf(stored);
  if (a > b) return 'newer';
  if (a < b) return 'older';
  const sa = dtstampOf(incoming, inObj.ctx);
  const sb = storedObj ? dtstampOf(stored, storedObj.ctx) : undefined;
  if (sa === undefined || sb === undefined) return sa === sb ? 'same' : sa === undefined ? 'older' : 'minor';
  if (sa > sb) return 'minor';
  return sa === sb ? 'same' : 'older';
}

/** Keeps the user's own answer from the stored copy on a minor update. */
export function keepAnswer(user: string, from: Component | undefined, to: Component): void {
  const old = from && findAttendee(from, user);
  const now = findAttendee(to, user);
  if (old && now) {
    setPartstat(now, partstatOf(old));
    for (const p of ['delegated-to', 'delegated-from']) {
      const v = old.getParameter(p);
      if (v) now.setParameter(p, v);
    }
  }
}

export function ridOf(c: Component, obj: EventObject): string {
  return recurrenceIdOf(c, obj.ctx);
}
