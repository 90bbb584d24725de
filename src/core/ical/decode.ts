// Whether reading a property's value can fail. ical.js decodes values lazily (on the first
// getValues/getFirstValue) and throws on a malformed one wherever that happens; code that would
// decode a value only to look at it can skip the ones this says are safe, and fail exactly as
// before on the others.

import ICAL from 'ical.js';

/** Whether ical.js decodes a value type into an object (its iCalendar design set's `decorate`, what
 *  sets a Property's `isDecorated`). Values of any other type — TEXT, URI, CAL-ADDRESS, INTEGER,
 *  FLOAT, BOOLEAN, an unknown type — are handed over as the parser made them: that cannot fail. */
const VALUE_DESIGN = (ICAL as unknown as { design: { icalendar: { value: Record<string, object> } } }).design.icalendar.value;
const decorated = (type: string) => type in VALUE_DESIGN && 'decorate' in VALUE_DESIGN[type]!; // as Property#_updateType
const DATE_TIME_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
/** RFC 5545 §3.3.6 dur-value: every unit letter after its number and at least one unit, so ical.js's
 *  `Duration.fromString` reads it without throwing (it throws on a letter without a number and on
 *  fewer than two pieces, `P` and a unit). The TRIGGER of nearly every VALARM. */
const DURATION_TEXT = /^[+-]?P(?:\d+W|\d+D(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?|T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)$/;

/**
 * Whether decoding `p` could throw: not for a value ical.js does not decode, nor for a DATE or DATE-TIME whose parsed
 * form has the exact shape ical.js reads field by field. Everything else (RRULE, DURATION, PERIOD,
 * offsets, a date-time the parser mangled such as Exchange's `202103206T200210Z`) is decoded to
 * find out — so the cheap check rejects nothing the decoding would accept.
 */
export function mayFailToDecode(p: ICAL.Property): boolean {
  return lineMayFailToDecode(p.jCal);
}

/** `mayFailToDecode` of a property's jCal line (RFC 7265: [name, parameters, type, value…]),
 *  without an ical.js Property made for it. */
export function lineMayFailToDecode(line: readonly unknown[]): boolean {
  const type = line[2] as string;
  if (!decorated(type)) return false;
  if (type === 'duration') {
    for (let i = 3; i < line.length; i++) if (typeof line[i] !== 'string' || !DURATION_TEXT.test(line[i] as string)) return true;
    return false;
  }
  if (type !== 'date-time' && type !== 'date') return true;
  for (let i = 3; i < line.length; i++) if (!hasTimeShape(line[i], type)) return true;
  return false;
}

/** Whether a value is a jCal DATE or DATE-TIME text (RFC 7265 §3.6.4, §3.6.5) of the exact shape
 *  ical.js reads field by field. */
export function hasTimeShape(value: unknown, type: 'date' | 'date-time'): boolean {
  return typeof value === 'string' && (type === 'date' ? DATE_TEXT : DATE_TIME_TEXT).test(value);
}
