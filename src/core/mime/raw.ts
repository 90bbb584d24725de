// Reads a raw RFC 5322 message (CLI input) into a MailMessage.
//
// Why not PostalMime.parse: it flattens the MIME tree into `attachments` and drops what we
// need to choose parts — the parent's type (a calendar quoted inside a multipart/report bounce
// looks the same as a real one), the charset parameter of a binary attachment (an ISO-8859-1
// invite.ics would decode wrong), and it merges the parts of inline message/rfc822 into the
// outer message. So this file walks the tree itself, bounded by the limits in errors.ts, and
// reuses postal-mime's address parser and RFC 2047 decoder (headers.ts).
//
// The message is handled as a "binary string" (one char per octet) so 8-bit bodies keep their
// bytes until their own charset is known.
import type { MailMessage } from '../types.js';
import { MAX_HEADER_BYTES, MAX_MESSAGE_BYTES, MAX_MESSAGE_LINES, MAX_MIME_PARTS, MailError } from './errors.js';
import { binaryToBytes, bytesToBinary, decodeCharset, decodeHeaderBytes, decodeTransfer } from './decode.js';
import { findCalendarParts, type MimeNode } from './find-parts.js';
import { findRelatedParts, mentionsCid } from './related.js';
import {
  decodeSubject,
  headerIdentity,
  headerValue,
  isHeaderLine,
  normaliseDate,
  parseAddresses,
  parseHeaderBlock,
  parseMessageId,
  parseStructured,
  type HeaderField,
} from './headers.js';

export { MailError } from './errors.js';

/** Fields of which at least one must be present for the input to count as mail. */
const MAIL_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'received',
  'return-path',
  'sender',
  'reply-to',
  'delivered-to',
]);

interface Entity {
  fields: HeaderField[];
  bodyStart: number;
}

/** Split the entity at [start, end) into its header fields and the offset of its body. */
function readEntity(bin: string, start: number, end: number): Entity {
  const limit = Math.min(end, start + MAX_HEADER_BYTES + 4);
  let i = start;
  // The header section ends at the first empty line (RFC 5322 §2.1); an entity starting with
  // one has no header fields (RFC 2046 §5.1: defaults apply).
  for (;;) {
    const nl = bin.indexOf('\n', i);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    if (lineEnd > limit) throw new MailError(`header section longer than ${MAX_HEADER_BYTES} octets`);
    const line = bin.slice(i, lineEnd).replace(/\r$/, '');
    if (line === '') {
      const headerText = bin.slice(start, i);
      return { fields: parseHeaderBlock(decodeHeaderBytes(binaryToBytes(headerText))), bodyStart: Math.min(end, lineEnd + 1) };
    }
    if (lineEnd >= end) {
      // No empty line: everything is header, the body is empty.
      return { fields: parseHeaderBlock(decodeHeaderBytes(binaryToBytes(bin.slice(start, end)))), bodyStart: end };
    }
    i = lineEnd + 1;
  }
}

/** Body parts of a multipart body (RFC 2046 §5.1.1), as [start, end) ranges (also the pre-scan's, scan.ts). */
export function splitMultipart(whole: string, start: number, end: number, boundary: string): [number, number][] {
  // Searches stay inside the entity: an inner multipart whose delimiter never comes would
  // otherwise search the rest of the message once for each such part (900 of them before an
  // 8 MB part took seconds). A slice from 0 keeps the offsets, and V8 makes it without a copy.
  const bin = end < whole.length ? whole.slice(0, end) : whole;
  const delim = '--' + boundary;
  const ranges: [number, number][] = [];
  let partStart = -1;
  let from = start;
  while (from < end) {
    const pos = bin.indexOf(delim, from);
    if (pos < 0 || pos + delim.length > end) break;
    from = pos + delim.length;
    if (pos !== start && bin[pos - 1] !== '\n') continue;
    const nl = bin.indexOf('\n', from);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    const rest = bin.slice(from, lineEnd);
    const close = rest.startsWith('--');
    // Only transport padding may follow a delimiter; anything else means a longer boundary.
    if (!close && !/^[ \t\r]*$/.test(rest)) continue;
    if (partStart >= 0) {
      // The line break before the delimiter belongs to the delimiter.
      let e = pos;
      if (e > partStart && bin[e - 1] === '\n') e--;
      if (e > partStart && bin[e - 1] === '\r') e--;
      ranges.push([partStart, e]);
      if (ranges.length > MAX_MIME_PARTS) throw new MailError(`more than ${MAX_MIME_PARTS} MIME parts`);
    }
    if (close) return ranges;
    partStart = Math.min(end, lineEnd + 1);
    from = partStart;
  }
  // No close delimiter: a truncated message; keep what the last part has.
  if (partStart >= 0) ranges.push([partStart, end]);
  return ranges;
}

