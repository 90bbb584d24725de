// Reads Thunderbird's MessagePart tree (messages.getFull(id, {decrypt: true})) into a
// MailMessage, with the same part selection as raw mail (find-parts.ts).
//
// Thunderbird has already undone transfer encodings and charsets for the bodies it returns, and
// RFC 2047 in headers. Parts it returns without a body (attachments) are matched by partName
// with what messages.listAttachments + getAttachmentFile gave the add-on.
import type { MailMessage } from '../types.js';
import { findCalendarParts, type MimeNode } from './find-parts.js';
import { findRelatedParts, mentionsCid } from './related.js';
import { decodeSubject, fromMailbox, normaliseDate, parseAddresses, parseMessageId, parseStructured } from './headers.js';

export interface TbMessagePart {
  contentType?: string;
  /** Lower-cased header names, every value of each (Thunderbird's shape). */
  headers?: Record<string, string[]>;
  body?: string;
  name?: string;
  partName?: string;
  size?: number;
  parts?: TbMessagePart[];
  /** Root only: 'none' | 'success' | 'fail'. */
  decryptionStatus?: string;
}

/**
 * What the background fetched for a message's attachments (messages.listAttachments, then
 * messages.getAttachmentFile for the body). It must pass:
 * - calendar attachments (.ics, text/calendar, application/ics) with `text` (file.text());
 * - every attachment whose `headers` carry a `content-id`, with `contentId` (angle brackets
 *   may stay) and `data` (new Uint8Array(await file.arrayBuffer())) — but only up to
 *   MAX_ATTACHMENT_BYTES (core/mime/errors.ts): a larger one goes with its `size` and no data,
 *   so the engine lists it as refused by size instead of the add-on reading it. Bodies are only needed
 *   when a calendar part mentions `CID:`; the background may skip them otherwise.
 */
export interface TbAttachment {
  partName: string;
  contentType: string;
  name?: string;
  /** Decoded text of a calendar attachment. */
  text?: string;
  /** The part's Content-ID (from MessageAttachment.headers['content-id']). */
  contentId?: string;
  /** The part's bytes, for parts with a Content-ID. */
  data?: Uint8Array;
  /** MessageAttachment.size, octets. */
  size?: number;
}

function header(part: TbMessagePart, name: string): string | undefined {
  const h = part.headers;
  if (!h) return undefined;
  // Thunderbird lower-cases names; be lenient with a hand-built tree.
  const key = Object.keys(h).find((k) => k.toLowerCase() === name);
  const v = key ? h[key] : undefined;
  return Array.isArray(v) && v.length ? v.join(', ') : undefined;
}

function toNode(part: TbMessagePart, byPart: Map<string, TbAttachment>, fallbackPath: string): MimeNode {
  const path = part.partName || fallbackPath;
  // MessagePart.contentType is the bare type; the parameters (method=) live in the header.
  const fromHeader = parseStructured(header(part, 'content-type'));
  const own = parseStructured(part.contentType);
  const contentType = own.value || fromHeader.value || 'text/plain';
  const params = { ...own.params, ...fromHeader.params };
  const disposition = parseStructured(header(part, 'content-disposition'));
  const att = byPart.get(path);
  const filename = part.name || disposition.params['filename'] || params['name'] || att?.name || undefined;
  const contentId = parseMessageId(header(part, 'content-id') ?? att?.contentId);
  const size = att?.size ?? part.size;
  return {
    contentType,
    params,
    ...(filename ? { filename } : {}),
    ...(contentId ? { contentId } : {}),
    ...(typeof size === 'number' && att?.data === undefined && typeof part.body !== 'string' ? { size } : {}),
    path,
    children: () => (part.parts ?? []).map((c, i) => toNode(c, byPart, path ? `${path}.${i + 1}` : String(i + 1))),
    text: () => (typeof part.body === 'string' ? part.body : att?.text),
    // Thunderbird hands text bodies over decoded; they are taken back as UTF-8 octets.
    bytes: () => att?.data ?? (typeof part.body === 'string' ? new TextEncoder().encode(part.body) : undefined),
  };
}

