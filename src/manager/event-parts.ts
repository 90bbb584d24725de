// Sections of the event page: attendees, counter-proposals, history, attachments.
import type { Address, AttachmentView, CounterView, EventView, HistoryView } from '../shared/protocol.js';
import { isMethod } from '../core/itip/methods.js';
import { h } from '../ui/dom.js';
import { formatDateTime, formatRange, formatSize } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { ext } from '../ui/browser.js';
import { call } from '../ui/rpc.js';
import { base64ToBytes, download } from './files.js';

const label = (prefix: string, value: string) => t(`${prefix}${value.replace(/-/g, '_')}`);

export function renderAttendees(ev: EventView): HTMLElement {
  const counts = new Map<string, number>();
  for (const a of ev.attendees) counts.set(a.partstat, (counts.get(a.partstat) ?? 0) + 1);
  const summary = [...counts].map(([p, n]) => `${n} ${label('manager_partstat_', p)}`).join(' · ');
  return h(
    'section',
    { class: 'card attendees-view', 'aria-labelledby': 'attendees-title' },
    h('div', { class: 'row' }, h('h2', { id: 'attendees-title' }, t('manager_attendees_count', ev.attendees.length)), h('span', { class: 'muted' }, summary)),
    ev.attendees.length
      ? h(
          'table',
          { class: 'attendees' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('manager_attendee')),
              h('th', {}, t('manager_role')),
              h('th', {}, t('manager_answer')),
              h('th', {}, t('manager_comment')),
            ),
          ),
          h(
            'tbody',
            {},
            ...ev.attendees.map((a) =>
              h(
                'tr',
                { 'data-address': a.address, class: a.isUser ? 'is-user' : '' },
                h(
                  'td',
                  {},
                  a.name ? h('div', { class: 'person-name' }, a.name) : null,
                  h('div', { class: a.name ? 'muted' : '' }, a.address),
                  a.cutype !== 'INDIVIDUAL' && a.cutype !== 'UNKNOWN' ? h('span', { class: 'badge' }, label('manager_cutype_', a.cutype)) : null,
                  a.isUser ? h('span', { class: 'badge info' }, t('manager_you')) : null,
                  a.delegatedTo ? h('div', { class: 'muted' }, t('manager_delegated_to', a.delegatedTo)) : null,
                  a.delegatedFrom ? h('div', { class: 'muted' }, t('manager_delegated_from', a.delegatedFrom)) : null,
                ),
                h('td', {}, label('manager_role_', a.role)),
                h('td', {}, h('span', { class: `badge partstat-${a.partstat}` }, label('manager_partstat_', a.partstat))),
                h('td', { class: 'comment' }, a.comment ?? ''),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('manager_no_attendees')),
  );
}

export function renderCounters(
  counters: CounterView[],
  zone: string,
  organizer: EventView['organizer'],
  decide: (from: Address, recurrenceId: string | null, decision: 'accept' | 'decline', comment: string) => Promise<void>,
): HTMLElement {
  return h(
    'section',
    { class: 'card counters', 'aria-labelledby': 'counters-title' },
    h('h2', { id: 'counters-title' }, t('manager_counters')),
    ...counters.map((c, i) => {
      const comment = h('textarea', { name: 'counter-comment', id: `counter-comment-${i}`, rows: 2, placeholder: t('manager_counter_comment_placeholder') });
      const pending = c.status === 'pending' && c.direction === 'received';
      return h(
        'div',
        { class: `counter status-${c.status}`, 'data-from': c.from, 'data-status': c.status },
        h(
          'div',
          { class: 'row' },
          h('strong', {}, c.direction === 'received' ? t('manager_counter_from', c.from) : sentCounterText(c, organizer, zone)),
          h('span', { class: `badge ${c.status === 'accepted' ? 'ok' : c.status === 'declined' ? 'danger' : 'warn'}` }, t(`manager_counter_${c.status}`)),
          h('span', { class: 'muted' }, formatDateTime(c.received, zone)),
        ),
        c.proposed && c.direction === 'received'
          ? h('p', { class: 'proposed' }, t('manager_counter_proposes', formatRange(c.proposed.start, c.proposed.end, zone, false)))
          : null,
        c.comment ? h('blockquote', { class: 'counter-comment' }, c.comment) : null,
        pending
          ? h(
              'div',
              { class: 'stack' },
              h('label', { for: `counter-comment-${i}`, class: 'field-label' }, t('manager_counter_reply_comment')),
              comment,
              h(
                'div',
                { class: 'row' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'primary',
                    'data-action': 'accept-counter',
                    onclick: () => decide(c.from, c.recurrenceId, 'accept', comment.value.trim()),
                  },
                  t('manager_counter_accept'),
                ),
                h(
                  'button',
                  { type: 'button', 'data-action': 'decline-counter', onclick: () => decide(c.from, c.recurrenceId, 'decline', comment.value.trim()) },
                  t('manager_counter_decline'),
                ),
              ),
            )
          : null,
      );
    }),
  );
}