function makeNode(bin: string, octets: Uint8Array, entity: Entity, end: number, path: string, defaultType: string): MimeNode {
  const ct = parseStructured(headerValue(entity.fields, 'content-type'));
  const disposition = parseStructured(headerValue(entity.fields, 'content-disposition'));
  // RFC 2045 §5.2: a missing or syntactically bad type means text/plain (message/rfc822 in a digest).
  const contentType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(ct.value) ? ct.value : defaultType;
  const filename = disposition.params['filename'] || ct.params['name'] || undefined;
  const cte = headerValue(entity.fields, 'content-transfer-encoding');
  const contentId = parseMessageId(headerValue(entity.fields, 'content-id'));
  const { bodyStart } = entity;
  // 7bit, 8bit and binary bodies are the message's own octets (bin's offsets are theirs): a view,
  // not a copy, so a 10 MB calendar part is not held twice more on its way to the decoder.
  const identity = !/^(base64|quoted-printable)$/i.test((cte ?? '').trim());
  const body = (): Uint8Array => (identity ? octets.subarray(bodyStart, end) : decodeTransfer(bin.slice(bodyStart, end), cte));
  return {
    contentType,
    params: ct.params,
    ...(filename ? { filename } : {}),
    ...(contentId ? { contentId } : {}),
    path,
    children(): MimeNode[] {
      const boundary = ct.params['boundary'];
      if (!contentType.startsWith('multipart/') || !boundary) return [];
      const childDefault = contentType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
      return splitMultipart(bin, bodyStart, end, boundary).map(([s, e], i) =>
        makeNode(bin, octets, readEntity(bin, s, e), e, path ? `${path}.${i + 1}` : String(i + 1), childDefault),
      );
    },
    text(): string {
      return decodeCharset(body(), ct.params['charset']);
    },
    bytes(): Uint8Array {
      // A copy of its own: whoever keeps an attachment must not keep the whole message with it.
      return identity ? octets.slice(bodyStart, end) : body();
    },
  };
}

export async function parseRawMessage(raw: Uint8Array | string): Promise<MailMessage> {
  // A string is taken as the message's text; it is re-encoded as UTF-8 so that 8-bit parts
  // without a charset read back as they were given.
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  if (bytes.length > MAX_MESSAGE_BYTES) throw new MailError(`message larger than ${MAX_MESSAGE_BYTES} octets`);
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1))
    if (++lines > MAX_MESSAGE_LINES) throw new MailError(`message has more than ${MAX_MESSAGE_LINES} lines`);
  const bin = bytesToBinary(bytes);
  let start = 0;
  // An mbox "From " separator line (not a header field) may precede the message.
  if (bin.startsWith('From ')) {
    const nl = bin.indexOf('\n');
    start = nl < 0 ? bin.length : nl + 1;
  }
  const firstLineEnd = bin.indexOf('\n', start);
  const firstLine = bin.slice(start, firstLineEnd < 0 ? bin.length : firstLineEnd).replace(/\r$/, '');
  if (!firstLine.trim()) throw new MailError('not a mail message: no header section');
  if (!isHeaderLine(firstLine)) throw new MailError('not a mail message: the first line is not a header field');
  const entity = readEntity(bin, start, bin.length);
  // An .ics file is syntactically a header section too (BEGIN:VCALENDAR…), so also ask for a
  // field that only mail has.
  if (!entity.fields.some((f) => MAIL_FIELDS.has(f.name))) {
    throw new MailError('not a mail message: none of From, To, Subject, Date, Message-ID, Content-Type present');
  }
  const root = makeNode(bin, bytes, entity, bin.length, '', 'text/plain');
  // A single-part message's body is part 1 (IMAP numbering, RFC 3501 §6.4.5).
  const node: MimeNode = root.contentType.startsWith('multipart/') ? root : { ...root, path: '1' };
  const f = entity.fields;
  const all = (name: string): string | undefined => {
    const values = f.filter((h) => h.name === name).map((h) => h.value);
    return values.length ? values.join(', ') : undefined;
  };
  const identity = headerIdentity(f);
  const sender = parseAddresses(headerValue(f, 'sender'))[0];
  const messageId = parseMessageId(headerValue(f, 'message-id'));
  const subject = decodeSubject(headerValue(f, 'subject'));
  const date = normaliseDate(headerValue(f, 'date'));
  const calendarParts = findCalendarParts(node);
  // Bodies are decoded only when a calendar part names one (ordinary HTML mail has many cid: images).
  const related = mentionsCid(calendarParts.map((p) => p.text)) ? findRelatedParts(node) : [];
  return {
    ...(messageId ? { messageId } : {}),
    ...identity,
    ...(sender ? { sender } : {}),
    replyTo: parseAddresses(all('reply-to')),
    to: parseAddresses(all('to')),
    cc: parseAddresses(all('cc')),
    ...(subject !== undefined ? { subject } : {}),
    ...(date ? { date } : {}),
    calendarParts,
    ...(related.length ? { related } : {}),
  };
}
