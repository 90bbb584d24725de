// The catch-up pre-scan: does a raw message possibly carry calendar data? Decided from the MIME
// structure alone — each entity's Content-Type and Content-Disposition, the multipart boundaries —
// without decoding a body, parsing an address or converting the message's octets, so that a
// folder of ordinary mail is passed over at the speed of `indexOf`.
//
// It answers `false` only where parseRawMessage would find no calendar part (the same tree walk
// as find-parts.ts: multipart/report and attached messages are not descended into, a part counts
// by its type or its .ics/.ifb/.vcs name). Anything it cannot judge cheaply — a malformed or
// over-deep structure, a header section past the limit — is `true`: the full reader decides, and
// gives the clear error.

import { bytesToBinary } from './decode.js';
import { MAX_HEADER_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS } from './errors.js';
import { isCalendarNode } from './find-parts.js';
import { parseStructured } from './headers.js';
import { splitMultipart } from './raw.js';

const TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** The Content-Type and Content-Disposition values of the header section at [start, end). */
function structureFields(text: string, start: number, end: number): { type?: string; disposition?: string } {
  const out: { type?: string; disposition?: string } = {};
  let current: 'type' | 'disposition' | undefined;
  let i = start;
  while (i < end) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    const line = text.slice(i, lineEnd);
    i = lineEnd + 1;
    if (line[0] === ' ' || line[0] === '\t') {
      // A folded continuation (RFC 5322 §2.2.3) of the field before it.
      if (current) out[current] += line.replace(/\r$/, '');
      continue;
    }
    current = undefined;
    const c = line.charCodeAt(0) | 0x20;
    if (c !== 0x63) continue; // only fields starting with "c" matter here
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'content-type' && out.type === undefined) current = 'type';
    else if (name === 'content-disposition' && out.disposition === undefined) current = 'disposition';
    if (current) out[current] = line.slice(colon + 1).replace(/\r$/, '');
  }
  return out;
}

/** Where the header section of the entity at `start` ends and its body begins (line by line:
 * searching for the empty line at once would run through the whole body of a CRLF message looking
 * for LF LF); undefined past the limit. */
function headerEnd(text: string, start: number, end: number): { headers: number; body: number } | undefined {
  if (text[start] === '\n') return { headers: start, body: start + 1 };
  if (text[start] === '\r' && text[start + 1] === '\n') return { headers: start, body: start + 2 };
  for (let i = start; ; ) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= end) return end - start > MAX_HEADER_BYTES ? undefined : { headers: end, body: end };
    if (nl - start > MAX_HEADER_BYTES) return undefined;
    if (text[nl + 1] === '\n') return { headers: nl + 1, body: nl + 2 };
    if (text[nl + 1] === '\r' && text[nl + 2] === '\n') return { headers: nl + 1, body: nl + 3 };
    i = nl + 1;
  }
}

/**
 * False when the message certainly carries no calendar part (what parseRawMessage would find);
 * true when it may, and should be read in full.
 */
export function mayCarryCalendar(raw: Uint8Array | string): boolean {
  // Only ASCII markers are looked for, so a string is scanned as it is, and octets as a binary
  // string (one char per octet).
  const text = typeof raw === 'string' ? raw : bytesToBinary(raw);
  let start = 0;
  if (text.startsWith('From ')) {
    const nl = text.indexOf('\n');
    start = nl < 0 ? text.length : nl + 1;
  }
  let parts = 0;
  const stack: { start: number; end: number; depth: number; defaultType: string }[] = [{ start, end: text.length, depth: 0, defaultType: 'text/plain' }];
  try {
    while (stack.length) {
      const entity = stack.pop()!;
      if (entity.depth > MAX_MIME_DEPTH || ++parts > MAX_MIME_PARTS) return true;
      const bounds = headerEnd(text, entity.start, entity.end);
      if (!bounds) return true;
      const fields = structureFields(text, entity.start, bounds.headers);
      const ct = parseStructured(fields.type);
      const contentType = TYPE.test(ct.value) ? ct.value : entity.defaultType;
      if (contentType === 'multipart/report' || contentType === 'message/rfc822' || contentType === 'message/global' || contentType === 'message/partial') continue;
      if (contentType.startsWith('multipart/')) {
        const boundary = ct.params['boundary'];
        if (!boundary) continue;
        const childDefault = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
        for (const [s, e] of splitMultipart(text, bounds.body, entity.end, boundary)) stack.push({ start: s, end: e, depth: entity.depth + 1, defaultType: childDefault });
        continue;
      }
      const filename = parseStructured(fields.disposition).params['filename'] || ct.params['name'] || undefined;
      if (isCalendarNode({ contentType, params: ct.params, ...(filename ? { filename } : {}), path: '', children: () => [], text: () => undefined })) return true;
    }
  } catch {
    return true;
  }
  return false;
}
