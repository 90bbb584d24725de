// What went out after an action (ActionOutcome.sent): one line per message with its phase, and
// for an answer that cannot be encrypted or failed the choice to send it (in clear, again) or drop it.
import type { ActionOutcome, SentView } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';

function methodWords(method: string): string {
  const name = t(`manager_method_${method.replace(/[^A-Z]/gi, '')}`);
  return name.startsWith('manager_method_') ? method : name;
}

const TONE: Record<SentView['phase'], string> = {
  drafted: 'info',
  sending: 'info',
  sent: 'ok',
  failed: 'danger',
  discarded: 'muted',
  'waiting-consent': 'warn',
  queued: 'warn',
  recorded: 'info',
};

/**
 * One outgoing message with its phase in the answer state machine (never "sent" before the send
 * returned) and the choices its phase allows: send in clear or now, send again, discard.
 */
export function sentLine(s: SentView, onError: (e: unknown) => void, onChange?: (v: SentView) => void): HTMLLIElement {
  const li = h('li', { 'data-state': s.state, 'data-phase': s.phase, 'data-id': s.id, 'data-method': s.method });
  const fill = (v: SentView) => {
    li.dataset['state'] = v.state;
    li.dataset['phase'] = v.phase;
    replace(
      li,
      h('span', { class: `badge ${TONE[v.phase]} phase` }, t(`bar_phase_${v.phase.replace('-', '_')}`)),
      ' ',
      // The message in words; the iTIP method (RFC 5546 §1.4) only as the tooltip.
      h('strong', { title: v.method }, methodWords(v.method)),
      ' ',
      t('manager_sent_to', v.to.join(', ') || '—'),
      v.encrypted ? h('span', { class: 'badge info' }, t('manager_sent_encrypted')) : null,
      v.subject ? h('span', { class: 'muted sent-subject' }, v.subject) : null,
      v.error ? h('div', { class: 'sent-error' }, v.error) : null,
    );
    const run = (work: () => Promise<SentView>) => async () => {
      try {
        const next = await work();
        fill(next);
        onChange?.(next);
      } catch (e) {
        onError(e);
      }
    };
    const button = (action: string, key: string, work: () => Promise<SentView>, primary = false) =>
      h('button', { type: 'button', class: primary ? 'primary' : '', 'data-action': action, onclick: run(work) }, t(key));
    if (v.state === 'needs-consent')
      li.append(
        h(
          'div',
          { class: 'row' },
          button('consent-send', v.phase === 'queued' ? 'bar_send_now' : 'manager_consent_send', () => call('outbox.consent', { id: v.id, send: true }), true),
          button('consent-drop', 'bar_discard', () => call('outbox.discard', { id: v.id })),
        ),
      );
    else if (v.phase === 'failed')
      li.append(
        h(
          'div',
          { class: 'row' },
          button('resend', 'bar_resend', () => call('outbox.resend', { id: v.id }), true),
          button('discard', 'bar_discard', () => call('outbox.discard', { id: v.id })),
        ),
      );
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
