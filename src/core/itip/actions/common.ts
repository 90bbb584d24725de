// What every user action starts with: the stored event, the occurrence asked for, and refusals
// phrased for the person at the keyboard.

import ICAL from 'ical.js';
import type { Ctx } from '../context.js';
import type { Decider } from '../decision.js';
import type { StoredEvent } from '../../types.js';
import type { EventObject } from '../objects.js';
import { openStored } from '../stored.js';
import { recurrenceIdKey } from '../../ical/recurrence.js';
import { parseIsoInstant, utcTime, zoneContext } from '../../ical/tz.js';
import { CalendarError } from '../../ical/parse.js';

export interface Loaded {
  stored: StoredEvent;
  current: EventObject;
  rid: string;
}

/**
 * Turns a recurrence id as people and programs write it into the canonical key: `YYYYMMDD` for a
 * date, `YYYYMMDDTHHMMSS[Z]` (floating read in the user's zone), or any ISO 8601 instant.
 */
export function ridFromArg(ctx: Ctx, value: string | undefined): string {
  if (!value) return '';
  const text = value.trim();
  const zctx = zoneContext(new ICAL.Component('vcalendar'), ctx.zone);
  if (/^\d{8}$/.test(text)) return text;
  if (/^\d{8}T\d{6}Z?$/.test(text)) {
    const t = ICAL.Time.fromDateTimeString(
      `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}${text.endsWith('Z') ? 'Z' : ''}`,
    );
    return recurrenceIdKey(t, zctx);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text.replace(/-/g, '');
  return recurrenceIdKey(utcTime(parseIsoInstant(text, ctx.zone)), zctx);
}

/** Loads an event for an action, or records why it cannot be acted on. */
export async function loadForAction(
  ctx: Ctx,
  d: Decider,
  method: string,
  uid: string,
  recurrenceId: string | undefined,
  relation: 'attendee' | 'organizer',
): Promise<Loaded | undefined> {
  let rid: string;
  try {
    rid = ridFromArg(ctx, recurrenceId);
  } catch (e) {
    d.result(method, uid, recurrenceId ?? null, 'refused', e instanceof CalendarError ? e.message : `unreadable recurrence id ${JSON.stringify(recurrenceId)}`);
    return undefined;
  }
  const stored = await ctx.utx.getEvent(uid);
  if (!stored) {
    d.result(method, uid, rid, 'refused', `no stored event with UID ${uid}`);
    return undefined;
  }
  if (relation === 'organizer' && stored.relation !== 'organizer') {
    d.result(method, uid, rid, 'refused', 'you do not organise this event');
    return undefined;
  }
  if (relation === 'attendee' && stored.relation === 'organizer') {
    d.result(method, uid, rid, 'refused', 'you organise this event; answers are for attendees');
    return undefined;
  }
  return { stored, current: openStored(ctx, stored), rid };
}

/** Two ISO times (offset, or local in the user's zone) with the end after the start. */
export function parseRange(ctx: Ctx, startText: string, endText: string): { start: number; end: number } | string {
  try {
    const start = parseIsoInstant(startText, ctx.zone);
    const end = parseIsoInstant(endText, ctx.zone);
    return end > start ? { start, end } : 'the end is not after the start';
  } catch (e) {
    return e instanceof CalendarError ? e.message : 'unreadable time';
  }
}
