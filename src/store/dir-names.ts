// File names of the directory store: one file per key, and no two keys in one file — also on
// file systems that ignore case (macOS, Windows), and whatever a stranger puts in a UID.
//
// A key part is percent-encoded (encodeURIComponent), then every upper-case letter, `.`, `*` and
// `~` outside an escape is escaped too: a name then holds upper-case letters only as the hex
// digits of escapes, which every `%` begins, so two names equal but for case are the same name.
// A name longer than 120 characters keeps its first 80 and adds `~` and a SHA-256 of the whole
// part: `~` appears in no short name, so a crafted short key cannot take a long key's file.

import { createHash } from 'node:crypto';

/** Longest encoded key part kept as it is. */
const MAX_PLAIN = 120;
/** Characters of a long part kept before its hash. */
const KEPT = 80;

/** The encoding, character by character (so the encoding of a prefix is a prefix). */
export function encodePart(part: string): string {
  return encodeURIComponent(part).replace(/%[0-9A-F]{2}|[A-Z.*~]/g, (m) => (m.length === 3 ? m : `%${m.charCodeAt(0).toString(16).toUpperCase()}`));
}

/** A safe, bounded, case-insensitively injective file name for any key part. */
export function fileName(part: string): string {
  const enc = encodePart(part) || '%';
  if (enc.length <= MAX_PLAIN) return enc;
  return `${enc.slice(0, KEPT)}~${createHash('sha256').update(part).digest('hex').slice(0, 32)}`;
}

/** The start every file name of keys with this prefix shares ('' when it cannot be known). */
export function namePrefix(prefix: string): string {
  const enc = encodePart(prefix);
  return enc.length <= KEPT ? enc : '';
}
