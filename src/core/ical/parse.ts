// Reading iCalendar text from strangers' mail (RFC 5545) with ical.js, after repairing the
// damage real senders do (test/fixtures/real-world/README.md): LF or CR-CR-LF line ends, text before BEGIN, Outlook's
// `END:VCALENDARD`, CDO's `BYDAY=MO, TU`, junk lines, several VCALENDAR roots.

import ICAL from 'ical.js';
import { prescanCalendar, type PrescanOptions } from './prescan.js';
import { cleanForDisplay } from './display-clean.js';
import { withoutControls } from '../display.js';
import { stringifyCrlf } from './stringify.js';
import { readIcal, readIcalLines } from './reader.js';

export class CalendarError extends Error {
  override name = 'CalendarError';
}

/** Largest calendar text read (a 20 MB part is refused with a clear error, not parsed). */
export const MAX_CALENDAR_CHARS = 20 * 1024 * 1024;
/** Most content lines read from one calendar. */
export const MAX_CALENDAR_LINES = 200_000;

export interface ParsedCalendar {
  root: ICAL.Component;
  /** Upper-cased METHOD of the root, or one nested in a VEVENT (Evolution does that). */
  method?: string;
  warnings: string[];
}

/**
 * What `text.replace(/^\uFEFF/, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n').replace(/\n[ \t]/g, '')
 * .split('\n')` gives — CRs before an LF and a lone CR end a line as an LF does, a line break
 * followed by a space or tab is a fold (RFC 5545 §3.1) — in one pass over the text.
 */
function unfold(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lf = text.indexOf('\n', at);
  let cr = text.indexOf('\r', at);
  let line = '';
  for (;;) {
    if (lf >= 0 && lf < at) lf = text.indexOf('\n', at);
    if (cr >= 0 && cr < at) cr = text.indexOf('\r', at);
    const end = lf < 0 ? (cr < 0 ? n : cr) : cr < 0 || lf < cr ? lf : cr;
    line += text.slice(at, end);
    if (end === n) break;
    let next = end + 1;
    if (text.charCodeAt(end) === 13) {
      let k = next;
      while (text.charCodeAt(k) === 13) k++;
      if (text.charCodeAt(k) === 10) next = k + 1; // CRs then an LF: one line break
    }
    const c = text.charCodeAt(next);
    if (c !== 32 && c !== 9) {
      out.push(line);
      line = '';
      at = next;
    } else at = next + 1;
  }
  out.push(line);
  return out;
}

const CONTENT_LINE = /^[A-Za-z0-9-]+(;[^:]*)?:/;

/** Unfolds (RFC 5545 §3.1) and repairs known sender damage; returns clean CRLF text. */
export function repair(text: string, warnings: string[]): string {
  return repairLines(text, warnings).join('\r\n') + '\r\n';
}

/** `repair`'s lines: none empty, none with a CR or LF, none starting with a space or tab. */
export function repairLines(text: string, warnings: string[]): string[] {
  const lines: string[] = [];
  let junk = 0;
  let started = false;
  // The tests on a line's first character skip expressions that cannot match: most lines start
  // with a printable ASCII letter, which is no space, and `/i` matches no other letter to an ASCII
  // one (ECMA-262 Canonicalize).
  let begins = 0;
  let ends = 0;
  for (const raw of unfold(text)) {
    const c0 = raw.charCodeAt(0);
    const plain = c0 > 32 && c0 < 127; // not \s, so neither trimmed nor stripped
    const line = plain ? raw : raw.replace(/^\s+(?=BEGIN:|END:)/i, '');
    if (!started) {
      if (/^BEGIN:VCALENDAR\s*$/i.test(line.trim())) started = true;
      else continue;
    }
    if (!plain && line.trim() === '') continue;
    if (!CONTENT_LINE.test(line)) {
      junk++;
      continue;
    }
    const first = line.charCodeAt(0) | 0x20; // lower case of an ASCII letter
    if (first === 101 && /^END:VCALENDAR\w+\s*$/i.test(line)) {
      lines.push('END:VCALENDAR');
      ends++;
      warnings.push('repaired a misspelt END:VCALENDAR');
      continue;
    }
    if ((first === 114 || first === 101) && /^(RRULE|EXRULE)[;:]/i.test(line)) {
      lines.push(line.replace(/,\s+/g, ',').replace(/;\s+/g, ';'));
      continue;
    }
    if (first === 98 && /^BEGIN:/i.test(line)) begins++;
    else if (first === 101 && /^END:/i.test(line)) ends++;
    lines.push(line);
    if (lines.length > MAX_CALENDAR_LINES) throw new CalendarError(`calendar has more than ${MAX_CALENDAR_LINES} lines`);
  }
  if (junk) warnings.push(`${junk} unreadable line(s) skipped`);
  // A missing final END (truncated mail) is closed for the reader, with a warning.
  if (begins > ends && begins - ends <= 4) {
    const open: string[] = [];
    for (const l of lines) {
      if (/^BEGIN:/i.test(l)) open.push(l.slice(6).trim());
      else if (/^END:/i.test(l)) open.pop();
    }
    while (open.length) lines.push(`END:${open.pop()}`);
    warnings.push('calendar was truncated: closed its open components');
  }
  return lines;
}

