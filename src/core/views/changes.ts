// What an incoming object changes compared with the stored version (RFC 5546 §2.1.4 names
// time, recurrence and place as significant; people also want the rest), as a list of fields.

import type { Change, EventView } from '../../shared/protocol.js';

export type ChangeField = 'summary' | 'when' | 'location' | 'description' | 'recurrence' | 'status' | 'organizer' | 'attendees' | 'partstat';
export const ALL_FIELDS: ChangeField[] = ['summary', 'when', 'location', 'description', 'recurrence', 'status', 'organizer', 'attendees', 'partstat'];

function period(v: EventView): string | null {
  if (!v.start) return null;
  return v.end ? `${v.start}/${v.end}` : v.start;
}

function recurrence(v: EventView): string | null {
  const parts: string[] = [];
  if (v.rrule) parts.push(`RRULE:${v.rrule}`);
  if (v.rdates.length) parts.push(`RDATE:${[...v.rdates].sort().join(',')}`);
  if (v.exdates.length) parts.push(`EXDATE:${[...v.exdates].sort().join(',')}`);
  return parts.length ? parts.join('\n') : null;
}

/**
 * The changes from `before` to `after` in the fields asked for. Times are compared as instants
 * (a move to another zone's notation of the same time is no change); attendees are listed one
 * change each: added (before null), removed (after null), or a new answer (`address: PARTSTAT`).
 * The identity's own answer is not a change of the event: it is shown as `partstat`.
 */
export function diffViews(before: EventView, after: EventView, fields: ChangeField[] = ALL_FIELDS): Change[] {
  const out: Change[] = [];
  const scalar = (field: ChangeField, a: string | null, b: string | null) => {
    if (fields.includes(field) && a !== b) out.push({ field, before: a, after: b });
  };
  scalar('summary', before.summary, after.summary);
  scalar('when', period(before), period(after));
  scalar('location', before.location, after.location);
  scalar('description', before.description, after.description);
  scalar('recurrence', recurrence(before), recurrence(after));
  scalar('status', before.status, after.status);
  scalar('organizer', before.organizer?.address ?? null, after.organizer?.address ?? null);
  const was = new Map(before.attendees.map((p) => [p.address, p]));
  const now = new Map(after.attendees.map((p) => [p.address, p]));
  if (fields.includes('attendees')) {
    for (const address of now.keys()) if (!was.has(address)) out.push({ field: 'attendees', before: null, after: address });
    for (const address of was.keys()) if (!now.has(address)) out.push({ field: 'attendees', before: address, after: null });
  }
  if (fields.includes('partstat'))
    for (const [address, p] of now) {
      const old = was.get(address);
      if (old && !p.isUser && old.partstat !== p.partstat)
        out.push({ field: 'partstat', before: `${address}: ${old.partstat}`, after: `${address}: ${p.partstat}` });
    }
  return out;
}
