// `#sent`: what an action sent, to whom, or why it could not be sent. An answer to an encrypted
// message that cannot be encrypted waits for the user's consent (never downgraded silently).
import type { SentView } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { exclusive } from './session.js';
import { phaseBadge } from './answer-state.js';

const shown = new Map<string, SentView>();

/** The message's phase (drafted, waiting for consent, queued, sending, sent, failed, discarded). */
function stateBadge(s: SentView): HTMLElement {
  const badge = phaseBadge(s.phase);
  badge.classList.add('state');
  return badge;
}

function resend(s: SentView): Promise<void> {
  return exclusive(async () => update(await call('outbox.resend', { id: s.id }), true)).then(() => undefined);
}

function discard(s: SentView): Promise<void> {
  return exclusive(async () => update(await call('outbox.discard', { id: s.id }), true)).then(() => undefined);
}

function consent(s: SentView): Promise<void> {
  return exclusive(async () => {
    const updated = await call('outbox.consent', { id: s.id, send: true });
    update(updated, true);
  }).then(() => undefined);
}

function drop(s: SentView): Promise<void> {
  return exclusive(async () => update(await call('outbox.consent', { id: s.id, send: false }), true)).then(() => undefined);
}

/** "Answer", "Counter-proposal"…; the iTIP method itself where there is no name for it. */
function methodName(method: string): string {
  const name = t(`popup_method_${method.replace(/[^A-Z]/gi, '')}`);
  return name.startsWith('popup_') ? method : name;
}

function entry(s: SentView): HTMLLIElement {
  const to = s.to.length ? s.to.join(', ') : t('popup_sent_nobody');
  return h(
    'li',
    { 'data-state': s.state, 'data-id': s.id, 'data-method': s.method },
    h(
      'div',
      { class: 'row head' },
      stateBadge(s),
      h('span', { class: 'method' }, methodName(s.method)),
      s.encrypted ? h('span', { class: 'badge ok' }, t('popup_badge_encrypted')) : null,
    ),
    h('div', { class: 'to' }, t('popup_sent_to', to)),
    s.subject ? h('div', { class: 'subject muted' }, s.subject) : null,
    s.error ? h('div', { class: 'error-text' }, s.error) : null,
    s.state === 'needs-consent'
      ? h(
          'div',
          { class: 'consent' },
          h('p', {}, t(s.phase === 'queued' ? 'popup_queued_explain' : 'popup_consent_explain')),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              { type: 'button', class: 'primary', 'data-action': 'consent-send', onclick: () => void consent(s) },
              t(s.phase === 'queued' ? 'bar_send_now' : 'popup_consent_send'),
            ),
            h('button', { type: 'button', 'data-action': 'consent-drop', onclick: () => void drop(s) }, t('popup_consent_drop')),
          ),
        )
      : s.phase === 'failed'
        ? h(
            'div',
            { class: 'row' },
            h('button', { type: 'button', class: 'primary', 'data-action': 'resend', onclick: () => void resend(s) }, t('bar_resend')),
            h('button', { type: 'button', 'data-action': 'discard', onclick: () => void discard(s) }, t('bar_discard')),
          )
        : null,
  );
}

function update(s: SentView, focus = false): void {
  shown.set(s.id, s);
  const list = document.getElementById('sent')!;
  const old = [...list.children].find((li) => (li as HTMLElement).dataset['id'] === s.id);
  const li = entry(s);
  if (old) old.replaceWith(li);
  else list.appendChild(li);
  // After a consent click the entry is redrawn: keyboard users keep their place on it.
  if (focus) {
    li.tabIndex = -1;
    li.focus();
  }
}

/** Adds an action's results to `#sent` (newest last) with the agent's notes on refusals. */
export function showSent(sent: SentView[], notes: string[]): void {
  const section = document.getElementById('sent-section')!;
  section.hidden = false;
  for (const s of sent) update(s);
  section.scrollIntoView({ block: 'nearest' });
  let box = section.querySelector<HTMLElement>('.sent-notes');
  if (!box) {
    box = h('div', { class: 'sent-notes', 'aria-live': 'polite' });
    section.appendChild(box);
  }
  replace(
    box,
    ...notes.map((n) => h('p', { class: 'notice warn' }, n)),
    !sent.length && !notes.length ? h('p', { class: 'muted' }, t('popup_sent_nothing')) : null,
  );
}

/** Follows the outbox while the popup is open (a pending message went out or failed). */
export async function refreshSent(id: string): Promise<void> {
  if (!shown.has(id)) return;
  const all = await call('outbox.list', {});
  const s = all.find((x) => x.id === id);
  if (s) update(s);
}
