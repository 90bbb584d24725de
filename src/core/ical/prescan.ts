// A cheap pass over calendar text before it is unfolded and read, which builds every line and
// every value in memory at once: one RDATE line with 600,000 values, or a DESCRIPTION folded over
// millions of lines, cost 700–850 MB in ical.js's parser. This pass finds the line breaks (and the
// commas of RDATE and EXDATE lines) with indexOf, keeps nothing but counters, and refuses such
// text with a reason naming the limit.

/** Longest content line once unfolded (RFC 5545 §3.1), in characters. ATTACH is exempt: its
 * inline data is bounded by the attachment limits, which keep the event and refuse the file. */
export const MAX_LINE_CHARS = 1024 * 1024;
/** Most physical lines (folds included) in one calendar. */
export const MAX_PHYSICAL_LINES = 1_000_000;
/** Most RDATE values, and most EXDATE values, in one component (RFC 5545 §3.8.5.1–2). */
export const MAX_RECURRENCE_DATES = 3000;

/** Most RDATE and EXDATE values in one calendar received in mail, over all its components: 100
 * objects of MAX_RECURRENCE_DATES each would make ical.js build 300,000 values (about 150 MB)
 * for one part. Files the user imports and stored copies are held to the per-component bound only. */
export const MAX_RECURRENCE_DATES_RECEIVED = 10_000;

export interface PrescanOptions {
  /** Bound the RDATE and EXDATE values of the whole text as well (MAX_RECURRENCE_DATES_RECEIVED). */
  received?: boolean;
}

const CR = 13;
const LF = 10;

class Refusal extends Error {}

/** Why the text is refused (naming the limit it goes past), or undefined; reads it once. */
export function prescanCalendar(text: string, opts: PrescanOptions = {}): string | undefined {
  try {
    scan(text, opts.received ? MAX_RECURRENCE_DATES_RECEIVED : Infinity);
    return undefined;
  } catch (e) {
    if (e instanceof Refusal) return e.message;
    throw e;
  }
}

// Line kinds; numbers rather than strings, and no closures over the counters: this loop reads
// every character of every calendar the engine reads, and kept in registers it costs a third.
const OTHER = 0;
const RDATE = 1;
const EXDATE = 2;
const ATTACH = 3;

/** What kind of line starts at `at` (RDATE, EXDATE, ATTACH or another), and whether it is a BEGIN. */
function lineKind(text: string, at: number): { kind: number; begin: boolean } {
  const head = text.slice(at, at + 7).toUpperCase();
  return {
    kind: /^RDATE[;:]/.test(head) ? RDATE : /^EXDATE[;:]/.test(head) ? EXDATE : /^ATTACH[;:]/.test(head) ? ATTACH : OTHER,
    begin: /^BEGIN:/.test(head),
  };
}

/** Upper-case ASCII letter code of `c`, or `c`. */
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

/** `lineKind` when the line's first seven characters are ASCII (toUpperCase turns some others into
 * several ASCII letters), BEGIN as 4; -1 for the others. */
function asciiKind(text: string, at: number): number {
  const c0 = text.charCodeAt(at);
  if (c0 < 128) {
    const u = upper(c0);
    if (u !== 82 && u !== 69 && u !== 65 && u !== 66) return OTHER; // none of R E A B
  }
  for (let i = at; i < at + 7 && i < text.length; i++) if (text.charCodeAt(i) > 127) return -1;
  const head = text.slice(at, at + 7).toUpperCase();
  if (head.startsWith('RDATE') && (head[5] === ';' || head[5] === ':')) return RDATE;
  if (head.startsWith('EXDATE') && (head[6] === ';' || head[6] === ':')) return EXDATE;
  if (head.startsWith('ATTACH') && (head[6] === ';' || head[6] === ':')) return ATTACH;
  return head.startsWith('BEGIN:') ? 4 : OTHER;
}

