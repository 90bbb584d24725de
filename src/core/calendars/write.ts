// What goes into the user's Thunderbird calendar after the engine handled something: decided
// here from the stored event (before and after) and the settings, applied by the background
// (src/background/calendar-writer.ts). The item written is the agent's own copy — the organiser's
// event with the user's PARTSTAT as the agent recorded it — under the same UID, so Thunderbird,
// its CalDAV server and the user's phone show what the agent knows (RFC 6638 §3.2 describes the
// same split for a server: the scheduling agent keeps the attendee's copy in their calendar).

import ICAL from 'ical.js';
import type { Address, StoredEvent } from '../types.js';
import { parseCalendar, serialize } from '../ical/parse.js';
import { isCancelled, recurrenceIdOf } from '../itip/model.js';
import { userPartstat } from '../itip/stored.js';
import { zoneContext } from '../ical/tz.js';

export interface CalendarWriteSettings {
  /** The calendar receiving this identity's events; null keeps them only in imip-agent. */
  target: string | null;
  /** A cancelled event: kept marked STATUS:CANCELLED (as Thunderbird's bar does), or removed. */
  onCancel: 'mark' | 'remove';
  /**
   * A declined event already in the calendar: removed, or kept marked declined. Thunderbird 153
   * has no preference to hide declined events (its views always show them, marked, and its own
   * bar keeps them), so the default `keep` follows Thunderbird; the user chooses in the options.
   */
  onDecline: 'remove' | 'keep';
}

export const DEFAULT_WRITE_SETTINGS: Omit<CalendarWriteSettings, 'target'> = { onCancel: 'mark', onDecline: 'keep' };

export type WriteStep = { op: 'put'; uid: string; ics: string } | { op: 'remove'; uid: string };

const ATTENDS = new Set(['ACCEPTED', 'TENTATIVE']);

/**
 * The step for one event, or null. `present`: a calendar already holds the UID (the agent wrote
 * it, or Thunderbird's bar filed the invitation). An unchanged copy writes nothing, so handling a
 * mail twice never brings back an item the user deleted.
 */
export function writePlan(
  user: Address,
  before: StoredEvent | undefined,
  after: StoredEvent | undefined,
  settings: CalendarWriteSettings,
  present: boolean,
): WriteStep | null {
  if (!settings.target || !after) return null;
  if (before && before.ics === after.ics && before.cancelled === after.cancelled) return null;
  const uid = after.uid;
  let master: ICAL.Component | undefined;
  try {
    const { root } = parseCalendar(after.ics);
    master = root.getAllSubcomponents('vevent').find((c) => !c.hasProperty('recurrence-id')) ?? root.getFirstSubcomponent('vevent') ?? undefined;
  } catch {
    return null; // a copy that no longer parses is not copied anywhere
  }
  if (!master) return null;
  const put = (): WriteStep => ({ op: 'put', uid, ics: calendarCopy(after) });
  if (after.cancelled || isCancelled(master)) return present ? (settings.onCancel === 'remove' ? { op: 'remove', uid } : put()) : null;
  if (after.relation === 'organizer') return put();
  const partstat = userPartstat(user, master);
  if (partstat && ATTENDS.has(partstat)) return put();
  if (partstat === 'DECLINED' || partstat === 'DELEGATED') return present ? (settings.onDecline === 'remove' ? { op: 'remove', uid } : put()) : null;
  // Not answered (an update that asks again): moved where it already is, not filed anew.
  return present ? put() : null;
}

/** The calendar that takes a write: one already holding the UID (the target first), else the target. */
export function writeCalendar(target: string, holders: { calendarId: string; readOnly: boolean }[]): string | null {
  const writable = holders.filter((h) => !h.readOnly);
  if (writable.some((h) => h.calendarId === target)) return target;
  if (writable.length) return writable[0]!.calendarId;
  // Only in a read-only calendar (a subscription): a second copy elsewhere would show it twice.
  return holders.length ? null : target;
}

/**
 * The stored copy as a calendar item: cancelled events say STATUS:CANCELLED, and ATTACH lines
 * naming bytes in the agent's own store (`CID:…@imip-agent`) are left out — they mean nothing
 * outside it.
 */
export function calendarCopy(stored: StoredEvent): string {
  const { root } = parseCalendar(stored.ics);
  root.removeAllProperties('method');
  for (const ev of root.getAllSubcomponents('vevent')) {
    for (const a of ev.getAllProperties('attach')) if (/^cid:/i.test(String(a.getFirstValue() ?? ''))) ev.removeProperty(a);
    if (stored.cancelled) {
      ev.removeAllProperties('status');
      ev.addPropertyWithValue('status', 'CANCELLED');
    }
  }
  return serialize(root);
}

/**
 * Keeps what the user set on the item in Thunderbird — alarms, and Thunderbird's own X-MOZ-
 * properties (snooze, acknowledged alarms) — when the agent's copy replaces it: per component,
 * matched by RECURRENCE-ID. The agent's copy has the scheduling fields; these are the user's.
 */
export function keepLocal(agentIcs: string, existingIcs: string): string {
  let existing: ICAL.Component;
  try {
    existing = parseCalendar(existingIcs).root;
  } catch {
    return agentIcs;
  }
  const { root } = parseCalendar(agentIcs);
  const keyOf = (root: ICAL.Component, c: ICAL.Component) => (c.hasProperty('recurrence-id') ? recurrenceIdOf(c, zoneContext(root, 'UTC')) : '');
  const old = new Map(existing.getAllSubcomponents('vevent').map((c) => [keyOf(existing, c), c]));
  for (const ev of root.getAllSubcomponents('vevent')) {
    const before = old.get(keyOf(root, ev));
    if (!before) continue;
    if (!ev.getFirstSubcomponent('valarm')) for (const alarm of before.getAllSubcomponents('valarm')) ev.addSubcomponent(new ICAL.Component(alarm.toJSON()));
    for (const p of before.getAllProperties()) if (p.name.startsWith('x-moz-') && !ev.hasProperty(p.name)) ev.addProperty(new ICAL.Property(p.toJSON()));
  }
  return serialize(root);
}
