// Attachments on outgoing mail. A REQUEST carries every stored attachment its VEVENTs refer to
// as a MIME part with the line's Content-ID (RFC 6047 §4.3); a `CID:` the agent has no bytes for
// is dropped rather than sent dangling. Answers (REPLY, COUNTER, DECLINECOUNTER, REFRESH) never
// carry attachments: their ATTACH lines are removed. A CANCEL keeps links only.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { OutgoingAttachment, OutgoingMessage, Outcome } from '../types.js';
import { parseCalendar, serialize } from '../ical/parse.js';
import { normalizeAddress } from '../itip/address.js';
import { readAttach, storedCid } from './refs.js';
import { methodTraits } from '../itip/methods.js';

export async function attachParts(tx: StoreTx, opts: EngineOptions, out: Outcome): Promise<Outcome> {
  const utx = tx.user(normalizeAddress(opts.user));
  for (const m of out.outgoing) {
    if (!/^ATTACH[;:]/im.test(m.ics)) continue;
    await shape(m, (uid, id) => utx.getAttachment(uid, id));
  }
  return out;
}

async function shape(
  m: OutgoingMessage,
  load: (uid: string, id: string) => Promise<{ name: string; type: string; data: Uint8Array } | undefined>,
): Promise<void> {
  const { root } = parseCalendar(m.ics);
  const parts = new Map<string, OutgoingAttachment>();
  const allowed = methodTraits(m.method)?.attachments ?? 'links';
  for (const comp of root.getAllSubcomponents()) {
    for (const prop of [...comp.getAllProperties('attach')]) {
      if (allowed === 'none') {
        comp.removeProperty(prop);
        continue;
      }
      const ref = readAttach(prop);
      if (ref.kind === 'link' || (ref.kind === 'inline' && allowed === 'parts')) continue;
      if (allowed !== 'parts' || ref.kind !== 'stored') {
        comp.removeProperty(prop);
        continue;
      }
      const uid = String(comp.getFirstPropertyValue('uid') ?? m.uid ?? '');
      const cid = storedCid(ref.id);
      if (!parts.has(cid)) {
        const rec = await load(uid, ref.id);
        if (!rec) {
          comp.removeProperty(prop);
          continue;
        }
        parts.set(cid, { cid, name: rec.name, type: rec.type, data: rec.data });
      }
    }
  }
  m.ics = serialize(root);
  if (parts.size) m.attachments = [...parts.values()];
  else delete m.attachments;
}
