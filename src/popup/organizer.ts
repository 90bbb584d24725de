// What the other methods show and offer: an attendee's REPLY (RFC 5546 §3.2.3), a COUNTER to
// decide (§3.2.7, accept sends the updated REQUEST, decline a DECLINECOUNTER §3.2.8), a REFRESH
// to answer (§3.2.6), a CANCEL (§3.2.5), the resource's decision, and free/busy (§3.3).
import type { InvitationItem } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { formatRange } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { partstatBadge, personText } from './people.js';
import { commentBox } from './respond.js';
import type { ItemContext } from './session.js';

function section(cls: string, heading: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: `${cls} card` }, h('h2', {}, heading), ...children);
}

export function replyInfo(item: InvitationItem): HTMLElement | null {
  const r = item.reply;
  if (!r) return null;
  const who = (item.stored ?? item.proposed).attendees.find((a) => a.address === r.from);
  // REQUEST-STATUS 2.x means success (RFC 5546 §3.6): only the others tell the organizer something.
  const problems = r.requestStatus.filter((s) => !/^2(\.|;|$)/.test(s.trim()));
  return section(
    'reply',
    t('popup_reply_heading'),
    h('p', { class: 'row answer-line' }, h('span', { class: 'from' }, t('popup_reply_from', personText(r.from, who?.name ?? null))), partstatBadge(r.partstat)),
    r.comment ? h('blockquote', { class: 'comment' }, r.comment) : null,
    problems.length ? h('ul', { class: 'request-status notice warn', 'aria-label': t('popup_request_status') }, ...problems.map((s) => h('li', {}, s))) : null,
  );
}

const COUNTER_STATUS: Record<string, string> = { pending: 'popup_counter_pending', accepted: 'popup_counter_accepted', declined: 'popup_counter_declined' };

export function counterDecision(ctx: ItemContext): HTMLElement | null {
  const { item, zone } = ctx;
  const c = item.counter;
  if (!c) return null;
  const current = item.stored ?? item.previous;
  const canAccept = item.actions.includes('accept-counter');
  const canDecline = item.actions.includes('decline-counter');
  const comment = canDecline ? commentBox(ctx, 'popup_comment_hint_decline') : null;
  const rid = item.proposed.recurrenceId ?? undefined;
  const period = (label: string, cls: string, text: string): HTMLElement =>
    h('div', { class: `period ${cls}` }, h('span', { class: 'label muted' }, label), h('span', { class: 'value' }, text));
  return section(
    'counter-decision',
    t('popup_counter_heading', c.from),
    h(
      'div',
      { class: 'compare' },
      period(
        t('popup_counter_current'),
        'original',
        current?.start ? formatRange(current.start, current.end ?? current.start, zone, current.allDay) : t('popup_when_unknown'),
      ),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      period(t('popup_counter_proposed'), 'proposal', formatRange(c.proposed.start, c.proposed.end, zone, false)),
    ),
    c.comment ? h('blockquote', { class: 'comment' }, c.comment) : null,
    h('p', { class: `counter-status status-${c.status}` }, t(COUNTER_STATUS[c.status] ?? c.status)),
    comment?.el ?? null,
    canAccept || canDecline
      ? h(
          'div',
          { class: 'row buttons' },
          canAccept
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'primary',
                  'data-action': 'accept-counter',
                  onclick: () => void ctx.act({ kind: 'accept-counter', from: c.from, ...(rid ? { recurrenceId: rid } : {}) }),
                },
                t('popup_counter_accept'),
              )
            : null,
          canDecline
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'data-action': 'decline-counter',
                  onclick: () => {
                    const text = comment?.value();
                    void ctx.act({ kind: 'decline-counter', from: c.from, ...(text ? { comment: text } : {}), ...(rid ? { recurrenceId: rid } : {}) });
                  },
                },
                t('popup_counter_decline'),
              )
            : null,
        )
      : null,
    canAccept ? h('p', { class: 'hint muted' }, t('popup_counter_accept_hint')) : null,
  );
}

