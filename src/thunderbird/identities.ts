// The user's identities as calendar users, and which of them a message concerns: the To/Cc
// recipients and the ATTENDEE/ORGANIZER lines of its calendar parts (RFC 5545 §3.8.4.1, §3.8.4.3),
// compared case-insensitively; for mail the user sent, the From address.
import type { MailMessage } from '../core/types.js';
import { normalizeAddress } from '../core/itip/address.js';
import type { Tb } from './api.js';
import type { Technology } from './read.js';

export interface AgentIdentity {
  id: string;
  accountId: string;
  /** Lower-cased. */
  email: string;
  name: string;
  /** Technologies this identity can encrypt with (own key or certificate configured). */
  canEncrypt: Technology[];
}

export async function listIdentities(tb: Tb): Promise<AgentIdentity[]> {
  const seen = new Set<string>();
  const out: AgentIdentity[] = [];
  for (const i of await tb.identities.list()) {
    const email = normalizeAddress(i.email ?? '');
    // One calendar user per address, even when two accounts share it.
    if (!i.id || !email.includes('@') || seen.has(email)) continue;
    seen.add(email);
    const caps = i.encryptionCapabilities ?? {};
    out.push({
      id: i.id,
      accountId: i.accountId ?? '',
      email,
      name: i.name ?? '',
      canEncrypt: (['OpenPGP', 'S/MIME'] as const).filter((t) => caps[t]?.canEncrypt),
    });
  }
  return out;
}

/** Property values of ATTENDEE and ORGANIZER lines: the addresses a calendar part names. */
export function calendarAddresses(text: string): Set<string> {
  const out = new Set<string>();
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  for (const line of unfolded.split(/\r?\n/)) {
    if (!/^(ATTENDEE|ORGANIZER)[;:]/i.test(line)) continue;
    // The value starts at the first colon outside a quoted parameter value (RFC 5545 §3.1).
    let quoted = false;
    let at = -1;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') quoted = !quoted;
      else if (c === ':' && !quoted) {
        at = i;
        break;
      }
    }
    if (at < 0) continue;
    const value = line.slice(at + 1).trim();
    if (/^mailto:/i.test(value)) out.add(normalizeAddress(value));
  }
  return out;
}

/** The identities a message concerns, in the order Thunderbird lists them. */
export function matchIdentities<T extends AgentIdentity>(identities: T[], mail: MailMessage, outgoing: boolean): T[] {
  const named = new Set<string>();
  if (outgoing) {
    for (const a of [mail.from, mail.sender]) if (a) named.add(normalizeAddress(a.address));
  } else {
    for (const a of [...mail.to, ...mail.cc]) named.add(normalizeAddress(a.address));
    for (const p of mail.calendarParts) for (const a of calendarAddresses(p.text)) named.add(a);
  }
  return identities.filter((i) => named.has(i.email));
}
