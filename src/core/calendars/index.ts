// The busy index of one of Thunderbird's calendars, in memory, built the way the agent's own
// free/busy index is (core/busy-index.ts: week buckets, series expanded over a bounded coverage
// window with `p`/`f` markers beyond it, `x` for rules too dense to index), so that a week's busy
// time over 10,000 items reads a few buckets instead of expanding every item. It is kept up to
// date item by item (`set`, `remove`) as Thunderbird's observer reports changes.
//
// Pure: the caller hands in the clock, the user's addresses and the zone floating and all-day
// items are read in (Thunderbird's calendar time zone).

import type { Address, BusyPeriod, BusyRow } from '../types.js';
import type { TbItem } from '../../thunderbird/calendars.js';
import { BUCKET_MS, FBTYPES, INDEX_RENEW_MS, objectRows, occurrenceTimes, readRows, type Window } from '../busy-index.js';
import { expandEvent, type Occurrence } from '../ical/recurrence.js';
import { isoUtc } from '../ical/tz.js';
import { loadStored, type EventObject } from '../itip/objects.js';
import { itemCode } from './rules.js';

/** Most occurrences of one item expanded for one query beyond its coverage. */
const MAX_QUERY_OCCURRENCES = 2000;

interface Entry {
  item: TbItem;
  rows: BusyRow[];
}

/** A period of an item of a Thunderbird calendar (FREE for those shown but not blocking). */
export interface CalendarPeriod extends BusyPeriod {
  uid: string;
  calendarId: string;
}

export class CalendarIndex {
  private readonly entries = new Map<string, Entry>();
  /** Week bucket → rows of that week; `l`, `x`, `p…`, `f…` rows are kept in `other`. */
  private readonly weeks = new Map<number, BusyRow[]>();
  private readonly other = new Map<string, BusyRow[]>();

  constructor(
    readonly calendarId: string,
    readonly addresses: readonly Address[],
    readonly zone: string,
    private nowMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The item of that UID, as last read or reported. */
  get(uid: string): TbItem | undefined {
    return this.entries.get(uid)?.item;
  }

  uids(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Adds or replaces one item (a created or updated report, or the first read). */
  set(item: TbItem): void {
    this.remove(item.uid);
    const rows = this.rowsOf(item);
    this.entries.set(item.uid, { item, rows });
    for (const row of rows) {
      const w = row.bucket[0] === 'w' ? Number(row.bucket.slice(1)) : undefined;
      const list =
        w !== undefined
          ? (this.weeks.get(w) ?? (this.weeks.set(w, []), this.weeks.get(w)!))
          : (this.other.get(item.uid) ?? (this.other.set(item.uid, []), this.other.get(item.uid)!));
      list.push(row);
    }
  }

  remove(uid: string): void {
    const entry = this.entries.get(uid);
    if (!entry) return;
    this.entries.delete(uid);
    this.other.delete(uid);
    for (const row of entry.rows) {
      if (row.bucket[0] !== 'w') continue;
      const w = Number(row.bucket.slice(1));
      const list = this.weeks.get(w);
      if (!list) continue;
      const left = list.filter((r) => r !== row);
      if (left.length) this.weeks.set(w, left);
      else this.weeks.delete(w);
    }
  }

  /** Every period of the calendar's items inside the window (FREE ones included), by start. */
  periods(window: Window, nowMs: number): CalendarPeriod[] {
    if (!(window.end > window.start)) return [];
    const rows: BusyRow[] = [];
    // Bucket names carry the week plus 200,000 (core/busy-index.ts).
    const first = Math.floor(window.start / BUCKET_MS) + 200_000;
    const last = Math.floor(Math.max(window.start, window.end - 1) / BUCKET_MS) + 200_000;
    for (let w = first; w <= last; w++) rows.push(...(this.weeks.get(w) ?? []));
    for (const list of this.other.values()) rows.push(...list);
    const { periods, expand } = readRows(rows, window);
    const out: CalendarPeriod[] = periods.map((p) => ({ ...p, uid: p.uid!, calendarId: this.calendarId }));
    for (const uid of expand) {
      const entry = this.entries.get(uid);
      const object = entry && this.parse(entry.item);
      if (!entry || !object) continue;
      const { occurrences } = expandEvent(object.master, object.overrides, window, object.ctx, { maxInstances: MAX_QUERY_OCCURRENCES });
      for (const [s, e, t] of this.times(object, window, occurrences))
        out.push({ start: isoUtc(s), end: isoUtc(e), fbtype: FBTYPES[t] ?? 'BUSY', uid, calendarId: this.calendarId });
      // An endless series whose coverage has fallen behind the clock is indexed afresh.
      const f = entry.rows.find((r) => r.bucket[0] === 'f');
      if (f && (f.to ?? 0) < nowMs + INDEX_RENEW_MS) {
        this.nowMs = nowMs;
        this.set(entry.item);
      }
    }
    return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  private parse(item: TbItem): EventObject | undefined {
    try {
      return loadStored(item.ics, this.zone);
    } catch {
      return undefined; // an item that does not parse holds no time; the others still count
    }
  }

  private times(object: EventObject, window: Window, occurrences: Occurrence[]): [number, number, number][] {
    return occurrenceTimes(occurrences, window, (c) => itemCode(this.addresses, c, object.master));
  }

  private rowsOf(item: TbItem): BusyRow[] {
    const object = this.parse(item);
    if (!object) return [];
    return objectRows(item.uid, object, this.nowMs, (window, occurrences) => this.times(object, window, occurrences));
  }
}
