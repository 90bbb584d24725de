// Renders an OutgoingMessage as an RFC 5322 message in the layout CalConnect recommends for iMIP
// (and Thunderbird and Google use):
//
//   multipart/mixed
//   ├─ multipart/alternative
//   │  ├─ text/plain; charset=UTF-8                      (the summary)
//   │  └─ text/calendar; method=METHOD; charset=UTF-8     (RFC 6047 §2.4)
//   └─ application/ics; name="invite.ics"                (attachment, same object)
//
// `method=` is always on the text/calendar Content-Type: Outlook applies a REPLY and Google a
// CANCEL only when it is there (interop facts §Outlook 9, §Google 4).
//
// Every body is base64: it keeps the calendar's CRLF line ends and 75-octet folding byte for
// byte (RFC 5545 §3.1), whatever the text holds (trailing spaces, non-ASCII, a leading "From "
// or "."), lines stay at 76 characters, and base64 text/calendar is what Exchange itself sends,
// so every receiver reads it. Quoted-printable would add soft breaks and =20 escapes that the
// receiving side must undo exactly. Pure: the date, Message-ID and boundary seed are given.
import type { OutgoingAttachment, OutgoingMessage } from '../types.js';
import { base64Body, base64Lines, foldHeader, oneLine, phraseTokens, encodeWords, isPlainAscii, utf8Length } from './encode.js';
import { mediaType, safeFileName } from '../attachments/names.js';

/** The message cannot be rendered (an address that would break the header). */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/**
 * Content lines folded at 75 octets (RFC 5545 §3.1), CRLF line ends, never splitting a UTF-8
 * sequence. The input may be folded already (any width, CRLF or LF): it is unfolded first, so
 * folding twice gives the same text. Empty lines, which iCalendar does not allow, are dropped.
 */
export function foldLines(text: string): string {
  const logical = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n');
  const out: string[] = [];
  for (const line of logical) {
    if (!line) continue;
    let cur = '';
    let octets = 0;
    for (const cp of line) {
      const n = utf8Length(cp);
      if (octets + n > 75) {
        out.push(cur);
        // A continuation line starts with one space, which counts toward its 75 octets.
        cur = ' ';
        octets = 1;
      }
      cur += cp;
      octets += n;
    }
    out.push(cur);
  }
  return out.join('\r\n') + '\r\n';
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time in UTC (+0000), independent of the host's zone. */
export function formatMailDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** An addr-spec we are willing to put in a header: no spaces, controls, brackets or commas. */
function checkAddress(a: string): string {
  const addr = a.trim();
  if (!/^[^\s<>(),;:"\\\x00-\x1f\x7f]+@[^\s<>(),;:"\\@\x00-\x1f\x7f]+$/.test(addr)) {
    throw new RenderError(`cannot render mail: bad address ${JSON.stringify(a).slice(0, 80)}`);
  }
  return addr;
}

/** Boundary from the seed: only bchars (RFC 2046 §5.1.1), and "=_" which base64 bodies never contain. */
function boundary(kind: string, seed: string): string {
  const clean = seed.replace(/[^A-Za-z0-9]/g, '').slice(0, 40) || '0';
  return `=_${kind}_${clean}`;
}

function crlf(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').replace(/\n/g, '\r\n');
  return t.endsWith('\r\n') ? t : t + '\r\n';
}

/**
 * A file as its own part (RFC 6047 §4.3): the Content-ID the VEVENT's `ATTACH:CID:` names,
 * `Content-Disposition: attachment` with the file name (RFC 2231 for non-ASCII, with an RFC 2047
 * `name=` for older readers), base64.
 */
function attachmentPart(a: OutgoingAttachment): string[] {
  const cid = oneLine(a.cid).replace(/[<>\s]/g, '');
  if (!/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/.test(cid))
    throw new RenderError(`cannot render mail: bad Content-ID ${JSON.stringify(cid).slice(0, 80)}`);
  const name = safeFileName(a.name);
  const plain = isPlainAscii(name) && name.length <= 60;
  const quoted = `"${name.replace(/(["\\])/g, '\\$1')}"`;
  const nameParam = plain ? `name=${quoted}` : `name="${encodeWords(name).join(' ')}"`;
  const fileParam = plain
    ? `filename=${quoted}`
    : `filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
  return [
    foldHeader('Content-Type', [`${mediaType(a.type)};`, nameParam]),
    foldHeader('Content-Disposition', ['attachment;', fileParam]),
    `Content-ID: <${cid}>`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(a.data),
  ];
}

export function renderMessage(msg: OutgoingMessage, opts: { date: Date; messageId: string; boundarySeed: string }): string {
  const method = String(msg.method)
    .toUpperCase()
    .replace(/[^A-Z-]/g, '');
  if (!method) throw new RenderError('cannot render mail: no iTIP method');
  if (!msg.to.length) throw new RenderError('cannot render mail: no recipient');
  const from = checkAddress(msg.from);
  const to = msg.to.map(checkAddress);
  const messageId = oneLine(opts.messageId).replace(/[<>\s]/g, '');
  if (!/^[^@]+@[^@]+$/.test(messageId)) throw new RenderError(`cannot render mail: bad Message-ID ${JSON.stringify(messageId)}`);
  const subject = oneLine(msg.subject);
  const mixed = boundary('mixed', opts.boundarySeed);
  const alt = boundary('alt', opts.boundarySeed);
  const ics = foldLines(msg.ics);

  const headers = [
    foldHeader('From', [...phraseTokens(msg.fromName ?? ''), `<${from}>`]),
    foldHeader(
      'To',
      to.map((a, i) => (i < to.length - 1 ? `${a},` : a)),
    ),
    // RFC 2047 only where needed: a plain ASCII subject that fits stays readable.
    !subject ? 'Subject:' : isPlainAscii(subject) && subject.length <= 69 ? `Subject: ${subject}` : foldHeader('Subject', encodeWords(subject)),
    `Date: ${formatMailDate(opts.date)}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  // Parts of the multipart/mixed after the alternative: invite.ics, the bundled free/busy, files.
  const extra: string[][] = [
    [
      'Content-Type: application/ics; name="invite.ics"',
      'Content-Disposition: attachment; filename="invite.ics"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Body(ics),
    ],
  ];
  // The sender's free/busy travels as its own PUBLISH object (one method per object).
  if (msg.freebusy)
    extra.push([
      'Content-Type: text/calendar; method=PUBLISH; charset=UTF-8; name="freebusy.ifb"',
      'Content-Disposition: attachment; filename="freebusy.ifb"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Body(foldLines(msg.freebusy)),
    ]);
  for (const a of msg.attachments ?? []) extra.push(attachmentPart(a));
  const lines = [
    ...headers,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alt}"`,
    '',
    `--${alt}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(crlf(msg.text)) + `--${alt}`,
    `Content-Type: text/calendar; method=${method}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Body(ics) + `--${alt}--`,
    '',
    `--${mixed}`,
    // Each body ends with CRLF, which belongs to the delimiter that follows it (RFC 2046 §5.1.1).
    ...extra.flatMap((part, i) => {
      const lines = [...part];
      lines[lines.length - 1] += i === extra.length - 1 ? `--${mixed}--` : `--${mixed}`;
      return lines;
    }),
    '',
  ];
  return lines.join('\r\n');
}