export function fromMessagePart(root: TbMessagePart, attachments: TbAttachment[] = []): MailMessage {
  const byPart = new Map<string, TbAttachment>();
  for (const a of attachments) if (!byPart.has(a.partName)) byPart.set(a.partName, a);
  const seen = new Set<string>();
  const collect = (p: TbMessagePart, depth: number): void => {
    if (depth > 70) return; // find-parts reports the depth error; this only guards the pass itself
    if (p.partName) seen.add(p.partName);
    for (const c of p.parts ?? []) collect(c, depth + 1);
  };
  collect(root, 0);
  // Attachments the tree does not show (Thunderbird may leave them out of getFull) are hung under
  // a synthetic multipart, unless they sit below a part the walk skips (bounce, forwarded mail).
  const skippedPrefixes: string[] = [];
  const findSkipped = (p: TbMessagePart, depth: number): void => {
    if (depth > 70) return;
    const t = (p.contentType ?? '').toLowerCase();
    if (t.startsWith('multipart/report') || (depth > 0 && t.startsWith('message/'))) {
      skippedPrefixes.push(p.partName ? p.partName + '.' : '');
      return;
    }
    for (const c of p.parts ?? []) findSkipped(c, depth + 1);
  };
  findSkipped(root, 0);
  const extra = attachments.filter((a) => !seen.has(a.partName) && !skippedPrefixes.some((s) => a.partName.startsWith(s)));

  let node = toNode(root, byPart, root.parts?.length ? '' : '1');
  // getFull's root stands for the message itself and Thunderbird types it message/rfc822; it is
  // not an attached message, so it is read as a container rather than skipped.
  if (node.contentType.startsWith('message/') && root.parts?.length) node = { ...node, contentType: 'multipart/mixed' };
  const tree: MimeNode = extra.length
    ? {
        contentType: 'multipart/mixed',
        params: {},
        path: '',
        text: () => undefined,
        children: () => [
          node,
          ...extra.map((a): MimeNode => {
            const ct = parseStructured(a.contentType);
            const contentId = parseMessageId(a.contentId);
            return {
              contentType: ct.value || 'application/octet-stream',
              params: ct.params,
              ...(a.name || ct.params['name'] ? { filename: a.name || ct.params['name'] } : {}),
              ...(contentId ? { contentId } : {}),
              ...(a.data === undefined && a.size !== undefined ? { size: a.size } : {}),
              path: a.partName,
              children: () => [],
              text: () => a.text,
              bytes: () => a.data,
            };
          }),
        ],
      }
    : node;

  // Thunderbird hands headers over with RFC 2047 decoded, so an address hidden in an encoded word
  // cannot be told apart here: the add-on reads the raw From (src/thunderbird/read.ts) and
  // replaces this. Several mailboxes are seen either way.
  const { from, fromProblem } = fromMailbox(root.headers?.['from']?.join(', '));
  const authResults = (root.headers?.['authentication-results'] ?? []).slice(0, 50);
  const sender = parseAddresses(header(root, 'sender'))[0];
  const messageId = parseMessageId(header(root, 'message-id'));
  const subject = decodeSubject(header(root, 'subject'));
  const date = normaliseDate(header(root, 'date'));
  const calendarParts = findCalendarParts(tree);
  const related = mentionsCid(calendarParts.map((p) => p.text)) ? findRelatedParts(tree) : [];
  return {
    ...(messageId ? { messageId } : {}),
    ...(from ? { from } : {}),
    ...(fromProblem ? { fromProblem } : {}),
    ...(authResults.length ? { authResults } : {}),
    ...(sender ? { sender } : {}),
    replyTo: parseAddresses(header(root, 'reply-to')),
    to: parseAddresses(header(root, 'to')),
    cc: parseAddresses(header(root, 'cc')),
    ...(subject !== undefined ? { subject } : {}),
    ...(date ? { date } : {}),
    calendarParts,
    ...(related.length ? { related } : {}),
    ...(root.decryptionStatus === 'success' ? { encrypted: true } : {}),
  };
}
