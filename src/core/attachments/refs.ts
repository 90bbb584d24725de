// The forms an ATTACH property takes (RFC 5545 §3.8.1.1) and the one the store keeps.
//
// Received: a URI (a link, never fetched), inline data (ENCODING=BASE64;VALUE=BINARY), or
// `CID:` naming another part of the same message (RFC 6047 §4.3, RFC 2392).
// Stored: inline data and CID parts are copied into the `attachments` table and the line becomes
//   ATTACH;FMTTYPE=…;FILENAME=…;SIZE=…:CID:<id>@imip-agent
// which keeps the stored calendar small and is exactly what goes out again: a REQUEST carries the
// stored bytes as the MIME part with that Content-ID. One past a size bound (limits.ts) is kept
// without its bytes as
//   ATTACH;FMTTYPE=…;FILENAME=…;SIZE=…;X-IMIP-AGENT-REFUSED=<limit>:CID:refused-<key>@imip-agent
// which lists it as refused and never goes out (outgoing.ts drops every line it has no bytes for).
// Only the agent writes that parameter: it is removed from received lines before they are read.

import ICAL from 'ical.js';
import type { Component, Property } from '../itip/model.js';
import { cleanName, mediaType } from './names.js';

/** The domain of the Content-IDs this agent gives stored attachments. */
export const STORED_DOMAIN = 'imip-agent';
const STORED_CID = /^([0-9a-f]{16})@imip-agent$/;

interface Meta {
  name?: string;
  type?: string;
  /** The SIZE parameter (RFC 8607 §4.2), octets. */
  size?: number;
}
export type AttachRef =
  | ({ kind: 'inline'; base64: string } & Meta)
  | ({ kind: 'cid'; cid: string } & Meta)
  | ({ kind: 'stored'; id: string } & Meta)
  | ({ kind: 'link'; uri: string } & Meta)
  | ({ kind: 'refused'; key: string } & Meta);

/** Marks a line whose attachment the agent did not copy; its value names the bound. */
export const REFUSED_PARAM = 'x-imip-agent-refused';

/** Name parameters as senders write them: RFC 8607 FILENAME, Outlook X-FILENAME, Apple, Evolution. */
const NAME_PARAMS = ['filename', 'x-filename', 'x-apple-filename', 'x-label', 'x-oracle-filename'];

export function paramName(prop: Property): string | undefined {
  for (const p of NAME_PARAMS) {
    const v = prop.getFirstParameter(p);
    const name = cleanName(typeof v === 'string' ? v : undefined);
    if (name) return name;
  }
  return undefined;
}

/**
 * The cid of a `CID:` URI as a Content-ID (RFC 2392 §2: %hh undone; angle brackets, which some
 * senders keep, dropped), or undefined when the value is not one.
 */
export function cidOf(value: string): string | undefined {
  const m = /^\s*cid:(.*)$/is.exec(value);
  if (!m) return undefined;
  let cid = m[1]!.trim();
  try {
    cid = decodeURIComponent(cid);
  } catch {
    // A stray % is kept as written.
  }
  cid = cid
    .trim()
    .replace(/^<(.*)>$/s, '$1')
    .trim();
  return cid || undefined;
}

export function readAttach(prop: Property): AttachRef {
  const fmttype = prop.getFirstParameter('fmttype');
  const size = String(prop.getFirstParameter('size') ?? '');
  const meta: Meta = {
    ...(paramName(prop) ? { name: paramName(prop)! } : {}),
    ...(typeof fmttype === 'string' && fmttype ? { type: mediaType(fmttype) } : {}),
    ...(/^\d{1,12}$/.test(size) ? { size: Number(size) } : {}),
  };
  const value = prop.getFirstValue() as unknown;
  if (prop.getFirstParameter(REFUSED_PARAM)) return { kind: 'refused', key: digest([String(value ?? '')]), ...meta };
  const encoding = String(prop.getFirstParameter('encoding') ?? '').toUpperCase();
  // ical.js types VALUE=BINARY as Binary; ENCODING=BASE64 alone (older Outlook) stays a "uri".
  if (value instanceof ICAL.Binary || encoding === 'BASE64') {
    const base64 = value instanceof ICAL.Binary ? String(value.value ?? '') : String(value ?? '');
    return { kind: 'inline', base64, ...meta };
  }
  const text = String(value ?? '').trim();
  const cid = cidOf(text);
  if (cid) {
    const own = STORED_CID.exec(cid);
    return own ? { kind: 'stored', id: own[1]!, ...meta } : { kind: 'cid', cid, ...meta };
  }
  return { kind: 'link', uri: text, ...meta };
}

/**
 * Turns `prop` into the stored form of an attachment, in place (its position among the other
 * lines is the list's order), or adds a new line to `comp` when `prop` is undefined.
 */
export function storedLine(comp: Component, prop: Property | undefined, id: string, name: string, type: string, size: number): void {
  const line = prop ?? new ICAL.Property('attach', comp);
  for (const param of Object.keys(line.toJSON()[1] as Record<string, unknown>)) line.removeParameter(param);
  line.resetType('uri');
  line.setValue(`CID:${id}@${STORED_DOMAIN}`);
  line.setParameter('fmttype', type);
  line.setParameter('filename', name);
  line.setParameter('size', String(size));
  if (!prop) comp.addProperty(line);
}

/**
 * Turns `prop` into the refused form: name, type and size kept, no bytes, the bound named. `key`
 * tells this line from others of the event (a hash of what the sender referred to).
 */
export function refusedLine(prop: Property, key: string, name: string, type: string, size: number, limit: string): void {
  for (const param of Object.keys(prop.toJSON()[1] as Record<string, unknown>)) prop.removeParameter(param);
  prop.resetType('uri');
  prop.setValue(`CID:refused-${key}@${STORED_DOMAIN}`);
  prop.setParameter('fmttype', type);
  prop.setParameter('filename', name);
  prop.setParameter('size', String(size));
  prop.setParameter(REFUSED_PARAM, limit);
}

/** A stranger cannot mark a line as refused here: the mark is the agent's own. */
export function dropRefusedMark(prop: Property): void {
  prop.removeParameter(REFUSED_PARAM);
}

/** Content-ID of a stored attachment. */
export function storedCid(id: string): string {
  return `${id}@${STORED_DOMAIN}`;
}

/**
 * 64 bits (16 hex digits) over the given pieces: two FNV-1a lanes with different bases.
 * Hand-written because the hash must be synchronous — an IndexedDB transaction does not live
 * through an await of crypto.subtle — and no hashing library is a dependency. It is not a
 * security boundary: ids are scoped to one event of one user, and a clash is detected and
 * re-salted where ids are given out (core/attachments/stage.ts).
 */
export function digest(pieces: (string | Uint8Array)[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const feed = (byte: number) => {
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x5bd1e995) ^ (b >>> 15);
  };
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
    for (let i = 0; i < bytes.length; i++) feed(bytes[i]!);
    feed(0);
    feed(bytes.length & 0xff);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
