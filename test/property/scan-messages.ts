// Generated raw messages for the pre-scan property (scan.test.ts): one message per seed.

/** mulberry32: the whole message from one seed, so that a failure is reported by its seed. */
function rng(seed: number) {
  let s = seed | 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}
type Rng = ReturnType<typeof rng>;

const LEAF_TYPES = [
  'text/plain',
  'text/html',
  'text/calendar',
  'application/ics',
  'application/octet-stream',
  'application/pdf',
  'application/x-any',
  'image/png',
  'TEXT/Calendar',
  ' text/calendar ',
  'text',
  'text/',
  '"text/calendar"',
  'text/calendar; method=REQUEST',
  'text/x-vcalendar',
  'message/rfc822',
  'application/calendar',
  'text/plain; charset="a;b"',
  'text/cal\u00e9ndar',
  'text/plain (comment)',
  'application/x-ics',
];
const MULTI_TYPES = ['multipart/mixed', 'multipart/alternative', 'Multipart/Related', 'multipart/report', 'multipart/digest', 'multipart/mixed'];
const NAMES = [
  '',
  '; name="x.ics"',
  '; name=x.ICS',
  '; name="a.pdf"',
  "; name*=utf-8''inv%2Eics",
  '; name*0="inv."; name*1="ics"',
  '; name="=?utf-8?B?aW52aXRlLmljcw==?="',
  '; NAME="caf\u00e9.ics"',
  '; name="x.ics.pdf"',
  '; Name = "y.vcs"',
  '; filename="z.ifb"',
  '; name="r\u00e9union.pdf"',
  '; name="a.ics"; name="b.pdf"',
];
const DISPOSITIONS = [
  'attachment',
  'attachment; filename="y.ics"',
  "inline; filename*=utf-8''r%C3%A9union.ics",
  'attachment; FILENAME="a.txt"',
  'attachment; filename="z.vcs"',
  "attachment; filename*=iso-8859-1''caf%E9%2Eics",
  'attachment; filename="\u00e9t\u00e9.ics"',
  'attachment; filename="x.ics"; filename="y.pdf"',
];
const FIELD_NAMES = ['Content-Type', 'content-type', 'CONTENT-TYPE', 'Content-Type ', 'Content-Type\t', 'Content-Typo', 'X-Content-Type'];

/** A header field of `value`, sometimes folded at a `;` or a blank (RFC 5322 §2.2.3). */
function field(r: Rng, name: string, value: string, nl: () => string): string {
  if (!r.chance(0.3)) return `${name}: ${value}`;
  return `${name}:${value.replace(/;\s*|\s+/g, (m) => (r.chance(0.5) ? `${m.trimEnd()}${nl()}${r.pick([' ', '\t', '   '])}` : m))}`;
}

let boundaries = 0;
function entity(r: Rng, depth: number, nl: () => string): string {
  const multi = depth < 3 && r.chance(0.45);
  const type = multi ? r.pick(MULTI_TYPES) : r.pick(LEAF_TYPES);
  const boundary = r.pick(['b', '=_Part_', 'simple boundary ', "'()+_,-./:=?"]) + ++boundaries;
  const quoted = r.chance(0.7);
  // The boundary as the parameter gives it (a token cannot hold the specials).
  const realBoundary = quoted ? boundary : boundary.replace(/[ ()'=,:?/]/g, 'x');
  const value = quoted ? `"${realBoundary}"` : realBoundary;
  // The boundary parameter written every way parseStructured reads it: any case, blanks about the
  // `=`, after a quoted `;`, duplicated (the first counts), as RFC 2231 pieces (which override).
  const hex = realBoundary.replace(/[^A-Za-z0-9]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const params = multi
    ? r.pick([
        `; boundary=${value}`,
        `;boundary = ${value} `,
        `; BOUNDARY=${value}; charset=x`,
        `; x="a;boundary=zz"; boundary=${value}`,
        `; boundary=${value}; Boundary="other"`,
        `; boundary="zz"; boundary*=us-ascii''${hex}`,
        `; boundary*0="${realBoundary.slice(0, 2)}"; boundary*1="${realBoundary.slice(2)}"`,
        `; boundary="${realBoundary.replace(/b/g, '\\b')}"`,
        `; boundary=`,
        `; boundary`,
      ])
    : r.pick(NAMES);
  const lines: string[] = [];
  if (r.chance(0.3)) lines.push(field(r, 'X-Mailer', 'generated; v=1', nl));
  if (!r.chance(0.1)) lines.push(field(r, r.chance(0.8) ? 'Content-Type' : r.pick(FIELD_NAMES), type + params, nl));
  // A line that is no field, sometimes followed by a continuation (which continues nothing new).
  if (r.chance(0.15))
    lines.push(r.pick(['garbage without colon', ': empty name', 'Content-Type without colon']) + (r.chance(0.5) ? `${nl()} ; name="g.ics"` : ''));
  if (r.chance(0.4)) lines.push(field(r, r.pick(['Content-Disposition', 'content-disposition', 'CONTENT-DISPOSITION ']), r.pick(DISPOSITIONS), nl));
  if (r.chance(0.1)) lines.push(field(r, 'Content-Type', r.pick(['text/calendar', 'application/pdf']), nl));
  if (r.chance(0.1)) lines.push(`Subject: ${r.pick(['Gr\u00fc\u00dfe', 'd\u00e9j\u00e0 vu', 'plain'])}`);
  const head = lines.map((l) => l + nl()).join('');
  if (!multi) return `${head}${nl()}BEGIN:VCALENDAR${nl()}text --${realBoundary}x ${r.pick(['', '--b1', `--${realBoundary}`])}${nl()}END:VCALENDAR`;
  const delim = `--${realBoundary}`;
  const pad = () => r.pick(['', '', ' ', '\t \t', 'x', '--']);
  // The preamble holds BEGIN:VCALENDAR too, for when the type is lost (mangled field) and the
  // whole body is read as one part with a calendar name.
  let body = `BEGIN:VCALENDAR${r.chance(0.5) ? ` preamble ${delim}x` : ''}${nl()}`;
  const n = r.int(0, 3);
  for (let i = 0; i < n; i++) {
    const p = pad();
    // A padded delimiter counts; one followed by anything else, or by `--`, is the close or no delimiter.
    body += `${delim}${p === '--' ? '' : p}${nl()}${entity(r, depth + 1, nl)}${nl()}`;
  }
  if (r.chance(0.8)) body += `${delim}--${pad()}${nl()}`;
  if (r.chance(0.3)) body += `epilogue${nl()}${delim}${nl()}Content-Type: text/calendar${nl()}${nl()}BEGIN:VCALENDAR${nl()}`;
  return `${head}${nl()}${body}`;
}

export function message(seed: number): string {
  const r = rng(seed);
  boundaries = 0;
  const ends = r.pick(['crlf', 'lf', 'mixed'] as const);
  const nl = () => (ends === 'crlf' ? '\r\n' : ends === 'lf' ? '\n' : r.pick(['\r\n', '\n']));
  const mbox = r.chance(0.1) ? `From someone@example.com Mon Jan  1 00:00:00 2026${nl()}` : '';
  return `${mbox}From: a@example.com${nl()}To: b@example.com${nl()}Subject: ${r.pick(['x', 'Gr\u00fc\u00dfe \u20ac'])}${nl()}MIME-Version: 1.0${nl()}${entity(r, 0, nl)}`;
}
