// Who sent a scheduling message (RFC 5546 §6.1: "the receiving agent SHOULD verify that the
// originator is the organizer or an attendee"). The sender is the one mailbox of the raw From
// field (core/mime/headers.ts fromMailbox); Sender and Reply-To are written by whoever sends and
// only ever say on whose behalf a relay claims to speak. Relays shape mail in known ways
// (test/fixtures/real-world/README.md): Nextcloud sends From a noreply address with Reply-To the organiser; Google
// sends From the organiser with its notifier in Sender, which is then simply the organiser.
//
// Three levels, kept with every result and shown by the popup:
// - verified: From is the party (organiser, attendee, or an ORGANIZER;SENT-BY the stored copy
//   names), or a trusted relay domain speaks for the party, or the user confirmed the message;
// - relayed: From is someone else, but Sender or Reply-To names the party (a relay we do not
//   know): a new invitation is stored with a warning, anything else waits for the user;
// - unverified: anything else, including a From with several mailboxes, one hidden in an encoded
//   word, or one the user's own server reports as failing DMARC (RFC 8601, trusted_authserv_ids).

import type { Address, MailMessage, Prefs, Verification } from '../types.js';
import { domainOf, normalizeAddress } from './address.js';
import { listPref } from '../prefs.js';
import { authentication, type Authentication } from './authentication.js';

export type { Verification };

/** What a message's headers say about its sender, computed once per message. */
export interface SenderFacts {
  /** The raw From's one mailbox, when it can identify anyone. */
  identity?: Address;
  /** Why the From identifies no one. */
  problem?: string;
  /** The verdict of a trusted authserv-id on the From domain, when there is one. */
  authentication?: Authentication;
  /** Sender and Reply-To addresses: whom a relay claims to speak for (never an identity). */
  onBehalf: Address[];
  /** The From's domain is one of the user's trusted relays. */
  trustedRelay: boolean;
}

export interface SenderVerdict {
  level: Verification;
  /** The party the sender was found to be (or to speak for), when any. */
  party?: Address;
  /** Words for the user: why this level. */
  note: string;
}

export function senderFacts(msg: MailMessage | undefined, prefs: Prefs): SenderFacts {
  const onBehalf = [msg?.sender?.address, ...(msg?.replyTo ?? []).map((r) => r.address)]
    .map((a) => normalizeAddress(a))
    .filter(Boolean)
    .slice(0, 20);
  const identity = msg?.from?.address ? normalizeAddress(msg.from.address) : undefined;
  if (!identity || msg?.fromProblem)
    return { problem: msg?.fromProblem ?? 'the message has no From mailbox', onBehalf: [...new Set(onBehalf)], trustedRelay: false };
  const auth = authentication(msg?.authResults ?? [], domainOf(identity), listPref(prefs.trusted_authserv_ids));
  return {
    identity,
    ...(auth ? { authentication: auth } : {}),
    onBehalf: [...new Set(onBehalf.filter((a) => a !== identity))],
    trustedRelay: listPref(prefs.trusted_relays).includes(domainOf(identity)),
  };
}

/**
 * How well the message is known to come from one of `parties` (the organiser and the SENT-BY the
 * stored copy names, or the answering attendee). `confirmed` is the party the user confirmed
 * when applying a queued message by hand.
 */
export function verifySender(facts: SenderFacts, parties: (Address | undefined)[], confirmed?: Address): SenderVerdict {
  const want = new Set(parties.map((p) => normalizeAddress(p)).filter(Boolean));
  if (confirmed)
    return want.has(confirmed)
      ? { level: 'verified', party: confirmed, note: `confirmed by you as sent by ${confirmed}` }
      : { level: 'unverified', note: `you confirmed ${confirmed}, who is not the sender this needs` };
  const { identity } = facts;
  if (!identity) return { level: 'unverified', note: facts.problem ?? 'no sender' };
  if (facts.authentication?.result === 'fail')
    return { level: 'unverified', note: `${facts.authentication.by} reports that mail From ${domainOf(identity)} failed DMARC` };
  if (want.has(identity)) {
    const by = facts.authentication?.result === 'pass' ? `; ${facts.authentication.method} pass by ${facts.authentication.by}` : '';
    return { level: 'verified', party: identity, note: `sent by ${identity}${by}` };
  }
  const named = facts.onBehalf.find((a) => want.has(a));
  if (named && facts.trustedRelay)
    return { level: 'verified', party: named, note: `sent on behalf of ${named} by ${identity}, a trusted relay (trusted_relays)` };
  if (named) return { level: 'relayed', party: named, note: `sent on behalf of ${named} by ${identity}` };
  const names = want.size > 3 ? `any of the ${want.size} it needs` : [...want].join(' or ') || 'a known party';
  return { level: 'unverified', note: `sent by ${identity}, who is not ${names}` };
}
