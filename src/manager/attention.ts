// The side panel of pending items (`#attention`): invitations to answer, counters to decide,
// updates, refused messages; each opens its event, and can be dismissed.
import type { Address, AttentionItem } from '../shared/protocol.js';
import { h, replace } from '../ui/dom.js';
import { formatDateTime } from '../ui/format.js';
import { t, uiLocale } from '../ui/i18n.js';
import { summaryOf } from './views/occurrence.js';

const EXPLAINED = new Set<AttentionItem['kind']>(['refused', 'unsupported']);

export function renderAttention(
  list: HTMLElement,
  items: AttentionItem[],
  zone: string,
  open: (item: AttentionItem) => void,
  dismiss: (identity: Address, id: string) => void,
): void {
  const sorted = [...items].sort((a, b) => b.created.localeCompare(a.created));
  replace(
    list,
    ...sorted.map((item) =>
      h(
        'li',
        { 'data-kind': item.kind, 'data-id': item.id, 'data-uid': item.uid },
        h(
          'button',
          { type: 'button', class: 'attention-open', disabled: !item.uid, onclick: () => open(item) },
          h('span', { class: `badge kind kind-${item.kind}` }, t(`manager_kind_${item.kind}`)),
          h('span', { class: 'attention-summary' }, summaryOf(item.summary)),
          item.from ? h('span', { class: 'muted attention-from' }, t('manager_from', item.from)) : null,
          // The kind badge says what it is; the reason only where it explains something: why a
          // message was refused or not understood.
          item.reason && EXPLAINED.has(item.kind) ? reasonLine(item) : null,
          h('span', { class: 'muted attention-at' }, formatDateTime(item.created, zone)),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'linkish dismiss',
            'data-action': 'dismiss',
            'aria-label': t('manager_dismiss_label', summaryOf(item.summary)),
            title: t('manager_dismiss'),
            onclick: () => dismiss(item.identity, item.id),
          },
          '×',
        ),
      ),
    ),
  );
  if (!sorted.length) list.append(h('li', { class: 'empty muted' }, t('manager_attention_empty')));
}

/**
 * The agent's reason is its own English (the command line's words too). An English page shows it
 * as it is (unless it only names the sender again); another language says what happened in its
 * own words by kind, with the agent's English in the tooltip and a small details line.
 */
function reasonLine(item: AttentionItem): HTMLElement | null {
  const repeatsSender = !!item.from && item.reason.toLowerCase().includes(item.from.toLowerCase());
  if (uiLocale().toLowerCase().startsWith('en')) return repeatsSender ? null : h('span', { class: 'muted attention-reason' }, item.reason);
  return h(
    'span',
    { class: 'muted attention-reason', title: item.reason },
    t(`manager_reason_${item.kind}`),
    h('span', { class: 'attention-detail', lang: 'en' }, item.reason),
  );
}
