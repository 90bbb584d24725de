// Checking an RRULE value (RFC 5545 §3.3.10) written in the editor before it goes to anyone:
// ical.js accepts unknown parts and odd values silently, and a rule the attendees' clients
// cannot read is worse than an error the organiser sees at once.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { CalendarError } from '../ical/parse.js';

const FREQS = ['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const DAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const BYDAY = /^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** Integer list parts and the magnitudes RFC 5545 allows (signed ones may be negative). */
const NUMERIC: Record<string, { min: number; max: number; signed: boolean }> = {
  BYSECOND: { min: 0, max: 60, signed: false },
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYMONTH: { min: 1, max: 12, signed: false },
  BYSETPOS: { min: 1, max: 366, signed: true },
};

const fail = (why: string): never => {
  throw new CalendarError(`recurrence rule: ${why}`);
};

function checkNumbers(name: string, value: string): void {
  const spec = NUMERIC[name]!;
  for (const item of value.split(',')) {
    if (!/^[+-]?\d{1,3}$/.test(item)) fail(`${name} must be a comma list of numbers, not "${item}"`);
    const n = Number(item);
    const abs = Math.abs(n);
    if ((n < 0 && !spec.signed) || abs < spec.min || abs > spec.max)
      fail(`${name} value ${item} is out of range (${spec.signed ? '±' : ''}${spec.min}–${spec.max})`);
  }
}

/**
 * The rule checked and written canonically (ical.js's order of parts, `RRULE:` dropped). UNTIL is made to
 * agree with DTSTART as RFC 5545 requires: a date for all-day events, UTC for zoned ones (a bare
 * date then means the end of that day in the event's zone).
 */
export function checkRrule(text: string, allDay: boolean, tzid: string): string {
  const rule = text.trim().replace(/^RRULE:/i, '');
  if (!rule) fail('empty');
  if (rule.length > 1000) fail('too long');
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(part.trim());
    if (!m) fail(`"${part}" is not NAME=VALUE`);
    const name = m![1]!.toUpperCase();
    if (parts.has(name)) fail(`${name} appears twice`);
    parts.set(name, m![2]!.trim().toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (!freq) fail('FREQ is required');
  if (!FREQS.includes(freq!)) fail(`FREQ must be one of ${FREQS.join(', ')}`);
  if (parts.has('COUNT') && parts.has('UNTIL')) fail('COUNT and UNTIL cannot both be given');
  for (const [name, value] of parts) {
    if (name === 'FREQ') continue;
    else if (name === 'COUNT' || name === 'INTERVAL') {
      if (!/^\d{1,6}$/.test(value) || Number(value) < 1) fail(`${name} must be a positive whole number`);
    } else if (name === 'UNTIL') parts.set('UNTIL', until(value, allDay, tzid));
    else if (name === 'WKST') {
      if (!DAY.test(value)) fail('WKST must be a weekday (MO…SU)');
    } else if (name === 'BYDAY') {
      for (const d of value.split(',')) {
        const m = BYDAY.exec(d);
        if (!m) fail(`BYDAY value "${d}" is not a weekday (MO, 2TU, -1FR…)`);
        const n = m![2] ? Number(m![2]) : undefined;
        if (n !== undefined && (n < 1 || n > 53)) fail(`BYDAY ordinal in "${d}" is out of range`);
        if (n !== undefined && freq !== 'MONTHLY' && freq !== 'YEARLY') fail(`a numbered BYDAY ("${d}") needs FREQ=MONTHLY or YEARLY`);
      }
    } else if (NUMERIC[name]) checkNumbers(name, value);
    else fail(`unknown part ${name}`);
  }
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') fail('BYWEEKNO needs FREQ=YEARLY');
  if (parts.has('BYYEARDAY') && ['DAILY', 'WEEKLY', 'MONTHLY'].includes(freq!)) fail(`BYYEARDAY cannot be used with FREQ=${freq}`);
  if (parts.has('BYMONTHDAY') && freq === 'WEEKLY') fail('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  const joined = [...parts].map(([k, v]) => `${k}=${v}`).join(';');
  try {
    // Written as ical.js writes it, so that a stored rule reads back exactly as it was saved.
    return ICAL.Recur.fromString(joined).toString();
  } catch (e) {
    return fail((e as Error).message);
  }
}

function until(value: string, allDay: boolean, tzid: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) fail(`UNTIL must be YYYYMMDD or YYYYMMDDTHHMMSSZ, not "${value}"`);
  const [, y, mo, d, h, mi, s, z] = m!;
  const check = DateTime.fromObject({ year: +y!, month: +mo!, day: +d! }, { zone: 'UTC' });
  if (!check.isValid) fail(`UNTIL ${value} is not a real date`);
  if (allDay) return `${y}${mo}${d}`;
  if (z) return value;
  const zone = tzid || 'UTC';
  // A bare date: the whole of that day still counts; a local time: read in the event's zone.
  const local =
    h === undefined
      ? DateTime.fromObject({ year: +y!, month: +mo!, day: +d!, hour: 23, minute: 59, second: 59 }, { zone })
      : DateTime.fromObject({ year: +y!, month: +mo!, day: +d!, hour: +h, minute: +mi!, second: +s! }, { zone });
  if (!local.isValid) fail(`UNTIL ${value} is not a real date-time`);
  return local.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
}
