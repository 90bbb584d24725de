// Copying attachments into the store, bounded. Received objects (REQUEST, PUBLISH, ADD) and the
// organiser's own files are "staged" before their handler runs: every inline or CID attachment
// is checked against MAX_ATTACHMENT_BYTES and MAX_MESSAGE_ATTACHMENT_BYTES, given an id, and its
// ATTACH line rewritten to the stored form (refs.ts). The bytes wait in the context and are
// written only when the event itself is saved (sync.ts), so a refused or ignored object leaves
// no bytes behind.

import type { Ctx } from '../itip/context.js';
import type { Component } from '../itip/model.js';
import type { EventObject } from '../itip/objects.js';
import type { AttachmentRecord, RelatedPart } from '../types.js';
import type { AttachmentInput } from '../api.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../mime/errors.js';
import { decodeBase64 } from '../mime/decode.js';
import { cleanName, mediaType } from './names.js';
import { digest, readAttach, storedCid, storedLine } from './refs.js';

/** Bytes waiting to be stored, and what this message (or action) has added so far. */
export interface Staging {
  records: Map<string, AttachmentRecord>;
  used: number;
  counted: Set<string>;
}

export function newStaging(): Staging {
  return { records: new Map(), used: 0, counted: new Set() };
}

const slot = (uid: string, id: string) => `${uid}\u0000${id}`;

export function stagedRecord(ctx: Ctx, uid: string, id: string): AttachmentRecord | undefined {
  return ctx.staging.records.get(slot(uid, id));
}

/** Why a body is not taken, naming the limit (README "Limits on hostile input"). */
function tooLarge(name: string, size: number): string {
  return `attachment "${name}" is ${size} octets; MAX_ATTACHMENT_BYTES allows ${MAX_ATTACHMENT_BYTES}`;
}

/** Thrown inside staging (the message names the limit); the caller refuses the event with it. */
export class AttachmentRefusal extends Error {
  override name = 'AttachmentRefusal';
}

/**
 * Gives bytes an id within the event and stages them. The same file (name, type, bytes) always
 * gets the same id, so an update that carries it again sends the same Content-ID; a clash with
 * different bytes under one id is re-salted.
 */
