// The popup's picture of the user's day(s) under a proposal, and the view of a VFREEBUSY object.

import ICAL from 'ical.js';
import { busyReader } from '../itip/writer.js';
import { DateTime } from 'luxon';
import type { Result } from '../types.js';
import type { BusyBlock, EventView, InvitationItem } from '../../shared/protocol.js';
import type { Ctx } from '../itip/context.js';
import type { Component } from '../itip/model.js';
import { attendees, organizerOf, propAddress, uidOf } from '../itip/model.js';
import type { EventObject } from '../itip/objects.js';
import { verifySender } from '../itip/sender.js';
import { MAX_FREEBUSY_RANGE_MS } from '../itip/handlers/freebusy.js';
import { userBusy } from '../freebusy.js';
import { isoUtc, toInstant, type ZoneContext } from '../ical/tz.js';
import { personView, type ViewSource } from './event-view.js';
import { ownBlocks } from './busy.js';
import { methodTraits } from '../itip/methods.js';

/** Most days one day picture covers (a week-long proposal still shows; a year does not). */
export const MAX_PICTURE_DAYS = 14;

/** A view's start and end as instants (all-day dates are days in the user's zone). */
export function viewPeriod(v: Pick<EventView, 'start' | 'end'>, zone: string): [number, number] | undefined {
  if (!v.start) return undefined;
  const at = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? DateTime.fromISO(s, { zone }).toMillis() : Date.parse(s));
  const start = at(v.start);
  const end = v.end ? at(v.end) : start;
  return Number.isFinite(start) && Number.isFinite(end) ? [start, Math.max(start, end)] : undefined;
}

const overlaps = (b: BusyBlock, [s, e]: [number, number]) => b.fbtype !== 'FREE' && Date.parse(b.start) < Math.max(e, s + 1) && Date.parse(b.end) > s;

/**
 * The user's busy time over the whole days the proposal touches, in the user's zone, this event
 * left out; for a counter-proposal the days of the current time too, so both can be drawn.
 */
export async function dayPicture(
  ctx: Ctx,
  method: string,
  object: EventObject,
  proposed: EventView,
  current: EventView | null,
): Promise<{ dayBusy: BusyBlock[]; conflicts: BusyBlock[] }> {
  const main = viewPeriod(proposed, ctx.zone);
  if (!main) return { dayBusy: [], conflicts: [] };
  const shown = [main, ...(current ? [viewPeriod(current, ctx.zone)].filter((p): p is [number, number] => !!p) : [])];
  const first = DateTime.fromMillis(Math.min(...shown.map((p) => p[0])), { zone: ctx.zone }).startOf('day');
  const lastEnd = Math.max(...shown.map((p) => Math.max(p[0], p[1] - 1)));
  let last = DateTime.fromMillis(lastEnd, { zone: ctx.zone }).startOf('day').plus({ days: 1 });
  if (last.diff(first, 'days').days > MAX_PICTURE_DAYS) last = first.plus({ days: MAX_PICTURE_DAYS });
  const window = { start: first.toMillis(), end: last.toMillis() };
  const dayBusy = await ownBlocks(
    ctx.utx,
    ctx.zone,
    await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, window, object.uid, ctx.opts.calendars),
    ctx.opts.calendars,
  );
  const proposes = !!methodTraits(method)?.proposes;
  return { dayBusy, conflicts: proposes ? dayBusy.filter((b) => overlaps(b, main)) : [] };
}