/** Who sent a REFRESH: its ATTENDEE (RFC 5546 §3.2.6), the user excluded. */
function refreshFrom(item: InvitationItem): string | null {
  return item.proposed.attendees.find((a) => !a.isUser)?.address ?? null;
}

export function refreshAnswer(ctx: ItemContext): HTMLElement | null {
  const { item } = ctx;
  const out: HTMLElement[] = [];
  if (item.method === 'REFRESH') {
    const who = refreshFrom(item);
    out.push(h('p', {}, who ? t('popup_refresh_from', who) : t('popup_refresh_unknown')));
    if (who && item.actions.includes('send-current'))
      out.push(
        h(
          'div',
          { class: 'row buttons' },
          h(
            'button',
            { type: 'button', class: 'primary', 'data-action': 'send-current', onclick: () => void ctx.act({ kind: 'send-current', to: who }) },
            t('popup_send_current'),
          ),
        ),
      );
  }
  // Beside an answer the refresh is a secondary button of the answer card (respond.ts).
  if (item.actions.includes('refresh') && !item.actions.includes('respond'))
    out.push(
      h('p', { class: 'hint muted' }, t('popup_refresh_hint')),
      h(
        'div',
        { class: 'row buttons' },
        h('button', { type: 'button', 'data-action': 'refresh', onclick: () => void ctx.act({ kind: 'refresh' }) }, t('popup_refresh')),
      ),
    );
  return out.length ? section('refresh', t(item.method === 'REFRESH' ? 'popup_refresh_heading' : 'popup_refresh_ask_heading'), ...out) : null;
}

export function cancelInfo(item: InvitationItem): HTMLElement | null {
  if (item.method !== 'CANCEL') return null;
  const one = item.proposed.recurrenceId !== null;
  const removed = item.stored?.status === 'CANCELLED' || item.stored === null;
  return h(
    'div',
    { class: 'notice error cancelled', role: 'note' },
    t(one ? 'popup_cancel_occurrence' : 'popup_cancel_event'),
    ' ',
    removed ? t('popup_cancel_done') : '',
  );
}

/** Outcomes worth a word: a resource's decision, or the agent refusing or passing over a message. */
const TOLD = new Set(['refused', 'ignored', 'answered', 'error', 'unsupported']);

export function outcomeInfo(item: InvitationItem): HTMLElement | null {
  const o = item.outcome;
  const resource = item.role === 'resource';
  if (!o || (!resource && !TOLD.has(o.action))) return null;
  const answer = resource ? (item.stored?.partstat ?? item.proposed.partstat) : null;
  const bad = o.action === 'refused' || o.action === 'error' || answer === 'DECLINED';
  const tone = bad ? 'error' : o.action === 'ignored' || o.action === 'unsupported' || o.action === 'queued' ? 'warn' : 'ok';
  return h(
    'div',
    { class: `notice ${tone} outcome`, 'data-outcome': o.action },
    h(
      'div',
      { class: 'row' },
      h('strong', {}, t(resource ? 'popup_outcome_resource' : 'popup_outcome_agent', item.identity)),
      answer ? partstatBadge(answer) : null,
      h('span', { class: 'action' }, t(`popup_action_${o.action}`)),
    ),
    o.reason ? h('div', { class: 'reason' }, t('popup_outcome_reason', o.reason)) : null,
  );
}

export function freebusyInfo(item: InvitationItem, zone: string): HTMLElement | null {
  const f = item.freebusy;
  if (!f) return null;
  return h(
    'p',
    { class: 'freebusy-info' },
    f.from ? t('popup_freebusy_from', f.from) : t('popup_freebusy_unknown'),
    ' ',
    f.range ? t('popup_freebusy_range', formatRange(f.range.start, f.range.end, zone, false)) : '',
    ' ',
    t('popup_freebusy_count', f.busy.length),
  );
}
