// iCalendar text (RFC 5545) to the jCal (RFC 7265) that ical.js 2.2's `ICAL.parse` gives for it,
// written by hand because ical.js's parser was the largest cost of reading a received calendar
// (a fifth of deciding a REQUEST): for every line it copies the parameters through a regular
// expression (RFC 6868), tests the design set with `in` three or four times, deletes VALUE from
// the parameters (which turns every parameter object into a slow dictionary), and splits every
// RRULE with split, two case conversions and a Set. No other parser in npm gives ical.js's jCal:
// node-ical, ical, icalendar and ts-ics build objects of their own, ical-expander and
// @fullcalendar/icalendar call ical.js's parser. The engine works on ical.js's components, so this
// reads the shapes ical.js reads, the same way, with the value converters of ical.js's own design
// set.
//
// It is sure of a line whose name and parameter names are letters, digits and hyphens and whose
// parameters are `NAME=value` or `NAME="value"` (the quoted lists `"a","b"` of DELEGATED-TO,
// DELEGATED-FROM and MEMBER too), each followed by `;` or `:`. Any other line is read by ical.js's
// own `parse.property` (the same value, or the same error), in place. A calendar whose structure
// ical.js reads oddly — a first line other than BEGIN:VCALENDAR, a property or an END outside any
// component, a VCARD inside, a component left open — is read by `ICAL.parse` whole.
// test/ical/reader.test.ts compares the two on generated calendars and on every calendar the tests
// and the bench have.

import ICAL from 'ical.js';

interface ValueDesign {
  fromICAL?(value: string, structured?: string | false): unknown;
}
interface ParamDesign {
  valueType?: string;
  multiValue?: string;
  multiValueSeparateDQuote?: boolean;
}
interface PropertyDesign {
  defaultType?: string;
  multiValue?: string;
  structuredValue?: string;
  detectType?(value: string): string;
}
interface DesignSet {
  value: Record<string, ValueDesign>;
  param: Record<string, ParamDesign>;
  property: Record<string, PropertyDesign>;
}
interface Parser {
  (text: string): unknown;
  property(line: string, set: DesignSet): unknown[];
  _rfc6868Escape(value: string): string;
  _parseMultiValue(
    buffer: string,
    delim: string,
    type: string | undefined,
    result: unknown[],
    innerMulti: string | null,
    set: DesignSet,
    structured?: string | false,
  ): unknown;
}

const parse = ICAL.parse as unknown as Parser;
const SET = (ICAL as unknown as { design: { icalendar: DesignSet } }).design.icalendar;

/** A design table's own entries: ical.js's `in` on it, for names other than Object.prototype's. (The
 * project never changes ical.js's design set; the tables are read once.) */
const table = <T>(o: Record<string, T>) => new Map<string | undefined, T>(Object.getOwnPropertyNames(o).map((k) => [k, o[k]!]));
const PARAMS = table(SET.param);
const PROPERTIES = table(SET.property);
const VALUES = table(SET.value);

type Jcal = unknown[];

/** What `ICAL.parse(text)` gives (or throws). */
export function readIcal(text: string): unknown {
  const lines = unfold(text);
  const read = lines && build(lines);
  return read !== undefined ? read : parse(text);
}

/**
 * What `ICAL.parse(lines.join('\r\n') + '\r\n')` gives, for lines that are already unfolded: none
 * holds a CR or LF, none is empty, none starts with a space or tab (parse.ts's repaired lines).
 */
export function readIcalLines(lines: string[]): unknown {
  const read = build(lines);
  return read !== undefined ? read : parse(lines.join('\r\n') + '\r\n');
}

/** ical.js's `parse._eachLine`: the logical lines it hands on, in order; undefined for a text of
 * spaces and tabs only, which it reads strangely. Only the last line is trimmed, as there. */
