// The small languages of the resource preferences, parsed and checked in one place so that a bad
// value is refused when it is set, not discovered when a booking arrives.

import ICAL from 'ical.js';
import { DateTime, Duration } from 'luxon';
import { DURATION_RE } from '../prefs.js';
import { normalizeAddress } from '../itip/address.js';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * RFC 5545 durations (`PT4H`, `P7D`), and for horizons and quota intervals also ISO 8601 years
 * and months (`P1Y`, `P6M`), counted on the calendar from `from` (default: a common year).
 */
export function durationMs(text: string, from = 0): number {
  const t = text.trim();
  if (DURATION_RE.test(t) && t !== 'P' && !t.endsWith('T')) return ICAL.Duration.fromString(t).toSeconds() * 1000;
  if (/^P(\d{1,3}Y)?(\d{1,4}M)?(\d{1,5}D)?$/.test(t) && t !== 'P') {
    const start = DateTime.fromMillis(from, { zone: 'UTC' });
    return start.plus(Duration.fromISO(t)).toMillis() - from;
  }
  throw new PolicyError(`not an RFC 5545 duration: ${JSON.stringify(text)}`);
}

/** `DURATION per DURATION`, e.g. `PT4H per P7D`. */
export function parseAllowance(text: string): { amount: number; interval: number } {
  const m = /^\s*(\S+)\s+per\s+(\S+)\s*$/i.exec(text);
  if (!m) throw new PolicyError(`expected "DURATION per DURATION", got ${JSON.stringify(text)}`);
  return { amount: durationMs(m[1]!), interval: durationMs(m[2]!) };
}

/** `N per DURATION`, e.g. `4 per P1D`. */
export function parseCountPer(text: string): { count: number; interval: number } {
  const m = /^\s*(\d{1,6})\s+per\s+(\S+)\s*$/i.exec(text);
  if (!m) throw new PolicyError(`expected "N per DURATION", got ${JSON.stringify(text)}`);
  return { count: Number(m[1]), interval: durationMs(m[2]!) };
}

function numberList(text: string, max: number, what: string): number[] | '*' {
  if (text.trim() === '*') return '*';
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^\s*(\d{1,2})(?:-(\d{1,2}))?\s*$/.exec(item);
    if (!m) throw new PolicyError(`bad ${what} in permitted_times: ${JSON.stringify(item)}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > max || b > max || b < a) throw new PolicyError(`${what} out of range in permitted_times: ${item.trim()}`);
    for (let i = a; i <= b; i++) out.add(i);
  }
  return [...out].sort((x, y) => x - y);
}

export interface Grid {
  hours: number[] | '*';
  minutes: number[] | '*';
}

/** `HOURS:MINUTES`, each a comma list (ranges allowed) or `*`: `*:0,30`, `8-18:0,15,30,45`. */
export function parseGrid(text: string): Grid[] {
  return text
    .split(/[\n;]+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([^:]+):([^:]+)$/.exec(line);
      if (!m) throw new PolicyError(`expected HOURS:MINUTES in permitted_times, got ${JSON.stringify(line)}`);
      return { hours: numberList(m[1]!, 23, 'hour'), minutes: numberList(m[2]!, 59, 'minute') };
    });
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export interface WorkingHours {
  /** ISO weekdays 1 (Monday) … 7. */
  days: number[];
  from: number; // minutes after midnight
  to: number;
}

/** `MO-FR 08:00-18:00`, several separated by commas or lines: `MO-TH 08:00-17:00, FR 08:00-12:00`. */
export function parseWorkingHours(text: string): WorkingHours[] {
  return text
    .split(/[\n,]+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([A-Z]{2})(?:-([A-Z]{2}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/i.exec(line);
      const a = m ? WEEKDAYS.indexOf(m[1]!.toUpperCase()) : -1;
      const b = m ? (m[2] ? WEEKDAYS.indexOf(m[2].toUpperCase()) : a) : -1;
      if (!m || a < 0 || b < 0) throw new PolicyError(`expected e.g. "MO-FR 08:00-18:00" in working_hours, got ${JSON.stringify(line)}`);
      const from = Number(m[3]) * 60 + Number(m[4]);
      const to = Number(m[5]) * 60 + Number(m[6]);
      if (from >= to || to > 24 * 60) throw new PolicyError(`working_hours end must come after start: ${line}`);
      const days: number[] = [];
      for (let i = a; ; i = (i + 1) % 7) {
        days.push(i + 1);
        if (i === b) break;
      }
      return { days, from, to };
    });
}

export type Who = { kind: 'address'; address: string } | { kind: 'domain'; domain: string } | { kind: 'any' };

export function parseWho(text: string): Who {
  const t = text.trim();
  if (t === '*') return { kind: 'any' };
  if (t.startsWith('@') && t.length > 1) return { kind: 'domain', domain: t.slice(1).toLowerCase() };
  const address = normalizeAddress(t);
  if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new PolicyError(`not an address or @domain: ${JSON.stringify(text)}`);
  return { kind: 'address', address };
}

export function matches(who: Who, address: string): boolean {
  if (who.kind === 'any') return true;
  if (who.kind === 'domain') return address.endsWith(`@${who.domain}`);
  return who.address === address;
}

export interface AclRule {
  decision: 'accept' | 'decline';
  role: 'organiser' | 'attendee';
  who: Who;
}

/** First line the default (`accept`/`decline`), then `accept|decline organiser|attendee WHO`. */
export function parseAcl(text: string): { fallback: 'accept' | 'decline'; rules: AclRule[] } {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const fallback = lines.shift()?.toLowerCase();
  if (fallback !== 'accept' && fallback !== 'decline') throw new PolicyError('the first line of acl must be "accept" or "decline"');
  const rules = lines.map((line) => {
    const m = /^(accept|decline)\s+(organi[sz]er|attendee)\s+(\S+)$/i.exec(line);
    if (!m) throw new PolicyError(`expected "accept|decline organiser|attendee ADDRESS-or-@domain" in acl, got ${JSON.stringify(line)}`);
    return {
      decision: m[1]!.toLowerCase() as 'accept' | 'decline',
      role: m[2]!.toLowerCase().startsWith('organi') ? ('organiser' as const) : ('attendee' as const),
      who: parseWho(m[3]!),
    };
  });
  return { fallback, rules };
}

/** `quota_limits`: lines `WHO DURATION per DURATION`, `*` for everyone else. */
export function parseQuotaLimits(text: string): { who: Who; amount: number; interval: number }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+(.+)$/.exec(line);
      if (!m) throw new PolicyError(`expected "ADDRESS-or-@domain DURATION per DURATION" in quota_limits, got ${JSON.stringify(line)}`);
      return { who: parseWho(m[1]!), ...parseAllowance(m[2]!) };
    });
}

export function addressList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((a) => {
      const who = parseWho(a);
      if (who.kind !== 'address') throw new PolicyError(`delegates must be addresses, got ${a}`);
      return who.address;
    });
}