function scan(text: string, maxTotal: number): void {
  let physical = 0;
  let total = 0; // RDATE and EXDATE values of the whole text
  let rdates = 0;
  let exdates = 0;
  const n = text.length;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  // The next comma, kept like the next LF and CR: searched again only once passed, so the whole
  // text is searched once however many RDATE lines there are (a search from each line's start
  // would run to the next comma of the text, past the line: quadratic on 300,000 one-date lines).
  let comma = text.indexOf(',');
  for (let at = 0; ;) {
    // A content line begins at `at`.
    const start = at;
    let length = 0; // its unfolded length so far
    let values = 1;
    let k = asciiKind(text, at);
    if (k < 0) {
      const read = lineKind(text, at);
      k = read.kind;
      if (read.begin) rdates = exdates = 0;
    } else if (k === 4) {
      k = OTHER;
      rdates = exdates = 0; // counted per component
    }
    const kind = k;
    const dates = kind === RDATE || kind === EXDATE;
    let i = at; // where the current physical piece of the line begins
    for (;;) {
      // The piece runs to the next CR or LF: its characters are counted at once, its commas
      // one by one (RDATE and EXDATE lines only), in the order the character loop met them.
      if (lf >= 0 && lf < i) lf = text.indexOf('\n', i);
      if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
      const e = lf < 0 ? (cr < 0 ? n : cr) : cr < 0 || lf < cr ? lf : cr;
      if (dates) {
        if (comma >= 0 && comma < i) comma = text.indexOf(',', i);
        for (; comma >= 0 && comma < e; comma = text.indexOf(',', comma + 1)) {
          if (length + (comma - i + 1) > MAX_LINE_CHARS) throw tooLong(text, start);
          values++;
          // One line alone past the bound is refused here, before the rest of it is read.
          if ((kind === RDATE ? rdates : exdates) + values > MAX_RECURRENCE_DATES) {
            ({ total, rdates, exdates } = ended(kind, values, total, rdates, exdates, maxTotal));
          }
        }
      }
      length += e - i;
      if (length > MAX_LINE_CHARS && kind !== ATTACH) throw tooLong(text, start);
      if (e >= n) {
        i = n;
        break;
      }
      // A line break, as the reader takes it: CR+LF, CRs before an LF, or a lone CR or LF.
      const c = text.charCodeAt(e);
      let j = e;
      while (text.charCodeAt(j + 1) === CR) j++;
      if (c === CR && text.charCodeAt(j + 1) === LF) j++;
      if (++physical > MAX_PHYSICAL_LINES) throw new Refusal(`calendar has more than ${MAX_PHYSICAL_LINES} lines before unfolding (MAX_PHYSICAL_LINES)`);
      const next = text.charCodeAt(j + 1);
      if (next === 32 || next === 9) {
        i = j + 2; // a fold: the line goes on
        continue;
      }
      i = j;
      break;
    }
    ({ total, rdates, exdates } = ended(kind, values, total, rdates, exdates, maxTotal));
    if (i >= n) return;
    at = i + 1;
  }
}

/** The counters once a line of `kind` with `values` values has ended; refuses past the bounds. */
function ended(
  kind: number,
  values: number,
  total: number,
  rdates: number,
  exdates: number,
  maxTotal: number,
): { total: number; rdates: number; exdates: number } {
  if (kind !== RDATE && kind !== EXDATE) return { total, rdates, exdates };
  if ((total += values) > maxTotal) throw new Refusal(`the calendar has more than ${maxTotal} RDATE and EXDATE values in all (MAX_RECURRENCE_DATES_RECEIVED)`);
  if (kind === RDATE && (rdates += values) > MAX_RECURRENCE_DATES)
    throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} RDATE values (MAX_RECURRENCE_DATES)`);
  if (kind === EXDATE && (exdates += values) > MAX_RECURRENCE_DATES)
    throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} EXDATE values (MAX_RECURRENCE_DATES)`);
  return { total, rdates, exdates };
}

function tooLong(text: string, start: number): Refusal {
  return new Refusal(`a content line${nameAt(text, start)} is longer than ${MAX_LINE_CHARS} characters once unfolded (MAX_LINE_CHARS)`);
}

function nameAt(text: string, at: number): string {
  const name = /^[A-Za-z0-9-]{1,40}/.exec(text.slice(at, at + 40))?.[0];
  return name ? ` (${name.toUpperCase()})` : '';
}
