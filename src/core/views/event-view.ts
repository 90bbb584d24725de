// EventView (src/shared/protocol.ts) from a stored event or an incoming object: what a person
// needs to judge it, as plain data. Times are ISO UTC instants, all-day dates `YYYY-MM-DD`.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Address, CalendarUserRole, CounterRecord, StoredEvent } from '../types.js';
import type { UserReader } from '../store.js';
import type { EventView, PersonView, ProposalView } from '../../shared/protocol.js';
import { counterProposal } from '../itip/describe.js';
import type { Component } from '../itip/model.js';
import { attendees, findAttendee, organizerOf, partstatOf, propAddress, recurrenceIdOf, sequenceOf } from '../itip/model.js';
import type { EventObject } from '../itip/objects.js';
import { userPartstat } from '../itip/stored.js';
import { eventLength } from '../ical/recurrence.js';
import { isoUtc, resolveZone, toInstant, tzidOf, type ZoneContext } from '../ical/tz.js';
import { clip, descriptionOf, keyToIso, paramAddress, textValue, upper } from './text.js';

export interface ViewSource {
  user: Address;
  role: CalendarUserRole;
  object: EventObject;
  /** The stored record (notes, relation), when the view is of the store. */
  stored?: StoredEvent;
  relation: EventView['relation'];
  /** The user's own pending counter-proposals for this event (see ownProposals). */
  proposals?: CounterRecord[];
}

/** The user's counter-proposals for an event still waiting for the organiser. */
export async function ownProposals(utx: UserReader, uid: string): Promise<CounterRecord[]> {
  return (await utx.listCounters(uid)).filter((c) => c.direction === 'sent' && c.status === 'pending');
}

/** The pending proposal of one occurrence (or of the whole event, which covers every occurrence). */
export function proposalFor(src: ViewSource, rid: string, organizer: EventView['organizer']): ProposalView | null {
  const c = src.proposals?.find((p) => p.recurrenceId === rid) ?? src.proposals?.find((p) => p.recurrenceId === '');
  if (!c) return null;
  const { start, end } = counterProposal(c, src.object.ctx.userZone);
  if (!start || !end) return null;
  return { start, end, to: organizer, comment: c.comment ?? null, at: c.received };
}

/** One occurrence to show instead of the component's own DTSTART (an expanded instance). */
export interface Instance {
  key: string;
  start: number;
  end: number;
}

/** How the identity relates to an event, for the view (a resource answers as an attendee). */
export function viewRelation(role: CalendarUserRole, relation: StoredEvent['relation']): EventView['relation'] {
  return role === 'resource' && relation === 'attendee' ? 'resource' : relation;
}

/** The relation an incoming object would have: organiser, attendee (or resource), observer. */
export function relationOf(user: Address, role: CalendarUserRole, object: EventObject, stored?: StoredEvent): EventView['relation'] {
  if (stored) return viewRelation(role, stored.relation);
  const comps = [object.master, ...object.overrides].filter((c): c is Component => !!c);
  if (comps.some((c) => organizerOf(c) === user)) return 'organizer';
  if (comps.some((c) => findAttendee(c, user))) return role === 'resource' ? 'resource' : 'attendee';
  return 'observer';
}

/** A date in the user's zone (all-day instants are midnights there). */
function dateIn(ms: number, ctx: ZoneContext): string {
  return DateTime.fromMillis(ms, { zone: ctx.userZone }).toISODate() ?? isoUtc(ms).slice(0, 10);
}

/** The event's own IANA zone: DTSTART's TZID resolved (Windows names, VTIMEZONE locations). */
export function eventZone(c: Component, ctx: ZoneContext): string | null {
  const st = c.getFirstPropertyValue('dtstart');
  if (!(st instanceof ICAL.Time) || st.isDate || st.zone === ICAL.Timezone.utcTimezone) return null;
  const tzid = tzidOf(st);
  if (!tzid || tzid === 'Z') return null;
  // Resolved by name: a message's own VTIMEZONE computes its times but has no IANA name itself.
  const zone = resolveZone(tzid, { ...ctx, vtimezones: new Map() });
  if (zone.kind === 'fallback' || !zone.iana || zone.iana === 'UTC') return null;
  return zone.iana;
}

