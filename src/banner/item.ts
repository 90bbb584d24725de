// One calendar object of the displayed message, as one block of the bar: what it is, when (in
// the user's zone), what it collides with, where the user's answer stands, and the actions that
// fit — one click each. The choices are the background's (`item.actions`); the bar only shows them.
import type { AnswerView, InvitationItem, PopupAction } from '../shared/protocol.js';
import { methodTraits } from '../core/itip/methods.js';
import { h } from '../ui/dom.js';
import { formatRange, formatTime } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { S } from './style.js';

export interface BarContext {
  item: InvitationItem;
  zone: string;
  /** Distinguishes ids when a message carries several objects. */
  index: number;
  act(action: PopupAction): void;
  outbox(kind: 'consent' | 'resend' | 'discard', id: string): void;
  openPopup(form?: 'counter'): void;
}

function button(label: string, action: string, style: string, onclick: () => void, extra: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', style, 'data-action': action, onclick, ...extra }, label);
}

const line = (style: string, text: string, cls: string): HTMLElement => h('span', { style, class: cls }, text);

/** "Collides with Team stand-up 09:00–09:30" per conflict (at most three, then "and N more"). */
function conflicts(ctx: BarContext): HTMLElement | null {
  const { item, zone } = ctx;
  if (!methodTraits(item.method)?.invites || !item.proposed.start) return null;
  if (!item.conflicts.length) return line(S.ok, t('bar_no_conflict'), 'bar-conflict none');
  const shown = item.conflicts
    .slice(0, 3)
    .map((c) => t('bar_conflict_one', c.summary ?? t(`popup_fbtype_${c.fbtype.replace('-', '_')}`), `${formatTime(c.start, zone)}–${formatTime(c.end, zone)}`));
  const more = item.conflicts.length > 3 ? ` ${t('bar_conflict_more', item.conflicts.length - 3)}` : '';
  return line(S.conflict, t('bar_conflict', shown.join(', ')) + more, 'bar-conflict');
}

const PHASE_KEY: Record<AnswerView['phase'], string> = {
  drafted: 'bar_phase_drafted',
  'waiting-consent': 'bar_phase_waiting_consent',
  queued: 'bar_phase_queued',
  sending: 'bar_phase_sending',
  sent: 'bar_phase_sent',
  failed: 'bar_phase_failed',
  discarded: 'bar_phase_discarded',
  recorded: 'bar_phase_recorded',
};

/** The user's answer and where it stands; the one action a waiting or failed answer needs. */
function answerState(ctx: BarContext): HTMLElement[] {
  const { item } = ctx;
  if (item.role !== 'attendee' || !methodTraits(item.method)?.invites) return [];
  const a = item.answer ?? null;
  const partstat = a?.partstat ?? item.stored?.partstat ?? null;
  const answered = partstat && partstat !== 'NEEDS-ACTION' ? t(`popup_partstat_${partstat.replace('-', '_')}`) : null;
  const what = a?.method === 'COUNTER' ? t('bar_answer_counter') : answered;
  const text = what ? (a ? t('bar_answer_with_phase', what, t(PHASE_KEY[a.phase])) : t('bar_answer', what)) : t('bar_answer_none');
  const out = [
    h('span', { style: S.state, class: 'bar-answer', 'data-phase': a?.phase ?? (answered ? 'known' : 'none'), 'data-partstat': partstat ?? '' }, text),
  ];
  if (a?.outboxId && (a.phase === 'waiting-consent' || a.phase === 'queued' || a.phase === 'failed')) {
    const id = a.outboxId;
    out.push(
      h(
        'span',
        { style: S.row, class: 'bar-outbox' },
        a.phase === 'failed'
          ? button(t('bar_resend'), 'bar-resend', S.primary, () => ctx.outbox('resend', id))
          : button(t(a.phase === 'queued' ? 'bar_send_now' : 'bar_send_clear'), 'bar-consent', S.primary, () => ctx.outbox('consent', id)),
        button(t('bar_discard'), 'bar-discard', S.button, () => ctx.outbox('discard', id)),
      ),
    );
  }
  return out;
}

