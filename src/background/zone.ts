// The user's time zone follows Thunderbird's calendar time zone (`calendar.timezone.local`, or
// the system's when that says "use system", read through the calendar bridge), and changes when
// it changes: each identity's TZID preference is rewritten — unless the user chose another zone
// for that identity on the options page, which stays. To tell the two apart, storage.local keeps
// the zone last taken from Thunderbird (`zoneFollowed`): a TZID equal to it (or none) follows.
import type { Agent } from './agent.js';
import { calendarIdentities, engineOptions } from './agent.js';
import * as engine from '../core/engine.js';
import { errorText } from './log.js';

const FOLLOWED = 'zoneFollowed';

/** Thunderbird's calendar zone; the system's when there is no calendar bridge or it fails. */
export async function thunderbirdZone(agent: Agent): Promise<string> {
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!agent.calendarBridge) return system;
  try {
    const zone = await agent.calendarBridge.getTimezone();
    return isZone(zone) ? zone : system;
  } catch (e) {
    agent.log('error', { messageId: '', error: `calendar time zone: ${errorText(e)}` });
    return system;
  }
}

/** An IANA name Intl knows (the engine resolves TZIDs through the same data). */
function isZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Sets every calendar identity that follows Thunderbird to `zone` (read from Thunderbird when not
 * given). Identities with their own chosen zone keep it. Writes only what changes.
 */
export async function followZone(agent: Agent, given?: string): Promise<void> {
  const zone = given !== undefined && isZone(given) ? given : await thunderbirdZone(agent);
  const got = (await agent.tb.storage.local.get(FOLLOWED)) as Record<string, unknown>;
  const before = typeof got[FOLLOWED] === 'string' ? (got[FOLLOWED] as string) : null;
  const identities = (await calendarIdentities(agent)).filter((i) => i.settings.role !== 'none');
  await agent.store().transact(async (tx) => {
    for (const i of identities) {
      const stored = (await tx.user(i.email).getPrefs()).TZID;
      if (stored === zone || (stored && stored !== before)) continue;
      // setPrefs rebuilds the free/busy index for the new zone (floating times move with it).
      await engine.setPrefs(tx, engineOptions(agent, i), { TZID: zone });
    }
  });
  if (before !== zone) await agent.tb.storage.local.set({ [FOLLOWED]: zone });
}
