// Reads one Thunderbird message into the engine's MailMessage. Calendar data can sit in three
// places (Thunderbird 128–153): parts of getFull's tree with a body, attachments that getFull
// lists without a body (listAttachments + getAttachmentFile), and inline text parts
// (listInlineTextParts, 129+). All three are looked at; the core's normaliser does the rest.
import type { MailMessage } from '../core/types.js';
import { fromMessagePart, type TbAttachment, type TbMessagePart } from '../core/mime/message-part.js';
import { MAX_ATTACHMENT_BYTES, MAX_CALENDAR_PARTS, MAX_HEADER_BYTES } from '../core/mime/errors.js';
import { mentionsCid } from '../core/mime/related.js';
import { headerIdentity, parseHeaderBlock } from '../core/mime/headers.js';
import { decodeHeaderBytes } from '../core/mime/decode.js';
import type { MessagePart, Tb } from './api.js';

export type Decryption = 'none' | 'skipped' | 'success' | 'fail';
export type Technology = 'OpenPGP' | 'S/MIME';

export interface ReadMessage {
  mail: MailMessage;
  decryption: Decryption;
  /** How the message was encrypted, when it was (the answer goes back the same way). */
  technology: Technology | null;
}

/** Attachments worth reading as possible calendar data: by media type or by name. */
const CALENDAR_TYPE = /^(text\/calendar|text\/x-vcalendar|application\/ics|application\/x-any|application\/octet-stream)\b/i;
const CALENDAR_NAME = /\.(ics|ifb|vcs)$/i;
/** Larger calendar attachments are not read (the core refuses calendar text over 20 MiB anyway). */
const MAX_CALENDAR_BYTES = 20 * 1024 * 1024;

async function calendarAttachments(tb: Tb, id: number, list: messenger.messages.MessageAttachment[]): Promise<TbAttachment[]> {
  const wanted = list
    .filter((a) => (CALENDAR_TYPE.test(a.contentType) || CALENDAR_NAME.test(a.name ?? '')) && (a.size ?? 0) <= MAX_CALENDAR_BYTES)
    // octet-stream only with a calendar name: other binaries are not read at all.
    .filter((a) => !/octet-stream/i.test(a.contentType) || CALENDAR_NAME.test(a.name ?? ''))
    .slice(0, MAX_CALENDAR_PARTS);
  const out: TbAttachment[] = [];
  for (const a of wanted) {
    const file = await tb.messages.getAttachmentFile(id, a.partName);
    out.push({ partName: a.partName, contentType: a.contentType, ...(a.name ? { name: a.name } : {}), text: await file.text(), size: a.size });
  }
  return out;
}

/**
 * Parts with a Content-ID, which an event's `ATTACH:CID:` lines may name (RFC 6047 §4.3): their
 * bytes up to MAX_ATTACHMENT_BYTES; a larger one goes with its size only, so the engine refuses
 * it by size without the add-on reading it (core/mime/message-part.ts, TbAttachment).
 */
async function cidAttachments(tb: Tb, id: number, list: messenger.messages.MessageAttachment[], have: TbAttachment[]): Promise<TbAttachment[]> {
  const out: TbAttachment[] = [];
  for (const a of list) {
    const cid = a.headers?.['content-id']?.[0];
    if (!cid) continue;
    const known = have.find((h) => h.partName === a.partName);
    const base: TbAttachment = known ?? { partName: a.partName, contentType: a.contentType, ...(a.name ? { name: a.name } : {}), size: a.size };
    if ((a.size ?? 0) > MAX_ATTACHMENT_BYTES) {
      out.push({ ...base, contentId: cid });
      continue;
    }
    const file = await tb.messages.getAttachmentFile(id, a.partName);
    out.push({ ...base, contentId: cid, data: new Uint8Array(await file.arrayBuffer()) });
  }
  return out;
}

