// Pure view models the add-on's background answers its pages with (src/shared/protocol.ts).
// Built on the engine's own readers (itip/model, objects, freebusy, busy-index, ical/*): nothing
// here re-implements iTIP; nothing touches `messenger`, the DOM or the clock (EngineOptions).

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { MailMessage, Result, StoredEvent } from '../types.js';
import type {
  Address,
  AttentionItem,
  BusyBlock,
  EventDetail,
  EventDraft,
  EventView,
  InvitationItem,
  OccurrenceView,
  Period,
  PersonBusy,
  PrefMeta,
} from '../../shared/protocol.js';

export async function snapshotBefore(tx: StoreTx, opts: EngineOptions, mail: MailMessage): Promise<StoredEvent[]> {
  void tx, opts, mail;
  throw new Error('not implemented yet');
}
export async function messageItems(tx: StoreTx, opts: EngineOptions, mail: MailMessage, applied: { results: Result[]; previous: StoredEvent[] } | null): Promise<InvitationItem[]> {
  void tx, opts, mail, applied;
  throw new Error('not implemented yet');
}
export async function eventView(tx: StoreTx, opts: EngineOptions, uid: string, recurrenceId?: string): Promise<EventView | null> {
  void tx, opts, uid, recurrenceId;
  throw new Error('not implemented yet');
}
export async function eventDetail(tx: StoreTx, opts: EngineOptions, uid: string): Promise<EventDetail | null> {
  void tx, opts, uid;
  throw new Error('not implemented yet');
}
export async function calendarRange(tx: StoreTx, opts: EngineOptions, range: { start: string; end: string }): Promise<OccurrenceView[]> {
  void tx, opts, range;
  throw new Error('not implemented yet');
}
export async function attentionList(tx: StoreTx, opts: EngineOptions): Promise<AttentionItem[]> {
  void tx, opts;
  throw new Error('not implemented yet');
}
export async function dismissAttention(tx: StoreTx, opts: EngineOptions, id: string): Promise<void> {
  void tx, opts, id;
  throw new Error('not implemented yet');
}
export async function busyRange(tx: StoreTx, opts: EngineOptions, args: { start: string; end: string; excludeUid?: string }): Promise<BusyBlock[]> {
  void tx, opts, args;
  throw new Error('not implemented yet');
}
export async function freeSlots(tx: StoreTx, opts: EngineOptions, args: { after: string; durationMinutes: number; count: number; excludeUid?: string }): Promise<Period[]> {
  void tx, opts, args;
  throw new Error('not implemented yet');
}
export async function peopleBusy(tx: StoreTx, opts: EngineOptions, args: { addresses: Address[]; start: string; end: string }): Promise<PersonBusy[]> {
  void tx, opts, args;
  throw new Error('not implemented yet');
}
export function draftToIcs(draft: EventDraft, args: { organizer: Address; organizerName?: string; now: Date; newId: () => string; previousIcs?: string }): string {
  void draft, args;
  throw new Error('not implemented yet');
}
export function eventToDraft(stored: StoredEvent, zone: string): EventDraft {
  void stored, zone;
  throw new Error('not implemented yet');
}
export async function importIcs(tx: StoreTx, opts: EngineOptions, text: string): Promise<{ imported: number; errors: string[] }> {
  void tx, opts, text;
  throw new Error('not implemented yet');
}
export async function exportBackup(tx: StoreTx, now: Date): Promise<string> {
  void tx, now;
  throw new Error('not implemented yet');
}
export async function restoreBackup(tx: StoreTx, json: string): Promise<{ users: number; events: number }> {
  void tx, json;
  throw new Error('not implemented yet');
}
export function prefMeta(): PrefMeta[] {
  throw new Error('not implemented yet');
}
