// The background's cache of Thunderbird's calendars: every enabled calendar's items, read once
// through the bridge (`queryItems`) when the background first needs them, then kept up to date
// from the observer's reports (created/updated/removed: one item; reset: that calendar read
// again; a new calendar time zone: every index rebuilt). Each calendar's items sit in a
// CalendarIndex (core/calendars/index.ts), so a popup's busy time is a few lookups.
//
// Derived data only: it lives in memory and is rebuilt whenever the event page wakes.
import type { TbCalendar, TbCalendarBridge, TbItem, TbItemChange } from '../thunderbird/calendars.js';
import { CalendarIndex } from '../core/calendars/index.js';
import { indexSource, type CalendarSource } from '../core/calendars/source.js';
import type { Logger } from './log.js';
import { errorText } from './log.js';

export class CalendarCache {
  calendars: TbCalendar[] = [];
  zone = 'UTC';
  private readonly indexes = new Map<string, CalendarIndex>();
  private addresses: string[] = [];
  private loading: Promise<void> | null = null;
  /** Calendars being read again after a reset: queries wait for them rather than see them half-empty. */
  private readonly rereading = new Set<Promise<void>>();
  /** Reports that arrive while the calendars are being read, applied after. */
  private early: TbItemChange[] | null = null;

  constructor(
    readonly bridge: TbCalendarBridge,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  /**
   * Reads every enabled calendar once (later calls wait for the same reading). `addresses`: the
   * user's identities, whose PARTSTAT on an item is the user's; a change of them re-indexes.
   */
  async ready(addresses: string[]): Promise<void> {
    const sorted = [...addresses].sort();
    if (this.loading && sorted.join() !== this.addresses.join()) {
      await this.loading;
      this.addresses = sorted;
      this.reindex();
      return;
    }
    this.addresses = sorted;
    this.loading ??= this.load();
    await this.loading;
    while (this.rereading.size) await Promise.all([...this.rereading]);
  }

  private async load(): Promise<void> {
    this.early = [];
    try {
      this.zone = await this.bridge.getTimezone();
      this.calendars = await this.bridge.listCalendars();
      for (const c of this.calendars) if (!c.disabled) await this.readCalendar(c.id);
    } catch (e) {
      // No calendar support (or the Experiment failed): the agent goes on with its own store.
      this.log('error', { messageId: '', error: `calendars: ${errorText(e)}` });
      this.calendars = [];
    }
    const early = this.early ?? [];
    this.early = null;
    for (const change of early) await this.apply(change);
  }

  private async readCalendar(id: string): Promise<void> {
    const index = new CalendarIndex(id, this.addresses, this.zone, this.now().getTime());
    try {
      for (const item of await this.bridge.queryItems(id)) index.set(item);
    } catch (e) {
      // One calendar that cannot be read (a CalDAV server offline) does not hide the others.
      this.log('error', { messageId: '', error: `calendar ${id}: ${errorText(e)}` });
    }
    this.indexes.set(id, index);
  }

  private reindex(): void {
    for (const [id, old] of this.indexes) {
      const index = new CalendarIndex(id, this.addresses, this.zone, this.now().getTime());
      for (const uid of old.uids()) index.set(old.get(uid)!);
      this.indexes.set(id, index);
    }
  }

  /** One report of the observer. */
  async apply(change: TbItemChange): Promise<void> {
    if (this.early) {
      this.early.push(change);
      return;
    }
    if (!this.loading) return; // not read yet: the first reading will see it
    if (change.kind === 'reset') {
      const reread = this.reread(change.calendarId);
      this.rereading.add(reread);
      try {
        await reread;
      } finally {
        this.rereading.delete(reread);
      }
      return;
    }
    const calendarId = change.kind === 'removed' ? change.calendarId : change.item.calendarId;
    const index = this.indexes.get(calendarId);
    if (!index) return; // a disabled calendar, or one not known yet (its reset reads it)
    if (change.kind === 'removed') index.remove(change.uid);
    else index.set(change.item);
  }

  private async reread(calendarId: string): Promise<void> {
    try {
      this.calendars = await this.bridge.listCalendars();
    } catch (e) {
      this.log('error', { messageId: '', error: `calendars: ${errorText(e)}` });
    }
    const cal = this.calendars.find((c) => c.id === calendarId);
    if (cal && !cal.disabled) await this.readCalendar(cal.id);
    else this.indexes.delete(calendarId);
  }

  /** Thunderbird's calendar zone changed: floating and all-day items are read in the new one. */
  setZone(zone: string): void {
    if (zone === this.zone) return;
    this.zone = zone;
    this.reindex();
  }

  /** The calendars (with their read-only flag) holding an item of that UID. */
  holders(uid: string): { calendarId: string; readOnly: boolean }[] {
    return this.calendars.filter((c) => this.indexes.get(c.id)?.get(uid)).map((c) => ({ calendarId: c.id, readOnly: c.readOnly }));
  }

  item(calendarId: string, uid: string): TbItem | undefined {
    return this.indexes.get(calendarId)?.get(uid);
  }

  /** What the engine reads of these calendars (those that are read: enabled ones). */
  source(calendars: TbCalendar[]): CalendarSource {
    return indexSource(
      calendars.filter((c) => this.indexes.has(c.id)).map((c) => ({ info: { id: c.id, name: c.name, color: c.color }, index: this.indexes.get(c.id)! })),
    );
  }
}
