// Shared by the popup's page tests: a fake background playing Thunderbird and the protocol
// (answers from fixtures/popup-views.ts unless a test says otherwise), and opening the popup.
// With POPUP_SHOTS=DIR set, tests save screenshots of the states for a look by eye.
import type { MessageView, Request, RequestType } from '../../src/shared/protocol.js';
import { ok, openPage, pageTestsAvailable, type OpenPage } from './harness.js';
import * as F from './fixtures/popup-views.js';

export const skip = pageTestsAvailable() ?? false;
const SHOTS = process.env['POPUP_SHOTS'];

export type Handlers = { [K in RequestType]?: (req: Extract<Request, { type: K }>) => unknown };

/** Plays Thunderbird and the background for one popup; records every protocol request. */
export function background(view: MessageView | null, handlers: Handlers = {}) {
  const requests: Request[] = [];
  const other: { path: string; args: unknown[] }[] = [];
  const api = async (path: string, args: unknown[]): Promise<unknown> => {
    if (path === 'tabs.query') return [{ id: 7, index: 0, active: true, highlighted: true, pinned: false, incognito: false, windowId: 1 }];
    if (path !== 'runtime.sendMessage') {
      other.push({ path, args });
      return path === 'downloads.download' ? 1 : undefined;
    }
    const req = args[0] as Request;
    requests.push(req);
    const handler = handlers[req.type] as ((r: Request) => unknown) | undefined;
    if (handler) return handler(req);
    switch (req.type) {
      case 'message.view':
        return ok(view);
      case 'open.manager':
        return ok({});
      case 'prefs.get':
        return ok({ effective: { TZID: F.ZONE }, stored: {}, meta: [], systemZone: 'UTC' });
      default:
        return { ok: false, error: `the fake background has no answer for ${req.type}` };
    }
  };
  const of = <T extends RequestType>(type: T) => requests.filter((r): r is Extract<Request, { type: T }> => r.type === type);
  return { api, requests, other, of };
}

export async function open(view: MessageView | null, handlers: Handlers = {}, opts: { lang?: 'en' | 'de'; colorScheme?: 'light' | 'dark' } = {}) {
  const bg = background(view, handlers);
  const p = await openPage({ path: 'popup/index.html', api: bg.api, viewport: { width: 500, height: 900 }, ...opts });
  await p.page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  return { ...bg, ...p };
}

export async function shot(p: OpenPage, name: string): Promise<void> {
  if (SHOTS) await p.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
