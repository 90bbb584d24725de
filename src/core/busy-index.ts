// The free/busy index: each stored event's busy periods, expanded once when the event is written
// and kept in week buckets, so that "is the user free on Tuesday?" reads a handful of rows instead
// of parsing and expanding every stored event (a 100,000-event store would take seconds).
//
// Bounded: a series is expanded only over a coverage window around the time it is written
// (INDEX_PAST_MS before, INDEX_FUTURE_MS after); an event that does not repeat is indexed wholly,
// wherever it lies. Occurrences outside — the far end of an endless series, a series begun decades
// ago — are marked with a `p`/`f` row keyed by where coverage ends, so a query reaches them only
// when it goes past that point, and then expands just those events (and
// renews their coverage when it has fallen behind the clock). The index is derived data: it is
// rebuilt from the events whenever its version or the user's zone changes.

import type { UserTx } from './store.js';
import type { Address, BusyPeriod, BusyRow, Relation, StoredEvent } from './types.js';
import { FBTYPES } from './types.js';
import type ICAL from 'ical.js';
import { expandEvent, type Occurrence } from './ical/recurrence.js';
import type { ExpandLimits } from './ical/rule-walk.js';
import { isoUtc } from './ical/tz.js';
import { reach } from './event-reach.js';
import { loadStored, storedObject, type EventObject } from './itip/objects.js';
import { isCancelled, isTransparent, userPartstat } from './itip/model.js';
import { readSingle, type SingleBusy } from './busy-fast.js';

const DAY = 86_400_000;
/** Bucket width: a week, so a week's query reads two buckets and a year's fifty-four. */
export const BUCKET_MS = 7 * DAY;
/** Coverage of an event's expansion around the time it is indexed. */
export const INDEX_PAST_MS = 400 * DAY;
export const INDEX_FUTURE_MS = 800 * DAY;
/** Events that do not repeat are indexed wherever they lie within this, either side of the clock. */
export const INDEX_OUTER_MS = 200 * 365 * DAY;
/** Coverage is renewed when a query finds less than this left ahead of the clock. */
export const INDEX_RENEW_MS = 400 * DAY;
/** A period spanning more buckets than this goes to the `l` bucket, read by every query. */
export const LONG_PERIOD_BUCKETS = 60;
/** Bump when rows change meaning: every user's index is then rebuilt on its next query. */
export const INDEX_VERSION = 1;

// Rows store an FBTYPES index (core/types.ts). FREE (3) is never written for the agent's own
// events; Thunderbird's items use it for time they show but do not block (core/calendars).
export { FBTYPES };
// Weeks since 1970 are offset so that bucket names of any year 1–9999 have six digits and sort.
const week = (ms: number) => String(Math.floor(ms / BUCKET_MS) + 200_000).padStart(6, '0');

export interface Window {
  start: number;
  end: number;
}

/**
 * A busy period as numbers — start and end to the second (epoch ms), an FBTYPES index — the form
 * queries work in; a BusyPeriod's ISO strings are written once, for what is finally returned.
 */
export interface BusyTime {
  start: number;
  end: number;
  type: number;
  uid: string;
}

/** The BusyPeriod of a BusyTime (isoUtc: the one ISO form, whose strings order as the instants). */
export function busyPeriod(t: BusyTime): BusyPeriod {
  return { start: isoUtc(t.start), end: isoUtc(t.end), fbtype: FBTYPES[t.type] ?? 'BUSY', uid: t.uid };
}

/** Busy periods of one stored event inside the window (RFC 5545 §3.2.12 FBTYPE, RFC 5546 §3.3). */
export function eventBusy(user: Address, stored: StoredEvent, object: EventObject, window: Window, limits?: Partial<ExpandLimits>): BusyPeriod[] {
  return eventBusyTimes(user, stored, object, window, limits).map(busyPeriod);
}

/** The same as numbers. */
export function eventBusyTimes(user: Address, stored: StoredEvent, object: EventObject, window: Window, limits?: Partial<ExpandLimits>): BusyTime[] {
  const occurrences =
    stored.cancelled || !mayBeBusy(user, stored, object) ? [] : expandEvent(object.master, object.overrides, window, object.ctx, limits).occurrences;
  return busyTimes(user, stored, object, window, occurrences).map(([start, end, type]) => ({ start, end, type, uid: stored.uid }));
}

