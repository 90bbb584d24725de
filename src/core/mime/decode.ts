// Content-Transfer-Encoding (RFC 2045 §6) and charset decoding, on Uint8Array only: this module
// is bundled for the browser too, so no Node Buffer. Hand-written because postal-mime keeps its
// decoders private (its package exports only the parser, addressParser and decodeWords).

const B64 = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});
// RFC 4648 §5 URL-safe letters as well: some senders use them, and they cannot clash.
B64['-'.charCodeAt(0)] = 62;
B64['_'.charCodeAt(0)] = 63;

/** Bytes of a "binary string" (one char per octet, code 0–255). */
export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * A "binary string" of bytes (one char per octet). Not TextDecoder('latin1'): WHATWG maps that
 * label to windows-1252, which changes 0x80–0x9F and would corrupt 8-bit bodies. Not the
 * UTF-16 decoder over widened octets either: it makes a two-byte string and a two-byte temporary,
 * four times the message's size, which a 10 MB hostile message turned into 40 MB at once. Here
 * the result is a one-byte string: chunks of pure ASCII (nearly all mail) go through the native
 * UTF-8 decoder, which gives one-byte strings for ASCII; the others through String.fromCharCode.
 */
export function bytesToBinary(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += BINARY_CHUNK) {
    const chunk = b.subarray(i, i + BINARY_CHUNK);
    s += isAscii(chunk) ? asciiDecoder.decode(chunk) : String.fromCharCode.apply(null, chunk as unknown as number[]);
  }
  return s;
}
/** Octets per step: small enough for fromCharCode's argument list, large enough to be cheap. */
const BINARY_CHUNK = 32 * 1024;
const asciiDecoder = new TextDecoder('utf-8');

function isAscii(b: Uint8Array): boolean {
  // Four octets at a time where the chunk is aligned (it is, but for the last one's tail).
  const words = b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >> 2) : undefined;
  const from = words ? words.length * 4 : 0;
  if (words) for (let i = 0; i < words.length; i++) if (words[i]! & 0x80808080) return false;
  for (let i = from; i < b.length; i++) if (b[i]! & 0x80) return false;
  return true;
}

/** Lenient base64 (RFC 2045 §6.8): characters outside the alphabet are ignored, as the RFC says. */
export function decodeBase64(s: string): Uint8Array {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61 /* = */) break;
    const v = c < 256 ? B64[c]! : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Quoted-printable (RFC 2045 §6.7) from a binary string: soft breaks removed, trailing
 *  whitespace (transport padding) dropped, a malformed `=` kept as it is (rule 1 leniency). */
export function decodeQuotedPrintable(s: string): Uint8Array {
  const lines = s.split(/\r?\n/);
  // LF-only input gains a CR per line.
  const out = new Uint8Array(s.length + lines.length);
  let n = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!.replace(/[ \t]+$/, '');
    let soft = false;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (c === 61) {
        if (i === line.length - 1) {
          soft = true;
          break;
        }
        const h = hex(line.charCodeAt(i + 1));
        const l = hex(line.charCodeAt(i + 2));
        if (h >= 0 && l >= 0) {
          out[n++] = (h << 4) | l;
          i += 2;
          continue;
        }
      }
      out[n++] = c & 0xff;
    }
    if (!soft && li < lines.length - 1) {
      out[n++] = 13;
      out[n++] = 10;
    }
  }
  return out.subarray(0, n);
}

/** Undo a Content-Transfer-Encoding; 7bit, 8bit, binary and unknown values pass through. */
export function decodeTransfer(body: string, encoding: string | undefined): Uint8Array {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return binaryToBytes(body);
  }
}

// windows-1252 octets 0x80–0x9F (WHATWG Encoding index). Node 20's TextDecoder maps them to
// C1 controls instead (it decodes this label as plain Latin-1), which would lose the € and the
// typographic quotes that Outlook puts even in parts labelled iso-8859-1; so it is done here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = Array.from(bytes.subarray(i, i + CHUNK), (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b));
    s += String.fromCharCode(...codes);
  }
  return s;
}

/** Text in the named charset. An unknown or missing label means UTF-8; bad sequences become
 *  U+FFFD. Never throws. */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  let label = (charset ?? '').trim().toLowerCase() || 'utf-8';
  // Senders write these; WHATWG's label list does not know all of them.
  if (label === 'utf8') label = 'utf-8';
  if (label === 'latin1' || label === 'latin-1') label = 'iso-8859-1';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  // WHATWG folds us-ascii, iso-8859-1 and latin1 into windows-1252 as well.
  let text = decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** Header octets: UTF-8 when valid (RFC 6532), else windows-1252 (what 8-bit legacy headers mostly are). */
export function decodeHeaderBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** The bytes of an RFC 2047 encoded word's text (§4.1 B, §4.2 Q). */
export function decodeWordBytes(encoding: string, text: string): Uint8Array {
  if (encoding.toUpperCase() === 'B') return decodeBase64(text);
  return decodeQuotedPrintable(text.replace(/_/g, ' '));
}
