// ical.js lists a VTIMEZONE's transitions by running each observance's RRULE through its general
// recurrence iterator from the observance's DTSTART — 1601 in every Outlook invitation — to five
// years past the present: some 430 years of two rules, 10–15 ms per zone the first time it is
// read, most of the time the engine spends on its first messages. Nearly every observance is
// "the n-th (or last) weekday of a month, every year" (RFC 5545 §3.6.5's examples), whose dates
// are arithmetic. For those, the same transitions are computed here as numbers, in the form and
// order ical.js builds them (`Timezone._expandComponent`); any other observance (RDATE, UNTIL,
// COUNT, a fifth weekday, other rule parts, February's last weekdays) is left to ical.js. test/ical/vtimezone-expand.test.ts
// compares both on every month, weekday, position and kind of DTSTART.

import ICAL from 'ical.js';

type Expand = (component: ICAL.Component, year: number, changes: object[]) => object[] | null;

interface Change {
  is_daylight: boolean;
  utcOffset: number;
  prevUtcOffset: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  isDate: boolean;
}

const original = (ICAL.Timezone.prototype as unknown as { _expandComponent: Expand })._expandComponent;
const adjust = ICAL.Time.prototype.adjust as unknown as (this: Change, d: number, h: number, m: number, s: number, time: Change) => void;
const WEEKDAYS: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };
const RULE_DAY = /^(\+?[1-4]|-1)(SU|MO|TU|WE|TH|FR|SA)$/;

/** Makes `tz` expand the observances of the simple kind as numbers. */
export function expandSimply(tz: ICAL.Timezone): void {
  (tz as unknown as { _expandComponent: Expand })._expandComponent = function (this: ICAL.Timezone, component, year, changes) {
    return simple(component, year, changes) ?? original.call(this, component, year, changes);
  };
}

/** The seconds of a TZOFFSET value, as ical.js counts them (its seconds are ignored). */
function offsetSeconds(value: unknown): number | undefined {
  if (!(value instanceof ICAL.UtcOffset)) return undefined;
  return value.factor * (value.hours * 3600 + value.minutes * 60);
}

function simple(component: ICAL.Component, year: number, changes: object[]): object[] | undefined {
  if (!component.hasProperty('dtstart') || !component.hasProperty('tzoffsetto') || !component.hasProperty('tzoffsetfrom')) return undefined;
  if (component.hasProperty('rdate')) return undefined;
  const rules = component.getAllProperties('rrule');
  if (rules.length !== 1) return undefined;
  const start = component.getFirstProperty('dtstart')!.getFirstValue();
  const rule = rules[0]!.getFirstValue();
  const to = offsetSeconds(component.getFirstProperty('tzoffsetto')!.getFirstValue());
  const from = offsetSeconds(component.getFirstProperty('tzoffsetfrom')!.getFirstValue());
  if (!(start instanceof ICAL.Time) || !(rule instanceof ICAL.Recur) || to === undefined || from === undefined) return undefined;
  if (start.isDate || !(start.year >= 1000 && start.year <= 9999) || !(start.month >= 1 && start.month <= 12) || !(start.day >= 1 && start.day <= 31))
    return undefined;
  if (!(start.hour >= 0 && start.hour < 24 && start.minute >= 0 && start.minute < 60 && start.second >= 0 && start.second < 60)) return undefined;
  if (rule.freq !== 'YEARLY' || rule.interval !== 1 || rule.count || rule.until) return undefined;
  const parts = rule.parts as Record<string, unknown[]>;
  const names = Object.keys(parts);
  const months = parts.BYMONTH;
  const days = parts.BYDAY;
  if (names.length !== 2 || !months || !days || months.length !== 1 || days.length !== 1) return undefined;
  const month = months[0];
  const day = RULE_DAY.exec(String(days[0]));
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12 || typeof days[0] !== 'string' || !day) return undefined;
  const nth = Number(day[1]);
  // ical.js's iterator takes February 1700, 1800 and 1900 to have 29 days: its last weekdays are
  // left to it.
  if (month === 2 && nth < 0) return undefined;
  const weekday = WEEKDAYS[day[2]!]!;
  const daylight = component.name == 'daylight';
  // ical.js's Time getters normalise on every read: the fields are read once.
  const { year: y0, month: m0, day: d0, hour, minute, second } = start;
  for (let y = y0; y <= year; y++) {
    const d = nthWeekday(y, month, nth, weekday);
    // The rule's dates from DTSTART on, at DTSTART's time of day.
    if (y === y0 && (month < m0 || (month === m0 && d < d0))) continue;
    const change: Change = {
      is_daylight: daylight,
      utcOffset: to,
      prevUtcOffset: from,
      year: y,
      month,
      day: d,
      hour,
      minute,
      second,
      isDate: false,
    };
    adjust.call(change, 0, 0, 0, -change.prevUtcOffset, change);
    changes.push(change);
  }
  return changes;
}

/** Day of the month of its `nth` (1–4, or -1: last) `weekday` (0 = Sunday), proleptic Gregorian. */
function nthWeekday(year: number, month: number, nth: number, weekday: number): number {
  if (nth > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (nth - 1) * 7;
  }
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, length)).getUTCDay();
  return length - ((last - weekday + 7) % 7);
}