/** Whether any occurrence can hold the user's time: the organiser's own event, or one the user
 * accepted or tentatively accepted (the series or one occurrence). An invitation left unanswered
 * — what a stranger's mail is until the user acts — is not expanded for free/busy at all. */
function mayBeBusy(user: Address, stored: StoredEvent, object: EventObject): boolean {
  if (stored.relation === 'organizer') return true;
  return [object.master, ...object.overrides].some((c) => !!c && answerIsBusy(userPartstat(user, c, object.master)));
}

/** An answer that makes an attendee busy: accepted, or tentatively (RFC 5545 §3.2.12). */
function answerIsBusy(partstat: string | undefined): boolean {
  return partstat === 'ACCEPTED' || partstat === 'TENTATIVE';
}

/**
 * The FBTYPES index one component holds for the user: none when it is cancelled or transparent
 * (`free`: RFC 5545 §3.8.1.11, §3.8.2.7), BUSY for the organiser's own event or an accepted one,
 * BUSY-TENTATIVE for a tentative one (RFC 5545 §3.2.9). The user's answer is read only if needed.
 */
function busyType(relation: Relation, free: boolean, partstat: () => string | undefined): number | undefined {
  if (free) return undefined;
  if (relation === 'organizer') return 0;
  const answer = partstat();
  return answer === 'ACCEPTED' ? 0 : answer === 'TENTATIVE' ? 1 : undefined;
}

/** The same as numbers — start, end (to the second) and FBTYPES index — for the index. */
function busyTimes(user: Address, stored: StoredEvent, object: EventObject, window: Window, occurrences: Occurrence[]): [number, number, number][] {
  if (stored.cancelled) return [];
  return occurrenceTimes(occurrences, window, (c) => busyType(stored.relation, isCancelled(c) || isTransparent(c), () => userPartstat(user, c, object.master)));
}

/** Classifies each occurrence (an FBTYPES index, or undefined for none) and keeps those in the window. */
export function occurrenceTimes(occurrences: Occurrence[], window: Window, classify: (c: ICAL.Component) => number | undefined): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const occ of occurrences) {
    const t = classify(occ.component);
    if (t === undefined) continue;
    const end = Math.max(occ.end, occ.start);
    if (end <= window.start || occ.start >= window.end) continue;
    out.push([Math.floor(occ.start / 1000) * 1000, Math.floor(end / 1000) * 1000, t]);
  }
  return out;
}

/** The index rows of one event, expanded over the coverage window around `nowMs`. */
export function indexRows(user: Address, stored: StoredEvent, zone: string, nowMs: number): BusyRow[] {
  if (stored.cancelled) return [];
  // Most events happen once: read from the text alone when it is a shape busy-fast.ts knows.
  const single = readSingle(user, stored.ics, zone);
  if (single) return stored.relation === 'organizer' || answerIsBusy(single.partstat) ? singleRows(stored, single, nowMs) : [];
  return parsedIndexRows(user, stored, zone, nowMs);
}

/** The same, the stored text parsed whatever its shape: what the fast reader must agree with. */
export function parsedIndexRows(user: Address, stored: StoredEvent, zone: string, nowMs: number): BusyRow[] {
  if (stored.cancelled) return [];
  let object: EventObject;
  try {
    object = storedObject(stored, zone); // the calendar just saved, when it was: not parsed again
  } catch {
    return []; // an event that no longer parses holds no time, as in a scan
  }
  if (!mayBeBusy(user, stored, object)) return [];
  return objectRows(stored.uid, object, nowMs, (window, occurrences) => busyTimes(user, stored, object, window, occurrences));
}

/** The full path's rows for an event that happens once, from the numbers busy-fast.ts read. */
function singleRows(stored: StoredEvent, single: SingleBusy, nowMs: number): BusyRow[] {
  const { start, length, end } = single;
  const type = busyType(stored.relation, single.free, () => single.partstat);
  // event-reach.ts's reach: a day's slack either side, and a day more after the end.
  const span = { first: start - DAY, last: start + (length + DAY) + DAY, endless: false };
  return spanRows(stored.uid, span, false, nowMs, (window) => {
    // expandEvent's one occurrence, classified and kept as occurrenceTimes keeps it.
    const e = Math.max(end, start);
    if (type === undefined || e <= window.start || start >= window.end) return [];
    return [[Math.floor(start / 1000) * 1000, Math.floor(e / 1000) * 1000, type]];
  });
}

