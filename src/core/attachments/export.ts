// Attachments in an exported calendar. The stored form `ATTACH:CID:<id>@imip-agent` (refs.ts)
// names a row of this store and means nothing to another program, so an export carries the
// bytes inline (RFC 5545 §3.8.1.1: ENCODING=BASE64;VALUE=BINARY). A line kept without its bytes
// (past a size bound) has nothing to carry: it is left out, and a COMMENT on the event says so.

import ICAL from 'ical.js';
import type { UserTx } from '../store.js';
import type { Component } from '../itip/model.js';
import { readAttach } from './refs.js';
import { base64 } from '../mime/encode.js';

/** Rewrites the stored ATTACH lines of `comp` (a copy being exported) into portable ones. */
export async function inlineAttachments(utx: Pick<UserTx, 'getAttachment'>, uid: string, comp: Component): Promise<void> {
  const left: string[] = [];
  for (const prop of comp.getAllProperties('attach')) {
    const ref = readAttach(prop);
    if (ref.kind !== 'stored' && ref.kind !== 'refused') continue;
    const record = ref.kind === 'stored' ? await utx.getAttachment(uid, ref.id) : undefined;
    if (!record) {
      comp.removeProperty(prop);
      left.push(ref.name ?? 'attachment');
      continue;
    }
    const line = new ICAL.Property('attach', comp);
    line.resetType('binary');
    line.setParameter('encoding', 'BASE64');
    line.setParameter('fmttype', record.type);
    line.setParameter('filename', record.name);
    line.setValue(new ICAL.Binary(base64(record.data)));
    comp.removeProperty(prop);
    comp.addProperty(line);
  }
  if (left.length) comp.addPropertyWithValue('comment', `Attachments not in this export (never stored: past a size limit): ${left.join(', ')}`);
}