export async function stage(ctx: Ctx, uid: string, name: string, type: string, data: Uint8Array): Promise<AttachmentRecord> {
  if (data.length > MAX_ATTACHMENT_BYTES) throw new AttachmentRefusal(tooLarge(name, data.length));
  for (let salt = 0; salt < 8; salt++) {
    const id = digest([uid, type, name, data, ...(salt ? [String(salt)] : [])]);
    const existing = stagedRecord(ctx, uid, id) ?? (await ctx.utx.getAttachment(uid, id));
    if (existing && !(existing.name === name && existing.type === type && sameBytes(existing.data, data))) continue;
    const record: AttachmentRecord = { uid, id, name, type, size: data.length, data };
    if (!ctx.staging.counted.has(slot(uid, id))) {
      if (ctx.staging.used + data.length > MAX_MESSAGE_ATTACHMENT_BYTES)
        throw new AttachmentRefusal(
          `attachments of this message add up to more than MAX_MESSAGE_ATTACHMENT_BYTES (${MAX_MESSAGE_ATTACHMENT_BYTES} octets) at "${name}"`,
        );
      ctx.staging.used += data.length;
      ctx.staging.counted.add(slot(uid, id));
    }
    ctx.staging.records.set(slot(uid, id), record);
    return record;
  }
  throw new AttachmentRefusal(`attachment "${name}": no free id`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The event's components, refused when one names more than MAX_ATTACHMENTS attachments. */
function components(object: EventObject, extra = 0): Component[] {
  const comps = [object.master, ...object.overrides].filter((c): c is Component => !!c);
  for (const c of comps) {
    const n = c.getAllProperties('attach').length + extra;
    if (n > MAX_ATTACHMENTS) throw new AttachmentRefusal(`the event names ${n} attachments; MAX_ATTACHMENTS allows ${MAX_ATTACHMENTS}`);
  }
  return comps;
}

/** Missing parts are reported one by one up to this many, then counted. */
const MISSING_REPORTED = 10;

/** The related part a Content-ID names: exactly, else ignoring case (some relays fold it). */
function findPart(related: RelatedPart[] | undefined, cid: string): RelatedPart | undefined {
  const parts = related ?? [];
  return parts.find((p) => p.contentId === cid) ?? parts.find((p) => p.contentId.toLowerCase() === cid.toLowerCase());
}

/**
 * Stages a received object's inline and CID attachments. Returns warnings (a CID the message
 * does not carry stays listed as missing); throws AttachmentRefusal past a bound. Links stay.
 */
export async function stageReceived(ctx: Ctx, object: EventObject): Promise<string[]> {
  const warnings: string[] = [];
  let missing = 0;
  const before = { used: ctx.staging.used, counted: new Set(ctx.staging.counted) };
  try {
    for (const comp of components(object)) {
      for (const prop of [...comp.getAllProperties('attach')]) {
        const ref = readAttach(prop);
        if (ref.kind === 'link') continue;
        if (ref.kind === 'inline') {
          const data = decodeBase64(ref.base64);
          const name = ref.name ?? 'attachment';
          const type = ref.type ?? 'application/octet-stream';
          const rec = await stage(ctx, object.uid, name, type, data);
          storedLine(comp, prop, rec.id, name, type, rec.size);
          continue;
        }
        // Another imip-agent's parts look like our stored form: they are read as CID parts too.
        const cid = ref.kind === 'stored' ? storedCid(ref.id) : ref.cid;
        const part = findPart(ctx.msg?.related, cid);
        if (!part) {
          // A reference to a copy this event already has (the organiser re-sending without the part) stays stored.
          if (ref.kind === 'stored' && (await ctx.utx.getAttachment(object.uid, ref.id))) continue;
          if (++missing <= MISSING_REPORTED) warnings.push(`attachment ${ref.name ? `"${ref.name}" ` : ''}CID:${cid} names no part of this message: it is listed as missing`);
          continue;
        }
        const name = ref.name ?? (cleanName(part.filename) || 'attachment');
        const type = ref.type ?? mediaType(part.contentType);
        if (part.size !== undefined && part.size > MAX_ATTACHMENT_BYTES) throw new AttachmentRefusal(tooLarge(name, part.size));
        const rec = await stage(ctx, object.uid, name, type, part.data);
        storedLine(comp, prop, rec.id, name, type, rec.size);
      }
    }
  } catch (e) {
    // Nothing of a refused object counts against the message, nor waits to be stored.
    ctx.staging.used = before.used;
    ctx.staging.counted = before.counted;
    for (const k of [...ctx.staging.records.keys()]) if (k.startsWith(`${object.uid}\u0000`) && !before.counted.has(k)) ctx.staging.records.delete(k);
    throw e;
  }
  if (missing > MISSING_REPORTED) warnings.push(`${missing - MISSING_REPORTED} more attachments name no part of this message`);
  return warnings;
}

/**
 * The organiser's own event: inline data is staged like a received one, `CID:` lines must name
 * this event's stored attachments, and the given files are added to every component. Throws
 * AttachmentRefusal with a reason for the organiser.
 */
export async function stageOwn(ctx: Ctx, object: EventObject, inputs: AttachmentInput[]): Promise<void> {
  for (const comp of components(object, inputs.length)) {
    for (const prop of [...comp.getAllProperties('attach')]) {
      const ref = readAttach(prop);
      if (ref.kind === 'link') continue;
      if (ref.kind === 'cid') throw new AttachmentRefusal(`ATTACH CID:${ref.cid} names no stored attachment of this event: give the file as an attachment instead`);
      if (ref.kind === 'stored') {
        const rec = stagedRecord(ctx, object.uid, ref.id) ?? (await ctx.utx.getAttachment(object.uid, ref.id));
        if (!rec) throw new AttachmentRefusal(`ATTACH CID:${ref.id}@imip-agent names no stored attachment of this event: give the file as an attachment instead`);
        // Counted like a new file: every REQUEST carries all of them. A name or type changed on
        // the line is taken (and makes it another file, with another Content-ID).
        const again = await stage(ctx, object.uid, ref.name ?? rec.name, ref.type ?? rec.type, rec.data);
        storedLine(comp, prop, again.id, again.name, again.type, again.size);
        continue;
      }
      const name = ref.name ?? 'attachment';
      const type = ref.type ?? 'application/octet-stream';
      const rec = await stage(ctx, object.uid, name, type, decodeBase64(ref.base64));
      storedLine(comp, prop, rec.id, name, type, rec.size);
    }
  }
  for (const input of inputs) {
    const name = cleanName(input.name);
    if (!name) throw new AttachmentRefusal('an attachment has no name');
    const rec = await stage(ctx, object.uid, name, mediaType(input.type), input.data);
    for (const comp of components(object)) {
      const has = comp.getAllProperties('attach').some((p) => {
        const r = readAttach(p);
        return r.kind === 'stored' && r.id === rec.id;
      });
      if (!has) storedLine(comp, undefined, rec.id, rec.name, rec.type, rec.size);
    }
  }
}
