// Taking an incoming revision into the stored copy: the whole object (RFC 5546 §3.2.2) or one
// occurrence (§3.2.2.5). Shared by the REQUEST and PUBLISH handlers, which each decide first
// whether the revision may be taken; a leaf module so that neither handler imports the other.

import type { Ctx } from './context.js';
import type { Decider } from './decision.js';
import type { Incoming } from './incoming.js';
import { freshness, keepAnswer, ridOf } from './incoming.js';
import type { Component } from './model.js';
import { isThisAndFuture, recurrenceIdOf } from './model.js';
import { findOverride, type EventObject } from './objects.js';
import { changedInMeaning } from './meaning.js';
import type { ZoneContext } from '../ical/tz.js';

/** Properties whose change makes an update worth the user's attention (RFC 5546 §2.1.4). */
const SIGNIFICANT = ['dtstart', 'dtend', 'duration', 'rrule', 'rdate', 'exdate', 'location', 'status'];
const NOTED = [...SIGNIFICANT, 'summary', 'description'];

export function applyOccurrence(
  ctx: Ctx,
  current: EventObject,
  incomingObj: EventObject,
  c: Component,
  r: string,
  before: Component | undefined,
  minor: boolean,
  changed: Set<string>,
): void {
  noteChanges(before, current.ctx, c, incomingObj.ctx, changed);
  if (minor) keepAnswer(ctx.user, before, c);
  const rid = recurrenceIdOf(c, incomingObj.ctx);
  // THISANDFUTURE (RFC 5545 §3.8.4.4) supersedes every later override of the series.
  if (isThisAndFuture(c)) current.overrides = current.overrides.filter((o) => recurrenceIdOf(o, current.ctx) < rid || recurrenceIdOf(o, current.ctx) === rid);
  current.overrides = current.overrides.filter((o) => recurrenceIdOf(o, current.ctx) !== r);
  current.overrides.push(c);
}

/** What changed in meaning (core/itip/meaning): a rule or date list written anew is no change. */
export function noteChanges(before: Component | undefined, beforeCtx: ZoneContext, after: Component, afterCtx: ZoneContext, changed: Set<string>): void {
  if (!before) return;
  for (const name of changedInMeaning(before, after, NOTED, beforeCtx, afterCtx)) changed.add(name.toUpperCase());
}

export function mergeTimezones(a: Component[], b: Component[]): Component[] {
  const ids = new Set(b.map((tz) => String(tz.getFirstPropertyValue('tzid'))));
  return [...a.filter((tz) => !ids.has(String(tz.getFirstPropertyValue('tzid')))), ...b];
}

/**
 * For copies that need no answer (PUBLISH, the user's own sent REQUEST): takes the incoming
 * object over the stored one when it is newer; reports and returns false otherwise.
 */
export function replaceIfNewer(ctx: Ctx, d: Decider, inc: Incoming, current: EventObject): boolean {
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const rid = object.master ? '' : ridOf(head, object);
  const before = rid ? (findOverride(current, rid) ?? current.master) : current.master;
  const fresh = freshness(head, before, ctx, object, current);
  if (fresh === 'older' || fresh === 'same') {
    d.result(inc.method, object.uid, rid, 'ignored', 'not newer than the stored version', inc.warnings);
    return false;
  }
  if (object.master) {
    current.master = object.master;
    current.overrides = object.overrides;
  } else
    for (const o of object.overrides) applyOccurrence(ctx, current, object, o, ridOf(o, object), findOverride(current, ridOf(o, object)), false, new Set());
  current.timezones = mergeTimezones(current.timezones, object.timezones);
  return true;
}
