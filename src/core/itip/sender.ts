// Who sent a scheduling message (RFC 5546 §6.1: "the receiving agent SHOULD verify that the
// originator is the organizer or an attendee"). Mail headers are all the client can see; relaying
// senders shape them in known ways (interop notes): Nextcloud sends From a noreply address with
// Reply-To the organiser, Google puts its notifier in Sender and the organiser in From.

import type { Address, MailMessage } from '../types.js';

const RELAY_LOCAL_PART = /(^|[._-])(no-?reply|do-?not-?reply|calendar|notification|notifications|invitations?)([._+-]|$)/i;

/** Addresses that may speak for this message, strongest first. */
export function senderAddresses(msg: MailMessage | undefined): Address[] {
  if (!msg) return [];
  const out: Address[] = [];
  if (msg.from?.address) out.push(msg.from.address);
  if (msg.sender?.address) out.push(msg.sender.address);
  // Reply-To is honoured only when From is a relay's own address (Nextcloud, CalDAV servers):
  // otherwise anyone could name the organiser in Reply-To while sending from elsewhere.
  const from = msg.from?.address ?? '';
  const local = from.slice(0, Math.max(0, from.lastIndexOf('@')));
  if (RELAY_LOCAL_PART.test(local)) for (const r of msg.replyTo) if (r.address) out.push(r.address);
  return [...new Set(out)];
}

/** Is the message sent by one of `allowed` (the organiser, its SENT-BY, an attendee…)? */
export function sentByOneOf(msg: MailMessage | undefined, allowed: (Address | undefined)[]): boolean {
  const ok = new Set(allowed.filter((a): a is Address => !!a));
  return senderAddresses(msg).some((a) => ok.has(a));
}
