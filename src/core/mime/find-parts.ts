// Which parts of a message are calendar objects — shared by the raw-message reader (raw.ts) and
// the Thunderbird MessagePart reader (message-part.ts), so both see the same parts.
//
// RFC 6047 §2.4 puts the iCalendar object in a text/calendar part, but real senders place it
// as an alternative (Exchange, Outlook.com, Google, Thunderbird), as an attachment (Google's
// application/ics invite.ics, Nextcloud/Roundcube event.ics, KMail cal.ics), as the whole body
// (SabreDAV) or as application/x-any / octet-stream with an .ics name (Apple). So the whole tree
// is walked, whatever its depth, and a multipart/alternative is not collapsed to one choice.
import type { CalendarPart } from '../types.js';
import { MAX_CALENDAR_PARTS, MAX_MIME_DEPTH, MAX_MIME_PARTS, MailError } from './errors.js';

/** One MIME part as either reader sees it. Children and text are computed only when asked. */
export interface MimeNode {
  /** Lower-cased media type, e.g. `text/calendar`. */
  contentType: string;
  /** Content-Type parameters, lower-cased names. */
  params: Record<string, string>;
  filename?: string;
  /** Part number, `1.2` style; the root is `1` for a single-part message. */
  path: string;
  children(): MimeNode[];
  /** Decoded text, or undefined when the reader has none (e.g. an attachment not fetched). */
  text(): string | undefined;
  /** The Content-ID header without angle brackets (RFC 2045 §7), if any. */
  contentId?: string;
  /** The decoded body as octets (transfer encoding undone, charset not applied), if the reader has it. */
  bytes?(): Uint8Array | undefined;
  /** Octets of the body when known without decoding it (Thunderbird's attachment size). */
  size?: number;
}

/** Always calendar, whatever the name. */
const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'text/x-vcalendar', 'application/calendar']);
/** Generic types that hold a calendar when the file is called *.ics (Apple, misc. webmail). */
const GENERIC_TYPES = new Set(['application/octet-stream', 'application/x-any', 'application/x-ics', 'text/plain']);

export function isCalendarNode(n: MimeNode): boolean {
  if (CALENDAR_TYPES.has(n.contentType)) return true;
  return GENERIC_TYPES.has(n.contentType) && /\.(ics|ifb|vcs)$/i.test(n.filename ?? '');
}

/** Same object, whatever the transport did to it: line ends unified, folding undone (RFC 5545 §3.1). */
export function normaliseCalendarText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .trim();
}

/**
 * Every calendar part under `root`, de-duplicated. Throws MailError beyond MAX_MIME_DEPTH or
 * MAX_MIME_PARTS: real mail never comes near them, so breaking one means a hostile message, and
 * a clear error is better than silently reading half of it.
 */
export function findCalendarParts(root: MimeNode): CalendarPart[] {
  const found: CalendarPart[] = [];
  const keys: string[] = [];
  let count = 0;

  const visit = (node: MimeNode, depth: number): void => {
    if (depth > MAX_MIME_DEPTH) throw new MailError(`MIME nesting deeper than ${MAX_MIME_DEPTH} levels at part ${node.path}`);
    if (++count > MAX_MIME_PARTS) throw new MailError(`more than ${MAX_MIME_PARTS} MIME parts`);
    const type = node.contentType;
    // RFC 6522 multipart/report is a delivery or read report. Its third part quotes the original
    // message, which is often an invitation *we* sent: reading it would re-process our own
    // outgoing mail as if the bouncing server had sent it. Nothing inside is skipped selectively.
    if (type === 'multipart/report') return;
    // An attached message (RFC 2046 §5.2.1, forwarded mail) was addressed to someone else, and
    // its calendar's ORGANIZER/ATTENDEEs are not vouched for by this message's sender; iMIP
    // (RFC 6047 §2.1, §3) binds the object to the message that carries it. Not descended into.
    if (type === 'message/rfc822' || type === 'message/global' || type === 'message/partial') return;
    if (type.startsWith('multipart/')) {
      for (const child of node.children()) visit(child, depth + 1);
      return;
    }
    if (!isCalendarNode(node)) return;
    const text = node.text();
    if (text === undefined) return;
    // A guessed part (generic type with an .ics name) must at least look like iCalendar.
    if (!CALENDAR_TYPES.has(type) && !/BEGIN:VCALENDAR/i.test(text)) return;
    const method = node.params['method']?.trim().toUpperCase();
    const part: CalendarPart = {
      contentType: type,
      ...(method ? { methodParam: method } : {}),
      ...(node.filename ? { filename: node.filename } : {}),
      text,
      path: node.path,
    };
    // Google sends one object twice (text/calendar alternative + application/ics invite.ics):
    // keep it once, at its first position, preferring the copy whose Content-Type says method=.
    const key = normaliseCalendarText(text);
    const at = keys.indexOf(key);
    if (at >= 0) {
      if (!found[at]!.methodParam && part.methodParam) found[at] = part;
      return;
    }
    if (found.length >= MAX_CALENDAR_PARTS) throw new MailError(`more than ${MAX_CALENDAR_PARTS} calendar parts`);
    keys.push(key);
    found.push(part);
  };

  visit(root, 0);
  return found;
}
