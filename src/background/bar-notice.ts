// The message bar (src/bar) lives in the message's own document, which runtime.sendMessage does
// not reach: after anything that may change an answer (an action in the popup or the event page,
// an outbox record that went out or failed, a reply found in Sent) every message tab is told to
// ask again. A tab without the bar simply has no listener.
import type { Agent } from './agent.js';

export const BAR_REFRESH = 'imip-agent.bar.refresh';

export async function refreshBars(agent: Agent): Promise<void> {
  const { query, sendMessage } = agent.tb.tabs;
  if (!query || !sendMessage) return;
  const tabs = await query({}).catch(() => []);
  // Bounded by the open tabs; each send is independent (a tab closing meanwhile is no error).
  await Promise.all(
    tabs
      .filter((t) => t.id !== undefined && (t.type === 'mail' || t.type === 'messageDisplay'))
      .map((t) => sendMessage.call(agent.tb.tabs, t.id!, { notice: BAR_REFRESH }).catch(() => undefined)),
  );
}