function timeList(c: Component, name: string, ctx: ZoneContext): string[] {
  const out: string[] = [];
  for (const p of c.getAllProperties(name))
    for (const v of p.getValues().slice(0, 1000)) {
      const t = v instanceof ICAL.Period ? v.start : v;
      if (!(t instanceof ICAL.Time)) continue;
      try {
        out.push(t.isDate ? dateIn(toInstant(t, ctx), ctx) : isoUtc(toInstant(t, ctx)));
      } catch {
        // An unreadable date is left out of the list, not shown wrongly.
      }
    }
  return out;
}

export function personView(src: ViewSource, p: ICAL.Property, rid: string): PersonView {
  const address = propAddress(p);
  const note = src.stored?.notes?.[`${address}|${rid}`] ?? (rid ? src.stored?.notes?.[`${address}|`] : undefined);
  const cn = p.getFirstParameter('cn');
  return {
    address,
    name: cn ? clip(String(cn)) : null,
    role: upper(p.getFirstParameter('role'), 'REQ-PARTICIPANT'),
    cutype: upper(p.getFirstParameter('cutype'), 'INDIVIDUAL'),
    partstat: partstatOf(p),
    comment: note?.comment ?? null,
    delegatedTo: paramAddress(p, 'delegated-to'),
    delegatedFrom: paramAddress(p, 'delegated-from'),
    isUser: address === src.user,
  };
}

/** Start and end as a view shows them: UTC instants, or dates in the user's zone for all-day events. */
export function viewTimes(c: Component, ctx: ZoneContext, instance?: Instance): { start: string | null; end: string | null; allDay: boolean } {
  const st = c.getFirstPropertyValue('dtstart');
  const allDay = st instanceof ICAL.Time && st.isDate;
  if (!(st instanceof ICAL.Time)) return { start: null, end: null, allDay };
  const s = instance?.start ?? toInstant(st, ctx);
  const e = instance?.end ?? s + eventLength(c, ctx);
  return allDay ? { start: dateIn(s, ctx), end: dateIn(Math.max(e, s + 86400000), ctx), allDay } : { start: isoUtc(s), end: isoUtc(Math.max(e, s)), allDay };
}

/** The view of one component (master or override), or of one expanded instance of it. */
export function componentView(src: ViewSource, c: Component, instance?: Instance): EventView {
  const { object } = src;
  const ctx = object.ctx;
  const rid = instance?.key ?? recurrenceIdOf(c, ctx);
  const { start, end, allDay } = viewTimes(c, ctx, instance);
  const organizerProp = c.getFirstProperty('organizer') ?? object.master?.getFirstProperty('organizer');
  const organizerCn = organizerProp?.getFirstParameter('cn');
  const rrule = object.master === c ? c.getFirstProperty('rrule') : null;
  const mine = userPartstat(src.user, c, object.master);
  const sequence = sequenceOf(c);
  const organizer = organizerProp ? { address: propAddress(organizerProp), name: organizerCn ? clip(String(organizerCn)) : null } : null;
  return {
    identity: src.user,
    uid: object.uid,
    recurrenceId: rid ? keyToIso(rid) : null,
    summary: textValue(c, 'summary'),
    location: textValue(c, 'location'),
    description: descriptionOf(c),
    start,
    end,
    allDay,
    tzid: eventZone(c, ctx),
    rrule: rrule ? String(rrule.getFirstValue() ?? '') || null : null,
    rdates: object.master === c ? timeList(c, 'rdate', ctx) : [],
    exdates: object.master === c ? timeList(c, 'exdate', ctx) : [],
    organizer,
    attendees: attendees(c).map((p) => personView(src, p, rid)),
    sequence,
    status: upper(c.getFirstPropertyValue('status'), src.stored?.cancelled ? 'CANCELLED' : 'CONFIRMED'),
    transparency: upper(c.getFirstPropertyValue('transp'), 'OPAQUE') === 'TRANSPARENT' ? 'TRANSPARENT' : 'OPAQUE',
    categories: c
      .getAllProperties('categories')
      .flatMap((p) => p.getValues())
      .map((v) => clip(String(v).trim()))
      .filter(Boolean),
    partstat: mine ?? null,
    relation: src.relation,
    attachments: [],
    proposal: proposalFor(src, rid, organizer),
  };
}

/** The master, or the first override of an object that has only overrides. */
export function headOf(object: EventObject): Component {
  return (object.master ?? object.overrides[0])!;
}
