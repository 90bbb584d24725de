// Scheduling functions (imip-agent's `scheduling_function`): each looks at the proposal — the
// periods a request asks for — and accepts it, declines it, refines it (moves its period), or
// hands it to a delegate. The chain runs them in order; a decline or delegation ends it.

import { DateTime } from 'luxon';
import type { Address, BusyPeriod, UsageRecord } from '../types.js';
import type { Ctx } from '../itip/context.js';
import { userBusy } from '../freebusy.js';
import { organisedIn } from '../calendars/merge.js';
import { effectivePrefs } from '../prefs.js';
import { domainOf } from '../itip/address.js';
import type { Period } from './limits.js';
import { busyReader } from '../itip/writer.js';
import { addressList, matches, parseAcl, parseAllowance, parseGrid, parseQuotaLimits, parseWorkingHours, type Grid } from './syntax.js';

export type Verdict =
  | { kind: 'continue' }
  | { kind: 'decline'; status: string; reason: string }
  | { kind: 'refine'; periods: Period[]; reason: string }
  | { kind: 'delegate'; to: Address; reason: string }
  /** Accept the series but decline these occurrences (`recurrence_conflicts=partial`). */
  | { kind: 'partial'; declined: Period[] };

export interface Proposal {
  ctx: Ctx;
  uid: string;
  organizer: Address;
  attendees: Address[];
  recurring: boolean;
  periods: Period[];
}

export const CONFLICT = '4.0;Event conflict. Date-time is busy.';
const NO_AUTHORITY = '3.8;No authority';
/** How far `schedule_next_available_in_freebusy` looks ahead. */
export const NEXT_AVAILABLE_DAYS = 30;
/** Most occurrences declined one by one under `recurrence_conflicts=partial`. */
export const MAX_PARTIAL_DECLINES = 20;
const MINUTE = 60_000;

async function busyFor(ctx: Ctx, user: Address, periods: Period[], exceptUid: string, zone?: string): Promise<BusyPeriod[]> {
  if (!periods.length) return [];
  const start = Math.min(...periods.map((p) => p.start));
  const end = Math.max(...periods.map((p) => p.end));
  // Thunderbird's calendars are the acting user's own (a resource's bookings made there count).
  return userBusy(busyReader(ctx, user), zone ?? ctx.zone, ctx.nowMs, { start, end }, exceptUid, user === ctx.user ? ctx.opts.calendars : undefined);
}

/** Busy periods as numbers, sorted by start, with the running maximum of their ends: a period's
 * overlapping bookings are then found by reading only those that can reach it, not every one
 * (100 requested series of 200 occurrences each made 4 million comparisons). */
interface Timeline {
  spans: [number, number][];
  maxEnd: number[];
}

function timeline(busy: BusyPeriod[]): Timeline {
  const spans = busy.map((b): [number, number] => [Date.parse(b.start), Date.parse(b.end)]).sort((a, b) => a[0] - b[0]);
  const maxEnd: number[] = [];
  spans.forEach(([, e], i) => maxEnd.push(Math.max(e, i ? maxEnd[i - 1]! : -Infinity)));
  return { spans, maxEnd };
}

