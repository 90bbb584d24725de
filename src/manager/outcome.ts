// What went out after an action (ActionOutcome.sent): one line per message with its state, and
// for an answer that cannot be encrypted the choice to send it in clear or drop it.
import type { ActionOutcome, SentView } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';

function methodWords(method: string): string {
  const name = t(`manager_method_${method.replace(/[^A-Z]/gi, '')}`);
  return name.startsWith('manager_method_') ? method : name;
}

function sentLine(s: SentView, onError: (e: unknown) => void): HTMLLIElement {
  const li = h('li', { 'data-state': s.state, 'data-id': s.id });
  const fill = (v: SentView) => {
    li.dataset['state'] = v.state;
    replace(
      li,
      h('span', { class: `badge ${v.state === 'sent' ? 'ok' : v.state === 'failed' ? 'danger' : 'warn'}` }, t(`manager_sent_state_${v.state.replace('-', '_')}`)),
      ' ',
      // The message in words; the iTIP method (RFC 5546 §1.4) only as the tooltip.
      h('strong', { title: v.method }, methodWords(v.method)),
      ' ',
      t('manager_sent_to', v.to.join(', ') || '—'),
      v.encrypted ? h('span', { class: 'badge info' }, t('manager_sent_encrypted')) : null,
      v.subject ? h('span', { class: 'muted sent-subject' }, v.subject) : null,
      v.error ? h('div', { class: 'sent-error' }, v.error) : null,
    );
    if (v.state === 'needs-consent') {
      const decide = async (send: boolean) => {
        try {
          fill(await call('outbox.consent', { id: v.id, send }));
        } catch (e) {
          onError(e);
        }
      };
      li.append(
        h('div', { class: 'row' },
          h('button', { type: 'button', 'data-action': 'consent-send', onclick: () => decide(true) }, t('manager_consent_send')),
          h('button', { type: 'button', 'data-action': 'consent-drop', onclick: () => decide(false) }, t('manager_consent_drop')),
        ),
      );
    }
  };
  fill(s);
  return li;
}

/** The `#sent` block for an outcome, or a note that nothing had to be sent. */
export function renderOutcome(outcome: ActionOutcome, onError: (e: unknown) => void): HTMLElement {
  const box = h('section', { id: 'sent', class: 'card sent', role: 'status', 'aria-live': 'polite' }, h('h3', {}, t('manager_sent_title')));
  if (!outcome.sent.length) box.append(h('p', { class: 'muted' }, t('manager_sent_nothing')));
  else box.append(h('ul', {}, ...outcome.sent.map((s) => sentLine(s, onError))));
  const warnings = outcome.results.flatMap((r) => r.warnings ?? []);
  if (warnings.length) box.append(h('ul', { class: 'warnings' }, ...warnings.map((w) => h('li', { class: 'notice warn' }, w))));
  return box;
}
