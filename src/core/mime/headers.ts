// Header fields (RFC 5322 §2.2, §3.6) and structured MIME header values (RFC 2045 §5.1,
// RFC 2183, RFC 2231). postal-mime's address parser and RFC 2047 word decoder are reused; its
// structured-value parser is private, so parameters are parsed here.
import { addressParser, decodeWords } from 'postal-mime';
import type { MailAddress } from '../types.js';
import { decodeCharset, decodeWordBytes } from './decode.js';
import { base64 } from './encode.js';

/**
 * Encoded words in a legacy single-byte charset (iso-8859-1, windows-1252, us-ascii) rewritten
 * as UTF-8 words, decoded by decode.ts. postal-mime's decoder relies on TextDecoder, which in
 * Node 20 loses windows-1252's 0x80–0x9F (the €, Outlook's dashes); rewriting keeps the header's
 * structure intact (a comma inside a name stays encoded) so the address parser still works.
 */
export function recodeLegacyWords(value: string): string {
  return value.replace(/=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]*)\?=/g, (word, charset: string, enc: string, text: string) => {
    const cs = charset.replace(/\*.*$/, '').toLowerCase();
    let label: string;
    try {
      label = new TextDecoder(cs).encoding;
    } catch {
      return word;
    }
    if (label !== 'windows-1252') return word;
    const decoded = decodeCharset(decodeWordBytes(enc, text), 'windows-1252');
    return `=?UTF-8?B?${base64(new TextEncoder().encode(decoded))}?=`;
  });
}

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value (RFC 5322 §2.2.3), not yet decoded. */
  value: string;
}

/** RFC 5322 field name: printable US-ASCII except colon. */
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/s;

/** Whether a line (without line end) is syntactically a header field. */
export function isHeaderLine(line: string): boolean {
  return FIELD.test(line);
}

/** Parse an unfolded header section; lines that are neither a field nor a continuation are dropped. */
export function parseHeaderBlock(block: string): HeaderField[] {
  const out: HeaderField[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      const last = out[out.length - 1];
      // Unfolding removes the line break only, keeping the leading whitespace (§2.2.3).
      if (last) last.value += line;
      continue;
    }
    const m = FIELD.exec(line);
    if (m) out.push({ name: m[1]!.toLowerCase(), value: m[2]!.trim() });
  }
  return out;
}

export function headerValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find((f) => f.name === name)?.value;
}

export interface StructuredValue {
  /** Lower-cased value before the first `;`, e.g. `text/calendar`. */
  value: string;
  /** Lower-cased parameter names; values decoded (quotes, RFC 2231, RFC 2047). */
  params: Record<string, string>;
}

/** Split on `;` outside quoted strings. */
function splitParams(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted && i + 1 < s.length) {
      cur += c + s[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/** RFC 2231 §4 extended value: percent-encoded octets in the named charset. */
function decodeExtended(raw: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const enc = new TextEncoder().encode(c);
      for (const b of enc) bytes.push(b);
    }
  }
  return decodeCharset(new Uint8Array(bytes), charset);
}

