// The parts an iCalendar ATTACH can name by `CID:` (RFC 6047 §4.3): every leaf part of the message
// with a Content-ID that is not itself a calendar part, read by either reader (raw.ts,
// message-part.ts) through the same MimeNode view. The walk skips what find-parts skips (reports,
// attached messages): a forwarded message's parts are not this message's.
import type { RelatedPart } from '../types.js';
import { MAX_ATTACHMENT_BYTES, MAX_MIME_DEPTH, MAX_MIME_PARTS } from './errors.js';
import { isCalendarNode, type MimeNode } from './find-parts.js';

/** Whether any calendar text refers to a part by `CID:` — the only case worth reading bodies for. */
export function mentionsCid(texts: string[]): boolean {
  // Unfolded first (RFC 5545 §3.1): a fold may fall inside `CID:` itself.
  return texts.some((t) => /cid:/i.test(t.replace(/\r?\n[ \t]/g, '')));
}

/**
 * Every part with a Content-ID. A body larger than MAX_ATTACHMENT_BYTES is not kept: the part
 * is listed with its size and empty data, so the engine can list it as refused by name and size.
 * Bounded like find-parts (depth and part count); never throws for a hostile tree.
 */
export function findRelatedParts(root: MimeNode): RelatedPart[] {
  const out: RelatedPart[] = [];
  let count = 0;
  const visit = (node: MimeNode, depth: number): void => {
    if (depth > MAX_MIME_DEPTH || ++count > MAX_MIME_PARTS) return;
    const type = node.contentType;
    if (type === 'multipart/report' || type.startsWith('message/')) return;
    if (type.startsWith('multipart/')) {
      for (const child of node.children()) visit(child, depth + 1);
      return;
    }
    const cid = node.contentId?.trim();
    if (!cid || isCalendarNode(node)) return;
    const part: RelatedPart = { contentId: cid, contentType: type, ...(node.filename ? { filename: node.filename } : {}), data: new Uint8Array(0) };
    if (node.size !== undefined && node.size > MAX_ATTACHMENT_BYTES) {
      out.push({ ...part, size: node.size });
      return;
    }
    const data = node.bytes?.();
    // No body (an attachment the add-on did not fetch): left out, so a reference to it is missing.
    if (data === undefined) return;
    if (data.length > MAX_ATTACHMENT_BYTES) out.push({ ...part, size: data.length });
    else out.push({ ...part, data });
  };
  visit(root, 0);
  return out;
}
