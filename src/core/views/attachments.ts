// Attachments as the pages list them (AttachmentView): the stored event's through the engine's
// own reader (core/attachments/read.ts), an incoming message's from its ATTACH lines. Links are
// shown, never loaded; only stored bytes get an id for `attachment.get`.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { AttachmentView, EventView } from '../../shared/protocol.js';
import type { Component } from '../itip/model.js';
import { listAttachments } from '../attachments/read.js';
import { readAttach } from '../attachments/refs.js';
import { nameFromUri } from '../attachments/names.js';

/** Most attachments listed for one event (the engine keeps at most MAX_ATTACHMENTS anyway). */
const MAX_LISTED = 200;

/** The stored attachments of one view: the master's for the series, else the occurrence's. */
export async function storedAttachments(tx: StoreTx, opts: EngineOptions, view: Pick<EventView, 'uid' | 'recurrenceId'>): Promise<AttachmentView[]> {
  const all = await listAttachments(tx, opts, { uid: view.uid, ...(view.recurrenceId ? { recurrenceId: view.recurrenceId } : {}) });
  // With a recurrence id the list is that occurrence's; without, the master's then each
  // override's (tagged): the series shows its own.
  const own = view.recurrenceId ? all : all.filter((a) => a.recurrenceId === null);
  return own.slice(0, MAX_LISTED).map((a) => ({
    id: a.kind === 'stored' ? a.id : null,
    name: a.name,
    type: a.type,
    size: a.size,
    uri: a.kind === 'link' ? (a.uri ?? null) : null,
    ...(a.kind === 'missing' || a.kind === 'refused' ? { unavailable: a.kind } : {}),
  }));
}

/** The attachments an incoming component carries, before anything is stored. */
export function messageAttachments(c: Component): AttachmentView[] {
  return c
    .getAllProperties('attach')
    .slice(0, MAX_LISTED)
    .map((prop) => {
      const ref = readAttach(prop);
      const name = ref.name ?? (ref.kind === 'link' ? nameFromUri(ref.uri) : 'attachment');
      // Inline data: its size is what the base64 decodes to (RFC 4648 §4), unless SIZE says.
      const size = ref.size ?? (ref.kind === 'inline' ? Math.floor((ref.base64.replace(/[^A-Za-z0-9+/]/g, '').length * 3) / 4) : null);
      return { id: null, name, type: ref.type ?? 'application/octet-stream', size, uri: ref.kind === 'link' ? ref.uri : null };
    });
}
