// The outbox view of the side panel (`#outbox`): every message that did not go out — waiting for
// consent to be sent in clear, queued because automatic answers are off, or failed — with Send in
// clear / Send now, Send again and Discard. Sent and discarded ones are not listed.
import type { SentView } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { sentLine } from './outcome.js';

const WAITING = new Set<SentView['phase']>(['waiting-consent', 'queued', 'failed']);

export function waitingOutbox(all: SentView[], identity: string | null): SentView[] {
  return all.filter((s) => WAITING.has(s.phase) && (!identity || s.from === identity));
}

export function renderOutbox(list: HTMLElement, count: HTMLElement, items: SentView[], onError: (e: unknown) => void, onChange: () => void): void {
  count.textContent = items.length ? String(items.length) : '';
  replace(list, ...items.map((s) => sentLine(s, onError, onChange)));
  if (!items.length) list.append(h('li', { class: 'empty muted' }, t('manager_outbox_empty')));
}
