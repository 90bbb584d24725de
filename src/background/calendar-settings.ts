// Which of Thunderbird's calendars an identity uses (CalendarSettings, per identity in
// storage.local as `calendars:<address>`): the one receiving its events and those counted as
// busy. The defaults need no setup: events go to the calendar that schedules for the identity
// (Thunderbird's `imip.identity.key`), else to the first writable enabled calendar, and every
// enabled calendar counts.
import type { CalendarSettings, CalendarSettingsView, CalendarTarget } from '../shared/protocol.js';
import type { TbCalendar } from '../thunderbird/calendars.js';
import type { Tb } from '../thunderbird/api.js';
import { normalizeAddress } from '../core/itip/address.js';
import { DEFAULT_WRITE_SETTINGS } from '../core/calendars/write.js';

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = { target: { kind: 'auto' }, busy: null, ...DEFAULT_WRITE_SETTINGS };

/** Most calendars named in `busy` (a profile with more is not a calendar setup anyone has). */
const MAX_BUSY_CALENDARS = 500;

function checkedTarget(t: unknown): CalendarTarget {
  const v = t as Partial<{ kind: string; id: unknown }> | null | undefined;
  if (v?.kind === 'none') return { kind: 'none' };
  if (v?.kind === 'calendar' && typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 200) return { kind: 'calendar', id: v.id };
  return { kind: 'auto' };
}

export function checkedCalendarSettings(s: Partial<CalendarSettings> | undefined): CalendarSettings {
  const d = DEFAULT_CALENDAR_SETTINGS;
  const busy = Array.isArray(s?.busy)
    ? [...new Set(s.busy.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200))].slice(0, MAX_BUSY_CALENDARS)
    : null;
  return {
    target: checkedTarget(s?.target),
    busy,
    onCancel: s?.onCancel === 'remove' ? 'remove' : d.onCancel,
    onDecline: s?.onDecline === 'remove' ? 'remove' : d.onDecline,
  };
}

const key = (address: string) => `calendars:${normalizeAddress(address)}`;

export async function getCalendarSettings(tb: Tb, address: string): Promise<CalendarSettings> {
  const k = key(address);
  const got = (await tb.storage.local.get(k)) as Record<string, Partial<CalendarSettings> | undefined>;
  return checkedCalendarSettings(got[k]);
}

export async function setCalendarSettings(tb: Tb, address: string, settings: CalendarSettings): Promise<CalendarSettings> {
  const value = checkedCalendarSettings(settings);
  await tb.storage.local.set({ [key(address)]: value });
  return value;
}

const writable = (c: TbCalendar) => !c.disabled && !c.readOnly;

/** The calendar this identity's events go to, or null (kept only in imip-agent). */
export function resolveTarget(settings: CalendarSettings, identityKey: string, calendars: TbCalendar[]): string | null {
  const t = settings.target;
  if (t.kind === 'none') return null;
  if (t.kind === 'calendar') {
    const chosen = calendars.find((c) => c.id === t.id);
    // A chosen calendar that went away or became read-only: the default rather than nowhere.
    if (chosen && writable(chosen)) return chosen.id;
  }
  return (calendars.find((c) => writable(c) && c.identityKey === identityKey) ?? calendars.find(writable))?.id ?? null;
}

/** The calendars whose events count as busy for this identity, in Thunderbird's order. */
export function busyCalendars(settings: CalendarSettings, calendars: TbCalendar[]): TbCalendar[] {
  const enabled = calendars.filter((c) => !c.disabled);
  return settings.busy ? enabled.filter((c) => settings.busy!.includes(c.id)) : enabled;
}

/** What the options page shows for one identity: its settings, the calendars, where events go now. */
export function calendarSettingsView(cache: { calendars: TbCalendar[] } | null, identityKey: string, settings: CalendarSettings): CalendarSettingsView {
  const calendars = cache?.calendars ?? [];
  return {
    settings,
    available: !!cache,
    calendars: calendars.map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      color: c.color,
      readOnly: c.readOnly,
      disabled: c.disabled,
      forIdentity: c.identityKey === identityKey,
    })),
    writesTo: cache ? resolveTarget(settings, identityKey, calendars) : null,
  };
}
