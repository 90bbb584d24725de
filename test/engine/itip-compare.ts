// Whole-message comparison for iTIP tests, in the manner of sabre/vobject's BrokerTester: the test
// writes the message it expects as iCalendar text, the way RFC 5546's examples read, and the
// helper compares it with what the engine produced as a normalised whole — so an extra, leaked or
// missing property fails the test, where field-by-field checks would let it pass.
//
// Normalisation: folding undone (RFC 5545 §3.1), property order inside a component, parameter
// order and the order of RRULE parts after FREQ ignored, parameter names case-insensitive, sibling components compared as a set.
// Wildcards in the expected text:
//   NAME:**ANY**       a property that must be there with any value (DTSTAMP, PRODID…)
//   **ANY**            on a line of its own inside a component: its body is not compared, only
//                      the properties written beside it (a generated VTIMEZONE: TZID alone)
// For rendered mail (`expectMime`): MIME boundaries are renamed in order of appearance
// (`**BOUNDARY-1**`…), and a header or body line written as `**ANY**` matches any one line.

import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { OutgoingMessage } from '../../src/core/types.js';

export const ANY = '**ANY**';

interface Node {
  name: string;
  props: string[];
  subs: Node[];
  /** The body is a wildcard: only `props` are compared, against the same names in the other. */
  open: boolean;
}

/** Text lines to iCalendar text: leading indentation (for readable test literals) dropped. */
function text(lines: string | string[]): string {
  const all = Array.isArray(lines) ? lines : lines.split(/\r?\n/);
  return (
    all
      .map((l) => l.replace(/^\s+(?=\S)/, ''))
      .filter((l) => l !== '')
      .join('\r\n') + '\r\n'
  );
}

/** One property as a canonical line: upper-case name, parameters sorted by name, value as ical.js writes it. */
function propLine(jcal: unknown[]): string {
  const [name, params, type, ...values] = jcal as [string, Record<string, unknown>, string, ...unknown[]];
  const sorted = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  // A rule's parts after FREQ are a set (RFC 5545 §3.3.10 asks only for FREQ first): sorted.
  const parts = values.map((v) =>
    type === 'recur' && v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a === 'freq' ? -1 : b === 'freq' ? 1 : a < b ? -1 : 1)))
      : v,
  );
  const line = new ICAL.Property([name, sorted, type, ...parts] as never).toICALString();
  return line.replace(/\r?\n[ \t]/g, '');
}

function toNode(jcal: unknown[]): Node {
  const [name, props, subs] = jcal as [string, unknown[][], unknown[][]];
  const lines: string[] = [];
  let open = false;
  for (const p of props) {
    const name = String(p[0]).toLowerCase();
    if (name === 'x-compare-any') open = true;
    else if (name === 'x-compare-prop') lines.push(`${String((p[1] as Record<string, unknown>)['x-compare-name']).toUpperCase()}:${ANY}`);
    else lines.push(propLine(p));
  }
  return { name: name.toUpperCase(), props: lines, subs: subs.map(toNode), open };
}

/** Parses iCalendar text with the `**ANY**` body wildcard turned into a marker property. */
function parse(ics: string): Node {
  // ical.js would read `DTSTAMP:**ANY**` as a (broken) date-time: the wildcards become markers.
  const marked = ics
    .replace(/^\*\*ANY\*\*$/gm, 'X-COMPARE-ANY:1')
    .replace(/^([A-Za-z0-9-]+)(?:;[^:\r\n]*)?:\*\*ANY\*\*$/gm, 'X-COMPARE-PROP;X-COMPARE-NAME=$1:1');
  return toNode(ICAL.parse(marked) as unknown[]);
}

const nameOf = (line: string) => /^[^;:]+/.exec(line)![0];
const valueAny = (line: string) => line.endsWith(`:${ANY}`);
/** What tells sibling components apart: UID, RECURRENCE-ID, TZID. */
const keyOf = (n: Node) => [n.name, ...n.props.filter((l) => /^(UID|RECURRENCE-ID|TZID)[;:]/.test(l)).sort()].join('|');

/** Resolves the expected side's wildcards against the actual component they stand for. */
function resolve(expected: Node, actual: Node | undefined): Node {
  if (!actual) return expected;
  const left = [...actual.props];
  const props = expected.props.map((line) => {
    if (!valueAny(line)) return line;
    const i = left.findIndex((a) => nameOf(a) === nameOf(line));
    return i < 0 ? line : left.splice(i, 1)[0]!;
  });
  const taken = new Set<Node>();
  const subs = expected.subs.map((e) => {
    // The same identity first; else the first of the same kind, so the diff shows only real differences.
    const twin = actual.subs.find((a) => !taken.has(a) && keyOf(a) === keyOf(resolve(e, a))) ?? actual.subs.find((a) => !taken.has(a) && a.name === e.name);
    if (twin) taken.add(twin);
    return resolve(e, twin);
  });
  return { ...expected, props, subs };
}

/** The actual side seen through an open (wildcard-bodied) expected component. */
function through(actual: Node, expected: Node | undefined): Node {
  if (!expected) return actual;
  if (expected.open) {
    const names = new Set(expected.props.map(nameOf));
    return { ...actual, props: actual.props.filter((l) => names.has(nameOf(l))), subs: [], open: false };
  }
  const taken = new Set<Node>();
  return {
    ...actual,
    subs: actual.subs.map((a) => {
      const twin = expected.subs.find((e) => !taken.has(e) && keyOf(e) === keyOf(a));
      if (twin) taken.add(twin);
      return through(a, twin);
    }),
  };
}

