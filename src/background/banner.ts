// The message bar inside the message pane (global setting `banner`, on by default): a message
// display script (scripting.messageDisplay, 128+) registered while the setting is on. It asks
// the background for the displayed message's view — the same MessageView the popup renders,
// computed by core/views (service-message.ts) — and answers through the same protocol requests
// as the popup (`message.act`, `outbox.consent`…). No engine logic runs in the bar.
import type { Agent } from './agent.js';
import type { MessageView } from '../shared/protocol.js';
import { messageView } from './service-message.js';
import { getGlobalSettings } from './settings.js';

export const BANNER_SCRIPT_ID = 'imip-agent-banner';
/** The bar script's requests (not page requests: they carry no protocol type, they need the sender's tab). */
export const BANNER_QUERY = 'imip-agent.banner';
export const BAR_OPEN_POPUP = 'imip-agent.bar.open-popup';

export async function applyBanner(agent: Agent, on: boolean): Promise<void> {
  const scripting = agent.tb.scripting?.messageDisplay;
  if (!scripting) return;
  // Without a filter: Thunderbird 153 throws for an id filter naming a script that is not registered.
  const registered = (await scripting.getRegisteredScripts()).some((s) => s.id === BANNER_SCRIPT_ID);
  if (on && !registered) await scripting.registerScripts([{ id: BANNER_SCRIPT_ID, js: ['banner/index.js'], runAt: 'document_end' }]);
  if (!on && registered) await scripting.unregisterScripts({ ids: [BANNER_SCRIPT_ID] });
}

export interface BarView {
  view: MessageView;
  /** Thunderbird's own invitation bar is on and the user was not asked yet: offer to hide it once. */
  offerHideImipBar: boolean;
}

/** The bar's view of the message in a tab, or null when the message has nothing for the bar. */
export async function bannerFor(agent: Agent, tabId: number): Promise<BarView | null> {
  const view = await messageView(agent, { tabId });
  if (!view || view.state === 'none') return null;
  const global = await getGlobalSettings(agent.tb);
  return { view, offerHideImipBar: global.showImipBar && !global.imipBarOffered };
}

/**
 * "Propose another time…" and "More" open the popup of the message's tab. With a uid and a form
 * the popup opens that item's form at once (its URL carries them; reset after).
 */
export async function openPopupFromBar(agent: Agent, tabId: number, o: { uid?: string; form?: 'counter' }): Promise<boolean> {
  const action = agent.tb.messageDisplayAction;
  if (!action.openPopup || !action.setPopup) return false;
  const q = new URLSearchParams();
  if (o.uid) q.set('uid', o.uid);
  if (o.form) q.set('form', o.form);
  const query = q.toString();
  await action.setPopup({ tabId, popup: `popup/index.html${query ? `?${query}` : ''}` });
  try {
    return (await action.openPopup()) !== false;
  } finally {
    await action.setPopup({ tabId, popup: null }).catch(() => undefined);
  }
}