function unfold(text: string): string[] | undefined {
  const len = text.length;
  let at = 0;
  while (at < len && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  if (at === len) return undefined;
  const out: string[] = [];
  let line = '';
  let pos: number;
  do {
    pos = text.indexOf('\n', at) + 1;
    let cut = pos > 1 && text.charCodeAt(pos - 2) === 13 ? 2 : 1;
    if (pos === 0) {
      pos = len;
      cut = 0;
    }
    const c = text.charCodeAt(at);
    if (c === 32 || c === 9) line += text.slice(at + 1, pos - cut);
    else {
      if (line) out.push(line);
      line = text.slice(at, pos - cut);
    }
    at = pos;
  } while (pos !== len);
  line = line.trim();
  if (line.length) out.push(line);
  return out;
}

/** Letters, digits and hyphen: the characters of a name this reader is sure of. */
function nameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45;
}

/** The jCal of the lines, or undefined where `ICAL.parse` must read the whole text. */
function build(lines: string[]): unknown {
  const roots: Jcal[] = [];
  const open: Jcal[] = [];
  let comp: Jcal | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const n = line.length;
    let j = 0;
    let c = 0;
    for (; j < n; j++) {
      c = line.charCodeAt(j);
      if (c === 58 || c === 59 || !nameChar(c)) break;
    }
    if (j > 0 && j < n && c === 58) {
      const name = line.slice(0, j).toLowerCase();
      if (name === 'begin') {
        const sub: Jcal = [line.slice(j + 1).toLowerCase(), [], []];
        // ical.js chooses its design set by the first component, and switches to vCard 3's
        // inside a VCARD: both are read by it.
        if (sub[0] === 'vcard' || (roots.length === 0 && sub[0] !== 'vcalendar')) return undefined;
        if (comp) {
          (comp[2] as Jcal[]).push(sub);
          open.push(comp);
        } else roots.push(sub);
        comp = sub;
        continue;
      }
      if (name === 'end') {
        if (!comp) return undefined;
        comp = open.pop();
        continue;
      }
      if (!comp) return undefined;
      const prop = name === 'constructor' ? undefined : property(name, {}, undefined, line.slice(j + 1));
      (comp[1] as Jcal[]).push(prop ?? parse.property(line, SET));
      continue;
    }
    if (!comp) return undefined;
    const prop = j > 0 && j < n && c === 59 ? withParams(line, j) : undefined;
    if (prop) {
      (comp[1] as Jcal[]).push(prop);
      continue;
    }
    // Not a line this reader is sure of: is it one ical.js takes as BEGIN or END?
    const colon = line.indexOf(':');
    const semi = line.indexOf(';');
    if (colon >= 0 && (semi < 0 || semi > colon)) {
      const name = line.slice(0, colon).toLowerCase();
      if (name === 'begin' || name === 'end') return undefined;
    }
    (comp[1] as Jcal[]).push(parse.property(line, SET));
  }
  if (comp || !roots.length) return undefined;
  return roots.length === 1 ? roots[0] : roots;
}

/**
 * ical.js's `_handleContentLine` and `_parseParameters` for a line with parameters starting at
 * `at` (its `;`), when they are of the shapes this reader is sure of; undefined for the others.
 */
