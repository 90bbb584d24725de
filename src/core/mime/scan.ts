// The catch-up pre-scan: does a raw message possibly carry calendar data? Decided from the MIME
// structure alone — each entity's Content-Type and Content-Disposition, the multipart boundaries —
// without decoding a body, parsing an address or converting the message's octets, so that a
// folder of ordinary mail is passed over at the speed of a substring search.
//
// It answers `false` only where parseRawMessage would find no calendar part (the same tree walk
// as find-parts.ts: multipart/report and attached messages are not descended into, a part counts
// by its type or its .ics/.ifb/.vcs name). Anything it cannot judge cheaply — a malformed or
// over-deep structure, a header section past the limit, a boundary that is not ASCII — is `true`:
// the full reader decides, and gives the clear error. A structure field with 8-bit characters is
// read the reader's own way (its section decoded as raw.ts decodes it), the rare case it is.
//
// Each step below mirrors one of the reader's (raw.ts readEntity, splitMultipart, makeNode;
// headers.ts parseHeaderBlock) on offsets instead of slices; test/property/scan.test.ts holds the
// two to the same answers on generated messages.

import { MAX_MIME_DEPTH, MAX_MIME_PARTS } from './errors.js';
import { isCalendarNode, type MimeNode } from './find-parts.js';
import { headerValue, parseHeaderBlock, parseStructured } from './headers.js';
import { octetsOf, type Octets, type View } from './scan-octets.js';

const TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
/** A parameter can be called `name` or `filename` (any case, RFC 2231 pieces too) only where
 * these four letters are; no other character lower-cases to one of them. */
const NAME = /name/i;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Where the header section of the entity at [start, end) stops and its body begins, found as
 * raw.ts readEntity finds them: at the first line that is empty once one CR is dropped, or at the
 * end. Undefined where the reader might refuse the section as too long.
 */
function headerSection(src: Octets, start: number, end: number): { textEnd: number; body: number } | undefined {
  const limit = Math.min(end, start + src.maxHeader);
  for (let i = start; ;) {
    const nl = src.lineFeed(i, end);
    const lineEnd = nl < 0 ? end : nl;
    if (lineEnd > limit) return undefined;
    if (lineEnd === i || (lineEnd === i + 1 && src.at(i) === 13)) return { textEnd: i, body: Math.min(end, lineEnd + 1) };
    if (lineEnd >= end) return { textEnd: end, body: end };
    i = lineEnd + 1;
  }
}

interface Fields {
  type?: string;
  disposition?: string;
  /** A character past ASCII in either field, where this text and the reader's decoded one may differ. */
  wide: boolean;
}

/** Index of the colon when [i, e) is a header field line as headers.ts FIELD has it (printable
 * ASCII name without colon, optional blanks, colon), else -1. */
function fieldColon(text: string, i: number, e: number): number {
  let k = i;
  for (; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c < 33 || c > 126 || c === 58) break;
  }
  if (k === i) return -1;
  for (; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c !== 32 && c !== 9) break;
  }
  return k < e && text.charCodeAt(k) === 58 ? k : -1;
}

/** Whether text[i, end) is `name` (lower-case ASCII letters and '-') in any case. */
function named(text: string, i: number, end: number, name: string): boolean {
  if (end - i !== name.length) return false;
  // OR-ing 0x20 lower-cases a letter and leaves '-' as it is; the other printable characters that
  // it maps onto a letter or '-' are none (0x0D is not a name character).
  for (let j = 0; j < name.length; j++) if ((text.charCodeAt(i + j) | 0x20) !== name.charCodeAt(j)) return false;
  return true;
}

