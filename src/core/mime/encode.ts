// Encoders for outgoing mail: base64 (RFC 2045 §6.8), RFC 2047 encoded words and header folding
// (RFC 5322 §2.1.1, §2.2.3). Hand-written because postal-mime only parses, and src/core may not
// use Node's Buffer.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** A body in base64, 76 characters a line, CRLF, ending with CRLF. */
export function base64Body(text: string): string {
  return base64Lines(new TextEncoder().encode(text));
}

/** Octets in base64, 76 characters a line, CRLF, ending with CRLF (RFC 2045 §6.8). */
export function base64Lines(bytes: Uint8Array): string {
  const b = base64(bytes);
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 76) lines.push(b.slice(i, i + 76));
  return lines.join('\r\n') + '\r\n';
}

export function utf8Length(cp: string): number {
  const c = cp.codePointAt(0)!;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** Printable ASCII only (no controls), so it can stand in a header as it is. */
export function isPlainAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/**
 * RFC 2047 B-encoded words of at most 39 UTF-8 octets each (64 characters a word), split only
 * between code points so every word decodes on its own (§5 rule: no partial characters).
 */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  let octets = 0;
  for (const cp of text) {
    const n = utf8Length(cp);
    if (octets + n > 39 && chunk) {
      words.push(`=?UTF-8?B?${base64(new TextEncoder().encode(chunk))}?=`);
      chunk = '';
      octets = 0;
    }
    chunk += cp;
    octets += n;
  }
  if (chunk) words.push(`=?UTF-8?B?${base64(new TextEncoder().encode(chunk))}?=`);
  return words;
}

/** `Name: tok tok…`, folded before a token whenever the line would pass 78 characters. */
export function foldHeader(name: string, tokens: string[]): string {
  let line = `${name}:`;
  const lines: string[] = [];
  for (const t of tokens) {
    if (line.length + 1 + t.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${t}`;
    } else line += ` ${t}`;
  }
  lines.push(line);
  return lines.join('\r\n');
}

/** Header text with no line breaks or controls left (header injection). */
export function oneLine(s: string): string {
  return s
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/** Display-name tokens: atoms as they are, other ASCII quoted, non-ASCII or long as encoded words. */
export function phraseTokens(name: string): string[] {
  const n = oneLine(name);
  if (!n) return [];
  if (isPlainAscii(n) && n.length <= 60) {
    if (ATEXT_PHRASE.test(n)) return n.split(' ');
    return [`"${n.replace(/(["\\])/g, '\\$1')}"`];
  }
  return encodeWords(n);
}
