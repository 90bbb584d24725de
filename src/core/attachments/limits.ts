// The attachment bounds and the words that name them. A received attachment past a bound is not
// copied but stays listed as `refused` (the invitation still reaches the user: a 12 MiB deck
// must not cost the meeting); the organiser's own file past a bound refuses the action, since the
// user can fix their input. README "Limits on hostile input" lists the same constants.

import { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from '../mime/errors.js';

export type AttachmentLimit = 'MAX_ATTACHMENT_BYTES' | 'MAX_MESSAGE_ATTACHMENT_BYTES';

/** A bound an attachment passes, and its size (declared by the reader or measured). */
export interface Overflow {
  overflow: AttachmentLimit;
  size: number;
}

export const isOverflow = (x: object): x is Overflow => 'overflow' in x;

const KiB = 1024;
const MiB = 1024 * 1024;

/** `12.0 MiB`, `3.5 KiB`, `200 octets`. */
export function sizeText(size: number): string {
  if (size >= MiB) return `${(size / MiB).toFixed(1)} MiB`;
  if (size >= KiB) return `${(size / KiB).toFixed(1)} KiB`;
  return `${size} octet${size === 1 ? '' : 's'}`;
}

/** The limit as it is configured: `MAX_ATTACHMENT_BYTES (8 MiB)`. */
export function limitText(limit: AttachmentLimit): string {
  const bytes = limit === 'MAX_ATTACHMENT_BYTES' ? MAX_ATTACHMENT_BYTES : MAX_MESSAGE_ATTACHMENT_BYTES;
  return `${limit} (${bytes % MiB === 0 ? `${bytes / MiB} MiB` : sizeText(bytes)})`;
}

/**
 * The size as the reader should see it next to the limit: in octets when one decimal of MiB
 * would hide that it is larger (8 MiB and one octet is not "8.0 MiB, larger than 8 MiB").
 */
function shownSize(o: Overflow): string {
  if (o.overflow === 'MAX_ATTACHMENT_BYTES' && o.size < MAX_ATTACHMENT_BYTES + MiB / 10) return `${o.size} octets`;
  return sizeText(o.size);
}

/** Why a received attachment was not copied (a warning on the result). */
export function notStored(name: string, o: Overflow): string {
  const why = o.overflow === 'MAX_ATTACHMENT_BYTES' ? `larger than ${limitText(o.overflow)}` : `this message's attachments used up ${limitText(o.overflow)}`;
  return `attachment "${name}" (${shownSize(o)}) not stored: ${why}`;
}

/** Why the organiser's own file refuses the action. */
export function notSent(name: string, o: Overflow): string {
  if (o.overflow === 'MAX_ATTACHMENT_BYTES') return `attachment "${name}" (${shownSize(o)}) is larger than ${limitText(o.overflow)}`;
  return `attachments add up to more than ${limitText(o.overflow)} at "${name}" (${shownSize(o)})`;
}
