// The message_display_action popup: the calendar objects of the displayed message, what they
// mean for the user's day, and the answers the method allows. Everything comes from the
// background (`message.view`, `message.act`); the page only renders and collects choices.
import type { MessageView } from '../shared/protocol.js';
import { ext } from '../ui/browser.js';
import { h, replace } from '../ui/dom.js';
import { localizePage, t } from '../ui/i18n.js';
import { loadRegionalFormat } from '../ui/format.js';
import { call, onNotice } from '../ui/rpc.js';
import { renderItem } from './item.js';
import { refreshSent, showSent } from './sent.js';
import { actFor, session, showError, zoneOf } from './session.js';

let current: MessageView | null = null;

function status(text: string | null, tone: 'info' | 'warn' = 'info', ...extra: Node[]): void {
  const el = document.getElementById('status')!;
  el.className = `notice ${tone}`;
  replace(el, text ?? '', ...extra);
  el.hidden = !text;
}

async function load(): Promise<MessageView | null> {
  if (current) return call('message.view', { messageId: current.messageId });
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  return call('message.view', { tabId: tab.id });
}

async function render(view: MessageView | null): Promise<void> {
  const items = document.getElementById('items')!;
  current = view;
  if (!view || view.state === 'none') {
    status(t('popup_state_none'));
    replace(items);
    return;
  }
  if (view.state === 'waiting-decryption') {
    const retry = h('button', { type: 'button', 'data-action': 'retry', onclick: () => void reload() }, t('popup_retry'));
    status(t('popup_state_waiting'), 'warn', h('br'), h('span', { class: 'muted' }, t('popup_state_waiting_help')), h('br'), retry);
    replace(items);
    return;
  }
  if (view.state === 'error') {
    status(null);
    showError(t('popup_state_error', view.error ?? t('popup_error_unknown')));
    replace(items);
    return;
  }
  status(view.items.length ? null : t('popup_state_empty'));
  const rendered = await Promise.all(
    view.items.map(async (item, i) => renderItem({ view, item, zone: await zoneOf(item.identity), suffix: i ? `-${i + 1}` : '', act: actFor(view, item) })),
  );
  replace(items, ...rendered);
  openRequestedForm();
}

/** Opened from the message bar's "Propose another time…": that item's form, once. */
let requested = new URLSearchParams(location.search);
function openRequestedForm(): void {
  const uid = requested.get('uid');
  const form = requested.get('form');
  if (!uid || form !== 'counter') return;
  requested = new URLSearchParams();
  const item = [...document.querySelectorAll<HTMLElement>('#items .item')].find((el) => el.dataset['uid'] === uid);
  item?.querySelector<HTMLButtonElement>('[data-action=counter][aria-expanded=false]')?.click();
}

async function reload(): Promise<void> {
  try {
    await render(await load());
  } catch (e) {
    status(null);
    showError(t('popup_error_load', (e as Error).message || String(e)));
  } finally {
    document.getElementById('app')!.setAttribute('aria-busy', 'false');
  }
}

/** Whether the user is in the middle of something a redraw would throw away. */
function editing(): boolean {
  const fields = [...document.querySelectorAll<HTMLTextAreaElement | HTMLInputElement>('#items textarea, #items input')];
  const open = [...document.querySelectorAll<HTMLFormElement>('#items form.subform')].some((f) => !f.hidden);
  return open || fields.some((f) => (f.type === 'checkbox' ? (f as HTMLInputElement).checked : f.value.trim() !== '' && f.type !== 'datetime-local'));
}

session.onSent = showSent;
session.reload = reload;

onNotice((n) => {
  if (n.notice === 'outbox.changed') void refreshSent(n.id).catch(() => undefined);
  else if (n.notice === 'store.changed' && current?.items.some((i) => i.identity === n.identity && n.uids.includes(i.proposed.uid))) {
    if (!editing()) void reload();
    else
      status(t('popup_changed_elsewhere'), 'info', h('button', { type: 'button', 'data-action': 'reload', onclick: () => void reload() }, t('popup_reload')));
  }
});

localizePage();
// Times as Thunderbird writes them before anything is drawn.
void loadRegionalFormat().then(reload);
