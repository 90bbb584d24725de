// Turning iCalendar values into the plain strings the pages show. Everything here produces text
// that pages put into the DOM with textContent only: nothing is ever interpreted as markup.

import ICAL from 'ical.js';
import type { Component, Property } from '../itip/model.js';
import { normalizeAddress } from '../itip/address.js';
import { isoUtc } from '../ical/tz.js';

/** Longest text shown for one property (a 20 MB DESCRIPTION is cut, not rendered). */
export const MAX_TEXT = 100_000;

export function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A TEXT property (ical.js has undone RFC 5545 escaping), or null when absent or empty. */
export function textValue(c: Component, name: string): string | null {
  const v = c.getFirstPropertyValue(name);
  if (v === null || v === undefined) return null;
  const s = String(v);
  return s === '' ? null : clip(s);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

const SKIPPED = new Set(['script', 'style', 'head', 'title']);
/** Tags that end a line: a break, and the end of a block. */
const BREAKS = new Set(['br', '/p', '/div', '/li', '/tr', '/h1', '/h2', '/h3', '/h4', '/h5', '/h6']);

/**
 * The text of an HTML description (X-ALT-DESC;FMTTYPE=text/html, Outlook's habit). Hand-written
 * because it only has to drop markup, never to render it: the result is shown as text, so an
 * imperfect conversion can only look odd, not run anything. One forward scan (every search
 * starts where the last ended), so hostile markup (`<<<<…`, unclosed `<script`) stays linear.
 */
export function htmlToText(html: string): string {
  const src = html.slice(0, MAX_TEXT * 4);
  const lower = src.toLowerCase();
  let out = '';
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, lt);
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4);
      i = end < 0 ? src.length : end + 3;
      continue;
    }
    const gt = src.indexOf('>', lt + 1);
    if (gt < 0) break; // an unclosed tag to the end: nothing after it is text
    const name = /^\/?[a-z0-9]*/.exec(lower.slice(lt + 1, Math.min(gt, lt + 12)))?.[0] ?? '';
    if (SKIPPED.has(name)) {
      const close = lower.indexOf(`</${name}`, gt + 1);
      const closeEnd = close < 0 ? -1 : lower.indexOf('>', close);
      i = closeEnd < 0 ? src.length : closeEnd + 1;
      continue;
    }
    if (BREAKS.has(name)) out += '\n';
    i = gt + 1;
  }
  const text = out
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (all, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
      }
      return ENTITIES[e.toLowerCase()] ?? all;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clip(text);
}

/** DESCRIPTION as text; an HTML-only description (X-ALT-DESC) reduced to its text. */
export function descriptionOf(c: Component): string | null {
  const plain = textValue(c, 'description');
  if (plain !== null) return plain;
  const alt = c.getFirstProperty('x-alt-desc');
  const html = alt ? String(alt.getFirstValue() ?? '') : '';
  return html ? htmlToText(html) || null : null;
}

/** The first address of an address-valued parameter (DELEGATED-TO may list several). */
export function paramAddress(p: Property, name: string): string | null {
  const raw = p.getParameter(name) as unknown;
  const first = Array.isArray(raw) ? raw[0] : raw;
  const address = first ? normalizeAddress(String(first)) : '';
  return address || null;
}

export function upper(value: unknown, fallback: string): string {
  const s = value === null || value === undefined ? '' : String(value).trim().toUpperCase();
  return s || fallback;
}

/** A canonical recurrence key (`YYYYMMDD` or `YYYYMMDDTHHMMSSZ`) as the protocol writes it. */
export function keyToIso(key: string): string {
  if (/^\d{8}$/.test(key)) return `${key.slice(0, 4)}-${key.slice(4, 6)}-${key.slice(6, 8)}`;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(key);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : key;
}

/** A date (`YYYY-MM-DD`) from an ICAL date, or an ISO instant. */
export function dateOrInstant(t: ICAL.Time, instant: number): string {
  if (t.isDate) return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  return isoUtc(instant);
}
