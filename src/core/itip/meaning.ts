// Whether an event property changed in meaning, not in notation (RFC 5546 §2.1.4: a change of
// time, recurrence or place needs the attendees' answers again). `FREQ=WEEKLY` and
// `FREQ=WEEKLY;INTERVAL=1` are one rule; EXDATEs grouped into lines differently are one set of
// instants; DTEND and the DURATION that reaches it are one end.

import ICAL from 'ical.js';
import type { Component } from './model.js';
import type { ZoneContext } from '../ical/tz.js';
import { toInstant } from '../ical/tz.js';

/** RRULE parts a rule has even when not written (RFC 5545 §3.3.10). */
const RULE_DEFAULTS: Record<string, string> = { INTERVAL: '1', WKST: 'MO' };

/** The names of the given properties whose meaning differs between two versions. */
export function changedInMeaning(before: Component, after: Component, names: string[], a: ZoneContext, b: ZoneContext): string[] {
  return names.filter((name) => meaning(before, name, a) !== meaning(after, name, b));
}

function meaning(c: Component, name: string, ctx: ZoneContext): string {
  switch (name) {
    case 'rrule':
      return sorted(c.getAllProperties('rrule').map((p) => ruleKey(p.getFirstValue())));
    case 'rdate':
    case 'exdate':
      return sorted(c.getAllProperties(name).flatMap((p) => p.getValues().map((v) => valueKey(v, ctx))));
    case 'dtstart':
      return timeKey(c.getFirstPropertyValue('dtstart'), ctx);
    case 'dtend':
    case 'duration':
      return endKey(c, ctx);
    default:
      return sorted(c.getAllProperties(name).map((p) => String(p.getFirstValue() ?? '').trim()));
  }
}

function sorted(keys: string[]): string {
  return [...new Set(keys)].sort().join('\n');
}

/** A rule as its set of parts with defaults filled in, each BYxxx list sorted. */
export function ruleKey(value: unknown): string {
  if (!(value instanceof ICAL.Recur)) return String(value ?? '');
  const parts = new Map<string, string>(Object.entries(RULE_DEFAULTS));
  for (const [k, v] of Object.entries(value.toJSON() as Record<string, unknown>)) {
    const name = k.toUpperCase();
    const list = (Array.isArray(v) ? v : [v]).map((x) => String(x instanceof ICAL.Time ? x.toString() : x).toUpperCase());
    parts.set(name, name.startsWith('BY') ? [...list].sort().join(',') : list.join(','));
  }
  return [...parts]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}

function timeKey(value: unknown, ctx: ZoneContext): string {
  if (!(value instanceof ICAL.Time)) return '';
  // A date and the midnight that starts it are different things (an all-day event is not timed).
  return `${value.isDate ? 'D' : 'T'}${toInstant(value, ctx)}`;
}

function valueKey(value: unknown, ctx: ZoneContext): string {
  if (value instanceof ICAL.Period) {
    const end = value.end ?? value.start.clone();
    if (!value.end && value.duration) end.addDuration(value.duration);
    return `${timeKey(value.start, ctx)}/${timeKey(end, ctx)}`;
  }
  return timeKey(value, ctx);
}

/** Where an occurrence ends: DTEND, or DTSTART plus DURATION. */
function endKey(c: Component, ctx: ZoneContext): string {
  const end = c.getFirstPropertyValue('dtend');
  if (end instanceof ICAL.Time) return timeKey(end, ctx);
  const start = c.getFirstPropertyValue('dtstart');
  const duration = c.getFirstPropertyValue('duration');
  if (start instanceof ICAL.Time && duration instanceof ICAL.Duration) {
    const t = start.clone();
    t.addDuration(duration);
    return timeKey(t, ctx);
  }
  return '';
}
