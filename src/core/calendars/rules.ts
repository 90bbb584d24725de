// How an item of one of Thunderbird's calendars counts in the user's time (RFC 5545 §3.8.2.7
// TRANSP, §3.8.1.11 STATUS, §3.2.12 PARTSTAT; RFC 5546 §3.3 for what busy time means):
//  - busy, unless it is TRANSP:TRANSPARENT, STATUS:CANCELLED, or the user's own PARTSTAT is
//    DECLINED (or DELEGATED: the user handed it to someone else);
//  - the user's TENTATIVE or NEEDS-ACTION makes it BUSY-TENTATIVE (Thunderbird's bar and other
//    clients file an unanswered invitation into the calendar, where it already holds the time);
//  - an item without the user among its attendees (their own appointment) is BUSY.
// Unlike the agent's own copies (core/busy-index.ts), where an unanswered invitation holds no
// time: there the user has not yet put it anywhere, here they (or their client) have.

import type ICAL from 'ical.js';
import type { Address, PartStat } from '../types.js';
import { findAttendee, isCancelled, isTransparent, partstatOf } from '../itip/model.js';

/** FBTYPES indices (core/busy-index.ts): BUSY, BUSY-TENTATIVE, FREE (shown, not blocking). */
export const CODE_BUSY = 0;
export const CODE_TENTATIVE = 1;
export const CODE_FREE = 3;

/** The user's PARTSTAT on the occurrence (its own ATTENDEE line, else the master's), if listed. */
export function ownPartstat(addresses: readonly Address[], component: ICAL.Component, master?: ICAL.Component): PartStat | undefined {
  for (const c of [component, master]) {
    if (!c) continue;
    for (const a of addresses) {
      const prop = findAttendee(c, a);
      if (prop) return partstatOf(prop);
    }
  }
  return undefined;
}

/**
 * The code of one occurrence: undefined when it does not show at all (cancelled), CODE_FREE when
 * it shows but leaves the time free (transparent, declined), else BUSY or BUSY-TENTATIVE.
 */
export function itemCode(addresses: readonly Address[], component: ICAL.Component, master?: ICAL.Component): number | undefined {
  if (isCancelled(component)) return undefined;
  const partstat = ownPartstat(addresses, component, master);
  if (isTransparent(component) || partstat === 'DECLINED' || partstat === 'DELEGATED') return CODE_FREE;
  return partstat === 'TENTATIVE' || partstat === 'NEEDS-ACTION' ? CODE_TENTATIVE : CODE_BUSY;
}
