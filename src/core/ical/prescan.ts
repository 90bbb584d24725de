// A cheap pass over calendar text before it is unfolded and given to ical.js, which builds every
// line and every value in memory at once: one RDATE line with 600,000 values, or a DESCRIPTION
// folded over millions of lines, cost 700–850 MB there. This pass reads each character once,
// keeps nothing but counters, and refuses such text with a reason naming the limit.

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

function scan(text: string, maxTotal: number): void {
  let physical = 0;
  let total = 0; // RDATE and EXDATE values of the whole text
  let rdates = 0;
  let exdates = 0;
  let start = 0; // where the current content line begins
  let length = 0; // its unfolded length so far
  let kind = 'other' as 'rdate' | 'exdate' | 'attach' | 'other';
  let values = 0;
  const begin = (at: number) => {
    start = at;
    length = 0;
    values = 1;
    const head = text.slice(at, at + 7).toUpperCase();
    kind = /^RDATE[;:]/.test(head) ? 'rdate' : /^EXDATE[;:]/.test(head) ? 'exdate' : /^ATTACH[;:]/.test(head) ? 'attach' : 'other';
    if (/^BEGIN:/.test(head)) rdates = exdates = 0; // counted per component
  };
  const end = () => {
    if ((kind === 'rdate' || kind === 'exdate') && (total += values) > maxTotal)
      throw new Refusal(`the calendar has more than ${maxTotal} RDATE and EXDATE values in all (MAX_RECURRENCE_DATES_RECEIVED)`);
    if (kind === 'rdate' && (rdates += values) > MAX_RECURRENCE_DATES)
      throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} RDATE values (MAX_RECURRENCE_DATES)`);
    if (kind === 'exdate' && (exdates += values) > MAX_RECURRENCE_DATES)
      throw new Refusal(`a component has more than ${MAX_RECURRENCE_DATES} EXDATE values (MAX_RECURRENCE_DATES)`);
  };
  begin(0);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) {
      if (++length > MAX_LINE_CHARS && kind !== 'attach')
        throw new Refusal(`a content line${nameAt(text, start)} is longer than ${MAX_LINE_CHARS} characters once unfolded (MAX_LINE_CHARS)`);
      if (c === 44 && (kind === 'rdate' || kind === 'exdate')) {
        values++;
        // One line alone past the bound is refused here, before the rest of it is read.
        if ((kind === 'rdate' ? rdates : exdates) + values > MAX_RECURRENCE_DATES) end();
      }
      continue;
    }
    // A line break, as the reader takes it: CR+LF, CRs before an LF, or a lone CR or LF.
    while (text.charCodeAt(i + 1) === CR) i++;
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (++physical > MAX_PHYSICAL_LINES) throw new Refusal(`calendar has more than ${MAX_PHYSICAL_LINES} lines before unfolding (MAX_PHYSICAL_LINES)`);
    const next = text.charCodeAt(i + 1);
    if (next === 32 || next === 9) {
      i++; // a fold: the line goes on
      continue;
    }
    end();
    begin(i + 1);
  }
  end();
}

function nameAt(text: string, at: number): string {
  const name = /^[A-Za-z0-9-]{1,40}/.exec(text.slice(at, at + 40))?.[0];
  return name ? ` (${name.toUpperCase()})` : '';
}
