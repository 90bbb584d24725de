// Turns a raw .eml (test/fixtures/mail) into what Thunderbird's messages.getFull returns for it:
// the root typed message/rfc822 with the message headers (names lower-cased, every value in an
// array), part names "1", "1.1"…, bare content types, text bodies decoded, and attachments
// (Content-Disposition: attachment, or non-text parts) without a body — their content comes from
// messages.getAttachmentFile, as in Thunderbird.
import { binaryToBytes, decodeCharset, decodeHeaderBytes, decodeTransfer } from '../../src/core/mime/decode.js';
import { parseHeaderBlock, parseStructured, type HeaderField } from '../../src/core/mime/headers.js';
import type { TbMessagePart } from '../../src/core/mime/message-part.js';

export interface TbTreeAttachment {
  partName: string;
  contentType: string;
  name: string;
  size: number;
  text: string;
  bytes: Uint8Array;
  headers: Record<string, string[]>;
}

function split(bin: string): { fields: HeaderField[]; body: string } {
  const m = /\r?\n\r?\n/.exec(bin);
  const head = m ? bin.slice(0, m.index) : bin;
  const body = m ? bin.slice(m.index + m[0].length) : '';
  return { fields: parseHeaderBlock(decodeHeaderBytes(binaryToBytes(head))), body };
}

function headers(fields: HeaderField[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fields) (out[f.name.toLowerCase()] ??= []).push(f.value);
  return out;
}

function parts(body: string, boundary: string): string[] {
  const out: string[] = [];
  const chunks = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  for (const c of chunks.slice(1)) {
    if (c.startsWith('--')) break;
    out.push(c.replace(/^[ \t]*\r?\n/, ''));
  }
  return out;
}

function node(bin: string, partName: string, attachments: TbTreeAttachment[]): TbMessagePart {
  const { fields, body } = split(bin);
  const h = headers(fields);
  const ct = parseStructured(h['content-type']?.[0] ?? 'text/plain');
  const type = ct.value || 'text/plain';
  const disposition = parseStructured(h['content-disposition']?.[0]);
  const name = disposition.params['filename'] || ct.params['name'] || '';
  if (type.startsWith('multipart/') && ct.params['boundary']) {
    return { contentType: type, partName, headers: h, parts: parts(body, ct.params['boundary']).map((p, i) => node(p, `${partName}.${i + 1}`, attachments)) };
  }
  const bytes = decodeTransfer(body, h['content-transfer-encoding']?.[0]);
  const text = decodeCharset(bytes, ct.params['charset']);
  if (disposition.value === 'attachment' || !type.startsWith('text/')) {
    attachments.push({ partName, contentType: h['content-type']?.[0] ?? type, name, size: bytes.length, text, bytes, headers: h });
    return { contentType: type, partName, headers: h, ...(name ? { name } : {}), size: bytes.length };
  }
  return { contentType: type, partName, headers: h, body: text, ...(name ? { name } : {}) };
}

export function tbTree(raw: string | Uint8Array): { root: TbMessagePart; attachments: TbTreeAttachment[]; headers: Record<string, string[]> } {
  const bin = typeof raw === 'string' ? raw : Array.from(raw, (b) => String.fromCharCode(b)).join('');
  const { fields } = split(bin);
  const attachments: TbTreeAttachment[] = [];
  const h = headers(fields);
  const body = node(bin, '1', attachments);
  return { root: { contentType: 'message/rfc822', partName: '', headers: h, parts: [body] }, attachments, headers: h };
}
