// jCal (RFC 7265) to iCalendar text, written exactly as ical.js's `stringify.component` writes it
// with its iCalendar design set — the same lines, parameters in the same order, values through
// the same per-type converters — but without its per-line costs: ical.js folds every line one
// code point at a time in script, copies each parameter list into entries and runs an escaping
// regular expression on every parameter value. The stored copy of every event and every outgoing
// message is written through here, so these costs were a sixth of deciding a REQUEST.
// test/ical/stringify.test.ts compares the two on every calendar the tests have.

import ICAL from 'ical.js';
import { ByContent } from '../copy.js';

interface DesignSet {
  param: Record<string, { multiValue?: string; multiValueSeparateDQuote?: boolean } | undefined>;
  property: Record<string, { multiValue?: string; structuredValue?: string; defaultType?: string }>;
  propertyGroups?: boolean;
}

interface Stringify {
  _rfc6868Unescape(v: string): string;
  paramPropertyValue(v: string, force?: boolean): string;
  multiValue(values: unknown[], delim: string, type: string, innerMulti: string | null, design: DesignSet, structured: string | false): string;
  value(v: unknown, type: string, design: DesignSet, structured: string | false): string;
}

const S = ICAL.stringify as unknown as Stringify;
const design = (ICAL as unknown as { design: { icalendar: DesignSet } }).design;
const DEFAULT_VALUE_TYPE = 'unknown';
const FOLD = 75; // octets, RFC 5545 §3.1 (ical.js's foldLength)
const FOLD_FREE = FOLD / 3;
/** What the text type's `toICAL` escapes (RFC 5545 §3.3.11); a value without any is written as it is. */
const TEXT_ESCAPED = /[\\;,\n]/;
const NON_ASCII = /[^\x00-\x7f]/;

/** What `root.toString()` gives, for a component ical.js writes with its iCalendar design set. */
export function stringifyComponent(root: ICAL.Component): string {
  return write(root, { lf: false });
}

const BARE_LF = /\r?\n(?! )/g;

/**
 * What `root.toString().replace(/\r?\n(?! )/g, '\r\n')` gives: every line ended by CRLF, also
 * where a value set in code holds a bare LF. The replacement is run only when a name or a line
 * holds an LF at all (it was a fifth of the time serialising took).
 */
export function stringifyCrlf(root: ICAL.Component): string {
  const seen = { lf: false };
  const text = write(root, seen);
  return seen.lf ? text.replace(BARE_LF, '\r\n') : text;
}

function write(root: ICAL.Component, seen: { lf: boolean }): string {
  const set = (root as unknown as { _designSet: DesignSet })._designSet;
  if (set !== design.icalendar || set.propertyGroups) {
    seen.lf = true;
    return root.toString();
  }
  return component(root.toJSON() as unknown[], set, seen, true);
}

function component(comp: unknown[], set: DesignSet, seen: { lf: boolean }, top = false): string {
  const name = (comp[0] as string).toUpperCase();
  if (name.indexOf('\n') >= 0) seen.lf = true;
  let result = 'BEGIN:' + name + '\r\n';
  const props = comp[1] as unknown[][];
  for (let i = 0; i < props.length; i++) {
    const line = property(props[i]!, set);
    if (line.indexOf('\n') >= 0) seen.lf = true;
    // A line of at most 25 UTF-16 units is at most 75 octets (a unit is at most 3): never folded.
    result += (line.length > FOLD_FREE ? fold(line) : line) + '\r\n';
  }
  const subs = (comp[2] as unknown[][] | undefined) || [];
  for (let i = 0; i < subs.length; i++) result += (top ? remembered(subs[i]!, set, seen) : component(subs[i]!, set, seen)) + '\r\n';
  return result + 'END:' + name;
}

// The VTIMEZONEs of a calendar written lately, by content: the same VTIMEZONE goes into every
// stored copy and message of a sender. Found by TZID, then compared line by line with a private
// copy of the jCal that was written (core/copy.ts ByContent), so one changed since is written
// anew; the text is a function of the jCal alone (the design set is ical.js's iCalendar one).
// Bounded: the least recently written TZID goes first, a couple of versions of each, none over
// 32 KiB. Not VEVENTs: nearly every one is written once or changed since, and keeping a copy of
// each cost more (in garbage collection) than writing it.
interface Written {
  text: string;
  lf: boolean;
}
const MAX_WRITTEN_KEYS = 64;
const MAX_WRITTEN_VERSIONS = 2;
const MAX_WRITTEN_CHARS = 32 * 1024;
const written = new ByContent<Written>(MAX_WRITTEN_KEYS, MAX_WRITTEN_VERSIONS, MAX_WRITTEN_KEYS * MAX_WRITTEN_VERSIONS); // by TZID

/** A VTIMEZONE's TZID text, the key it is remembered by. */
function writtenKey(comp: unknown[]): string | undefined {
  if (comp[0] !== 'vtimezone') return undefined;
  for (const line of comp[1] as unknown[][]) if (line[0] === 'tzid') return typeof line[3] === 'string' ? line[3] : undefined;
  return undefined;
}

/** `component` of a calendar's subcomponent, remembered by content. */
function remembered(comp: unknown[], set: DesignSet, seen: { lf: boolean }): string {
  const key = writtenKey(comp);
  if (key === undefined) return component(comp, set, seen);
  const known = written.get(key, comp);
  if (known) {
    if (known.lf) seen.lf = true;
    return known.text;
  }
  const own = { lf: false };
  const text = component(comp, set, own);
  if (own.lf) seen.lf = true;
  // Kept only when the jCal is plain data through and through (ByContent.set): the text of a
  // value set as an object of a class is not a function of that object's fields.
  if (text.length <= MAX_WRITTEN_CHARS) written.set(key, comp, { text, lf: own.lf });
  return text;
}