/**
 * The index rows of one parsed event whose occurrences `times` classifies (the agent's own events
 * here; the items of Thunderbird's calendars in core/calendars, by their own rules).
 */
export function objectRows(
  uid: string,
  object: EventObject,
  nowMs: number,
  times: (window: Window, occurrences: Occurrence[]) => [number, number, number][],
): BusyRow[] {
  return spanRows(uid, reach(object), !!object.master?.hasProperty('rrule'), nowMs, (window) => {
    const { occurrences, truncated } = expandEvent(object.master, object.overrides, window, object.ctx);
    return truncated ? undefined : times(window, occurrences);
  });
}

/**
 * The rows of an event that reaches over `span`, its periods inside a window given by `periods`
 * (undefined: too many occurrences to index).
 */
function spanRows(
  uid: string,
  span: { first: number; last: number; endless: boolean },
  recurring: boolean,
  nowMs: number,
  periods: (window: Window) => [number, number, number][] | undefined,
): BusyRow[] {
  // A series is indexed over a window around the clock; everything else (one occurrence, or a
  // few RDATEs) wholly, wherever it lies, within the outer bound.
  const from = Math.max(span.first, recurring ? nowMs - INDEX_PAST_MS : nowMs - INDEX_OUTER_MS);
  const to = Math.min(span.endless ? Infinity : span.last, recurring ? nowMs + INDEX_FUTURE_MS : nowMs + INDEX_OUTER_MS);
  // Wholly outside the bounds (a series that begins after them): only a `p`/`f` row below.
  const inside = from < to ? periods({ start: from, end: to }) : [];
  // Too many occurrences to index (a rule every minute): expand it at query time, bounded there.
  if (!inside) return [{ bucket: 'x', uid, periods: [], from: 0, to: 0 }];
  const rows = new Map<string, BusyRow>();
  const add = (bucket: string, p: [number, number, number]) => {
    const row = rows.get(bucket) ?? (rows.set(bucket, { bucket, uid, periods: [] }), rows.get(bucket)!);
    row.periods.push(p);
  };
  for (const period of inside) {
    const [s, e] = period;
    const first = Math.floor(s / BUCKET_MS);
    const last = Math.floor(Math.max(s, e - 1) / BUCKET_MS);
    if (last - first > LONG_PERIOD_BUCKETS) add('l', period);
    else for (let b = first; b <= last; b++) add(`w${week(b * BUCKET_MS)}`, period);
  }
  const past = span.first < from;
  const future = span.endless || span.last > to;
  if (past) rows.set('p', { bucket: `p${week(from)}`, uid, periods: [], from, to });
  if (future) rows.set('f', { bucket: `f${week(to)}`, uid, periods: [], from, to });
  return [...rows.values()];
}

/** Re-indexes one event after it was written (nothing to do until the user's index exists). */
export async function indexEvent(utx: UserTx, stored: StoredEvent, nowMs: number): Promise<void> {
  const state = await utx.getBusyIndexState();
  if (state && state.version === INDEX_VERSION) await utx.putBusyRows(stored.uid, indexRows(utx.user, stored, state.zone, nowMs));
}

/** Builds the whole index of one user from the stored events. */
export async function rebuildIndex(utx: UserTx, zone: string, nowMs: number): Promise<void> {
  for (const stored of await utx.listEvents()) await utx.putBusyRows(stored.uid, indexRows(utx.user, stored, zone, nowMs));
  await utx.setBusyIndexState({ version: INDEX_VERSION, zone });
}

/**
 * A user's view of the store that keeps the index in step: every event written or deleted
 * through it is re-indexed in the same transaction.
 */
export function indexing(utx: UserTx, nowMs: number): UserTx {
  return {
    ...utx,
    // Methods: no name set on each per message (esbuild's keepNames, under tsx).
    async putEvent(e) {
      await utx.putEvent(e);
      await indexEvent(utx, e, nowMs);
    },
    async deleteEvent(uid) {
      await utx.deleteEvent(uid);
      await utx.putBusyRows(uid, []);
    },
  };
}

/** Busy periods of the user's events inside the window, from the index (building it if needed). */
export async function indexedBusy(utx: UserTx, zone: string, nowMs: number, window: Window, exceptUid?: string): Promise<BusyPeriod[]> {
  return (await indexedBusyTimes(utx, zone, nowMs, window, exceptUid)).map(busyPeriod);
}