function withParams(line: string, at: number): Jcal | undefined {
  const name = line.slice(0, at).toLowerCase();
  if (name === 'constructor') return undefined; // `in` on ical.js's design objects finds Object's
  const n = line.length;
  const params: Record<string, unknown> = {};
  let valueParam: string | undefined;
  let k = at; // a ';'
  let last: number; // where ical.js looks for the ':' before the value
  for (;;) {
    const s = k + 1;
    let e = s;
    for (; e < n; e++) {
      const c = line.charCodeAt(e);
      if (c === 61) break;
      if (!nameChar(c)) return undefined;
    }
    if (e === s || e >= n) return undefined;
    const pname = line.slice(s, e).toLowerCase();
    if (pname === 'constructor') return undefined;
    const design = PARAMS.get(pname);
    const multi = design ? design.multiValue : undefined;
    let start: number;
    let raw: string;
    if (line.charCodeAt(e + 1) === 34) {
      start = e + 2;
      let q = line.indexOf('"', start);
      if (q < 0) return undefined;
      if (multi) {
        while (line[q + 1] === multi && line[q + 2] === '"') {
          q = line.indexOf('"', q + 3);
          if (q < 0) return undefined;
        }
      }
      raw = line.slice(start, q);
      k = q + 1;
      const d = line.charCodeAt(k);
      if (d !== 59 && d !== 58) return undefined;
    } else {
      start = e + 1;
      k = start;
      for (; k < n; k++) {
        const d = line.charCodeAt(k);
        if (d === 59 || d === 58) break;
        if (d === 34) return undefined;
      }
      if (k >= n) return undefined;
      raw = line.slice(start, k);
    }
    const escaped = raw.indexOf('^') < 0 ? raw : parse._rfc6868Escape(raw);
    const type = (design && design.valueType) || 'text';
    let value: unknown;
    let length: number;
    if (multi) {
      const delim = design!.multiValueSeparateDQuote ? parse._rfc6868Escape('"' + multi + '"') : multi;
      value = parse._parseMultiValue(escaped, delim, type, [], null, SET);
      length = typeof value === 'string' ? value.length : (value as string[]).reduce((sum, v) => sum + v.length, 0);
      if (pname in params) {
        const was = params[pname];
        if (Array.isArray(was)) was.push(value);
        else params[pname] = [was, value];
      } else params[pname] = value;
    } else {
      value = convert(escaped, type, undefined);
      length = (value as string).length;
      if (pname === 'value') valueParam = value as string;
      else params[pname] = value;
    }
    // ical.js finds the value's ':' from the parsed length of the last parameter, not the raw one.
    last = length + start + raw.length - escaped.length;
    if (line.charCodeAt(k) === 58) break;
  }
  const colon = line.indexOf(':', last);
  if (colon < 0) return undefined;
  return property(name, params, valueParam, line.slice(colon + 1));
}

/** The rest of `_handleContentLine`: the value's type and the value, for an ungrouped name. */
function property(name: string, params: Record<string, unknown>, valueParam: string | undefined, value: string): Jcal {
  const design = PROPERTIES.get(name);
  let multi: string | false | undefined = false;
  let structured: string | false | undefined = false;
  let type: string | undefined;
  if (design) {
    if ('multiValue' in design) multi = design.multiValue;
    if ('structuredValue' in design) structured = design.structuredValue;
    if (value && 'detectType' in design) type = design.detectType!(value);
  }
  if (!type) type = valueParam === undefined ? (design ? design.defaultType : 'unknown') : valueParam.toLowerCase();
  if (multi && structured) return [name, params, type, parse._parseMultiValue(value, structured, type, [], multi, SET, structured)];
  if (multi) {
    const result: Jcal = [name, params, type];
    parse._parseMultiValue(value, multi, type, result, null, SET, false);
    return result;
  }
  if (structured) return [name, params, type, parse._parseMultiValue(value, structured, type, [], null, SET, structured)];
  return [name, params, type, convert(value, type, false)];
}

/** ical.js's `parse._parseValue`; RECUR values are kept by text (see `recur`). */
function convert(value: string, type: string | undefined, structured: string | false | undefined): unknown {
  const design = VALUES.get(type);
  if (!design || !('fromICAL' in design)) return value;
  if (type === 'recur') return recur(value, design);
  return design.fromICAL!(value, structured);
}

// RRULEs repeat from calendar to calendar (every VTIMEZONE of a zone has the same two), and
// ical.js's reading of one costs more than copying what it read.
const RECUR_MEMO = new Map<string, Record<string, unknown>>();
const RECUR_MEMO_SIZE = 512;

/** A fresh copy of ical.js's reading of a RECUR value (an object without prototype). */
function recur(value: string, design: ValueDesign): unknown {
  let known = RECUR_MEMO.get(value);
  if (!known) {
    known = design.fromICAL!(value) as Record<string, unknown>; // throws as ical.js does
    if (RECUR_MEMO.size >= RECUR_MEMO_SIZE) RECUR_MEMO.clear();
    RECUR_MEMO.set(value, known);
  }
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key in known) {
    const v = known[key];
    copy[key] = Array.isArray(v) ? v.slice() : v;
  }
  return copy;
}