/** Reads calendar text; `received` is for a part of a received message (prescan.ts's bounds). */
export function parseCalendar(text: string, opts: PrescanOptions = {}): ParsedCalendar {
  if (typeof text !== 'string' || !text.trim()) throw new CalendarError('empty calendar data');
  if (text.length > MAX_CALENDAR_CHARS) throw new CalendarError(`calendar data larger than ${MAX_CALENDAR_CHARS} characters`);
  // Before anything is unfolded or built: ical.js holds every line and value in memory at once.
  const refused = prescanCalendar(text, opts);
  if (refused) throw new CalendarError(refused);
  const warnings: string[] = [];
  const { text: legal, removed } = withoutControls(text);
  if (removed) warnings.push(`${removed} control character(s) removed (RFC 5545 §3.1 allows none in a value)`);
  const lines = repairLines(legal, warnings);
  if (!/^BEGIN:VCALENDAR/i.test(lines[0] ?? '')) throw new CalendarError('not iCalendar data (no BEGIN:VCALENDAR)');
  let jcal: unknown;
  try {
    // What ICAL.parse gives for the repaired text (reader.ts), without joining and splitting it.
    jcal = readIcalLines(lines);
  } catch (e) {
    throw new CalendarError(`unreadable iCalendar: ${firstLine(e)}`);
  }
  const roots = (Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[])) as unknown[][];
  const comps = roots.map((r) => new ICAL.Component(r as never)).filter((c) => c.name === 'vcalendar');
  if (!comps.length) throw new CalendarError('not iCalendar data (no VCALENDAR)');
  const root = comps[0]!;
  for (const extra of comps.slice(1)) {
    for (const sub of extra.getAllSubcomponents()) root.addSubcomponent(sub);
    if (!root.hasProperty('method') && extra.hasProperty('method')) root.addPropertyWithValue('method', String(extra.getFirstPropertyValue('method')));
  }
  if (comps.length > 1) warnings.push(`${comps.length} VCALENDAR objects merged`);
  const cleaned = cleanForDisplay(root);
  if (cleaned) warnings.push(`${cleaned} name(s), UID(s) or summaries held bidirectional or control characters: removed`);
  let method =
    String(root.getFirstPropertyValue('method') ?? '')
      .trim()
      .toUpperCase() || undefined;
  if (!method) {
    const nested = root
      .getAllSubcomponents('vevent')
      .map((e) => e.getFirstPropertyValue('method'))
      .find((m) => m);
    if (nested) {
      method = String(nested).trim().toUpperCase();
      warnings.push('METHOD found inside the VEVENT');
    }
  }
  return { root, ...(method ? { method } : {}), warnings };
}

/**
 * Reads calendar text the engine wrote itself: a stored copy, serialised by `serialize` from a
 * calendar that `parseCalendar` read — with its bounds, control characters, repairs and display
 * cleaning — when it arrived. None of those would find anything to do again, so this is ical.js's
 * parser alone (its jCal, read by reader.ts). Text from anywhere else (a backup file, mail) goes through `parseCalendar`.
 */
export function parseOwnCalendar(text: string): ICAL.Component {
  let jcal: unknown;
  try {
    jcal = readIcal(text);
  } catch (e) {
    throw new CalendarError(`unreadable iCalendar: ${firstLine(e)}`);
  }
  const root = Array.isArray(jcal) && typeof jcal[0] === 'string' ? new ICAL.Component(jcal as never) : undefined;
  if (root?.name !== 'vcalendar') throw new CalendarError('not iCalendar data (no VCALENDAR)');
  return root;
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e)
    .split('\n')[0]!
    .slice(0, 200);
}

/** CRLF text with lines folded at 75 octets (RFC 5545 §3.1), as ical.js writes it. */
export function serialize(root: ICAL.Component): string {
  freqFirst(root);
  return stringifyCrlf(root) + '\r\n';
}

/**
 * RFC 5545 §3.3.10 writes FREQ first in a RECUR value, and some readers insist on it; ical.js
 * writes the parts in the order they were read. Only the order changes: every part is kept.
 */
function freqFirst(comp: ICAL.Component): void {
  freqFirstIn(comp.toJSON() as unknown[]);
}

/** freqFirst on a component's jCal (RFC 7265: [name, properties, components]). */
function freqFirstIn(jcal: unknown[]): void {
  for (const prop of jcal[1] as unknown[][]) {
    if (prop[0] !== 'rrule' && prop[0] !== 'exrule') continue;
    for (let i = 3; i < prop.length; i++) {
      const raw = prop[i];
      if (raw && typeof raw === 'object' && 'freq' in raw && Object.keys(raw)[0] !== 'freq') {
        const { freq, ...rest } = raw as Record<string, unknown>;
        prop[i] = { freq, ...rest };
      }
    }
  }
  for (const sub of (jcal[2] as unknown[][] | undefined) ?? []) freqFirstIn(sub);
}
