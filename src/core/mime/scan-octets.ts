// The pre-scan's (scan.ts) view of a raw message, whether it came as octets or as text: the few
// operations the MIME structure needs — an octet, the next line feed, the next boundary delimiter,
// a header section as text — without converting the whole message first. A folder of mail is
// mostly bodies the scan only passes over; converting them to a string would cost more than the
// scan itself.
//
// Offsets are the source's own (octets, or UTF-16 units of a string). Only ASCII markers are looked
// for, and in UTF-8 an ASCII octet is never part of a longer character, so a string's markers sit
// where the full reader (raw.ts, which works on the string's UTF-8 octets) finds them.

import { bytesToBinary, decodeHeaderBytes } from './decode.js';
import { MAX_HEADER_BYTES } from './errors.js';

/** Text and the range of it that is meant. */
export interface View {
  text: string;
  start: number;
  end: number;
}

export interface Octets {
  readonly length: number;
  /** Longest header section, in the source's units, that the full reader certainly accepts. */
  readonly maxHeader: number;
  /** The octet (a string's char code) at `i`. */
  at(i: number): number;
  /** Offset of the first LF in [from, to), or -1. */
  lineFeed(from: number, to: number): number;
  /** Offset of the first `needle` (ASCII) lying wholly inside [from, to), or -1. */
  find(needle: string, from: number, to: number): number;
  /** [start, end) as text with one char per octet where it is ASCII (a string's own chars
   * otherwise): a string is looked at in place, octets are converted for this range only. */
  view(start: number, end: number): View;
  /** [start, end) decoded as the full reader decodes a header section (raw.ts readEntity). */
  headerText(start: number, end: number): string;
}

class StringOctets implements Octets {
  readonly length: number;
  // A UTF-16 unit is up to 3 UTF-8 octets: past a third of the limit the reader may refuse it.
  readonly maxHeader = Math.floor(MAX_HEADER_BYTES / 3);
  constructor(private readonly s: string) {
    this.length = s.length;
  }
  at(i: number): number {
    return this.s.charCodeAt(i);
  }
  lineFeed(from: number, to: number): number {
    const nl = this.s.indexOf('\n', from);
    return nl < 0 || nl >= to ? -1 : nl;
  }
  find(needle: string, from: number, to: number): number {
    // The engine's own substring search (memchr-based) beats anything written here. Within an
    // inner multipart it searches a slice (a view, not a copy), so that a boundary that is missing
    // does not send the search through the rest of the message once per such part.
    if (to >= this.s.length) return this.s.indexOf(needle, from);
    const at = this.s.slice(from, to).indexOf(needle);
    return at < 0 ? -1 : from + at;
  }
  view(start: number, end: number): View {
    // No slice: on a slice of a two-byte string every character read goes through the parent.
    return { text: this.s, start, end };
  }
  headerText(start: number, end: number): string {
    // The reader takes a string's UTF-8 octets (raw.ts parseRawMessage) and decodes each header
    // section from them; doing the same keeps even a lone surrogate's replacement identical.
    return decodeHeaderBytes(new TextEncoder().encode(this.s.slice(start, end)));
  }
}

/** Reused shift table of the byte search below (the scan is synchronous, never re-entered). */
const SHIFT = new Int32Array(256);

class ByteOctets implements Octets {
  readonly length: number;
  readonly maxHeader = MAX_HEADER_BYTES;
  constructor(private readonly b: Uint8Array) {
    this.length = b.length;
  }
  at(i: number): number {
    return this.b[i]!;
  }
  lineFeed(from: number, to: number): number {
    // Header lines are short: a plain loop costs less than a call into Uint8Array#indexOf.
    const b = this.b;
    for (let i = from; i < to; i++) if (b[i] === 10) return i;
    return -1;
  }
  find(needle: string, from: number, to: number): number {
    // Boyer–Moore–Horspool: a delimiter is 3–72 octets, so most of a body is stepped over rather
    // than read; Uint8Array#indexOf has no multi-octet form and reads every octet.
    const b = this.b;
    const m = needle.length;
    if (m === 0) return from <= to ? from : -1;
    SHIFT.fill(m);
    for (let j = 0; j < m - 1; j++) SHIFT[needle.charCodeAt(j)] = m - 1 - j;
    const last = needle.charCodeAt(m - 1);
    for (let i = from + m - 1; i < to;) {
      const c = b[i]!;
      if (c === last) {
        let j = m - 2;
        const base = i - m + 1;
        while (j >= 0 && b[base + j] === needle.charCodeAt(j)) j--;
        if (j < 0) return base;
      }
      i += SHIFT[c]!;
    }
    return -1;
  }
  view(start: number, end: number): View {
    return { text: bytesToBinary(this.b.subarray(start, end)), start: 0, end: end - start };
  }
  headerText(start: number, end: number): string {
    return decodeHeaderBytes(this.b.subarray(start, end));
  }
}

export function octetsOf(raw: Uint8Array | string): Octets {
  return typeof raw === 'string' ? new StringOctets(raw) : new ByteOctets(raw);
}