function reported(fb: Component, zctx: ZoneContext): BusyBlock[] {
  const out: BusyBlock[] = [];
  for (const prop of fb.getAllProperties('freebusy')) {
    const raw = String(prop.getFirstParameter('fbtype') ?? 'BUSY').toUpperCase();
    const fbtype = raw === 'FREE' || raw === 'BUSY-TENTATIVE' || raw === 'BUSY-UNAVAILABLE' ? raw : 'BUSY';
    for (const value of prop.getValues().slice(0, 10_000)) {
      if (!(value instanceof ICAL.Period) || out.length >= 10_000) continue;
      const start = toInstant(value.start, zctx);
      const end = value.end ? toInstant(value.end, zctx) : start + (value.duration?.toSeconds() ?? 0) * 1000;
      if (Number.isFinite(start) && end > start) out.push({ start: isoUtc(start), end: isoUtc(end), fbtype, uid: null, summary: null });
    }
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** A VFREEBUSY: someone's busy time (REPLY, PUBLISH), or a request for the user's (REQUEST). */
export async function freebusyItem(
  ctx: Ctx,
  method: string,
  fb: Component,
  zctx: ZoneContext,
  partWarnings: string[],
  results: Result[],
): Promise<InvitationItem> {
  const uid = uidOf(fb);
  const organizer = organizerOf(fb) ?? null;
  const lines = attendees(fb);
  const s = fb.getFirstPropertyValue('dtstart');
  const e = fb.getFirstPropertyValue('dtend');
  const range = s instanceof ICAL.Time && e instanceof ICAL.Time ? { start: toInstant(s, zctx), end: toInstant(e, zctx) } : null;
  const owner = method === 'REPLY' ? (lines[0] ? propAddress(lines[0]) : null) : organizer;
  let busy: BusyBlock[];
  if (method === 'REQUEST' && range && range.end > range.start) {
    // What the user's answer holds (or would): their own time over the range asked for.
    const end = Math.min(range.end, range.start + MAX_FREEBUSY_RANGE_MS);
    busy = await ownBlocks(
      ctx.utx,
      ctx.zone,
      await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, { start: range.start, end }, undefined, ctx.opts.calendars),
      ctx.opts.calendars,
    );
  } else busy = reported(fb, zctx);
  const warnings = [...partWarnings];
  const from = ctx.msg?.from?.address;
  if (ctx.msg && from !== ctx.user && owner && verifySender(ctx.sender, [owner]).level !== 'verified')
    warnings.push(`sender ${from ?? '(none)'} is not ${owner}, whose free/busy this is`);
  const object = { uid, overrides: [], timezones: [], ctx: zctx };
  const src: ViewSource = { user: ctx.user, role: ctx.opts.role, object, relation: 'observer' };
  const match = results.find((r) => r.method === method && (r.uid ?? '') === uid);
  warnings.push(...(match?.warnings ?? []), ...zctx.warnings);
  const proposed: EventView = {
    identity: ctx.user,
    uid,
    recurrenceId: null,
    summary: null,
    location: null,
    description: null,
    start: range ? isoUtc(range.start) : null,
    end: range ? isoUtc(range.end) : null,
    allDay: false,
    tzid: null,
    rrule: null,
    rdates: [],
    exdates: [],
    organizer: organizer ? { address: organizer, name: fb.getFirstProperty('organizer')?.getFirstParameter('cn') ?? null } : null,
    attendees: lines.map((p) => personView(src, p, '')),
    sequence: 0,
    status: 'CONFIRMED',
    transparency: 'OPAQUE',
    categories: [],
    partstat: null,
    relation: method === 'REPLY' ? 'organizer' : method === 'REQUEST' ? 'attendee' : 'observer',
    attachments: [],
    proposal: null,
  };
  return {
    method,
    identity: ctx.user,
    role: method === 'REPLY' ? 'organizer' : method === 'REQUEST' ? (ctx.opts.role === 'resource' ? 'resource' : 'attendee') : 'observer',
    proposed,
    stored: null,
    previous: null,
    changes: [],
    isUpdate: false,
    outcome: match ? { action: match.action, reason: match.reason } : null,
    warnings: [...new Set(warnings)],
    sender:
      ctx.msg && from !== ctx.user && owner
        ? { verification: match?.verification ?? verifySender(ctx.sender, [owner]).level, note: verifySender(ctx.sender, [owner]).note }
        : null,
    waitingId: null,
    dayBusy: [],
    conflicts: [],
    counter: null,
    reply: null,
    freebusy: { from: owner, range: range ? { start: isoUtc(range.start), end: isoUtc(range.end) } : null, busy },
    actions: [],
  };
}