function hasWide(text: string, i: number, e: number): boolean {
  for (; i < e; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * The first Content-Type and Content-Disposition of a header section, unfolded as headers.ts
 * parseHeaderBlock unfolds them: lines split at LF with one CR dropped before it, a line starting
 * with a blank continues the last field *line* (a line that is no field at all is dropped and
 * continues nothing), a field's value trimmed before its continuations are appended. Lines are
 * walked by offset; only a line starting with "c" or following a wanted field is looked at.
 */
function structureFields({ text, start, end: n }: View): Fields {
  const out: Fields = { wide: false };
  let current = 0; // the last field line: 0 another field (or none), 1 Content-Type, 2 Content-Disposition
  for (let i = start; i < n;) {
    let nl = text.indexOf('\n', i);
    if (nl >= n) nl = -1;
    const next = nl < 0 ? n : nl + 1;
    const e = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl < 0 ? n : nl;
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (current !== 0) {
        // A folded continuation (RFC 5322 §2.2.3): the line break goes, the blank stays.
        if (hasWide(text, i, e)) out.wide = true;
        if (current === 1) out.type += text.slice(i, e);
        else out.disposition += text.slice(i, e);
      }
    } else if (current !== 0 || (c | 0x20) === 0x63) {
      const colon = fieldColon(text, i, e);
      if (colon >= 0) {
        current = 0;
        let k = colon;
        while (k > i && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
        if (out.type === undefined && named(text, i, k, 'content-type')) current = 1;
        else if (out.disposition === undefined && named(text, i, k, 'content-disposition')) current = 2;
        if (current !== 0) {
          if (hasWide(text, colon + 1, e)) out.wide = true;
          const value = text.slice(colon + 1, e).trim();
          if (current === 1) out.type = value;
          else out.disposition = value;
        }
      }
    }
    i = next;
  }
  return out;
}

/** Content-Type and Content-Disposition of the header section at [start, end), as the reader has them. */
function entityFields(src: Octets, start: number, end: number): { type?: string | undefined; disposition?: string | undefined } {
  const fields = structureFields(src.view(start, end));
  if (!fields.wide) return fields;
  // 8-bit characters in a structure field: the reader decodes the section (UTF-8, else
  // windows-1252) before reading it, so take the fields exactly its way.
  const exact = parseHeaderBlock(src.headerText(start, end));
  return { type: headerValue(exact, 'content-type'), disposition: headerValue(exact, 'content-disposition') };
}

/** Characters of a type or subtype name (RFC 2045 §5.1 token, as raw.ts makeNode's test has it);
 * upper-case letters count too, the type being lower-cased. */
const TOKEN = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-') TOKEN[c.charCodeAt(0)] = 1;
/** What String#trim removes, among ASCII characters. */
const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * The media type as raw.ts makeNode settles it: the value before the first `;` outside quotes,
 * trimmed and lower-cased, or the default when that is no type/subtype (RFC 2045 §5.2). Read by
 * character code: the text is often a slice of a message with 8-bit characters, a two-byte string,
 * on which trim, toLowerCase and a regex each cost more than the whole walk of a header section.
 */
function mediaType(type: string | undefined, defaultType: string): string {
  if (type === undefined) return defaultType;
  let end = type.length;
  for (let i = 0; i < end; i++) {
    const c = type.charCodeAt(i);
    if (c === 59) end = i;
    // A quote may hide the `;`, and past ASCII String#trim removes more: the full parser decides.
    else if (c === 34 || c > 127) {
      const value = parseStructured(type).value;
      return TYPE.test(value) ? value : defaultType;
    }
  }
  let start = 0;
  while (start < end && isBlank(type.charCodeAt(start))) start++;
  while (end > start && isBlank(type.charCodeAt(end - 1))) end--;
  let slash = -1;
  let upper = false;
  for (let i = start; i < end; i++) {
    const c = type.charCodeAt(i);
    if (c === 47 && slash < 0) slash = i;
    else if (!TOKEN[c]) return defaultType;
    else if (c <= 90 && c >= 65) upper = true;
  }
  if (slash <= start || slash >= end - 1) return defaultType;
  const value = type.slice(start, end);
  return upper ? value.toLowerCase() : value;
}

const noChildren = (): MimeNode[] => [];
const noText = (): undefined => undefined;
const NO_PARAMS: Record<string, string> = Object.freeze({});
/** A node for find-parts.ts to judge by type and name (nothing else is known here); two literals
 * rather than a spread, which takes V8's slow path on every leaf. */
function probe(contentType: string, params: Record<string, string>, filename?: string): MimeNode {
  return filename
    ? { contentType, params, filename, path: '', children: noChildren, text: noText }
    : { contentType, params, path: '', children: noChildren, text: noText };
}

/**
 * The boundary parameter as headers.ts parseStructured gives it: of the first 64 parameters (split
 * at `;` outside quotes), the first whose name, trimmed, is `boundary` in any case; its value
 * trimmed and unquoted. Read by offset; a value with `*` (RFC 2231 pieces, which override), a
 * backslash (quoted-pair) or a character past ASCII is left to parseStructured itself.
 */
function boundaryParam(type: string): string | undefined {
  const n = type.length;
  for (let i = 0; i < n; i++) {
    const c = type.charCodeAt(i);
    if (c === 42 || c === 92 || c > 127) return parseStructured(type).params['boundary'];
  }
  let quoted = false;
  let piece = -1; // parameters seen; the head before the first `;` is not one
  let from = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? type.charCodeAt(i) : 59;
    if (c === 34) quoted = !quoted;
    if (c !== 59 || (quoted && i < n)) continue;
    if (piece >= 0 && piece < 64) {
      const eq = type.indexOf('=', from);
      if (eq >= 0 && eq < i) {
        let a = from;
        let b = eq;
        while (a < b && isBlank(type.charCodeAt(a))) a++;
        while (b > a && isBlank(type.charCodeAt(b - 1))) b--;
        if (named(type, a, b, 'boundary')) {
          a = eq + 1;
          b = i;
          while (a < b && isBlank(type.charCodeAt(a))) a++;
          while (b > a && isBlank(type.charCodeAt(b - 1))) b--;
          if (b - a >= 2 && type.charCodeAt(a) === 34 && type.charCodeAt(b - 1) === 34) return type.slice(a + 1, b - 1);
          return type.slice(a, b);
        }
      }
    }
    piece++;
    from = i + 1;
  }
  return undefined;
}

interface Multipart {
  boundary: string;
  childDefault: string;
}

/** What one entity means for the answer: true (may be calendar data), false (none here), or the
 * multipart whose parts are to be walked. */
function judge(type: string | undefined, disposition: string | undefined, defaultType: string): boolean | Multipart {
  const contentType = mediaType(type, defaultType);
  if (contentType === 'multipart/report' || contentType === 'message/rfc822' || contentType === 'message/global' || contentType === 'message/partial')
    return false;
  if (contentType.startsWith('multipart/')) {
    const boundary = boundaryParam(type!);
    if (!boundary) return false;
    // The reader looks for the boundary as decoded text among one-char-per-octet text; only an
    // ASCII boundary means the same octets there and here.
    if (NON_ASCII.test(boundary)) return true;
    return { boundary, childDefault: contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain' };
  }
  // find-parts.ts decides by type and name: asked first without a name, then whether this type
  // could count by one at all, so that the parameters are parsed only for a part that could.
  if (isCalendarNode(probe(contentType, NO_PARAMS))) return true;
  if (!isCalendarNode(probe(contentType, NO_PARAMS, 'x.ics'))) return false;
  // No parameter called name or filename, in any case or RFC 2231 piece: no file name.
  if (!NAME.test(type ?? '') && !NAME.test(disposition ?? '')) return false;
  const ct = parseStructured(type);
  const filename = parseStructured(disposition).params['filename'] || ct.params['name'] || undefined;
  return isCalendarNode(probe(contentType, ct.params, filename));
}

/**
 * The parts of the multipart body at [start, end), as raw.ts splitMultipart finds them (RFC 2046
 * §5.1.1): a delimiter counts at a line start, followed by transport padding only or by `--`
 * (the close); the line break before it belongs to it; without a close, the last part runs to the
 * end. Undefined past MAX_MIME_PARTS, where the reader refuses the message.
 */
function splitParts(src: Octets, start: number, end: number, boundary: string): [number, number][] | undefined {
  const delim = '--' + boundary;
  const ranges: [number, number][] = [];
  let partStart = -1;
  let from = start;
  while (from < end) {
    const pos = src.find(delim, from, end);
    if (pos < 0) break;
    from = pos + delim.length;
    if (pos !== start && src.at(pos - 1) !== 10) continue;
    const close = from + 2 <= end && src.at(from) === 45 && src.at(from + 1) === 45;
    let lineEnd = end;
    if (!close) {
      // Only blanks and CR may follow up to the line end; anything else means a longer boundary.
      let j = from;
      for (; j < end; j++) {
        const c = src.at(j);
        if (c !== 32 && c !== 9 && c !== 13) break;
      }
      if (j < end && src.at(j) !== 10) continue;
      lineEnd = j;
    }
    if (partStart >= 0) {
      let e = pos;
      if (e > partStart && src.at(e - 1) === 10) e--;
      if (e > partStart && src.at(e - 1) === 13) e--;
      ranges.push([partStart, e]);
      if (ranges.length > MAX_MIME_PARTS) return undefined;
    }
    if (close) return ranges;
    partStart = Math.min(end, lineEnd + 1);
    from = partStart;
  }
  if (partStart >= 0) ranges.push([partStart, end]);
  return ranges;
}

/**
 * False when the message certainly carries no calendar part (what parseRawMessage would find);
 * true when it may, and should be read in full.
 */
export function mayCarryCalendar(raw: Uint8Array | string): boolean {
  const src = octetsOf(raw);
  let start = 0;
  // An mbox "From " separator line (not a header field) may precede the message, as in raw.ts.
  if (src.length >= 5 && src.at(0) === 70 && src.at(1) === 114 && src.at(2) === 111 && src.at(3) === 109 && src.at(4) === 32) {
    const nl = src.lineFeed(0, src.length);
    start = nl < 0 ? src.length : nl + 1;
  }
  let parts = 0;
  const stack: { start: number; end: number; depth: number; defaultType: string }[] = [{ start, end: src.length, depth: 0, defaultType: 'text/plain' }];
  try {
    while (stack.length) {
      const entity = stack.pop()!;
      if (entity.depth > MAX_MIME_DEPTH || ++parts > MAX_MIME_PARTS) return true;
      const section = headerSection(src, entity.start, entity.end);
      if (!section) return true;
      const fields = entityFields(src, entity.start, section.textEnd);
      const verdict = judge(fields.type, fields.disposition, entity.defaultType);
      if (verdict === true) return true;
      if (verdict === false) continue;
      const ranges = splitParts(src, section.body, entity.end, verdict.boundary);
      if (!ranges) return true;
      for (const [s, e] of ranges) stack.push({ start: s, end: e, depth: entity.depth + 1, defaultType: verdict.childDefault });
    }
  } catch {
    return true;
  }
  return false;
}