// What the design set says of each property and parameter name, looked up once per name: the
// upper-cased name and the `in` tests of the design tables were most of writing a line. Only
// ical.js's iCalendar design set reaches here (`write`), which the project never changes.
interface PropertyFacts {
  upper: string;
  multiValue: string | false;
  structuredValue: string | false;
  /** The type written without VALUE=. */
  defaultType: string;
}
interface ParamFacts {
  upper: string;
  multiValue: string | undefined;
  separateDQuote: boolean | undefined;
}
const propertyFacts = new Map<string, PropertyFacts>();
const paramFacts = new Map<string, ParamFacts>();
// Names come from calendars strangers write: the tables are cleared rather than grown for ever.
const MAX_NAMES = 1000;

function factsOfProperty(jsName: string, set: DesignSet): PropertyFacts {
  let facts = propertyFacts.get(jsName);
  if (facts) return facts;
  facts = { upper: jsName.toUpperCase(), multiValue: false, structuredValue: false, defaultType: DEFAULT_VALUE_TYPE };
  if (jsName in set.property) {
    const details = set.property[jsName]!;
    if ('multiValue' in details) facts.multiValue = details.multiValue!;
    if ('structuredValue' in details) facts.structuredValue = details.structuredValue!;
    // A property whose design names no default type writes every type but 'unknown' (as ical.js).
    if ('defaultType' in details) facts.defaultType = details.defaultType!;
  }
  if (propertyFacts.size >= MAX_NAMES) propertyFacts.clear();
  propertyFacts.set(jsName, facts);
  return facts;
}

function factsOfParam(name: string, set: DesignSet): ParamFacts {
  let facts = paramFacts.get(name);
  if (facts) return facts;
  const design = set.param[name];
  facts = { upper: name.toUpperCase(), multiValue: design && design.multiValue, separateDQuote: design && design.multiValueSeparateDQuote };
  if (paramFacts.size >= MAX_NAMES) paramFacts.clear();
  paramFacts.set(name, facts);
  return facts;
}

/** ical.js's `stringify.property` with the iCalendar design set, unfolded. */
function property(prop: unknown[], set: DesignSet): string {
  const jsName = prop[0] as string;
  const params = prop[1] as Record<string, unknown>;
  const facts = factsOfProperty(jsName, set);
  let line = facts.upper;
  for (const paramName in params) {
    let value = params[paramName];
    const param = factsOfParam(paramName, set);
    const multiValue = param.multiValue;
    if (multiValue && Array.isArray(value)) {
      value = S.multiValue(
        value.map((v: string) => S.paramPropertyValue(S._rfc6868Unescape(v), param.separateDQuote)),
        multiValue,
        'unknown',
        null,
        set,
        false,
      );
    } else value = S.paramPropertyValue(unescape6868(value as string));
    line += ';' + param.upper + '=' + (value as string);
  }
  if (prop.length === 3) return line + ':';
  const valueType = prop[2] as string;
  const multiValue = facts.multiValue;
  const structuredValue = facts.structuredValue && Array.isArray(prop[3]) ? facts.structuredValue : false;
  if (valueType !== facts.defaultType) line += ';VALUE=' + valueType.toUpperCase();
  line += ':';
  if (multiValue && structuredValue) line += S.multiValue(prop[3] as unknown[], structuredValue, valueType, multiValue, set, structuredValue);
  else if (multiValue) line += S.multiValue(prop.slice(3), multiValue, valueType, null, set, false);
  else if (structuredValue) line += S.multiValue(prop[3] as unknown[], structuredValue, valueType, null, set, structuredValue);
  else line += value(prop[3], valueType, set);
  return line;
}

/**
 * ical.js's `stringify.value` for one value: the type's `toICAL` when it has one. Text without
 * anything to escape is its own escaping (the text type's `toICAL` replaces only those characters),
 * and URI and CAL-ADDRESS have no `toICAL`: the value itself.
 */
function value(v: unknown, type: string, set: DesignSet): string {
  if (typeof v === 'string') {
    if (type === 'text' ? !TEXT_ESCAPED.test(v) : type === 'cal-address' || type === 'uri') return v;
  }
  return S.value(v, type, set, false);
}

/** RFC 6868 escaping of a parameter value, skipped when there is nothing to escape. */
function unescape6868(value: string): string {
  if (typeof value === 'string' && value.indexOf('\n') < 0 && value.indexOf('^') < 0 && value.indexOf('"') < 0) return value;
  return S._rfc6868Unescape(value);
}

/**
 * ical.js's `foldline`: pieces of at most 75 UTF-8 octets, never splitting a code point, joined by
 * CRLF and a space (the space not counted in the next piece). An ASCII line is cut by length.
 */
export function fold(line: string): string {
  const n = line.length;
  if (!NON_ASCII.test(line)) {
    if (n <= FOLD) return line;
    let out = line.slice(0, FOLD);
    for (let i = FOLD; i < n; i += FOLD) out += '\r\n ' + line.slice(i, i + FOLD);
    return out;
  }
  let out = '';
  let start = 0;
  let octets = 0;
  for (let pos = 0; pos < n;) {
    const cp = line.codePointAt(pos)!;
    const size = cp < 128 ? 1 : cp < 2048 ? 2 : cp < 65536 ? 3 : 4;
    if (octets + size > FOLD) {
      out += (start ? '\r\n ' : '') + line.slice(start, pos);
      start = pos;
      octets = 0;
      continue;
    }
    octets += size;
    pos += cp > 65535 ? 2 : 1;
  }
  return out + (start ? '\r\n ' : '') + line.slice(start);
}
