// The popup's running state: the message shown, the identities' zones, and one request at a time.
// While a request runs every button is disabled (a second click must not send twice) and the
// page is marked aria-busy; errors become clear text in #error.
import type { InvitationItem, MessageView, PopupAction, SentView } from '../shared/protocol.js';
import { call } from '../ui/rpc.js';
import { replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';

export interface ItemContext {
  view: MessageView;
  item: InvitationItem;
  /** The identity's zone (its TZID preference, else the system's). */
  zone: string;
  /** Distinguishes element ids when one message carries several objects ("" for the first). */
  suffix: string;
  /** Sends an action for this object, shows what went out, then shows the message anew. */
  act(action: PopupAction): Promise<void>;
}

export interface Session {
  /** Set by index.ts: renders what an action sent. */
  onSent: (sent: SentView[], notes: string[]) => void;
  /** Set by index.ts: loads and renders the message again. */
  reload: () => Promise<void>;
}

export const session: Session = { onSent: () => undefined, reload: async () => undefined };

const zones = new Map<string, Promise<string>>();

function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The zone the identity's times are shown in: prefs.get's effective TZID. */
export function zoneOf(identity: string): Promise<string> {
  let z = zones.get(identity);
  if (!z) {
    z = call('prefs.get', { identity })
      .then((p) => p.effective['TZID'] || p.systemZone || systemZone())
      .catch(() => systemZone());
    zones.set(identity, z);
  }
  return z;
}

export function showError(message: string | null): void {
  const el = document.getElementById('error')!;
  replace(el, message ?? '');
  el.hidden = !message;
}

let running = false;

/** Runs one request with every control disabled; an error is shown, never thrown. */
export async function exclusive(work: () => Promise<void>): Promise<boolean> {
  if (running) return false;
  running = true;
  const app = document.getElementById('app')!;
  const controls = [
    ...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('button, input, select, textarea'),
  ].filter((c) => !c.disabled);
  for (const c of controls) c.disabled = true;
  app.setAttribute('aria-busy', 'true');
  showError(null);
  try {
    await work();
    return true;
  } catch (e) {
    showError(t('popup_error_action', (e as Error).message || String(e)));
    return false;
  } finally {
    for (const c of controls) if (c.isConnected) c.disabled = false;
    app.setAttribute('aria-busy', 'false');
    running = false;
  }
}

export function actFor(view: MessageView, item: InvitationItem): (action: PopupAction) => Promise<void> {
  return async (action) => {
    let outcome: Awaited<ReturnType<typeof call<'message.act'>>> | undefined;
    const done = await exclusive(async () => {
      outcome = await call('message.act', { messageId: view.messageId, identity: item.identity, uid: item.proposed.uid, action });
    });
    if (!done || !outcome) return;
    // A refusal (stale, not allowed…) is part of the outcome, not an error of the request.
    const notes = outcome.results.filter((r) => r.action === 'refused' || r.action === 'ignored').map((r) => r.reason);
    session.onSent(outcome.sent, notes);
    await session.reload();
  };
}
