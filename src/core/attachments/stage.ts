// Copying attachments into the store, bounded. Received objects (REQUEST, PUBLISH, ADD) and the
// organiser's own files are "staged" before their handler runs: every inline or CID attachment
// is checked against MAX_ATTACHMENT_BYTES and MAX_MESSAGE_ATTACHMENT_BYTES, given an id, and its
// ATTACH line rewritten to the stored form (refs.ts). The bytes wait in the context and are
// written only when the event itself is saved (sync.ts), so a refused or ignored object leaves
// no bytes behind. A received attachment past a bound is not copied: its line takes the refused
// form and the result a warning; the event is stored as usual (limits.ts). The organiser's own
// past a bound refuses the action.

import type { Component, Property } from '../itip/model.js';
import type { EventObject } from '../itip/objects.js';
import type { AttachmentRecord, MailMessage, RelatedPart } from '../types.js';
import type { UserTx } from '../store.js';
import type { AttachmentInput } from '../api.js';
import { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../mime/errors.js';
import { decodeBase64 } from '../mime/decode.js';
import { cleanName, mediaType } from './names.js';
import { digest, dropRefusedMark, readAttach, refusedLine, storedCid, storedLine } from './refs.js';
import { isOverflow, notSent, notStored, type AttachmentLimit, type Overflow } from './limits.js';

/**
 * Bytes waiting to be stored, and what this message (or action) has added so far. `spent`: an
 * attachment did not fit the message's budget, so every later one is refused too — attachments
 * are taken in order until the budget is spent.
 */
export interface Staging {
  records: Map<string, AttachmentRecord>;
  used: number;
  counted: Set<string>;
  spent: boolean;
}

/**
 * What staging needs of a handler's context (itip/context.ts's Ctx is one): the user's store, the
 * message's Content-ID parts and the staging area. Named here so that this module does not import
 * the context that creates its staging area.
 */
export interface StagingCtx {
  utx: Pick<UserTx, 'getAttachment'>;
  msg?: Pick<MailMessage, 'related'>;
  staging: Staging;
}

export function newStaging(): Staging {
  return { records: new Map(), used: 0, counted: new Set(), spent: false };
}

const slot = (uid: string, id: string) => `${uid}\u0000${id}`;

export function stagedRecord(ctx: StagingCtx, uid: string, id: string): AttachmentRecord | undefined {
  return ctx.staging.records.get(slot(uid, id));
}

/** Thrown inside staging (the message names the limit); the caller refuses the action or event with it. */
export class AttachmentRefusal extends Error {
  override name = 'AttachmentRefusal';
}

/**
 * Gives bytes an id within the event and stages them. The same file (name, type, bytes) always
 * gets the same id, so an update that carries it again sends the same Content-ID; a clash with
 * different bytes under one id is re-salted. `received`: a copy this event already has in the
 * store adds nothing to it, so it costs nothing of the message's budget (an update re-sending the
 * deck keeps it); the organiser's own always count, as every REQUEST carries all of them.
 */
export async function stage(
  ctx: StagingCtx,
  uid: string,
  name: string,
  type: string,
  data: Uint8Array,
  received = false,
): Promise<AttachmentRecord | Overflow> {
  if (data.length > MAX_ATTACHMENT_BYTES) return { overflow: 'MAX_ATTACHMENT_BYTES', size: data.length };
  for (let salt = 0; salt < 8; salt++) {
    const id = digest([uid, type, name, data, ...(salt ? [String(salt)] : [])]);
    const staged = stagedRecord(ctx, uid, id);
    const existing = staged ?? (await ctx.utx.getAttachment(uid, id));
    if (existing && !(existing.name === name && existing.type === type && sameBytes(existing.data, data))) continue;
    const record: AttachmentRecord = { uid, id, name, type, size: data.length, data };
    const free = received && !staged && !!existing;
    if (free) ctx.staging.counted.add(slot(uid, id));
    else if (!ctx.staging.counted.has(slot(uid, id))) {
      if (ctx.staging.spent || ctx.staging.used + data.length > MAX_MESSAGE_ATTACHMENT_BYTES) {
        ctx.staging.spent = true;
        return { overflow: 'MAX_MESSAGE_ATTACHMENT_BYTES', size: data.length };
      }
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

/** The organiser's own file, staged, or the action refused naming the bound. */
async function own(ctx: StagingCtx, uid: string, name: string, type: string, data: Uint8Array): Promise<AttachmentRecord> {
  const rec = await stage(ctx, uid, name, type, data);
  if (isOverflow(rec)) throw new AttachmentRefusal(notSent(name, rec));
  return rec;
}

const allComponents = (object: EventObject) => [object.master, ...object.overrides].filter((c): c is Component => !!c);

/** The organiser's components, refused when one would name more than MAX_ATTACHMENTS attachments. */
function components(object: EventObject, extra = 0): Component[] {
  const comps = allComponents(object);
  for (const c of comps) {
    const n = c.getAllProperties('attach').length + extra;
    if (n > MAX_ATTACHMENTS) throw new AttachmentRefusal(`the event names ${n} attachments; MAX_ATTACHMENTS allows ${MAX_ATTACHMENTS}`);
  }
  return comps;
}

/** A received event's components, each kept to its first MAX_ATTACHMENTS ATTACH lines (with a warning). */
function trimmed(object: EventObject, warnings: string[]): Component[] {
  const comps = allComponents(object);
  for (const c of comps) {
    const lines = c.getAllProperties('attach');
    if (lines.length <= MAX_ATTACHMENTS) continue;
    for (const extra of lines.slice(MAX_ATTACHMENTS)) c.removeProperty(extra);
    const where = c.hasProperty('recurrence-id') ? 'an occurrence of the event' : 'the event';
    warnings.push(`${where} names ${lines.length} attachments: only the first ${MAX_ATTACHMENTS} are kept (MAX_ATTACHMENTS)`);
  }
  return comps;
}

/** Missing and refused parts are reported one by one up to this many each, then counted. */
const MISSING_REPORTED = 10;

/** The warnings of one received object: each up to MISSING_REPORTED, then one summary. */
class Report {
  readonly warnings: string[] = [];
  private missing = 0;
  private refused = 0;
  private readonly limits = new Set<AttachmentLimit>();

  noPart(name: string | undefined, cid: string): void {
    if (++this.missing <= MISSING_REPORTED)
      this.warnings.push(`attachment ${name ? `"${name}" ` : ''}CID:${cid} names no part of this message: it is listed as missing`);
  }

  notStored(name: string, o: Overflow): void {
    if (++this.refused <= MISSING_REPORTED) this.warnings.push(notStored(name, o));
    else this.limits.add(o.overflow);
  }

  done(): string[] {
    if (this.missing > MISSING_REPORTED) this.warnings.push(`${this.missing - MISSING_REPORTED} more attachments name no part of this message`);
    if (this.refused > MISSING_REPORTED)
      this.warnings.push(`${this.refused - MISSING_REPORTED} more attachments not stored: past ${[...this.limits].sort().join(' or ')}`);
    return this.warnings;
  }
}

/** Tells inline data apart without hashing all of it (a refused one may be megabytes). */
const inlineKey = (base64: string) => digest([String(base64.length), base64.slice(0, 1024), base64.slice(-1024)]);

/** Stages a received attachment, or turns its line into the refused form. */
async function received(
  ctx: StagingCtx,
  report: Report,
  uid: string,
  comp: Component,
  prop: Property,
  name: string,
  type: string,
  data: Uint8Array | Overflow,
  key: string,
): Promise<void> {
  const rec = isOverflow(data) ? data : await stage(ctx, uid, name, type, data, true);
  if (!isOverflow(rec)) return storedLine(comp, prop, rec.id, name, type, rec.size);
  refusedLine(prop, key, name, type, rec.size, rec.overflow);
  report.notStored(name, rec);
}

/** The related part a Content-ID names: exactly, else ignoring case (some relays fold it). */
function findPart(related: RelatedPart[] | undefined, cid: string): RelatedPart | undefined {
  const parts = related ?? [];
  return parts.find((p) => p.contentId === cid) ?? parts.find((p) => p.contentId.toLowerCase() === cid.toLowerCase());
}

/**
 * Stages a received object's inline and CID attachments. Returns warnings: a CID the message
 * does not carry stays listed as missing, one past a size bound as refused (no bytes), lines
 * past MAX_ATTACHMENTS are dropped. Links stay. Throws AttachmentRefusal only when no id is free.
 */
export async function stageReceived(ctx: StagingCtx, object: EventObject): Promise<string[]> {
  const report = new Report();
  const before = { used: ctx.staging.used, counted: new Set(ctx.staging.counted), spent: ctx.staging.spent };
  try {
    for (const comp of trimmed(object, report.warnings)) {
      for (const prop of [...comp.getAllProperties('attach')]) {
        dropRefusedMark(prop);
        const ref = readAttach(prop);
        if (ref.kind === 'link' || ref.kind === 'refused') continue; // refused: not after dropRefusedMark
        if (ref.kind === 'inline') {
          const name = ref.name ?? 'attachment';
          const type = ref.type ?? 'application/octet-stream';
          await received(ctx, report, object.uid, comp, prop, name, type, decodeBase64(ref.base64), inlineKey(ref.base64));
          continue;
        }
        // Another imip-agent's parts look like our stored form: they are read as CID parts too.
        const cid = ref.kind === 'stored' ? storedCid(ref.id) : ref.cid;
        const part = findPart(ctx.msg?.related, cid);
        if (!part) {
          // A reference to a copy this event already has (the organiser re-sending without the part) stays stored.
          if (ref.kind === 'stored' && (await ctx.utx.getAttachment(object.uid, ref.id))) continue;
          report.noPart(ref.name, cid);
          continue;
        }
        const name = ref.name ?? (cleanName(part.filename) || 'attachment');
        const type = ref.type ?? mediaType(part.contentType);
        // A part the reader did not copy (too large) comes with its size only.
        const body: Uint8Array | Overflow =
          part.size !== undefined && part.size > MAX_ATTACHMENT_BYTES ? { overflow: 'MAX_ATTACHMENT_BYTES', size: part.size } : part.data;
        await received(ctx, report, object.uid, comp, prop, name, type, body, digest([cid]));
      }
    }
  } catch (e) {
    // Nothing of a refused object counts against the message, nor waits to be stored.
    ctx.staging.used = before.used;
    ctx.staging.counted = before.counted;
    ctx.staging.spent = before.spent;
    for (const k of [...ctx.staging.records.keys()]) if (k.startsWith(`${object.uid}\u0000`) && !before.counted.has(k)) ctx.staging.records.delete(k);
    throw e;
  }
  return report.done();
}

/**
 * The organiser's own event: inline data is staged like a received one, `CID:` lines must name
 * this event's stored attachments, and the given files are added to every component. Throws
 * AttachmentRefusal with a reason for the organiser.
 */
export async function stageOwn(ctx: StagingCtx, object: EventObject, inputs: AttachmentInput[]): Promise<void> {
  for (const comp of components(object, inputs.length)) {
    for (const prop of [...comp.getAllProperties('attach')]) {
      const ref = readAttach(prop);
      if (ref.kind === 'link') continue;
      // A received event's line (as `show` prints it) whose bytes were never stored here.
      if (ref.kind === 'refused')
        throw new AttachmentRefusal(`attachment "${ref.name ?? 'attachment'}" was not stored here: give the file as an attachment instead`);
      if (ref.kind === 'cid')
        throw new AttachmentRefusal(`ATTACH CID:${ref.cid} names no stored attachment of this event: give the file as an attachment instead`);
      if (ref.kind === 'stored') {
        const rec = stagedRecord(ctx, object.uid, ref.id) ?? (await ctx.utx.getAttachment(object.uid, ref.id));
        if (!rec)
          throw new AttachmentRefusal(`ATTACH CID:${ref.id}@imip-agent names no stored attachment of this event: give the file as an attachment instead`);
        // Counted like a new file: every REQUEST carries all of them. A name or type changed on
        // the line is taken (and makes it another file, with another Content-ID).
        const again = await own(ctx, object.uid, ref.name ?? rec.name, ref.type ?? rec.type, rec.data);
        storedLine(comp, prop, again.id, again.name, again.type, again.size);
        continue;
      }
      const name = ref.name ?? 'attachment';
      const type = ref.type ?? 'application/octet-stream';
      const rec = await own(ctx, object.uid, name, type, decodeBase64(ref.base64));
      storedLine(comp, prop, rec.id, name, type, rec.size);
    }
  }
  for (const input of inputs) {
    const name = cleanName(input.name);
    if (!name) throw new AttachmentRefusal('an attachment has no name');
    const rec = await own(ctx, object.uid, name, mediaType(input.type), input.data);
    for (const comp of components(object)) {
      const has = comp.getAllProperties('attach').some((p) => {
        const r = readAttach(p);
        return r.kind === 'stored' && r.id === rec.id;
      });
      if (!has) storedLine(comp, undefined, rec.id, rec.name, rec.type, rec.size);
    }
  }
}
