// Busy time for pictures and pickers: the user's own (day pictures, free slots) and what is
// known of other people's (their free/busy replies and messages, their answers to our events).

import { DateTime } from 'luxon';
import { busyReader } from '../itip/writer.js';
import type { EngineOptions } from '../api.js';
import type { StoreTx, UserReader } from '../store.js';
import type { BusyPeriod } from '../types.js';
import type { CalendarSource } from '../calendars/source.js';
import type { Address, BusyBlock, Period, PersonBusy } from '../../shared/protocol.js';
import { makeCtx } from '../itip/context.js';
import { findAttendee, isCancelled, isTransparent, partstatOf } from '../itip/model.js';
import { loadStored } from '../itip/objects.js';
import { normalizeAddress } from '../itip/address.js';
import { coalesce, userBusy } from '../freebusy.js';
import { expandEvent } from '../ical/recurrence.js';
import { CalendarError } from '../ical/parse.js';
import { isoUtc, parseIsoInstant } from '../ical/tz.js';
import { parseWorkingHours, type WorkingHours } from '../policy/syntax.js';
import { MAX_OCCURRENCES_PER_EVENT, readRange, summaries } from './common.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Free slots start on a quarter of an hour (every zone's offset is a multiple of 15 minutes). */
const GRID_MS = 15 * MINUTE;
/** How far ahead free slots are looked for. */
export const SLOT_SEARCH_DAYS = 60;
/** Without `working_hours`, slots are offered on weekdays from 08:00 to 18:00 in the user's TZID. */
export const DEFAULT_WORKING_HOURS: WorkingHours[] = [{ days: [1, 2, 3, 4, 5], from: 8 * 60, to: 18 * 60 }];

/** The user's busy periods as blocks naming the user's own events. */
export async function ownBlocks(utx: UserReader, zone: string, periods: BusyPeriod[], calendars?: CalendarSource): Promise<BusyBlock[]> {
  const summary = summaries(utx, zone, calendars);
  const out: BusyBlock[] = [];
  for (const p of periods) out.push({ start: p.start, end: p.end, fbtype: p.fbtype, uid: p.uid ?? null, summary: await summary(p.uid) });
  return out;
}

export async function busyRange(tx: StoreTx, opts: EngineOptions, args: { start: string; end: string; excludeUid?: string }): Promise<BusyBlock[]> {
  const ctx = await makeCtx(tx, opts);
  const window = readRange(args, ctx.zone);
  return ownBlocks(ctx.utx, ctx.zone, await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, window, args.excludeUid, ctx.opts.calendars), ctx.opts.calendars);
}

