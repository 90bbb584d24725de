// Names and media types of attachments, which strangers write. A name is shown as text (never
// markup) and, where it becomes a file name, made safe for every file system we may write to.

import { displayLine } from '../display.js';

/** Longest file name written, in UTF-8 octets: file systems allow 255 (NAME_MAX), and room is
 * left for the ` (2)` uniqueFileName may add. Counted in characters, 40 CJK ones (3 octets each)
 * with a long extension went past it (ENAMETOOLONG). */
export const MAX_FILE_NAME_BYTES = 200;

/**
 * A name for display and for the ATTACH line: controls removed, whitespace collapsed, double
 * quotes (not allowed in an iCalendar parameter, RFC 5545 §3.1) replaced, bounded in length.
 */
export function cleanName(name: string | undefined): string {
  const clean = displayLine((name ?? '').normalize('NFC')).replace(/"/g, "'");
  return [...clean].slice(0, 255).join('');
}

const encoder = new TextEncoder();
function bytes(s: string): number {
  return encoder.encode(s).length;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name that is safe to create in a directory: the last path segment only (RFC 2183 §2.3:
 * no directory information is honoured), no controls, none of `<>:"/\|?*`, no leading dots or
 * spaces (hidden files, `..`), no trailing dots or spaces, not a Windows device name, bounded
 * in length with the extension kept. Never empty.
 */
export function safeFileName(name: string | undefined, fallback = 'attachment'): string {
  const segments = cleanName(name)
    .split(/[/\\]+/)
    .filter((s) => s.trim() !== '');
  let base = (segments[segments.length - 1] ?? '').replace(/[<>:"|?*]/g, '_');
  base = base.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (!base) base = fallback;
  if (WINDOWS_RESERVED.test(base)) base = `_${base}`;
  if (bytes(base) > MAX_FILE_NAME_BYTES) {
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 && base.length - dot <= 16 && bytes(base.slice(dot)) <= 64 ? base.slice(dot) : '';
    // Whole characters (code points) only, so no UTF-8 sequence is cut in half.
    const kept: string[] = [];
    let used = bytes(ext);
    for (const ch of base.slice(0, base.length - ext.length)) {
      if ((used += bytes(ch)) > MAX_FILE_NAME_BYTES) break;
      kept.push(ch);
    }
    base = (kept.join('').replace(/[.\s]+$/, '') || fallback) + ext;
  }
  return base;
}

/**
 * `name`, or `name (2).ext`, `name (3).ext`… — the first that `taken` does not hold (compared
 * case-insensitively, as on the file systems of Windows and macOS).
 */
export function uniqueFileName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** A lower-cased `type/subtype` without parameters, or application/octet-stream when unusable. */
export function mediaType(value: string | undefined): string {
  const t = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(t) && t.length <= 127 ? t : 'application/octet-stream';
}

/** A name for a link without one: the last segment of its path, decoded, else the host. */
export function nameFromUri(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)/i.exec(uri);
  if (!m) return cleanName(uri).slice(0, 80) || 'link';
  const last = m[2]!.split('/').filter(Boolean).pop();
  if (!last) return cleanName(m[1]) || 'link';
  try {
    return cleanName(decodeURIComponent(last)) || 'link';
  } catch {
    return cleanName(last) || 'link';
  }
}