/** A node as sorted text: what is compared, and what the diff shows. */
function render(n: Node, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const subs = n.subs.map((s) => render(s, depth + 1));
  subs.sort((a, b) => (a.join('\n') < b.join('\n') ? -1 : 1));
  return [`${pad}BEGIN:${n.name}`, ...[...n.props].sort().map((l) => `${pad}  ${l}`), ...subs.flat(), `${pad}END:${n.name}`];
}

/** The normalised text of an iCalendar object (what `expectIcs` compares). */
export function normalise(ics: string): string {
  return render(parse(ics)).join('\n');
}

/**
 * Asserts that `actual` iCalendar text is `expected` (text or lines, with wildcards) as a whole.
 * On failure node:assert prints a line diff of the two normalised forms.
 */
export function expectIcs(actual: string, expected: string | string[], message?: string): void {
  const want = parse(text(expected));
  const got = parse(actual);
  const resolved = resolve(want, got);
  const seen = through(got, resolved);
  assert.equal(render(seen).join('\n'), render(resolved).join('\n'), message ?? 'the iCalendar object differs from the expected one');
}

/** The iCalendar object an expected message carries: any PRODID, VERSION 2.0, METHOD, then `lines`. */
export function itip(method: string, ...lines: string[]): string[] {
  return ['BEGIN:VCALENDAR', `PRODID:${ANY}`, 'VERSION:2.0', `METHOD:${method}`, ...lines, 'END:VCALENDAR'];
}

/** A VTIMEZONE whose body is generated (or copied) by the engine: only its TZID is compared. */
export function zone(tzid: string): string[] {
  return ['BEGIN:VTIMEZONE', `TZID:${tzid}`, ANY, 'END:VTIMEZONE'];
}

/** A VEVENT of an outgoing message: its DTSTAMP is the clock's (any value), then `lines`. */
export function stamped(...lines: string[]): string[] {
  return ['BEGIN:VEVENT', `DTSTAMP:${ANY}`, ...lines, 'END:VEVENT'];
}

/**
 * Asserts a whole outgoing message: an optional header block (`From:`, `To:` — order of
 * recipients ignored —, `Subject:`), a blank line, then the iCalendar object. METHOD of the
 * object must be the message's method.
 */
export function expectMessage(out: OutgoingMessage | undefined, expected: string | string[]): void {
  assert.ok(out, 'no outgoing message');
  const lines = Array.isArray(expected) ? expected : expected.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => /^BEGIN:VCALENDAR$/i.test(l.trim()));
  assert.ok(start >= 0, 'the expected message has no BEGIN:VCALENDAR');
  const headers: Record<string, string> = {};
  for (const h of lines.slice(0, start)) {
    const m = /^\s*([A-Za-z-]+):\s*(.*)$/.exec(h);
    if (m) headers[m[1]!.toLowerCase()] = m[2]!;
  }
  const seen: Record<string, string> = {};
  if ('from' in headers) seen.from = out.from;
  if ('to' in headers) seen.to = [...out.to].sort().join(', ');
  if ('subject' in headers) seen.subject = out.subject;
  const want: Record<string, string> = {};
  for (const k of Object.keys(seen))
    want[k] =
      k === 'to'
        ? headers
            .to!.split(/\s*,\s*/)
            .sort()
            .join(', ')
        : headers[k]!;
  assert.deepEqual(seen, want, 'the message headers differ');
  const method = /^METHOD:(.*)$/im.exec(out.ics)?.[1]?.trim();
  assert.equal(method, out.method, 'METHOD in the object is not the message method');
  expectIcs(out.ics, lines.slice(start));
}

/**
 * A rendered RFC 5322 message in comparable form: boundaries renamed in order of appearance,
 * folded header lines joined, CRLF as LF.
 */
export function normaliseMime(raw: string): string[] {
  const names = new Map<string, string>();
  for (const m of raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)) if (!names.has(m[1]!)) names.set(m[1]!, `**BOUNDARY-${names.size + 1}**`);
  let out = raw.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const [b, name] of names) out = out.split(b).join(name);
  return out.split('\n');
}

/**
 * Asserts a rendered message line by line. An expected line `**ANY**` (or `Name: **ANY**`)
 * matches any one line; `**BODY**` matches the lines up to the next expected line (a base64 body
 * whose length is not the point). A part's decoded content is checked with `expectIcs`.
 */
export function expectMime(raw: string, expected: string[]): void {
  const got = normaliseMime(raw);
  const want: string[] = [];
  let g = 0;
  for (let e = 0; e < expected.length; e++) {
    const l = expected[e]!;
    if (l === '**BODY**') {
      const next = expected[e + 1];
      const from = g;
      while (g < got.length && got[g] !== next && !(next !== undefined && next.startsWith('--') && got[g]!.endsWith(next))) g++;
      // The last body line carries the delimiter after it (render.ts): keep that line to compare.
      want.push(...got.slice(from, g));
      if (g < got.length && got[g] !== next && next !== undefined) {
        want.push(got[g]!.slice(0, got[g]!.length - next.length) + next);
        g++;
        e++;
      }
      continue;
    }
    const line = got[g];
    const h = /^([A-Za-z-]+): \*\*ANY\*\*$/.exec(l);
    want.push(line !== undefined && (l === ANY || (h && line.toLowerCase().startsWith(`${h[1]!.toLowerCase()}: `))) ? line : l);
    g++;
  }
  assert.equal(got.join('\n'), want.join('\n'), 'the rendered message differs');
}
