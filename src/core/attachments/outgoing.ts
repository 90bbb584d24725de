// Attachments on outgoing mail. A REQUEST carries every stored attachment its VEVENTs refer to
// as a MIME part with the line's Content-ID (RFC 6047 §4.3); a `CID:` the agent has no bytes for
// is dropped rather than sent dangling. Answers (REPLY, COUNTER, DECLINECOUNTER, REFRESH) never
// carry attachments: their ATTACH lines are removed. A CANCEL keeps links only.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { OutgoingAttachment, OutgoingMessage, Outcome } from '../types.js';
import ICAL from 'ical.js';
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

/**
 * Shapes the ATTACH lines of one message on its text, line by line: the message was written by the
 * engine a moment ago (core/itip/compose.ts), so only its ATTACH lines are read — each alone, as a
 * property — and every other line goes out exactly as written, not parsed and serialised again.
 * Lines inside nested components (a VALARM's ATTACH is the alarm's sound or file) are left alone.
 */
async function shape(
  m: OutgoingMessage,
  load: (uid: string, id: string) => Promise<{ name: string; type: string; data: Uint8Array } | undefined>,
): Promise<void> {
  const parts = new Map<string, OutgoingAttachment>();
  const allowed = methodTraits(m.method)?.attachments ?? 'links';
  const lines = logicalLines(m.ics);
  const keep = lines.map(() => true);
  let depth = 0;
  let block: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = lines[i]!.unfolded;
    if (/^BEGIN:/i.test(name)) {
      depth++;
      if (depth === 2) block = [];
      continue;
    }
    if (/^END:/i.test(name)) {
      if (depth === 2) await shapeBlock(block);
      depth--;
      continue;
    }
    if (depth === 2) block.push(i);
  }

  /** One top-level component's own lines: its UID, then its ATTACH lines judged in order. */
  async function shapeBlock(indices: number[]): Promise<void> {
    const uidLine = indices.find((i) => /^UID[;:]/i.test(lines[i]!.unfolded));
    const uid = uidLine !== undefined ? String(ICAL.Property.fromString(lines[uidLine]!.unfolded).getFirstValue() ?? '') : String(m.uid ?? '');
    for (const i of indices) {
      if (!/^ATTACH[;:]/i.test(lines[i]!.unfolded)) continue;
      if (allowed === 'none') {
        keep[i] = false;
        continue;
      }
      const ref = readAttach(ICAL.Property.fromString(lines[i]!.unfolded));
      if (ref.kind === 'link' || (ref.kind === 'inline' && allowed === 'parts')) continue;
      if (allowed !== 'parts' || ref.kind !== 'stored') {
        keep[i] = false;
        continue;
      }
      const cid = storedCid(ref.id);
      if (parts.has(cid)) continue;
      const rec = await load(uid, ref.id);
      if (!rec) {
        keep[i] = false;
        continue;
      }
      parts.set(cid, { cid, name: rec.name, type: rec.type, data: rec.data });
    }
  }

  if (keep.includes(false))
    m.ics =
      lines
        .filter((_, i) => keep[i])
        .map((l) => l.raw)
        .join('\r\n') + '\r\n';
  if (parts.size) m.attachments = [...parts.values()];
  else delete m.attachments;
}

/** Content lines (RFC 5545 §3.1): each as written (folds kept) and unfolded. */
function logicalLines(ics: string): { raw: string; unfolded: string }[] {
  const out: { raw: string; unfolded: string }[] = [];
  for (const physical of ics.split(/\r?\n/)) {
    const last = out[out.length - 1];
    if (last && (physical.startsWith(' ') || physical.startsWith('\t'))) {
      last.raw += `\r\n${physical}`;
      last.unfolded += physical.slice(1);
    } else if (physical) out.push({ raw: physical, unfolded: physical });
  }
  return out;
}
