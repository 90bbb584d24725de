// Start-up and installation: the menu entry, each identity's zone following Thunderbird's
// (zone.ts), sending what a restart interrupted, and the first catch-up.
import type { Agent } from './agent.js';
import { followZone } from './zone.js';
import { catchUp } from './catchup.js';
import { errorText } from './log.js';

export const MENU_MANAGER = 'imip-agent.open-manager';

export async function startUp(agent: Agent, o: { install: boolean }): Promise<void> {
  try {
    if (o.install) {
      agent.tb.menus.create({ id: MENU_MANAGER, title: agent.tb.i18n.getMessage('bg_menuManager') || 'imip-agent', contexts: ['tools_menu', 'message_list'] });
    }
    await followZone(agent);
  } catch (e) {
    agent.log('error', { messageId: '', error: `start-up: ${errorText(e)}` });
  }
  await catchUp(agent);
}