/** Working periods (instants) of one day in the zone; DST days keep their wall-clock hours. */
function workingPeriods(day: DateTime, hours: WorkingHours[]): [number, number][] {
  const out: [number, number][] = [];
  for (const h of hours) {
    if (!h.days.includes(day.weekday)) continue;
    const at = (minutes: number) => (minutes >= 24 * 60 ? day.plus({ days: 1 }) : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })).toMillis();
    out.push([at(h.from), at(h.to)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

export async function freeSlots(
  tx: StoreTx,
  opts: EngineOptions,
  args: { after: string; durationMinutes: number; count: number; excludeUid?: string },
): Promise<Period[]> {
  const ctx = await makeCtx(tx, opts);
  if (!Number.isInteger(args.durationMinutes) || args.durationMinutes < 5 || args.durationMinutes > 24 * 60)
    throw new CalendarError('the length of a slot must be a whole number of minutes from 5 to 1440');
  if (!Number.isInteger(args.count) || args.count < 1 || args.count > 100) throw new CalendarError('between 1 and 100 slots can be asked for');
  const duration = args.durationMinutes * MINUTE;
  // Never in the past: a proposal for yesterday is no use to anyone.
  const from = Math.max(parseIsoInstant(args.after, ctx.zone), ctx.nowMs);
  let hours = DEFAULT_WORKING_HOURS;
  if (ctx.prefs.working_hours) hours = parseWorkingHours(ctx.prefs.working_hours);
  const horizon = from + SLOT_SEARCH_DAYS * DAY;
  const busy = coalesce(await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, { start: from, end: horizon + DAY }, args.excludeUid, ctx.opts.calendars))
    .filter((p) => p.fbtype !== 'FREE')
    .map((p) => [Date.parse(p.start), Date.parse(p.end)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: Period[] = [];
  let b = 0; // busy periods ending before the candidate are never looked at again
  let day = DateTime.fromMillis(from, { zone: ctx.zone }).startOf('day');
  for (let d = 0; d <= SLOT_SEARCH_DAYS && out.length < args.count; d++, day = day.plus({ days: 1 })) {
    for (const [open, close] of workingPeriods(day, hours)) {
      let t = Math.ceil(Math.max(open, from) / GRID_MS) * GRID_MS;
      while (t + duration <= close && out.length < args.count) {
        while (b < busy.length && busy[b]![1] <= t) b++;
        const clash = busy.slice(b).find(([s, e]) => s < t + duration && e > t);
        if (clash) {
          t = Math.ceil(clash[1] / GRID_MS) * GRID_MS;
          continue;
        }
        out.push({ start: isoUtc(t), end: isoUtc(t + duration) });
        t += Math.ceil(duration / GRID_MS) * GRID_MS;
      }
    }
  }
  return out;
}

export async function peopleBusy(tx: StoreTx, opts: EngineOptions, args: { addresses: Address[]; start: string; end: string }): Promise<PersonBusy[]> {
  const ctx = await makeCtx(tx, opts);
  const window = readRange(args, ctx.zone);
  const addresses = [...new Set(args.addresses.map((a) => normalizeAddress(a)).filter(Boolean))].slice(0, 200);
  const summary = summaries(ctx.utx, ctx.zone);
  const fromEvents = new Map<Address, BusyBlock[]>(addresses.map((a) => [a, []]));
  // What the people answered to the user's own events (and to events both are invited to).
  for (const stored of await ctx.utx.listEvents()) {
    if (stored.cancelled) continue;
    let object;
    try {
      object = loadStored(stored.ics, ctx.zone);
    } catch {
      continue;
    }
    const head = object.master ?? object.overrides[0];
    if (!head || !addresses.some((a) => [object.master, ...object.overrides].some((c) => c && findAttendee(c, a)))) continue;
    for (const occ of expandEvent(object.master, object.overrides, window, object.ctx, { maxInstances: MAX_OCCURRENCES_PER_EVENT }).occurrences) {
      if (isCancelled(occ.component) || isTransparent(occ.component)) continue;
      for (const a of addresses) {
        const line = findAttendee(occ.component, a) ?? (object.master && findAttendee(object.master, a));
        const partstat = line ? partstatOf(line) : undefined;
        if (partstat !== 'ACCEPTED' && partstat !== 'TENTATIVE') continue;
        fromEvents.get(a)!.push({
          start: isoUtc(occ.start),
          end: isoUtc(occ.end),
          fbtype: partstat === 'ACCEPTED' ? 'BUSY' : 'BUSY-TENTATIVE',
          uid: stored.uid,
          summary: await summary(stored.uid),
        });
      }
    }
  }
  const out: PersonBusy[] = [];
  for (const address of addresses) {
    const record = await ctx.utx.getFreeBusy(address);
    const seen = new Set<string>();
    const busy: BusyBlock[] = [];
    const add = (block: BusyBlock) => {
      const key = `${block.start}|${block.end}|${block.uid ?? ''}`;
      if (seen.has(key) || !(Date.parse(block.end) > window.start && Date.parse(block.start) < window.end)) return;
      seen.add(key);
      busy.push(block);
    };
    for (const block of fromEvents.get(address)!) add(block);
    // Periods recorded from an attendee's answer name the user's own event; others name nothing.
    for (const p of record?.periods ?? [])
      add({ start: p.start, end: p.end, fbtype: p.fbtype, uid: p.uid ?? null, summary: p.uid ? await summary(p.uid) : null });
    busy.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
    out.push({
      address,
      known: !!record || busy.length > 0,
      updated: record?.updated ?? null,
      range: record?.start && record.end ? { start: record.start, end: record.end } : null,
      busy,
    });
  }
  return out;
}
