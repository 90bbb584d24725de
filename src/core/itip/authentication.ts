// Authentication-Results (RFC 8601) as evidence about the From domain. Only the user's own
// incoming server is believed (its authserv-id in `trusted_authserv_ids`, empty by default): any
// sender can write such a field. A border server removes fields bearing its own authserv-id from
// incoming mail and prepends its own (§5), so the topmost field with a trusted id is the one it
// wrote. Written by hand: the grammar needed (§2.2: comments, `method=result`, `ptype.property=
// value`) is small, and no maintained npm parser exists that works without the network.

export interface Authentication {
  /** The authserv-id that said so. */
  by: string;
  /** pass: DMARC pass for the From domain, or DKIM pass with an aligned d= (RFC 7489 §3.1.1). */
  result: 'pass' | 'fail';
  method: 'dmarc' | 'dkim';
}

/** Longest field read: real ones are a few hundred octets. */
const MAX_FIELD = 8192;

/** Removes RFC 5322 comments (nested parentheses, quoted pairs), bounded by the field length. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && depth > 0) {
      i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

interface MethodResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

function parseField(value: string): { authservId: string; results: MethodResult[] } | undefined {
  if (value.length > MAX_FIELD) return undefined;
  const [head, ...rest] = stripComments(value).split(';');
  const authservId = (head ?? '').trim().split(/\s+/)[0]?.replace(/^"|"$/g, '').toLowerCase() ?? '';
  if (!authservId) return undefined;
  const results: MethodResult[] = [];
  for (const segment of rest.slice(0, 64)) {
    const [first, ...pairs] = segment.trim().split(/\s+/);
    const m = /^([a-z0-9-]+)(?:\/\d+)?=([a-z]+)$/i.exec(first ?? '');
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pair of pairs) {
      const p = /^([a-z]+\.[a-z0-9-]+)=(.+)$/i.exec(pair);
      if (p) props[p[1]!.toLowerCase()] = p[2]!.replace(/^"|"$/g, '').toLowerCase();
    }
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props });
  }
  return { authservId, results };
}

/**
 * Relaxed alignment (RFC 7489 §3.1.1) compares organisational domains; without the public suffix
 * list this accepts the same domain or a parent of it with at least two labels (mail.example.com
 * signed as example.com), never a bare top-level domain.
 */
function aligned(signing: string, from: string): boolean {
  const d = signing.replace(/^@/, '').replace(/^.*@/, '');
  return d === from || (d.includes('.') && from.endsWith(`.${d}`));
}

/** The trusted server's verdict on mail From `fromDomain`, or undefined when it said nothing. */
export function authentication(fields: string[], fromDomain: string, trusted: string[]): Authentication | undefined {
  if (!trusted.length || !fromDomain) return undefined;
  for (const value of fields) {
    const field = parseField(value);
    if (!field || !trusted.includes(field.authservId)) continue;
    const dmarc = field.results.find((r) => r.method === 'dmarc' && r.props['header.from'] === fromDomain);
    if (dmarc?.result === 'pass') return { by: field.authservId, result: 'pass', method: 'dmarc' };
    const dkim = field.results.find((r) => r.method === 'dkim' && r.result === 'pass' && aligned(r.props['header.d'] ?? r.props['header.i'] ?? '', fromDomain));
    if (dkim) return { by: field.authservId, result: 'pass', method: 'dkim' };
    if (dmarc?.result === 'fail') return { by: field.authservId, result: 'fail', method: 'dmarc' };
    // Only the topmost field of a trusted server counts (see above).
    return undefined;
  }
  return undefined;
}
