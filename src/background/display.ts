// The message toolbar button (message_display_action), per tab: enabled, with a badge, only when
// the displayed message carries calendar data (or waits for decryption, so the user can see why
// nothing is shown yet); disabled otherwise. It starts disabled (index.ts disables it globally).
import type { MessageHeader } from '../thunderbird/api.js';
import type { Agent } from './agent.js';
import { processMessage } from './pipeline.js';
import type { MessageRecord } from './records.js';

export function badgeFor(record: MessageRecord | null): string | null {
  if (!record) return null;
  if (record.state === 'waiting-decryption') return '…';
  if (record.state !== 'processed') return null;
  return String(Math.max(1, record.uids.length));
}

export async function updateDisplayAction(agent: Agent, tabId: number, header: MessageHeader | null): Promise<void> {
  const a = agent.tb.messageDisplayAction;
  const record = header ? await processMessage(agent, header, 'display') : null;
  const badge = badgeFor(record);
  if (badge === null) {
    await a.disable(tabId);
    await a.setBadgeText({ tabId, text: '' });
    await a.setTitle({ tabId, title: agent.tb.i18n.getMessage('bg_actionTitleNone') || null });
    return;
  }
  await a.enable(tabId);
  await a.setBadgeText({ tabId, text: badge });
  await a.setBadgeBackgroundColor({ tabId, color: record?.state === 'waiting-decryption' ? '#8a6d00' : '#0060df' });
  await a.setTitle({ tabId, title: agent.tb.i18n.getMessage('bg_actionTitle') || null });
}
