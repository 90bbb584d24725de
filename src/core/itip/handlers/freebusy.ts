// VFREEBUSY (RFC 5546 §3.3): a REQUEST for the user's busy time is answered only when
// `freebusy_sharing=share`, and only to its verified sender; REPLY and PUBLISH from others are
// kept as their free/busy when their sender is the one whose time it is.

import ICAL from 'ical.js';
import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import { busyReader } from '../writer.js';
import type { Component } from '../model.js';
import { attendees, organizerOf, propAddress, uidOf } from '../model.js';
import { checkSender } from '../trust.js';
import { itipCalendar, message } from '../compose.js';
import { freebusyComponent, userBusy } from '../../freebusy.js';
import { isoUtc, toInstant, type ZoneContext } from '../../ical/tz.js';
import type { BusyPeriod } from '../../types.js';

/** Longest range answered: a request for more is answered for this much (bounded work). */
export const MAX_FREEBUSY_RANGE_MS = 400 * 86400000;

export async function handleFreeBusy(ctx: Ctx, method: string, fb: Component, zctx: ZoneContext, warnings: string[]): Promise<Decision> {
  const d = decider(ctx);
  const uid = uidOf(fb) || null;
  if (method === 'REQUEST') return answerRequest(ctx, fb, zctx, uid, warnings);
  if (method !== 'REPLY' && method !== 'PUBLISH') {
    d.result(method, uid, null, 'unsupported', `VFREEBUSY with METHOD:${method} is not defined by RFC 5546`, warnings);
    return d;
  }
  const owner = method === 'REPLY' ? attendees(fb).map(propAddress)[0] : organizerOf(fb);
  const verdict = checkSender(ctx, [owner]);
  if (!owner || verdict.level !== 'verified') {
    d.result(method, uid, null, 'refused', `free/busy of ${owner ?? '(nobody)'} ${verdict.note}`, warnings);
    return d;
  }
  const periods: BusyPeriod[] = [];
  for (const prop of fb.getAllProperties('freebusy')) {
    const fbtype = String(prop.getFirstParameter('fbtype') ?? 'BUSY').toUpperCase();
    if (fbtype === 'FREE') continue;
    for (const value of prop.getValues().slice(0, 10000)) {
      if (!(value instanceof ICAL.Period)) continue;
      const start = toInstant(value.start, zctx);
      const end = value.end ? toInstant(value.end, zctx) : start + (value.duration?.toSeconds() ?? 0) * 1000;
      if (Number.isFinite(start) && end > start)
        periods.push({ start: isoUtc(start), end: isoUtc(end), fbtype: fbtype === 'BUSY-TENTATIVE' || fbtype === 'BUSY-UNAVAILABLE' ? fbtype : 'BUSY' });
    }
  }
  const range = rangeOf(fb, zctx);
  d.freebusy({
    address: owner,
    ...(range ? { start: isoUtc(range.start), end: isoUtc(range.end) } : {}),
    periods,
    updated: ctx.nowIso,
    source: method === 'REPLY' ? 'reply' : 'publish',
  });
  if (ctx.prefs.freebusy_messages === 'notify') d.enqueue({ kind: 'freebusy', reason: `free/busy of ${owner}` });
  d.result(method, uid, null, 'recorded', `free/busy of ${owner}: ${periods.length} busy period(s)`, warnings);
  return d;
}

function rangeOf(fb: Component, zctx: ZoneContext): { start: number; end: number } | undefined {
  const s = fb.getFirstPropertyValue('dtstart');
  const e = fb.getFirstPropertyValue('dtend');
  if (!(s instanceof ICAL.Time) || !(e instanceof ICAL.Time)) return undefined;
  return { start: toInstant(s, zctx), end: toInstant(e, zctx) };
}

async function answerRequest(ctx: Ctx, fb: Component, zctx: ZoneContext, uid: string | null, warnings: string[]): Promise<Decision> {
  const d = decider(ctx);
  const requester = organizerOf(fb);
  if (!attendees(fb).map(propAddress).includes(ctx.user)) {
    d.result('REQUEST', uid, null, 'ignored', 'free/busy request not addressed to you', warnings);
    return d;
  }
  if (ctx.prefs.freebusy_sharing !== 'share') {
    d.result('REQUEST', uid, null, 'ignored', 'free/busy request not answered (freebusy_sharing=no)', warnings);
    return d;
  }
  const range = rangeOf(fb, zctx);
  if (!requester || !range || !(range.end > range.start)) {
    d.result('REQUEST', uid, null, 'refused', 'free/busy request without ORGANIZER, DTSTART and DTEND', warnings);
    return d;
  }
  // The answer goes to the ORGANIZER only when that is who sent the request (RFC 5546 §6.1).
  const verdict = checkSender(ctx, [requester]);
  if (verdict.level !== 'verified') {
    d.result('REQUEST', uid, null, 'refused', `free/busy request for ${requester} ${verdict.note}: not answered`, warnings);
    return d;
  }
  const end = Math.min(range.end, range.start + MAX_FREEBUSY_RANGE_MS);
  const periods = await userBusy(busyReader(ctx), ctx.zone, ctx.nowMs, { start: range.start, end }, undefined, ctx.opts.calendars);
  const reply = freebusyComponent({ organizer: requester, attendee: ctx.user, start: range.start, end, stamp: ctx.nowMs, ...(uid ? { uid } : {}), periods });
  const ics = itipCalendar('REPLY', [reply]);
  d.send(message(ctx, 'REPLY', [requester], 'freebusyReply', 'bodyFreebusy', '', ics));
  const clamp = end < range.end ? ' (range shortened)' : '';
  d.result('REQUEST', uid, null, 'answered', `sent your free/busy to ${requester}${clamp}`, warnings);
  return d;
}
