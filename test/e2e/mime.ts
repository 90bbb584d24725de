// Reads what reached the SMTP sink, independently of the engine's own MIME code (a test that used
// the code under test to read its output would miss its mistakes): a small RFC 2045/2046 walker
// and an RFC 5545 line reader, enough to assert parameters, METHOD, UID, ATTENDEE and COMMENT.

export interface Part {
  headers: Map<string, string>;
  /** Media type, lower case (`text/calendar`). */
  type: string;
  /** Content-Type parameters, names lower case, values unquoted. */
  params: Record<string, string>;
  /** Decoded body (UTF-8) for leaf parts. */
  body: string;
  children: Part[];
}

function unfoldHeaders(block: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!map.has(name)) map.set(name, line.slice(i + 1).trim());
  }
  return map;
}

export function parseParams(value: string): { value: string; params: Record<string, string> } {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const params: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p
      .slice(i + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { value: parts[0]!.trim().toLowerCase(), params };
}

function decode(body: string, cte: string | undefined): string {
  const enc = (cte ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
    return bytes.toString('utf8');
  }
  return Buffer.from(body, 'latin1').toString('utf8');
}

export function parseMime(raw: string): Part {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const rest = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = unfoldHeaders(head);
  const ct = parseParams(headers.get('content-type') ?? 'text/plain; charset=us-ascii');
  const part: Part = { headers, type: ct.value, params: ct.params, body: '', children: [] };
  if (ct.value.startsWith('multipart/') && ct.params['boundary']) {
    const b = ct.params['boundary'];
    const pieces = rest.split(new RegExp(`(?:^|\\r?\\n)--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    for (const piece of pieces.slice(1, -1)) part.children.push(parseMime(piece));
  } else {
    part.body = decode(rest, headers.get('content-transfer-encoding'));
  }
  return part;
}

export function walk(p: Part): Part[] {
  return [p, ...p.children.flatMap(walk)];
}

export interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Content lines of an iCalendar text (unfolded), with the component path they sit in. */
export function icalProps(text: string): (Prop & { component: string; block: number })[] {
  const out: (Prop & { component: string; block: number })[] = [];
  const stack: string[] = [];
  const blocks: number[] = [];
  let begins = 0;
  for (const line of text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    if (!line) continue;
    let quoted = false;
    let colon = -1;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '"') quoted = !quoted;
      if (line[i] === ':' && !quoted) {
        colon = i;
        break;
      }
    }
    if (colon < 0) continue;
    const { value: name, params } = parseParams(line.slice(0, colon));
    const value = line.slice(colon + 1);
    const upper = name.toUpperCase();
    if (upper === 'BEGIN') {
      stack.push(value.toUpperCase());
      blocks.push(++begins);
    } else if (upper === 'END') {
      stack.pop();
      blocks.pop();
    } else
      out.push({
        name: upper,
        params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v])),
        value,
        component: stack.join('/'),
        block: blocks[blocks.length - 1] ?? 0,
      });
  }
  return out;
}

export function unescapeText(v: string): string {
  return v.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
}

/** What a scheduling message carries, read from the sink. */
export interface Scheduling {
  from: string;
  to: string[];
  subject: string;
  root: Part;
  /** The first text/calendar part (or application/ics) and its Content-Type parameters. */
  calendar: Part | null;
  method: string | null;
  events: {
    uid: string;
    sequence: number;
    recurrenceId: string | null;
    dtstart: string | null;
    dtend: string | null;
    attendees: Prop[];
    organizer: string | null;
    comments: string[];
    props: Prop[];
  }[];
}

export function readScheduling(raw: string): Scheduling {
  const root = parseMime(raw);
  const all = walk(root);
  const calendar = all.find((p) => p.type === 'text/calendar') ?? all.find((p) => p.type === 'application/ics') ?? null;
  const props = calendar ? icalProps(calendar.body) : [];
  const method = props.find((p) => p.name === 'METHOD' && p.component === 'VCALENDAR')?.value ?? null;
  const events: Scheduling['events'] = [];
  const byBlock = new Map<number, Scheduling['events'][number]>();
  for (const p of props) {
    if (!p.component.endsWith('VEVENT') && !p.component.endsWith('VFREEBUSY')) continue;
    let cur = byBlock.get(p.block);
    if (!cur) {
      cur = { uid: '', sequence: 0, recurrenceId: null, dtstart: null, dtend: null, attendees: [], organizer: null, comments: [], props: [] };
      byBlock.set(p.block, cur);
      events.push(cur);
    }
    cur.props.push(p);
    if (p.name === 'UID') cur.uid = p.value;
    if (p.name === 'SEQUENCE') cur.sequence = Number(p.value);
    if (p.name === 'RECURRENCE-ID') cur.recurrenceId = p.value;
    if (p.name === 'DTSTART') cur.dtstart = p.value;
    if (p.name === 'DTEND') cur.dtend = p.value;
    if (p.name === 'ATTENDEE') cur.attendees.push(p);
    if (p.name === 'ORGANIZER') cur.organizer = p.value.replace(/^mailto:/i, '').toLowerCase();
    if (p.name === 'COMMENT') cur.comments.push(unescapeText(p.value));
  }
  return {
    from: root.headers.get('from') ?? '',
    to: (root.headers.get('to') ?? '').split(','),
    subject: root.headers.get('subject') ?? '',
    root,
    calendar,
    method,
    events,
  };
}

export function address(p: Prop): string {
  return p.value.replace(/^mailto:/i, '').toLowerCase();
}
