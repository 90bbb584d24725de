// The add-on's own settings, kept in storage.local (not in the engine's store: they are about
// the add-on, not about a calendar user's scheduling): `identity:<address>` holds one
// IdentitySettings, `global` the GlobalSettings except showImipBar, which is Thunderbird's own
// preference `calendar.itip.showImipBar`, read and written through the Experiment.
import type { GlobalSettings, IdentityRole, IdentitySettings } from '../shared/protocol.js';
import { IDENTITY_ROLES as ROLES } from '../shared/protocol.js';
import { normalizeAddress } from '../core/itip/address.js';
import type { Tb } from '../thunderbird/api.js';

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  role: 'person',
  // The engine's preferences already keep a person's automatic answers off by default
  // (event_refreshing=never, freebusy_sharing=no); a resource answers only when this is on.
  autoAnswers: true,
  notifyInvitations: false,
  notifyCounters: false,
  reminders: false,
};

function checked(s: Partial<IdentitySettings> | undefined): IdentitySettings {
  const d = DEFAULT_IDENTITY_SETTINGS;
  const bool = (v: unknown, def: boolean) => (typeof v === 'boolean' ? v : def);
  return {
    role: s && ROLES.includes(s.role as IdentityRole) ? (s.role as IdentityRole) : d.role,
    autoAnswers: bool(s?.autoAnswers, d.autoAnswers),
    notifyInvitations: bool(s?.notifyInvitations, d.notifyInvitations),
    notifyCounters: bool(s?.notifyCounters, d.notifyCounters),
    reminders: bool(s?.reminders, d.reminders),
  };
}

const key = (address: string) => `identity:${normalizeAddress(address)}`;

export async function getIdentitySettings(tb: Tb, address: string): Promise<IdentitySettings> {
  const k = key(address);
  const got = (await tb.storage.local.get(k)) as Record<string, Partial<IdentitySettings> | undefined>;
  return checked(got[k]);
}

export async function setIdentitySettings(tb: Tb, address: string, settings: IdentitySettings): Promise<IdentitySettings> {
  if (!ROLES.includes(settings.role)) throw new Error(`unknown role ${JSON.stringify(settings.role)} (person, resource or none)`);
  const value = checked(settings);
  await tb.storage.local.set({ [key(address)]: value });
  return value;
}

export async function getGlobalSettings(tb: Tb): Promise<GlobalSettings> {
  const got = (await tb.storage.local.get('global')) as { global?: Partial<GlobalSettings> };
  // The bar is on unless the user turned it off: it is where most answers are given.
  return { banner: got.global?.banner !== false, showImipBar: await tb.imipSend.getShowImipBar(), imipBarOffered: got.global?.imipBarOffered === true };
}

export async function setGlobalSettings(tb: Tb, settings: GlobalSettings): Promise<GlobalSettings> {
  const before = (await tb.storage.local.get('global')) as { global?: Partial<GlobalSettings> };
  // Asked once: an answer from the bar's offer (or any later save) is kept.
  const offered = settings.imipBarOffered === true || before.global?.imipBarOffered === true;
  await tb.storage.local.set({ global: { banner: settings.banner !== false, imipBarOffered: offered } });
  await tb.imipSend.setShowImipBar(settings.showImipBar === true);
  return getGlobalSettings(tb);
}