/** Accept / Tentative / Decline (the current answer pressed), "answer without sending", counter, More. */
function attendeeRow(ctx: BarContext): HTMLElement | null {
  const { item } = ctx;
  if (!item.actions.includes('respond')) return null;
  const current = item.stored?.partstat ?? null;
  const rid = item.proposed.recurrenceId ?? undefined;
  const id = `imip-agent-bar-nosend-${ctx.index}`;
  const noSend = h('input', { type: 'checkbox', id, 'data-action': 'bar-no-send' });
  const respond = (partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED', key: string): HTMLButtonElement =>
    button(
      t(key),
      `bar-respond-${partstat}`,
      current === partstat ? S.pressed : partstat === 'ACCEPTED' ? S.primary : S.button,
      () => ctx.act({ kind: 'respond', partstat, ...(rid ? { recurrenceId: rid } : {}), ...(noSend.checked ? { send: false } : {}) }),
      { 'aria-pressed': String(current === partstat) },
    );
  return h(
    'span',
    { style: S.row, class: 'bar-actions' },
    respond('ACCEPTED', 'popup_accept'),
    respond('TENTATIVE', 'popup_tentative'),
    respond('DECLINED', 'popup_decline'),
    item.actions.includes('counter') ? button(t('bar_propose'), 'bar-counter', S.button, () => ctx.openPopup('counter')) : null,
    h(
      'label',
      { for: id, style: 'display: inline-flex; gap: 4px; align-items: center; margin-inline-start: 6px;', title: t('bar_no_send_hint') },
      noSend,
      t('bar_no_send'),
    ),
  );
}

/** A counter-proposal (RFC 5546 §3.2.7) to the organiser: who proposes what, accept or decline. */
function counterLines(ctx: BarContext): HTMLElement[] {
  const { item, zone } = ctx;
  const c = item.counter;
  if (!c) return [];
  const who = (item.stored ?? item.proposed).attendees.find((a) => a.address === c.from)?.name ?? c.from;
  const current = item.stored ?? item.previous;
  const proposed = formatRange(c.proposed.start, c.proposed.end, zone, false);
  const out = [
    line(
      S.line,
      current?.start
        ? t('bar_counter_from', who, proposed, formatRange(current.start, current.end ?? current.start, zone, current.allDay))
        : t('bar_counter_from_new', who, proposed),
      'bar-counter-line',
    ),
  ];
  if (c.comment) out.push(line(S.muted, `“${c.comment}”`, 'bar-comment'));
  const rid = item.proposed.recurrenceId ?? undefined;
  const can = (k: 'accept-counter' | 'decline-counter') => item.actions.includes(k);
  if (can('accept-counter') || can('decline-counter')) {
    out.push(
      h(
        'span',
        { style: S.row, class: 'bar-actions' },
        can('accept-counter')
          ? button(t('popup_counter_accept'), 'bar-accept-counter', S.primary, () =>
              ctx.act({ kind: 'accept-counter', from: c.from, ...(rid ? { recurrenceId: rid } : {}) }),
            )
          : null,
        can('decline-counter')
          ? button(t('popup_counter_decline'), 'bar-decline-counter', S.button, () =>
              ctx.act({ kind: 'decline-counter', from: c.from, ...(rid ? { recurrenceId: rid } : {}) }),
            )
          : null,
      ),
    );
  } else if (c.status !== 'pending')
    out.push(line(S.state, t(c.status === 'accepted' ? 'popup_counter_accepted' : 'popup_counter_declined'), 'bar-counter-status'));
  return out;
}

/** What happened with a REPLY, CANCEL, or anything the agent decided when the mail arrived. */
function whatHappened(item: InvitationItem): HTMLElement | null {
  if (item.reply) {
    const who = (item.stored ?? item.proposed).attendees.find((a) => a.address === item.reply!.from)?.name ?? item.reply.from;
    const text = t('bar_reply', who, t(`popup_partstat_${item.reply.partstat.replace('-', '_')}`));
    return line(S.state, item.reply.comment ? `${text} “${item.reply.comment}”` : text, 'bar-reply');
  }
  if (item.method === 'CANCEL') return line(S.state, t('bar_cancelled'), 'bar-cancel');
  if (item.isUpdate && item.changes.length) {
    const fields = [...new Set(item.changes.map((c) => c.field))].map((f) => {
      const label = t(`popup_field_${f}`);
      return label.startsWith('popup_field_') ? f : label;
    });
    return line(S.line, t('bar_updated', fields.join(', ')), 'bar-update');
  }
  if (item.counter || item.actions.includes('respond')) return null;
  return item.outcome ? line(S.muted, item.outcome.reason, 'bar-outcome') : null;
}

export function barItem(ctx: BarContext): HTMLElement {
  const { item, zone } = ctx;
  const e = item.proposed;
  // A counter-proposal names both times in its own line; the message's time would repeat it.
  const when = e.start && !item.counter ? formatRange(e.start, e.end ?? e.start, zone, e.allDay) : null;
  return h(
    'div',
    { style: S.item + (ctx.index ? S.separator : ''), class: 'bar-item', 'data-uid': e.uid, 'data-method': item.method, 'data-role': item.role },
    h('span', { style: S.title, class: 'bar-title' }, e.summary ?? t('popup_no_summary')),
    when ? line(S.line, `${when} (${zone})`, 'bar-when') : null,
    whatHappened(item),
    ...counterLines(ctx),
    conflicts(ctx),
    ...answerState(ctx),
    attendeeRow(ctx),
    h(
      'span',
      { style: S.row },
      button(t('bar_more'), 'bar-more', S.link, () => ctx.openPopup()),
    ),
  );
}
