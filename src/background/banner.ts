// The optional compact banner inside the message pane (global setting `banner`): a message
// display script (scripting.messageDisplay, 128+) that asks the background what the agent did
// with the displayed message and shows it as text. Registered while the setting is on.
import type { Agent } from './agent.js';
import type { MessageRecord } from './records.js';
import { headerKey } from './pipeline.js';
import { displayedMessage } from '../thunderbird/api.js';

export const BANNER_SCRIPT_ID = 'imip-agent-banner';
/** The banner script's request (not a page request: it carries no protocol type). */
export const BANNER_QUERY = 'imip-agent.banner';

export async function applyBanner(agent: Agent, on: boolean): Promise<void> {
  const scripting = agent.tb.scripting?.messageDisplay;
  if (!scripting) return;
  // Without a filter: Thunderbird 153 throws for an id filter naming a script that is not registered.
  const registered = (await scripting.getRegisteredScripts()).some((s) => s.id === BANNER_SCRIPT_ID);
  if (on && !registered) await scripting.registerScripts([{ id: BANNER_SCRIPT_ID, js: ['banner/index.js'], runAt: 'document_end' }]);
  if (!on && registered) await scripting.unregisterScripts({ ids: [BANNER_SCRIPT_ID] });
}

/** One line saying what the agent did, or null when there is nothing to say. */
export function bannerLine(agent: Agent, record: MessageRecord | null): string | null {
  if (!record) return null;
  if (record.state === 'waiting-decryption') return agent.tb.i18n.getMessage('bg_waitingDecryption') || 'waiting for decryption';
  if (record.state !== 'processed') return null;
  const reasons = Object.values(record.identities).flatMap((o) => o.results.filter((r) => r.uid).map((r) => r.reason));
  if (!reasons.length) return null;
  return agent.tb.i18n.getMessage('bg_bannerText', [reasons.slice(0, 2).join('; ')]) || reasons[0]!;
}

export async function bannerFor(agent: Agent, tabId: number): Promise<{ text: string; hint: string } | null> {
  const header = await displayedMessage(agent.tb, tabId);
  if (!header) return null;
  const text = bannerLine(agent, (await agent.records.getMessage(headerKey(header))) ?? null);
  return text ? { text, hint: agent.tb.i18n.getMessage('bg_bannerOpen') } : null;
}
