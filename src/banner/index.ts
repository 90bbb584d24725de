// The message bar: a message display script (registered by src/background/banner.ts while the
// global setting `banner` is on, the default) that shows, above the message, each calendar
// object it carries with one-click answers. Everything comes from the background as data (the
// popup's MessageView); text from mail only ever becomes text (`textContent` through `h`), and
// styles go through the CSSOM (the message document's CSP forbids style elements).
// It redraws in place when the background says an answer changed anywhere (BAR_REFRESH).
import type { ActionOutcome, GlobalSettings, MessageView, PopupAction } from '../shared/protocol.js';
import { ext } from '../ui/browser.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { barItem } from './item.js';
import { S } from './style.js';

interface BarView {
  view: MessageView;
  offerHideImipBar: boolean;
}

const BAR_ID = 'imip-agent-banner';
const zones = new Map<string, string>();
let busy = false;
let notes: string[] = [];

async function zoneOf(identity: string): Promise<string> {
  let z = zones.get(identity);
  if (!z) {
    z = await call('prefs.get', { identity })
      .then((p) => p.effective['TZID'] || p.systemZone)
      .catch(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    zones.set(identity, z);
  }
  return z;
}

function box(): HTMLElement {
  let el = document.getElementById(BAR_ID);
  if (!el) {
    el = h('div', { id: BAR_ID, role: 'region', 'aria-label': t('bar_label'), style: S.bar });
    document.body.prepend(el);
  }
  return el;
}

/** Runs one request with the bar's controls disabled; its problem shown as text. */
async function run(work: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  const el = box();
  el.setAttribute('aria-busy', 'true');
  for (const b of el.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) b.disabled = true;
  try {
    await work();
  } catch (e) {
    notes = [(e as Error).message || String(e)];
  } finally {
    busy = false;
    el.removeAttribute('aria-busy');
    await show();
  }
}

function noteOutcome(o: ActionOutcome): void {
  notes = o.results.filter((r) => ['refused', 'error', 'unsupported', 'ignored'].includes(r.action)).map((r) => r.reason);
}

async function hideImipBar(hide: boolean): Promise<void> {
  const g = await call('global.get', {});
  const next: GlobalSettings = { ...g, showImipBar: hide ? false : g.showImipBar, imipBarOffered: true };
  await call('global.set', { settings: next });
}

function offerRow(): HTMLElement {
  return h(
    'div',
    { style: S.row + ' margin: 0 0 6px;', class: 'bar-offer' },
    h('span', {}, t('bar_offer_hide')),
    h(
      'button',
      { type: 'button', style: S.primary, 'data-action': 'bar-hide-imip', onclick: () => void run(() => hideImipBar(true)) },
      t('bar_offer_hide_yes'),
    ),
    h('button', { type: 'button', style: S.button, 'data-action': 'bar-keep-imip', onclick: () => void run(() => hideImipBar(false)) }, t('bar_offer_hide_no')),
  );
}

async function show(): Promise<void> {
  const bar = (await ext.runtime.sendMessage({ query: 'imip-agent.banner' }).catch(() => null)) as BarView | null;
  const existing = document.getElementById(BAR_ID);
  if (!bar || !bar.view || !Array.isArray(bar.view.items)) {
    existing?.remove();
    return;
  }
  const { view } = bar;
  const el = box();
  el.dataset['state'] = view.state;
  if (view.state === 'waiting-decryption') {
    replace(el, h('span', { style: S.state, class: 'bar-waiting' }, t('bar_waiting_decryption')));
    return;
  }
  if (view.state === 'error') {
    replace(el, h('span', { style: S.error, class: 'bar-error' }, view.error ?? ''));
    return;
  }
  if (!view.items.length) {
    el.remove();
    return;
  }
  const items = [];
  for (const [index, item] of view.items.entries()) {
    const zone = await zoneOf(item.identity);
    const act = (action: PopupAction): void =>
      void run(async () => noteOutcome(await call('message.act', { messageId: view.messageId, identity: item.identity, uid: item.proposed.uid, action })));
    items.push(
      barItem({
        item,
        zone,
        index,
        act,
        outbox: (kind, id) =>
          void run(async () => {
            if (kind === 'consent') await call('outbox.consent', { id, send: true });
            else if (kind === 'resend') await call('outbox.resend', { id });
            else await call('outbox.discard', { id });
            notes = [];
          }),
        openPopup: (form) =>
          void ext.runtime.sendMessage({ query: 'imip-agent.bar.open-popup', uid: item.proposed.uid, ...(form ? { form } : {}) }).catch(() => undefined),
      }),
    );
  }
  replace(el, bar.offerHideImipBar ? offerRow() : null, ...items, ...notes.map((n) => h('span', { style: S.error, class: 'bar-note', role: 'alert' }, n)));
}

// The background asks every message tab to redraw after an answer changed anywhere.
ext.runtime.onMessage.addListener((message: unknown) => {
  if ((message as { notice?: unknown } | null)?.notice === 'imip-agent.bar.refresh' && !busy) void show();
  return undefined;
});

void show();