/** The technology of an encrypted message, from its undecrypted structure. */
export function encryptionTechnology(root: MessagePart): Technology | null {
  let found: Technology | null = null;
  const walk = (p: MessagePart, depth: number): void => {
    if (found || depth > 4) return;
    const t = (p.contentType ?? '').toLowerCase();
    const ct = (p.headers?.['content-type'] ?? []).join(' ').toLowerCase();
    if (t.startsWith('multipart/encrypted') || ct.includes('application/pgp-encrypted')) found = 'OpenPGP';
    else if (/application\/(x-)?pkcs7-mime/.test(t) || /application\/(x-)?pkcs7-mime/.test(ct)) found = 'S/MIME';
    else if (typeof p.body === 'string' && p.body.includes('-----BEGIN PGP MESSAGE-----')) found = 'OpenPGP';
    for (const c of p.parts ?? []) walk(c, depth + 1);
  };
  walk(root, 0);
  return found;
}

/**
 * Who sent the message, from its raw header section: getFull hands headers over with RFC 2047
 * decoded, which would let `From: =?utf-8?B?Ym9zc0BleGFtcGxlLmNvbQ==?=` pass for boss@example.com.
 * Only the header section is read (as a File slice, never the body); the outer headers of an
 * encrypted message are the ones its transport authenticated. Unreadable means unverified.
 */
async function rawIdentity(tb: Tb, id: number): Promise<Pick<MailMessage, 'from' | 'fromProblem' | 'authResults'>> {
  let head: string;
  try {
    const raw = await tb.messages.getRaw(id, { decrypt: false, data_format: 'File' });
    const bytes = new Uint8Array(await (raw as Blob).slice(0, MAX_HEADER_BYTES).arrayBuffer());
    head = decodeHeaderBytes(bytes);
  } catch {
    return { fromProblem: 'the raw From field could not be read' };
  }
  const end = /\r?\n\r?\n/.exec(head);
  return headerIdentity(parseHeaderBlock(end ? head.slice(0, end.index) : head));
}

/** The decoded headers' From replaced by the raw one's verdict (see rawIdentity). */
function withIdentity(mail: MailMessage, identity: Pick<MailMessage, 'from' | 'fromProblem' | 'authResults'>): MailMessage {
  const { from: _from, fromProblem: _problem, authResults: _auth, ...rest } = mail;
  return { ...rest, ...identity };
}

export async function readMessage(tb: Tb, id: number): Promise<ReadMessage> {
  const read = await readParts(tb, id);
  // Mail without calendar data needs no sender: the catch-up reads many such messages.
  if (!read.mail.calendarParts.length) return read;
  return { ...read, mail: withIdentity(read.mail, await rawIdentity(tb, id)) };
}

async function readParts(tb: Tb, id: number): Promise<ReadMessage> {
  const root = await tb.messages.getFull(id, { decrypt: true });
  const decryption: Decryption = root.decryptionStatus ?? 'none';
  if (decryption === 'fail') {
    // The parts are omitted: only the headers are known.
    return { mail: fromMessagePart({ ...(root as TbMessagePart), parts: [] }), decryption, technology: null };
  }
  const list = await tb.messages.listAttachments(id);
  let attachments = await calendarAttachments(tb, id, list);
  let mail = fromMessagePart(root as TbMessagePart, attachments);
  if (!mail.calendarParts.length && tb.messages.listInlineTextParts) {
    // Inline parts have no part name: they are offered only when the tree had nothing, so the
    // same calendar is never read twice.
    const inline = (await tb.messages.listInlineTextParts(id))
      .filter((p) => /^text\/(calendar|x-vcalendar)\b/i.test(p.contentType))
      .slice(0, MAX_CALENDAR_PARTS);
    if (inline.length) {
      attachments = [...attachments, ...inline.map((p, i) => ({ partName: `inline.${i + 1}`, contentType: p.contentType, text: p.content }))];
      mail = fromMessagePart(root as TbMessagePart, attachments);
    }
  }
  // Files referenced by Content-ID are read only when a calendar part mentions one.
  if (mentionsCid(mail.calendarParts.map((p) => p.text))) {
    const withCid = await cidAttachments(tb, id, list, attachments);
    const byPart = new Set(withCid.map((a) => a.partName));
    mail = fromMessagePart(root as TbMessagePart, [...attachments.filter((a) => !byPart.has(a.partName)), ...withCid]);
  }
  const technology = decryption === 'success' ? encryptionTechnology(await tb.messages.getFull(id, { decrypt: false })) : null;
  return { mail, decryption, technology };
}
