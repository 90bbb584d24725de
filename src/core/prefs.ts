// Preferences of one calendar user. Names are imip-agent's where it had them; unknown names and
// bad values are refused with a clear error rather than stored and ignored later.

import type { Prefs } from './types.js';

export class PrefError extends Error {
  override name = 'PrefError';
}

type Check = (value: string) => string | undefined; // returns an error text, or undefined when valid

// The allowed values ride on the check, so the options page can offer them (enumerations()).
const oneOf = (...values: string[]): Check =>
  Object.assign((v: string) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')}`), { values });

// RFC 5545 §3.3.6 durations (weeks, or days and time), as used by `freebusy_offers`.
export const DURATION_RE = /^[+]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/;
const duration: Check = (v) => (DURATION_RE.test(v) && v !== 'P' && !v.endsWith('T') ? undefined : 'must be an RFC 5545 duration such as PT30M or P1D');

const zone: Check = (v) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return undefined;
  } catch {
    return 'must be an IANA time zone name such as Europe/Berlin';
  }
};

// Domain names (RFC 1035 letters, digits, hyphens, dots) separated by spaces or commas.
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
// RFC 8601 §2.2 authserv-id: a token or quoted string; in practice a host name.
const AUTHSERV = /^[!#-'*+.0-9A-Z^-~-]{1,255}$/;
/** Splits a list preference (spaces or commas) into lower-cased items. */
export function listPref(value: string | undefined): string[] {
  // Most lists are unset: no split by a regular expression (which builds a new one per call).
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean)
    .slice(0, 100);
}
const listOf =
  (re: RegExp, what: string): Check =>
  (v) => {
    const items = listPref(v);
    if (v.length > 4000 || v.split(/[\s,]+/).filter(Boolean).length > 100) return 'is too long (at most 100 entries)';
    const bad = items.find((d) => !re.test(d));
    return bad === undefined ? undefined : `has ${JSON.stringify(bad)}, which is not ${what}`;
  };

const anyText: Check = (v) => (v.length <= 1000 ? undefined : 'is too long');

/** Every known preference: its check and its default (undefined = unset). */
export interface PreferenceDef {
  check: Check;
  default?: string;
  help: string;
  /** The allowed values of an enumeration (set by checks built with oneOf, or given). */
  values?: readonly string[];
}

export const PREFERENCES: Record<string, PreferenceDef> = {
  TZID: { check: zone, default: 'UTC', help: 'time zone for floating times, all-day dates and display' },
  CN: { check: anyText, help: 'common name used in outgoing messages' },
  participating: { check: oneOf('participate', 'no'), default: 'participate', help: 'whether the agent handles scheduling for this user' },
  freebusy_sharing: { check: oneOf('share', 'no'), default: 'no', help: 'answer free/busy requests' },
  freebusy_bundling: { check: oneOf('always', 'never'), default: 'never', help: 'attach free/busy to outgoing scheduling mail' },
  freebusy_messages: { check: oneOf('notify', 'none'), default: 'none', help: 'queue received free/busy messages for attention' },
  freebusy_offers: { check: duration, help: 'hold a proposed (countered) period as busy-tentative for this long' },
  add_method_response: { check: oneOf('add', 'ignore', 'refresh'), default: 'refresh', help: 'what to do with ADD messages' },
  event_refreshing: { check: oneOf('always', 'never'), default: 'never', help: 'answer REFRESH with the current event' },
  organiser_replacement: {
    check: oneOf('attendee', 'any', 'never'),
    default: 'never',
    help: 'who may become organiser of a stored event: never, or (after your confirmation, never by itself) an attendee of it, or anyone',
  },
  trusted_relays: {
    check: listOf(DOMAIN, 'a domain name'),
    help: 'domains whose calendar servers send for others (noreply@ with Reply-To): mail from them counts as sent by the organiser or attendee they name',
  },
  trusted_authserv_ids: {
    check: listOf(AUTHSERV, 'an authserv-id'),
    help: "your incoming server's Authentication-Results name(s) (RFC 8601): its DMARC or aligned DKIM pass verifies the sender, its fail unverifies",
  },
  counter_as_request: { check: oneOf('yes', 'no'), default: 'yes', help: 'treat a REQUEST from an attendee as a counter-proposal' },
  party_crashers: { check: oneOf('accept', 'refuse'), default: 'refuse', help: 'replies from attendees not invited' },
};

/** The preferences the engine itself defines (the rest are registered by other parts). */
export const ENGINE_PREFERENCES: readonly string[] = Object.keys(PREFERENCES);

/** Preference definitions added by other parts of the core (the resource agent registers its own). */
export function registerPreference(name: string, def: PreferenceDef): void {
  PREFERENCES[name] = def;
  defaults = undefined;
}

// The defaults in definition order, listed once per set of definitions: every message asks for
// the user's effective preferences.
let defaults: Prefs | undefined;

/** The allowed values of a preference that is an enumeration, else null (free text). */
export function allowedValues(name: string): string[] | null {
  const def = PREFERENCES[name];
  const values = def?.values ?? (def?.check as { values?: readonly string[] } | undefined)?.values;
  return values ? [...values] : null;
}

export function validatePref(name: string, value: string): void {
  const def = PREFERENCES[name];
  if (!def) throw new PrefError(`unknown preference "${name}" (known: ${Object.keys(PREFERENCES).sort().join(', ')})`);
  const problem = def.check(value);
  if (problem) throw new PrefError(`preference ${name}=${JSON.stringify(value)} ${problem}`);
}

/** Parses `NAME=VALUE` as given on the command line. */
export function parseAssignment(text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new PrefError(`expected NAME=VALUE, got ${JSON.stringify(text)}`);
  const name = text.slice(0, i).trim();
  const value = text.slice(i + 1).replace(/\\n/g, '\n');
  validatePref(name, value);
  return [name, value];
}

/**
 * Defaults that differ for a resource, which answers strangers by itself: no sub-hourly series
 * and no endless ones (a day of FREQ=MINUTELY bookings would block it for good), unless set.
 */
export const RESOURCE_DEFAULTS: Prefs = { indefinite_recurrence: 'decline', permitted_frequencies: 'HOURLY,DAILY,WEEKLY,MONTHLY,YEARLY' };

/** Stored preferences with defaults filled in (a resource's own defaults first). */
export function effectivePrefs(stored: Prefs, role?: 'person' | 'resource'): Prefs {
  defaults ??= Object.fromEntries(
    Object.entries(PREFERENCES).flatMap(([name, def]) => (def.default !== undefined ? [[name, def.default] as [string, string]] : [])),
  );
  // One copy of the defaults (a context is made per message): the same keys in the same order.
  const out: Prefs = { ...defaults };
  if (role === 'resource') for (const [name, value] of Object.entries(RESOURCE_DEFAULTS)) if (PREFERENCES[name]) out[name] = value;
  for (const [name, value] of Object.entries(stored)) if (PREFERENCES[name]) out[name] = value;
  return out;
}
