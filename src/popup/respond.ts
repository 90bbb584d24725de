// The attendee's side of a REQUEST or ADD (RFC 5546 §3.2.2, §3.2.3): accept, tentative or
// decline with an optional comment, for the whole series or one occurrence; propose another
// time (COUNTER, §3.2.7) or delegate (§3.2.2.3). What each answer means is decided by the
// background; this only collects the user's choice.
import type { PopupAction } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { formatDate, formatDateTime } from '../ui/format.js';
import { t } from '../ui/i18n.js';
import { counterForm } from './counter-form.js';
import type { ItemContext } from './session.js';

/** The comment box shared by every answer of an item. */
export function commentBox(ctx: ItemContext, hintKey: string): { el: HTMLElement; value: () => string | undefined } {
  const id = `comment${ctx.suffix}`;
  const area = h('textarea', { id, name: 'comment', rows: 2, maxlength: 2000, 'aria-describedby': `${id}-hint` });
  const el = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, t('popup_comment_label')),
    area,
    h('span', { id: `${id}-hint`, class: 'hint muted' }, t(hintKey)),
  );
  return { el, value: () => area.value.trim() || undefined };
}

/** The scope selector for a repeating event: the whole series, or this occurrence only. */
function scopeSelect(ctx: ItemContext): { el: HTMLElement | null; value: () => string | undefined } {
  const e = ctx.item.proposed;
  const repeats = !!e.rrule || e.rdates.length > 0 || e.recurrenceId !== null;
  const rid = e.recurrenceId ?? e.start;
  if (!repeats || !rid) return { el: null, value: () => undefined };
  const id = `scope${ctx.suffix}`;
  const when = e.allDay || !rid.includes('T') ? formatDate(rid, ctx.zone) : formatDateTime(rid, ctx.zone);
  const select = h(
    'select',
    { id, name: 'scope' },
    h('option', { value: 'series', selected: e.recurrenceId === null }, t('popup_scope_series')),
    h('option', { value: 'occurrence', selected: e.recurrenceId !== null }, t('popup_scope_occurrence', when)),
  );
  const el = h('div', { class: 'field' }, h('label', { for: id }, t('popup_scope_label')), select);
  return { el, value: () => (select.value === 'occurrence' ? rid : undefined) };
}

function withScope<T extends PopupAction>(action: T, rid: string | undefined): T {
  return rid ? { ...action, recurrenceId: rid } : action;
}

function delegateForm(ctx: ItemContext, comment: () => string | undefined, scope: () => string | undefined): HTMLFormElement {
  const id = `delegate-to${ctx.suffix}`;
  const input = h('input', {
    id,
    name: 'delegate-to',
    type: 'email',
    required: true,
    autocomplete: 'email',
    spellcheck: 'false',
    'aria-describedby': `${id}-error`,
  });
  const error = h('p', { id: `${id}-error`, class: 'form-error', role: 'alert' });
  const form = h(
    'form',
    { id: `delegate-form${ctx.suffix}`, class: 'delegate-form subform', hidden: true, novalidate: true, 'aria-label': t('popup_delegate_title') },
    h('div', { class: 'field' }, h('label', { for: id }, t('popup_delegate_label')), input),
    error,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'delegate-send' }, t('popup_delegate_send'))),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const to = input.value
      .trim()
      .replace(/^mailto:/i, '')
      .toLowerCase();
    const problem = delegateProblem(to, ctx);
    error.textContent = problem ?? '';
    input.setAttribute('aria-invalid', String(!!problem));
    if (problem) {
      input.focus();
      return;
    }
    void ctx.act(withScope({ kind: 'delegate', to, ...(comment() ? { comment: comment() } : {}) }, scope()));
  });
  return form;
}

// A deliberately plain check (one @, a dotted domain, no spaces or brackets): enough to catch
// typos; the mail server is the judge of the rest.
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/;

function delegateProblem(to: string, ctx: ItemContext): string | null {
  if (!to) return t('popup_delegate_empty');
  if (!ADDRESS.test(to)) return t('popup_delegate_invalid', to);
  if (to === ctx.item.identity.toLowerCase()) return t('popup_delegate_self');
  if (ctx.item.proposed.attendees.some((a) => a.address === to)) return t('popup_delegate_already', to);
  return null;
}

/** A button that opens (and closes) a form below it, announced as such. */
function toggle(action: string, label: string, form: HTMLFormElement, onOpen?: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button', 'data-action': action, 'aria-expanded': 'false', 'aria-controls': form.id }, label);
  button.addEventListener('click', () => {
    const open = form.hidden;
    form.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      onOpen?.();
      form.querySelector<HTMLElement>('input, select')?.focus();
    }
  });
  return button;
}

export function attendeeActions(ctx: ItemContext): HTMLElement | null {
  const { actions } = ctx.item;
  const can = (k: string): boolean => actions.includes(k as never);
  if (!can('respond') && !can('counter') && !can('delegate')) return null;
  const scope = scopeSelect(ctx);
  const comment = commentBox(ctx, 'popup_comment_hint');
  // "Answer without sending" (as Thunderbird, Gmail and Outlook offer): stored, nothing mailed.
  const noSendId = `no-send${ctx.suffix}`;
  const noSend = h('input', { type: 'checkbox', id: noSendId, name: 'no-send', 'aria-describedby': `${noSendId}-hint` });
  const respond = (partstat: 'ACCEPTED' | 'TENTATIVE' | 'DECLINED', cls: string, key: string): HTMLElement =>
    h(
      'button',
      {
        type: 'button',
        class: cls,
        'data-action': `respond-${partstat}`,
        onclick: () =>
          void ctx.act(
            withScope(
              { kind: 'respond', partstat, ...(comment.value() ? { comment: comment.value() } : {}), ...(noSend.checked ? { send: false } : {}) },
              scope.value(),
            ),
          ),
      },
      t(key),
    );
  const current = ctx.item.stored?.partstat ?? ctx.item.proposed.partstat;
  const counter = can('counter') ? counterForm(ctx, comment.value, scope.value) : null;
  const delegate = can('delegate') ? delegateForm(ctx, comment.value, scope.value) : null;
  return h(
    'section',
    { class: 'actions card', 'aria-labelledby': `answer-heading${ctx.suffix}` },
    h('h2', { id: `answer-heading${ctx.suffix}` }, t(current && current !== 'NEEDS-ACTION' ? 'popup_answer_change' : 'popup_answer_heading')),
    scope.el,
    comment.el,
    can('respond')
      ? h(
          'div',
          { class: 'row buttons' },
          respond('ACCEPTED', 'primary', 'popup_accept'),
          respond('TENTATIVE', '', 'popup_tentative'),
          respond('DECLINED', 'danger', 'popup_decline'),
        )
      : null,
    can('respond')
      ? h(
          'div',
          { class: 'no-send' },
          h('label', { for: noSendId, class: 'inline' }, noSend, t('popup_no_send')),
          h('span', { id: `${noSendId}-hint`, class: 'hint muted' }, t('popup_no_send_hint')),
        )
      : null,
    counter || delegate || can('refresh')
      ? h(
          'div',
          { class: 'row buttons secondary' },
          counter ? toggle('counter', t('popup_counter_open'), counter.form, counter.open) : null,
          delegate ? toggle('delegate', t('popup_delegate_open'), delegate) : null,
          can('refresh')
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'link refresh-link',
                  'data-action': 'refresh',
                  title: t('popup_refresh_hint'),
                  onclick: () => void ctx.act({ kind: 'refresh' }),
                },
                t('popup_refresh'),
              )
            : null,
        )
      : null,
    counter?.form ?? null,
    delegate,
  );
}