/** "You proposed Tue 10:15–11:15 to Olga Organizer": the time and who decides, never the user. */
export function sentCounterText(c: Pick<CounterView, 'proposed'>, organizer: EventView['organizer'], zone: string): string {
  const to = organizer ? organizer.name || organizer.address : t('manager_the_organizer');
  return c.proposed ? t('manager_counter_to', formatRange(c.proposed.start, c.proposed.end, zone, false), to) : t('manager_counter_to_untimed', to);
}

/** The method in words; the iTIP name stays in the tooltip (RFC 5546 §1.4). */
function methodBadge(method: string): HTMLElement {
  const known = isMethod(method);
  return h('span', { class: 'badge method', title: method }, known ? t(`manager_method_${method}`) : method);
}

/** A history note in words where it has a known shape (a partstat, a proposed period). */
function historyNote(x: HistoryView, zone: string): string | null {
  if (x.proposed) return t('manager_history_proposed', formatRange(x.proposed.start, x.proposed.end, zone, false));
  const partstat = /^(ACCEPTED|TENTATIVE|DECLINED|DELEGATED|NEEDS-ACTION)\b/.exec(x.note ?? '');
  if (partstat) return label('manager_partstat_', partstat[1]!);
  return x.note;
}

export function renderHistory(history: HistoryView[], zone: string): HTMLElement {
  const sorted = [...history].sort((a, b) => b.at.localeCompare(a.at));
  return h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, t('manager_history')),
    sorted.length
      ? h(
          'ol',
          {},
          ...sorted.map((x) =>
            h(
              'li',
              { 'data-method': x.method, 'data-action': x.action },
              h('span', { class: 'history-at muted' }, formatDateTime(x.at, zone)),
              methodBadge(x.method),
              // A message sent from here says where it really stands (waiting, failed…), not the engine's "sent".
              x.phase && x.phase !== 'sent'
                ? h(
                    'span',
                    { class: 'history-phase' },
                    t('manager_history_line', t(`bar_phase_${x.phase.replace('-', '_')}`), x.from ?? t('manager_history_you')),
                  )
                : h('span', {}, t('manager_history_line', label('manager_action_', x.action), x.from ?? t('manager_history_you'))),
              x.recurrenceId
                ? h(
                    'span',
                    { class: 'muted' },
                    t('manager_history_occurrence', x.recurrenceId.length === 10 ? x.recurrenceId : formatDateTime(x.recurrenceId, zone)),
                  )
                : null,
              historyNote(x, zone) ? h('div', { class: 'muted history-note', title: x.note ?? '' }, historyNote(x, zone)) : null,
              x.comment ? h('blockquote', { class: 'history-comment' }, x.comment) : null,
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('manager_history_empty')),
  );
}

export function renderAttachments(identity: Address, uid: string, attachments: AttachmentView[], onError: (e: unknown) => void): HTMLElement {
  return h(
    'section',
    { class: 'card attachments', 'aria-labelledby': 'attachments-title' },
    h('h2', { id: 'attachments-title' }, t('manager_field_attachments')),
    h(
      'ul',
      {},
      ...attachments.map((a) => {
        if (a.uri !== null) {
          // A link is shown as text and opened only on an explicit click, in the default browser;
          // only web links: javascript:, file:, data: and the like stay text.
          const web = /^https?:\/\//i.test(a.uri);
          return h(
            'li',
            { class: 'link' },
            h('span', { class: 'att-name' }, a.name || a.uri),
            ' ',
            h('code', { class: 'att-uri' }, a.uri),
            ' ',
            web
              ? h(
                  'button',
                  { type: 'button', 'data-action': 'open-link', onclick: () => ext.windows.openDefaultBrowser(a.uri!).catch(onError) },
                  t('manager_open_link'),
                )
              : null,
          );
        }
        return h(
          'li',
          {},
          h('span', { class: 'att-name' }, a.name),
          ' ',
          h('span', { class: 'muted' }, [a.type, formatSize(a.size)].filter(Boolean).join(', ')),
          ' ',
          a.id
            ? h(
                'button',
                {
                  type: 'button',
                  'data-action': 'download-attachment',
                  onclick: async () => {
                    try {
                      const file = await call('attachment.get', { identity, uid, id: a.id! });
                      download(file.name, base64ToBytes(file.dataBase64), file.type);
                    } catch (e) {
                      onError(e);
                    }
                  },
                },
                t('manager_download'),
              )
            : null,
          a.unavailable ? h('span', { class: 'muted', 'data-unavailable': a.unavailable }, t(`manager_attachment_${a.unavailable}`)) : null,
        );
      }),
    ),
  );
}
