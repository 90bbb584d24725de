// Reading an event's attachments for the add-on and the CLI: the list (name, type, size, where
// the bytes are) and one stored attachment's bytes. Links are listed, never fetched.

import type { AttachmentQuery, EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { AttachmentInfo } from '../api.js';
import { makeCtx, type Ctx } from '../itip/context.js';
import type { Component } from '../itip/model.js';
import { recurrenceIdOf } from '../itip/model.js';
import { findOverride, loadStored, type EventObject } from '../itip/objects.js';
import { ridFromArg } from '../itip/actions/common.js';
import { decodeBase64 } from '../mime/decode.js';
import { digest, readAttach } from './refs.js';
import { nameFromUri, safeFileName } from './names.js';

/**
 * The attachments of an event: without `recurrenceId` the master's and then each override's
 * (tagged with its recurrence id); with one, that occurrence's — its override's own list, or the
 * master's when the occurrence is not overridden. An unknown event has none. A bad recurrence id
 * throws CalendarError.
 */
export async function listAttachments(tx: StoreTx, opts: EngineOptions, args: AttachmentQuery): Promise<AttachmentInfo[]> {
  const ctx = await makeCtx(tx, opts);
  const rid = ridFromArg(ctx, args.recurrenceId);
  const stored = await ctx.utx.getEvent(args.uid);
  if (!stored) return [];
  const object = loadStored(stored.ics, ctx.zone);
  let comps: Component[];
  if (rid) {
    const own = findOverride(object, rid);
    comps = own ? [own] : object.master ? [object.master] : [];
  } else comps = [object.master, ...object.overrides].filter((c): c is Component => !!c);
  const out: AttachmentInfo[] = [];
  const rows = new Set(stored.attachments ?? []);
  for (const comp of comps) out.push(...(await describe(ctx, args.uid, object, comp, rows)));
  return out;
}

async function describe(ctx: Ctx, uid: string, object: EventObject, comp: Component, rows: Set<string>): Promise<AttachmentInfo[]> {
  const rid = comp.hasProperty('recurrence-id') ? recurrenceIdOf(comp, object.ctx) || null : null;
  const out: AttachmentInfo[] = [];
  for (const prop of comp.getAllProperties('attach')) {
    const ref = readAttach(prop);
    const base = { recurrenceId: rid };
    if (ref.kind === 'link') {
      const name = ref.name ?? nameFromUri(ref.uri);
      out.push({
        id: `link-${digest([ref.uri])}`,
        name,
        fileName: safeFileName(name),
        type: ref.type ?? 'application/octet-stream',
        size: ref.size ?? null,
        uri: ref.uri,
        kind: 'link',
        ...base,
      });
    } else if (ref.kind === 'stored') {
      // The line carries name, type and size; the bytes are read only when the line lacks one.
      const has = rows.has(ref.id);
      const rec = has && (ref.name === undefined || ref.type === undefined || ref.size === undefined) ? await ctx.utx.getAttachment(uid, ref.id) : undefined;
      const name = ref.name ?? rec?.name ?? 'attachment';
      const type = ref.type ?? rec?.type ?? 'application/octet-stream';
      out.push({
        id: ref.id,
        name,
        fileName: safeFileName(name),
        type,
        size: has ? (rec?.size ?? ref.size ?? null) : null,
        kind: has ? 'stored' : 'missing',
        ...base,
      });
    } else if (ref.kind === 'refused') {
      // Past a size bound on receipt: listed with what the sender declared or the reader measured, no bytes.
      const name = ref.name ?? 'attachment';
      out.push({
        id: `refused-${ref.key}`,
        name,
        fileName: safeFileName(name),
        type: ref.type ?? 'application/octet-stream',
        size: ref.size ?? null,
        kind: 'refused',
        ...base,
      });
    } else if (ref.kind === 'cid') {
      const name = ref.name ?? 'attachment';
      out.push({
        id: `missing-${digest([ref.cid])}`,
        name,
        fileName: safeFileName(name),
        type: ref.type ?? 'application/octet-stream',
        size: null,
        kind: 'missing',
        ...base,
      });
    } else {
      // Inline data in an event stored before attachments had their own table (schema < 3).
      const data = decodeBase64(ref.base64);
      const name = ref.name ?? 'attachment';
      out.push({
        id: inlineId(ref.base64),
        name,
        fileName: safeFileName(name),
        type: ref.type ?? 'application/octet-stream',
        size: data.length,
        kind: 'stored',
        ...base,
      });
    }
  }
  return out;
}

const inlineId = (base64: string) => `inline-${digest([base64])}`;

/** One stored attachment's bytes, or undefined (unknown event or id, a link, a missing part). */
export async function getAttachment(
  tx: StoreTx,
  opts: EngineOptions,
  args: { uid: string; id: string },
): Promise<{ name: string; type: string; data: Uint8Array } | undefined> {
  const ctx = await makeCtx(tx, opts);
  const rec = await ctx.utx.getAttachment(args.uid, args.id);
  if (rec) {
    // The name and type the event's line gives win: they are what listAttachments showed.
    const info = (await listAttachments(tx, opts, { uid: args.uid })).find((a) => a.id === args.id);
    return { name: info?.name ?? rec.name, type: info?.type ?? rec.type, data: rec.data };
  }
  if (!args.id.startsWith('inline-')) return undefined;
  const stored = await ctx.utx.getEvent(args.uid);
  if (!stored) return undefined;
  const object = loadStored(stored.ics, ctx.zone);
  for (const comp of [object.master, ...object.overrides].filter((c): c is Component => !!c))
    for (const prop of comp.getAllProperties('attach')) {
      const ref = readAttach(prop);
      if (ref.kind === 'inline' && inlineId(ref.base64) === args.id)
        return { name: ref.name ?? 'attachment', type: ref.type ?? 'application/octet-stream', data: decodeBase64(ref.base64) };
    }
  return undefined;
}
