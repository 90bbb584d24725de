// Start-up and installation: the menu entry, each identity's zone defaulting to the system's,
// sending what a restart interrupted, and the first catch-up.
import type { Agent } from './agent.js';
import { calendarIdentities, engineOptions } from './agent.js';
import * as engine from '../core/engine.js';
import { catchUp } from './catchup.js';
import { errorText } from './log.js';

export const MENU_MANAGER = 'imip-agent.open-manager';

/** An identity without a stored TZID gets the system's zone (the engine's default is UTC). */
export async function defaultZones(agent: Agent): Promise<void> {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  const identities = (await calendarIdentities(agent)).filter((i) => i.settings.role !== 'none');
  await agent.store().transact(async (tx) => {
    for (const i of identities) {
      const stored = await tx.user(i.email).getPrefs();
      if (!stored.TZID) await engine.setPrefs(tx, engineOptions(agent, i), { TZID: zone });
    }
  });
}

export async function startUp(agent: Agent, o: { install: boolean }): Promise<void> {
  try {
    if (o.install) {
      agent.tb.menus.create({ id: MENU_MANAGER, title: agent.tb.i18n.getMessage('bg_menuManager') || 'imip-agent', contexts: ['tools_menu', 'message_list'] });
    }
    await defaultZones(agent);
  } catch (e) {
    agent.log('error', { messageId: '', error: `start-up: ${errorText(e)}` });
  }
  await catchUp(agent);
}
