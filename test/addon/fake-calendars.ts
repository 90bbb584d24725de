// A fake of Thunderbird's calendars behind the bridge contract (src/thunderbird/calendars.ts):
// calendars with items as iCalendar text, every call recorded, and the observer's reports fired
// by the test the way calIObserver fires them when the user edits in Thunderbird.
import type { TbCalendar, TbCalendarBridge, TbItem, TbItemChange } from '../../src/thunderbird/calendars.js';

function uidOf(ics: string): string {
  const m = /^UID:(.*?)\r?$/m.exec(ics.replace(/\r?\n[ \t]/g, ''));
  if (!m) throw new Error('no UID');
  return m[1]!;
}

export class FakeCalendars implements TbCalendarBridge {
  calendars: TbCalendar[] = [];
  items = new Map<string, Map<string, string>>();
  calls: string[] = [];
  zone = 'Europe/Berlin';
  private listeners: ((c: TbItemChange) => void)[] = [];
  /** Makes the next write calls fail (Thunderbird closed mid-write). */
  failWrites = false;

  addCalendar(c: Partial<TbCalendar> & { id: string }): void {
    this.calendars.push({ name: c.id, type: 'storage', color: '#3366cc', readOnly: false, disabled: false, identityKey: null, ...c });
    this.items.set(c.id, new Map());
  }

  /** An item put there by the user (or Thunderbird's bar), without a report. */
  seed(calendarId: string, ics: string): void {
    this.items.get(calendarId)!.set(uidOf(ics), ics);
  }

  ics(calendarId: string, uid: string): string | undefined {
    return this.items.get(calendarId)?.get(uid);
  }

  /** The user changes an item in Thunderbird: stored, and reported as the observer does. */
  userEdits(calendarId: string, ics: string): void {
    const uid = uidOf(ics);
    const kind = this.items.get(calendarId)!.has(uid) ? 'updated' : 'created';
    this.items.get(calendarId)!.set(uid, ics);
    this.emit({ kind, item: { calendarId, uid, ics } });
  }

  userDeletes(calendarId: string, uid: string): void {
    this.items.get(calendarId)!.delete(uid);
    this.emit({ kind: 'removed', calendarId, uid });
  }

  emit(change: TbItemChange): void {
    for (const l of this.listeners) l(change);
  }

  private cal(id: string): Map<string, string> {
    const c = this.items.get(id);
    if (!c) throw new Error(`no calendar ${id}`);
    return c;
  }

  async listCalendars() {
    return this.calendars.map((c) => ({ ...c }));
  }
  async queryItems(calendarId: string): Promise<TbItem[]> {
    this.calls.push(`query ${calendarId}`);
    return [...this.cal(calendarId)].map(([uid, ics]) => ({ calendarId, uid, ics }));
  }
  async getItem(calendarId: string, uid: string) {
    const ics = this.cal(calendarId).get(uid);
    return ics ? { calendarId, uid, ics } : null;
  }
  async createItem(calendarId: string, ics: string) {
    if (this.failWrites) throw new Error('calendar not available');
    const uid = uidOf(ics);
    if (this.cal(calendarId).has(uid)) throw new Error(`${uid} exists`);
    this.calls.push(`create ${calendarId} ${uid}`);
    this.cal(calendarId).set(uid, ics);
    const item = { calendarId, uid, ics };
    this.emit({ kind: 'created', item });
    return item;
  }
  async updateItem(calendarId: string, ics: string) {
    if (this.failWrites) throw new Error('calendar not available');
    const uid = uidOf(ics);
    if (!this.cal(calendarId).has(uid)) throw new Error(`${uid} does not exist`);
    this.calls.push(`update ${calendarId} ${uid}`);
    this.cal(calendarId).set(uid, ics);
    const item = { calendarId, uid, ics };
    this.emit({ kind: 'updated', item });
    return item;
  }
  async removeItem(calendarId: string, uid: string) {
    if (this.failWrites) throw new Error('calendar not available');
    this.calls.push(`remove ${calendarId} ${uid}`);
    this.cal(calendarId).delete(uid);
    this.emit({ kind: 'removed', calendarId, uid });
  }
  async getTimezone() {
    return this.zone;
  }
  onItemChanged(listener: (change: TbItemChange) => void) {
    this.listeners.push(listener);
  }
  onTimezoneChanged() {}
}
