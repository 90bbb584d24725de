// Event limits (imip-agent's future plans): keep a frequently recurring event from flooding
// free/busy. Resources decline what breaks them; people are warned.

import ICAL from 'ical.js';
import type { Prefs } from '../types.js';
import type { EventObject } from '../itip/objects.js';
import { expandEvent } from '../ical/recurrence.js';
import { ruleRefusals, type ExpansionBudget } from '../ical/rule-walk.js';
import { toInstant } from '../ical/tz.js';
import { durationMs, parseCountPer } from './syntax.js';

/** How far ahead a request is examined occurrence by occurrence (endless series stop here). */
export const DECISION_HORIZON_MS = 2 * 366 * 86400000;

export interface Period {
  /** Canonical recurrence id ('' for a single event). */
  rid: string;
  start: number;
  end: number;
}

export interface Broken {
  /** REQUEST-STATUS (RFC 5546 §3.6) a resource declines with. */
  status: string;
  reason: string;
}

/** The periods a request asks for, from shortly before now to the decision horizon. */
export function requestedPeriods(
  object: EventObject,
  nowMs: number,
  budget?: ExpansionBudget,
): { periods: Period[]; endless: boolean; firstStart?: number; truncated: boolean } {
  const window = { start: nowMs - 86400000, end: nowMs + DECISION_HORIZON_MS };
  const { occurrences, truncated } = expandEvent(object.master, object.overrides, window, object.ctx, budget ? { budget } : {});
  const recurring = !!object.master && (object.master.hasProperty('rrule') || object.master.hasProperty('rdate'));
  const periods = occurrences
    .filter((o) => !/^CANCELLED$/i.test(String(o.component.getFirstPropertyValue('status') ?? '')))
    .map((o) => ({ rid: recurring || object.overrides.length ? o.recurrenceIdKey : '', start: o.start, end: Math.max(o.end, o.start + 1) }));
  const head = object.master ?? object.overrides[0];
  const dtstart = head?.getFirstPropertyValue('dtstart');
  const firstStart = dtstart instanceof ICAL.Time ? toInstant(dtstart, object.ctx) : undefined;
  return { periods, endless: endlessRules(object).length > 0, truncated, ...(firstStart !== undefined ? { firstStart } : {}) };
}

function rules(object: EventObject): ICAL.Recur[] {
  return (object.master?.getAllProperties('rrule') ?? []).map((p) => p.getFirstValue()).filter((r): r is ICAL.Recur => r instanceof ICAL.Recur);
}

function endlessRules(object: EventObject): ICAL.Recur[] {
  return rules(object).filter((r) => !r.count && !r.until);
}

export function brokenLimits(prefs: Prefs, nowMs: number, object: EventObject, periods: Period[], endless: boolean, firstStart?: number): Broken[] {
  // A rule the expansion refuses (never matching, or thousands of occurrences a day) books
  // nothing beyond DTSTART: it is declined rather than half-booked.
  const out: Broken[] = ruleRefusals(object.master, object.ctx).map((reason) => ({
    status: '3.5;Invalid rule',
    reason: `the recurrence rule is refused: ${reason}`,
  }));
  if (prefs.indefinite_recurrence === 'decline' && endless)
    out.push({ status: '3.5;Invalid rule', reason: 'a series without an end (COUNT or UNTIL) is not allowed' });
  if (prefs.permitted_frequencies) {
    const allowed = prefs.permitted_frequencies.split(',').map((f) => f.trim().toUpperCase());
    for (const r of rules(object))
      if (!allowed.includes(r.freq)) out.push({ status: '3.5;Invalid rule', reason: `FREQ=${r.freq} is not allowed (permitted: ${allowed.join(', ')})` });
  }
  if (prefs.max_duration) {
    const max = durationMs(prefs.max_duration);
    const long = periods.find((p) => p.end - p.start > max);
    if (long) out.push({ status: '3.1;Invalid property value', reason: `an occurrence lasts longer than ${prefs.max_duration}` });
  }
  if (prefs.max_horizon) {
    const limit = nowMs + durationMs(prefs.max_horizon, nowMs);
    if (endless || periods.some((p) => p.start > limit) || (firstStart !== undefined && firstStart > limit))
      out.push({ status: '3.1;Invalid property value', reason: `the booking reaches further ahead than ${prefs.max_horizon}` });
  }
  if (prefs.max_periods) {
    const { count, interval } = parseCountPer(prefs.max_periods);
    const starts = periods.map((p) => p.start).sort((a, b) => a - b);
    for (let i = 0, j = 0; j < starts.length; j++) {
      while (starts[j]! - starts[i]! >= interval) i++;
      if (j - i + 1 > count) {
        out.push({ status: '3.1;Invalid property value', reason: `more than ${prefs.max_periods} occurrences` });
        break;
      }
    }
  }
  return out;
}

const LIMIT_PREFS = ['indefinite_recurrence', 'permitted_frequencies', 'max_periods', 'max_duration', 'max_horizon'];

/** For a person: the limits an invitation breaks, as warnings (it is stored and answered normally). */
export function limitWarnings(prefs: Prefs, nowMs: number, object: EventObject, budget?: ExpansionBudget): string[] {
  if (!LIMIT_PREFS.some((p) => prefs[p] && !(p === 'indefinite_recurrence' && prefs[p] === 'allow'))) return [];
  const { periods, endless, firstStart } = requestedPeriods(object, nowMs, budget);
  return brokenLimits(prefs, nowMs, object, periods, endless, firstStart).map((b) => `limit broken: ${b.reason}`);
}
