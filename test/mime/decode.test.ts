import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binaryToBytes, bytesToBinary, decodeBase64, decodeCharset, decodeQuotedPrintable, decodeTransfer } from '../../src/core/mime/decode.js';
import { parseAddresses, parseStructured, recodeLegacyWords } from '../../src/core/mime/headers.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

test('quoted-printable: soft breaks, hex case, padding, malformed escapes', () => {
  assert.equal(text(decodeQuotedPrintable('Gr=C3=BC=c3=9fe =\r\nan alle   \r\nA=3DB =ZZ =')), 'Grüße an alle\r\nA=B =ZZ ');
  assert.equal(text(decodeQuotedPrintable('line1\nline2')), 'line1\r\nline2');
});

test('base64 ignores line breaks and junk, stops at padding', () => {
  assert.equal(text(decodeBase64('SGFs\r\nbG8g\r\n4oKs!!\r\n')), 'Hallo €');
  assert.equal(text(decodeBase64('SGk=garbage')), 'Hi');
  // 7bit/8bit: the binary string's octets pass through; the charset decides later.
  assert.deepEqual([...decodeTransfer('a\u00fc', '8bit')], [0x61, 0xfc]);
});

test('charsets: windows-1252 high range, ISO-8859-1, unknown label, BOM', () => {
  assert.equal(decodeCharset(new Uint8Array([0x80, 0x84, 0x93, 0x96, 0xdc]), 'windows-1252'), '€„“–Ü');
  assert.equal(decodeCharset(new Uint8Array([0xe4, 0xf6]), 'ISO-8859-1'), 'äö');
  assert.equal(decodeCharset(new Uint8Array([0xc3, 0xa4, 0xff]), 'x-klingon'), 'ä\uFFFD');
  assert.equal(decodeCharset(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]), 'utf-8'), 'A');
  assert.equal(decodeCharset(new Uint8Array([0x41]), undefined), 'A');
});

test('structured values: case, quotes, RFC 2231 continuations and charsets, encoded words, first duplicate wins', () => {
  const ct = parseStructured('TeXt/CaLeNdAr; METHOD=publish; charset="utf-8"; charset=latin1; Name="=?UTF-8?Q?Geb=C3=BChr.ics?="');
  assert.equal(ct.value, 'text/calendar');
  assert.equal(ct.params['method'], 'publish');
  assert.equal(ct.params['charset'], 'utf-8');
  assert.equal(ct.params['name'], 'Gebühr.ics');
  const cd = parseStructured(`attachment; filename*0*=iso-8859-1''Termin%20f%FCr; filename*1=" Alice"; filename*2*=%2Eics`);
  assert.equal(cd.value, 'attachment');
  assert.equal(cd.params['filename'], 'Termin für Alice.ics');
  assert.equal(parseStructured('multipart/mixed; boundary="a;b=c"').params['boundary'], 'a;b=c');
  assert.equal(parseStructured(undefined).value, '');
});

test('addresses: lower-cased, names decoded, groups flattened, legacy charsets kept whole', () => {
  assert.deepEqual(parseAddresses('=?windows-1252?Q?M=FCller=2C_=80?= <X@Example.COM>, Team: a@b.example, c@d.example;'), [
    { address: 'x@example.com', name: 'Müller, €' },
    { address: 'a@b.example' },
    { address: 'c@d.example' },
  ]);
  assert.deepEqual(parseAddresses(''), []);
  assert.equal(recodeLegacyWords('=?utf-8?Q?x?='), '=?utf-8?Q?x?=');
});

test('binary strings keep every octet, in ASCII chunks and 8-bit ones, at any offset', () => {
  // 100,000 octets: three chunks of ASCII, one with every octet value, and a view that does not
  // start on a word boundary (the reader's body views).
  const bytes = new Uint8Array(100_003);
  for (let i = 0; i < bytes.length; i++) bytes[i] = 32 + (i % 90);
  for (let i = 0; i < 256; i++) bytes[70_000 + i] = i;
  for (const view of [bytes, bytes.subarray(3), bytes.subarray(1, 40_001), bytes.subarray(0, 0)]) {
    const bin = bytesToBinary(view);
    assert.equal(bin.length, view.length);
    assert.deepEqual(binaryToBytes(bin), view);
  }
  assert.equal(bytesToBinary(new Uint8Array([0x61, 0xe2, 0x82, 0xac, 0xff])), 'a\u00e2\u0082\u00ac\u00ff');
});
