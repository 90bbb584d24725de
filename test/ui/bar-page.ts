// The message bar (banner/index.js) drawn into a stand-in message page, its background played by
// the popup's fake: shared by the bar's page tests and its accessibility audit.
import type { MessageView } from '../../src/shared/protocol.js';
import { openPage } from './harness.js';
import { background } from './popup-page.js';

/** The bar in a stand-in message page, its background played by the popup's fake. */
export async function openBar(
  view: MessageView | null,
  handlers: Parameters<typeof background>[1] = {},
  offer = false,
  colorScheme: 'light' | 'dark' = 'light',
) {
  const bg = background(view, handlers);
  const api = async (path: string, args: unknown[]) => {
    const m = args[0] as { query?: string } | undefined;
    if (path === 'runtime.sendMessage' && m?.query === 'imip-agent.banner') {
      bg.other.push({ path: 'bar', args });
      const v = (bg.api as (p: string, a: unknown[]) => Promise<unknown>)('runtime.sendMessage', [{ type: 'message.view', messageId: 42 }]);
      const reply = (await v) as { ok: boolean; value: MessageView | null };
      return reply.value ? { view: reply.value, offerHideImipBar: offer } : null;
    }
    if (path === 'runtime.sendMessage' && m?.query === 'imip-agent.bar.open-popup') {
      bg.other.push({ path: 'open-popup', args });
      return true;
    }
    return bg.api(path, args);
  };
  const p = await openPage({ path: '__test/message.html', api, viewport: { width: 900, height: 500 }, colorScheme });
  return { ...bg, ...p };
}
