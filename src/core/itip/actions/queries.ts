// Reading the store for people and programs: the calendar as iCalendar or JSON, free/busy, and
// preferences.

import type { EngineOptions, RangeArgs } from '../../api.js';
import type { StoreTx } from '../../store.js';
import type { CounterRecord, Prefs, StoredEvent } from '../../types.js';
import { makeCtx } from '../context.js';
import { busyReader } from '../writer.js';
import type { Component } from '../model.js';
import { attendees, findAttendee, isCancelled, partstatOf, propAddress, summaryOf, textOf, recurrenceIdOf } from '../model.js';
import { loadStored, newCalendar, neededTimezones, type EventObject } from '../objects.js';
import { serialize } from '../../ical/parse.js';
import { generatedTimezones } from '../compose.js';
import { inlineAttachments } from '../../attachments/export.js';
import { counterProposal, when } from '../describe.js';
import ICAL from 'ical.js';
import { parseIsoInstant, zoneContext } from '../../ical/tz.js';
import { freebusyComponent, freebusyCalendarText, userBusy } from '../../freebusy.js';
import { effectivePrefs, validatePref } from '../../prefs.js';
import { CalendarError } from '../../ical/parse.js';
import { normalizeAddress } from '../address.js';

/**
 * Stored events as one VCALENDAR (no METHOD), self-contained for any reader: a VTIMEZONE for
 * every TZID (RFC 5545 §3.6.5; strict readers such as ical.js read a TZID without one as floating
 * time), and attachments inline (core/attachments/export) instead of the store's own Content-IDs.
 */
export async function showCalendar(tx: StoreTx, opts: EngineOptions, args: { uid?: string } = {}): Promise<string> {
  const ctx = await makeCtx(tx, opts);
  const cal = newCalendar();
  const zones: Component[] = [];
  const events: Component[] = [];
  for (const stored of await selected(ctx.utx.listEvents(), args.uid)) {
    const object = loadStored(stored.ics, ctx.zone);
    const comps = [object.master, ...object.overrides].filter((c): c is Component => !!c);
    for (const c of comps) await inlineAttachments(ctx.utx, stored.uid, c);
    zones.push(...neededTimezones(object.timezones, comps));
    events.push(...comps);
  }
  const present = neededTimezones(zones, events);
  // Generated once for all events, so each zone covers the years of every event that uses it.
  const names = zoneContext(new ICAL.Component('vcalendar'), ctx.zone);
  for (const tz of [...present, ...generatedTimezones(events, present, names)]) cal.addSubcomponent(tz);
  for (const e of events) cal.addSubcomponent(e);
  return serialize(cal);
}

async function selected(all: Promise<StoredEvent[]>, uid?: string): Promise<StoredEvent[]> {
  const list = (await all).filter((e) => uid === undefined || e.uid === uid);
  return list.sort((a, b) => a.created.localeCompare(b.created) || a.uid.localeCompare(b.uid));
}

function describe(user: string, stored: StoredEvent, object: EventObject) {
  const head = object.master ?? object.overrides[0]!;
  const mine = findAttendee(head, user);
  const note = (a: string, rid: string) => stored.notes?.[`${a}|${rid}`];
  const people = (c: Component, rid: string) =>
    attendees(c).map((p) => {
      const address = propAddress(p);
      const n = note(address, rid);
      return {
        address,
        cn: p.getFirstParameter('cn') ?? null,
        role: p.getFirstParameter('role') ?? 'REQ-PARTICIPANT',
        partstat: partstatOf(p),
        delegatedTo: p.getFirstParameter('delegated-to') ?? null,
        delegatedFrom: p.getFirstParameter('delegated-from') ?? null,
        comment: n?.comment ?? null,
        requestStatus: n?.requestStatus ?? [],
      };
    });
  return {
    uid: stored.uid,
    summary: summaryOf(head),
    location: textOf(head, 'location') ?? null,
    relation: stored.relation,
    organizer: stored.organizer ?? null,
    sequence: stored.sequence,
    status: String(head.getFirstPropertyValue('status') ?? (stored.cancelled ? 'CANCELLED' : 'CONFIRMED')).toUpperCase(),
    cancelled: stored.cancelled,
    partstat: mine ? partstatOf(mine) : null,
    /** What the user said with their own last answer. */
    comment: note(user, '')?.comment ?? null,
    ...when(head, object),
    recurrence: head.getAllProperties('rrule').map((p) => p.getFirstValue()!.toString()),
    attendees: people(head, ''),
    overrides: object.overrides.map((o) => {
      const rid = recurrenceIdOf(o, object.ctx);
      const line = findAttendee(o, user);
      return {
        recurrenceId: rid,
        ...when(o, object),
        status: isCancelled(o) ? 'CANCELLED' : 'CONFIRMED',
        partstat: line ? partstatOf(line) : null,
        attendees: people(o, rid),
      };
    }),
    created: stored.created,
    updated: stored.updated,
    history: stored.history,
  };
}

