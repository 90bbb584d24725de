// Calendar user addresses (RFC 5545 §3.3.3 CAL-ADDRESS) are URIs; mail addresses are not. Both are
// compared here as lower-case addresses without `mailto:` (RFC 5546 §3.1: case-insensitive match).

import type { Address } from '../types.js';

const MAILTO = /^mailto:/i;
const MAX_ADDRESS = 320; // RFC 5321 limits: 64 local + 1 + 255 domain

export function normalizeAddress(value: string | null | undefined): Address {
  if (!value) return '';
  const text = String(value).trim().replace(MAILTO, '').trim();
  return text.length > MAX_ADDRESS ? '' : text.toLowerCase();
}

export function calAddress(address: Address): string {
  return `mailto:${address}`;
}

export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalizeAddress(a);
  return x !== '' && x === normalizeAddress(b);
}

/** The domain part of an address, lower-cased ('' when there is none). */
export function domainOf(address: Address): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1);
}