/** The same as numbers, in the same order. */
export async function indexedBusyTimes(utx: UserTx, zone: string, nowMs: number, window: Window, exceptUid?: string): Promise<BusyTime[]> {
  const state = await utx.getBusyIndexState();
  if (!state || state.version !== INDEX_VERSION) await rebuildIndex(utx, zone, nowMs);
  // Asked in another zone than the index was built in (another user's view): scan, correct first.
  else if (state.zone !== zone) return scanBusyTimes(utx, zone, window, exceptUid);

  const rows = [];
  for (const [from, to] of bucketRanges(window)) rows.push(...(await utx.listBusyRows(from, to)));
  const { times: out, expand } = readRowTimes(rows, window, exceptUid);
  for (const uid of expand) {
    const stored = await utx.getEvent(uid);
    if (!stored) continue;
    try {
      for (const t of eventBusyTimes(utx.user, stored, loadStored(stored.ics, zone, stored.uid), window)) out.push(t);
    } catch {
      continue;
    }
    // An endless series whose coverage has fallen behind the clock is indexed afresh.
    const f = rows.find((r) => r.uid === uid && r.bucket[0] === 'f');
    if (f && (f.to ?? 0) < nowMs + INDEX_RENEW_MS) await utx.putBusyRows(uid, indexRows(utx.user, stored, zone, nowMs));
  }
  return out;
}

/** The bucket ranges (inclusive, compared as strings) a query over the window reads. */
export function bucketRanges(window: Window): [string, string][] {
  return [
    [`w${week(window.start)}`, `w${week(Math.max(window.start, window.end - 1))}`],
    ['l', 'l'],
    ['x', 'x'],
    // Coverage that ends after the window starts (p) or before it ends (f).
    [`p${week(window.start)}`, 'p999999'],
    ['f000000', `f${week(window.end)}`],
  ];
}

/**
 * The periods the rows hold inside the window, and the events the window takes beyond their
 * coverage (their rows are not read: the caller expands them whole).
 */
export function readRows(rows: readonly Readonly<BusyRow>[], window: Window, exceptUid?: string): { periods: BusyPeriod[]; expand: Set<string> } {
  const { times, expand } = readRowTimes(rows, window, exceptUid);
  return { periods: times.map(busyPeriod), expand };
}

/** The same as numbers. */
export function readRowTimes(rows: readonly Readonly<BusyRow>[], window: Window, exceptUid?: string): { times: BusyTime[]; expand: Set<string> } {
  const out: BusyTime[] = [];
  const expand = new Set<string>();
  for (const row of rows) {
    const kind = row.bucket[0];
    if (row.uid !== exceptUid && (kind === 'x' || ((kind === 'p' || kind === 'f') && (window.start < (row.from ?? 0) || window.end > (row.to ?? 0)))))
      expand.add(row.uid);
  }
  // A period spanning several weeks sits in each of their buckets: it is taken from the bucket
  // it starts in, or from the window's first bucket if it started before the window.
  const firstWeek = Math.floor(window.start / BUCKET_MS);
  for (const row of rows) {
    if (row.uid === exceptUid || expand.has(row.uid)) continue;
    const bucketWeek = row.bucket[0] === 'w' ? Number(row.bucket.slice(1)) - 200_000 : row.bucket === 'l' ? undefined : null;
    if (bucketWeek === null) continue;
    for (const [s, e, t] of row.periods)
      if (e > window.start && s < window.end && (bucketWeek === undefined || Math.max(Math.floor(s / BUCKET_MS), firstWeek) === bucketWeek))
        out.push({ start: s, end: e, type: t, uid: row.uid });
  }
  return { times: out, expand };
}

/** Every event expanded over the window: the reference the index must agree with. */
export async function scanBusy(utx: UserTx, zone: string, window: Window, exceptUid?: string): Promise<BusyPeriod[]> {
  return (await scanBusyTimes(utx, zone, window, exceptUid)).map(busyPeriod);
}

/** The same as numbers. */
export async function scanBusyTimes(utx: UserTx, zone: string, window: Window, exceptUid?: string): Promise<BusyTime[]> {
  const out: BusyTime[] = [];
  for (const stored of await utx.listEvents()) {
    if (stored.uid === exceptUid) continue;
    try {
      for (const t of eventBusyTimes(utx.user, stored, loadStored(stored.ics, zone, stored.uid), window)) out.push(t);
    } catch {
      // A stored event that no longer parses must not hide everything else's busy time.
    }
  }
  return out;
}