/** Most bookings overlapping at any moment of `p` (a sweep over the overlapping busy periods). */
function concurrency(p: Period, t: Timeline): number {
  // The spans starting before p ends: those before index `hi`.
  let lo = 0;
  let hi = t.spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.spans[mid]![0] < p.end) lo = mid + 1;
    else hi = mid;
  }
  const edges: [number, number][] = [];
  for (let j = lo - 1; j >= 0 && t.maxEnd[j]! > p.start; j--) {
    const [bs, be] = t.spans[j]!;
    const s = Math.max(bs, p.start);
    const e = Math.min(be, p.end);
    if (s < e) edges.push([s, 1], [e, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}

function conflicting(periods: Period[], busy: BusyPeriod[], capacity: number): Period[] {
  const t = timeline(busy);
  return periods.filter((p) => concurrency(p, t) >= capacity);
}

function describe(p: Period): string {
  return new Date(p.start).toISOString().replace(/:00\.000Z$/, 'Z');
}

async function inFreebusy(pr: Proposal, capacity: number): Promise<Verdict> {
  const busy = await busyFor(pr.ctx, pr.ctx.user, pr.periods, pr.uid);
  const clashes = conflicting(pr.periods, busy, capacity);
  if (!clashes.length) return { kind: 'continue' };
  // Never accept a series silently over a conflict: decline it, or decline just those.
  if (pr.recurring && pr.ctx.prefs.recurrence_conflicts === 'partial' && clashes.length < pr.periods.length && clashes.length <= MAX_PARTIAL_DECLINES)
    return { kind: 'partial', declined: clashes };
  const first = clashes[0]!;
  return {
    kind: 'decline',
    status: CONFLICT,
    reason: pr.recurring ? `the occurrence at ${describe(first)} conflicts with another booking` : `busy at ${describe(first)}`,
  };
}

/** Grid times of one local day, sorted. */
function gridOfDay(day: DateTime, grids: Grid[]): number[] {
  const out = new Set<number>();
  for (const g of grids)
    for (const h of g.hours === '*' ? [...Array(24).keys()] : g.hours)
      for (const m of g.minutes === '*' ? [...Array(60).keys()] : g.minutes) out.add(day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis());
  return [...out].sort((a, b) => a - b);
}

/** The first grid time at or after `t` (within a month), in the resource's zone. */
export function nextOnGrid(t: number, grids: Grid[], zone: string): number | undefined {
  let day = DateTime.fromMillis(t, { zone }).startOf('day');
  for (let i = 0; i < 32; i++, day = day.plus({ days: 1 })) {
    const hit = gridOfDay(day, grids).find((g) => g >= t);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function withinWorkingHours(p: Period, zone: string, text: string | undefined): boolean {
  if (!text) return true;
  const s = DateTime.fromMillis(p.start, { zone });
  const e = DateTime.fromMillis(p.end, { zone });
  if (!s.hasSame(e.minus({ milliseconds: 1 }), 'day')) return false;
  const from = s.hour * 60 + s.minute;
  const to = from + (p.end - p.start) / MINUTE;
  return parseWorkingHours(text).some((w) => w.days.includes(s.weekday) && from >= w.from && to <= w.to);
}

async function correctedInFreebusy(pr: Proposal): Promise<Verdict> {
  const grid = pr.ctx.prefs.permitted_times;
  if (!grid || pr.recurring || pr.periods.length !== 1) return { kind: 'continue' };
  const p = pr.periods[0]!;
  const grids = parseGrid(grid);
  const start = nextOnGrid(p.start, grids, pr.ctx.zone);
  const end = start === undefined ? undefined : nextOnGrid(start + (p.end - p.start), grids, pr.ctx.zone);
  if (start === undefined || end === undefined || end <= start) return { kind: 'decline', status: CONFLICT, reason: 'no permitted time fits this booking' };
  const moved = { rid: p.rid, start, end };
  if (conflicting([moved], await busyFor(pr.ctx, pr.ctx.user, [moved], pr.uid), 1).length)
    return { kind: 'decline', status: CONFLICT, reason: `busy at the permitted time ${describe(moved)}` };
  if (start === p.start && end === p.end) return { kind: 'continue' };
  return { kind: 'refine', periods: [moved], reason: `moved onto the permitted times (${grid})` };
}

async function nextAvailable(pr: Proposal): Promise<Verdict> {
  if (pr.recurring || pr.periods.length !== 1) return { kind: 'continue' };
  const p = pr.periods[0]!;
  const { zone, prefs } = pr.ctx;
  const length = p.end - p.start;
  const horizon = { rid: p.rid, start: p.start, end: p.start + NEXT_AVAILABLE_DAYS * 86400000 + length };
  const busy = timeline(await busyFor(pr.ctx, pr.ctx.user, [horizon], pr.uid));
  const fits = (q: Period) => withinWorkingHours(q, zone, prefs.working_hours) && concurrency(q, busy) < 1;
  if (fits(p)) return { kind: 'continue' };
  const grids = prefs.permitted_times ? parseGrid(prefs.permitted_times) : undefined;
  // Candidate starts: the permitted grid, or every quarter hour after the requested start.
  let t: number | undefined = p.start;
  for (let i = 0; i < NEXT_AVAILABLE_DAYS * 96 * 2 && t !== undefined && t < horizon.end - length; i++) {
    t = grids ? nextOnGrid(t + MINUTE, grids, zone) : t + 15 * MINUTE;
    if (t === undefined) break;
    const q = { rid: p.rid, start: t, end: t + length };
    if (fits(q)) return { kind: 'refine', periods: [q], reason: `the requested time is not available; next free: ${describe(q)}` };
  }
  return { kind: 'decline', status: CONFLICT, reason: `no free period of that length within ${NEXT_AVAILABLE_DAYS} days` };
}

function accessControl(pr: Proposal): Verdict {
  if (!pr.ctx.prefs.acl) return { kind: 'continue' };
  const { fallback, rules } = parseAcl(pr.ctx.prefs.acl);
  let decision = fallback;
  for (const r of rules) {
    const hit = r.role === 'organiser' ? matches(r.who, pr.organizer) : pr.attendees.some((a) => matches(r.who, a));
    if (hit) decision = r.decision; // later rules override earlier ones
  }
  return decision === 'accept'
    ? { kind: 'continue' }
    : { kind: 'decline', status: NO_AUTHORITY, reason: `bookings by ${pr.organizer} are not accepted (access control list)` };
}

function sameDomain(pr: Proposal): Verdict {
  return domainOf(pr.organizer) === domainOf(pr.ctx.user)
    ? { kind: 'continue' }
    : { kind: 'decline', status: NO_AUTHORITY, reason: `only organisers from ${domainOf(pr.ctx.user)} may book this resource` };
}

export function quotaJournal(ctx: Ctx): string {
  return ctx.prefs.quota_group || ctx.user;
}

function allowanceFor(ctx: Ctx, organizer: Address): { amount: number; interval: number; text: string } | undefined {
  const prefs = ctx.prefs;
  if (prefs.quota_limits) {
    const limits = parseQuotaLimits(prefs.quota_limits);
    const rank = (w: (typeof limits)[number]['who']) => (w.kind === 'address' ? 0 : w.kind === 'domain' ? 1 : 2);
    const hit = limits.filter((l) => matches(l.who, organizer)).sort((a, b) => rank(a.who) - rank(b.who))[0];
    if (hit) return { amount: hit.amount, interval: hit.interval, text: 'quota_limits' };
  }
  return prefs.quota ? { ...parseAllowance(prefs.quota), text: prefs.quota } : undefined;
}

/** Most booked time of `all` in any window of `interval` that touches a new period. */
function peakUsage(all: { start: number; end: number }[], fresh: Period[], interval: number): number {
  const anchors = new Set<number>();
  for (const p of fresh.slice(0, 500)) {
    anchors.add(p.start);
    anchors.add(p.end - interval);
  }
  for (const q of all) if (fresh.some((p) => Math.abs(q.start - p.start) < interval)) anchors.add(q.start).add(q.end - interval);
  let peak = 0;
  for (const a of anchors) {
    const b = a + interval;
    let total = 0;
    for (const q of all) total += Math.max(0, Math.min(q.end, b) - Math.max(q.start, a));
    peak = Math.max(peak, total);
  }
  return peak;
}

async function checkQuota(pr: Proposal): Promise<Verdict> {
  const allowance = allowanceFor(pr.ctx, pr.organizer);
  if (!allowance) return { kind: 'continue' };
  const used: UsageRecord[] = (await pr.ctx.tx.listUsage(quotaJournal(pr.ctx))).filter(
    (u) => u.organizer === pr.organizer && !(u.uid === pr.uid && u.resource === pr.ctx.user),
  );
  const all = [
    ...used.map((u) => ({ start: Date.parse(u.start), end: Date.parse(u.end) })),
    ...(await calendarBookings(pr, allowance.interval)),
    ...pr.periods,
  ];
  const peak = peakUsage(all, pr.periods, allowance.interval);
  if (peak <= allowance.amount) return { kind: 'continue' };
  const hours = (ms: number) => `${Math.round((ms / 3600000) * 100) / 100} h`;
  return {
    kind: 'decline',
    status: '5.1;Service unavailable',
    reason: `quota exceeded: ${pr.organizer} would hold ${hours(peak)} where ${hours(allowance.amount)} is allowed (${allowance.text})`,
  };
}

/** The organiser's bookings made directly in the resource's Thunderbird calendars, near the proposal. */
async function calendarBookings(pr: Proposal, interval: number): Promise<{ start: number; end: number }[]> {
  const source = pr.ctx.opts.calendars;
  if (!source || !pr.periods.length) return [];
  const start = Math.min(...pr.periods.map((p) => p.start)) - interval;
  const end = Math.max(...pr.periods.map((p) => p.end)) + interval;
  return (await organisedIn(busyReader(pr.ctx), source, pr.ctx.zone, { start, end }, pr.ctx.nowMs, pr.organizer)).filter((b) => b.uid !== pr.uid);
}

async function forDelegate(pr: Proposal): Promise<Verdict> {
  const own = await busyFor(pr.ctx, pr.ctx.user, pr.periods, pr.uid);
  if (!conflicting(pr.periods, own, 1).length) return { kind: 'continue' };
  for (const other of addressList(pr.ctx.prefs.delegates ?? '')) {
    if (other === pr.ctx.user) continue;
    const zone = effectivePrefs(await pr.ctx.tx.user(other).getPrefs()).TZID || 'UTC';
    if (!conflicting(pr.periods, await busyFor(pr.ctx, other, pr.periods, pr.uid, zone), 1).length)
      return { kind: 'delegate', to: other, reason: `busy; delegated to ${other}` };
  }
  return { kind: 'decline', status: CONFLICT, reason: 'busy, and no delegate is free' };
}

export async function runFunction(name: string, arg: string | undefined, pr: Proposal): Promise<Verdict> {
  switch (name) {
    case 'schedule_in_freebusy':
      return inFreebusy(pr, arg ? Number(arg) : 1);
    case 'schedule_corrected_in_freebusy':
      return correctedInFreebusy(pr);
    case 'schedule_next_available_in_freebusy':
      return nextAvailable(pr);
    case 'access_control_list':
      return accessControl(pr);
    case 'same_domain_only':
      return sameDomain(pr);
    case 'check_quota':
      return checkQuota(pr);
    case 'schedule_for_delegate':
      return forDelegate(pr);
    default:
      return { kind: 'decline', status: '5.0;Request not supported', reason: `unknown scheduling function ${name}` };
  }
}