function counterJson(c: CounterRecord, zone: string) {
  const { ics: _ics, ...rest } = c;
  return { ...rest, proposed: counterProposal(c, zone) };
}

/** The store for one user as JSON: events with answers, counters, queue, others' free/busy. */
export async function showJson(tx: StoreTx, opts: EngineOptions, args: { uid?: string } = {}): Promise<unknown> {
  const ctx = await makeCtx(tx, opts);
  const events = [];
  for (const stored of await selected(ctx.utx.listEvents(), args.uid)) {
    try {
      events.push(describe(ctx.user, stored, loadStored(stored.ics, ctx.zone)));
    } catch (e) {
      events.push({ uid: stored.uid, error: `stored copy unreadable: ${(e as Error).message}` });
    }
  }
  const counters = (args.uid ? await ctx.utx.listCounters(args.uid) : await ctx.utx.listAllCounters()).map((c) => counterJson(c, ctx.zone));
  const queue = (await ctx.utx.listQueue()).filter((q) => !args.uid || q.uid === args.uid).map(({ ics: _ics, ...q }) => q);
  queue.sort((a, b) => a.created.localeCompare(b.created));
  const freebusy = await ctx.utx.listFreeBusy();
  const journal = ctx.prefs.quota_group || ctx.user;
  const usage = (await tx.listUsage(journal)).filter((u) => !args.uid || u.uid === args.uid);
  return { user: ctx.user, role: opts.role, events, counters, queue, freebusy, usage };
}

/** The user's busy time in a range as a VCALENDAR with one VFREEBUSY (RFC 5545 §3.6.4). */
export async function freebusyCalendar(tx: StoreTx, opts: EngineOptions, args: RangeArgs): Promise<string> {
  const ctx = await makeCtx(tx, opts);
  const start = parseIsoInstant(args.start, ctx.zone);
  const end = parseIsoInstant(args.end, ctx.zone);
  if (!(end > start)) throw new CalendarError('the end of the range is not after its start');
  const periods = await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, { start, end }, undefined, ctx.opts.calendars);
  return freebusyCalendarText(freebusyComponent({ organizer: ctx.user, start, end, stamp: ctx.nowMs, uid: ctx.opts.newId(), periods }), 'PUBLISH');
}

export async function getPrefs(tx: StoreTx, opts: EngineOptions): Promise<Prefs> {
  return effectivePrefs(await tx.user(normalizeAddress(opts.user)).getPrefs(), opts.role);
}

/** Stores preferences after checking every one (all or nothing). */
export async function setPrefs(tx: StoreTx, opts: EngineOptions, prefs: Prefs): Promise<void> {
  for (const [name, value] of Object.entries(prefs)) validatePref(name, value);
  const utx = tx.user(normalizeAddress(opts.user));
  const before = await utx.getPrefs();
  await utx.setPrefs({ ...before, ...prefs });
  // Floating times and dates are indexed in the user's zone: a new zone means a new index.
  if ('TZID' in prefs && prefs.TZID !== before.TZID) await utx.setBusyIndexState(undefined);
}