/** Parse `type/subtype; a=b; name*0*=utf-8''x; name*1=y`. Duplicate parameters: the first wins. */
export function parseStructured(header: string | undefined): StructuredValue {
  const [head, ...rest] = splitParams(header ?? '');
  const params: Record<string, string> = {};
  // RFC 2231 §3 continuations, collected per base name and joined in index order.
  const pieces: Record<string, { idx: number; ext: boolean; v: string }[]> = {};
  for (const p of rest.slice(0, 64)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const raw = p.slice(eq + 1);
    const m = /^([^*]+)(?:\*(\d{1,3}))?(\*)?$/.exec(key);
    if (!m) continue;
    const base = m[1]!;
    if (m[2] === undefined && !m[3]) {
      if (!(base in params)) params[base] = unquote(raw);
      continue;
    }
    (pieces[base] ??= []).push({ idx: m[2] === undefined ? 0 : Number(m[2]), ext: !!m[3], v: unquote(raw) });
  }
  for (const [base, list] of Object.entries(pieces)) {
    list.sort((a, b) => a.idx - b.idx);
    let charset = '';
    let joined = '';
    list.forEach((piece, i) => {
      let v = piece.v;
      if (piece.ext && i === 0) {
        // charset'language'value (§4); the first segment carries them.
        const q = /^([^']*)'[^']*'(.*)$/s.exec(v);
        if (q) {
          charset = q[1]!;
          v = q[2]!;
        }
      }
      joined += piece.ext ? decodeExtended(v, charset) : v;
    });
    // An extended value is more precise than a plain one of the same name.
    params[base] = joined;
  }
  for (const k of ['name', 'filename']) if (params[k]) params[k] = decodeWords(recodeLegacyWords(params[k]!));
  return { value: (head ?? '').trim().toLowerCase(), params };
}

/** Address list (RFC 5322 §3.4) → lower-cased addresses with decoded names; groups flattened. */
export function parseAddresses(value: string | undefined): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  let list: ReturnType<typeof addressParser>;
  try {
    list = addressParser(recodeLegacyWords(value), { flatten: true });
  } catch {
    return [];
  }
  for (const a of list.slice(0, 1000)) {
    const address = (a.address ?? '').trim().toLowerCase();
    if (!address) continue;
    const name = a.name ? a.name.trim() : '';
    out.push(name ? { address, name } : { address });
  }
  return out;
}

export function parseMessageId(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /<([^<>]*)>/.exec(value);
  const id = (m ? m[1]! : value).trim();
  return id || undefined;
}

export function decodeSubject(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return decodeWords(recodeLegacyWords(value)).replace(/\s+/g, ' ').trim();
}

/** An RFC 5322 date with an explicit zone as ISO 8601 UTC; anything else as written (never host-zone dependent). */
export function normaliseDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (!/(?:[+-]\d{4}|\b(?:GMT|UTC?|Z|[ECMP][SD]T))\s*(?:\([^)]*\))?$/i.test(v)) return v;
  const t = Date.parse(v.replace(/\s*\([^)]*\)$/, ''));
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

/** An RFC 2047 encoded word (§2), as it may stand in a display name or, wrongly, in an address. */
const ENCODED_WORD = /=\?[^?\s]{1,40}\?[bBqQ]\?[^?\s]*\?=/g;

/**
 * The sender named by a raw `From:` field (RFC 5322 §3.6.2): its one mailbox, or why it names no
 * one. Identity is taken from here only (Sender and Reply-To are set freely by whoever sends). A
 * field with several mailboxes names no single author; an address that appears only once the
 * encoded words are decoded (`=?utf-8?B?…?=` standing for `boss@example.com`) is not an address
 * RFC 2047 §5 allows there, so it names no one either — the display name may be encoded, the
 * address itself must be plain.
 */
export function fromMailbox(value: string | undefined): { from?: MailAddress; fromProblem?: string } {
  const decoded = parseAddresses(value);
  if (!decoded.length) return value?.trim() ? { fromProblem: 'the From field names no mailbox' } : {};
  const from = decoded[0]!;
  if (decoded.length > 1) return { from, fromProblem: `the From field names ${decoded.length} mailboxes` };
  let plain: ReturnType<typeof addressParser>;
  try {
    // Encoded words become empty quoted strings: a display name survives as "", an address hidden
    // in one disappears.
    plain = addressParser(value!.replace(ENCODED_WORD, '""'), { flatten: true });
  } catch {
    plain = [];
  }
  if (!plain.some((a) => (a.address ?? '').trim().toLowerCase() === from.address))
    return { from, fromProblem: 'the From address exists only inside an encoded word' };
  return { from };
}

/** What a message's own header section says about who sent it: the raw From, and RFC 8601 results. */
export function headerIdentity(fields: HeaderField[]): { from?: MailAddress; fromProblem?: string; authResults?: string[] } {
  const froms = fields.filter((h) => h.name === 'from').map((h) => h.value);
  const { from, fromProblem } = fromMailbox(froms.length ? froms.join(', ') : undefined);
  // Topmost first, as the receiving servers prepended them (RFC 8601 §5); bounded.
  const authResults = fields
    .filter((h) => h.name === 'authentication-results')
    .map((h) => h.value)
    .slice(0, 50);
  return { ...(from ? { from } : {}), ...(fromProblem ? { fromProblem } : {}), ...(authResults.length ? { authResults } : {}) };
}
