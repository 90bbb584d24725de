// Who sent the object, in words: verified (the organiser or attendee themself, a trusted relay,
// or authenticated by the user's server), relayed (someone says they send on their behalf), or
// unverified (core/itip/sender.ts decides). A message the agent held for that reason is applied
// here with one click (`queued.apply`), as sent by the party it names.
import type { InvitationItem } from '../shared/protocol.js';
import { h } from '../ui/dom.js';
import { t } from '../ui/i18n.js';
import { call } from '../ui/rpc.js';
import { exclusive, session } from './session.js';

const TONE = { verified: 'ok', relayed: 'warn', unverified: 'error' } as const;

export function senderInfo(item: InvitationItem): HTMLElement | null {
  const s = item.sender;
  if (!s) return null;
  const id = item.waitingId;
  const apply = async (): Promise<void> => {
    let outcome: Awaited<ReturnType<typeof call<'queued.apply'>>> | undefined;
    const done = await exclusive(async () => {
      outcome = await call('queued.apply', { identity: item.identity, id: id!, uid: item.proposed.uid });
    });
    if (!done || !outcome) return;
    session.onSent(
      outcome.sent,
      outcome.results.filter((r) => r.action === 'refused' || r.action === 'ignored').map((r) => r.reason),
    );
    await session.reload();
  };
  return h(
    'section',
    { class: `sender notice ${TONE[s.verification]}`, 'data-verification': s.verification },
    h('p', {}, h('strong', { class: 'verification' }, t(`popup_sender_${s.verification}`)), ' ', h('span', { class: 'note' }, s.note)),
    id
      ? h(
          'div',
          { class: 'row buttons' },
          h('span', { class: 'muted' }, t('popup_sender_waiting')),
          h('button', { type: 'button', class: 'primary', 'data-action': 'apply-queued', onclick: () => void apply() }, t('popup_sender_apply')),
        )
      : null,
  );
}
