// "Needs attention" until an answer really went out: an outgoing message that waits (for consent,
// or because automatic answers are off) or failed is listed beside the engine's attention queue
// (which the answer itself cleared), and dismissing it there discards it.
import type { StoreTx } from '../core/store.js';
import type { AttentionItem } from '../shared/protocol.js';
import type { Agent } from './agent.js';
import { phaseOf } from './outbox.js';

export const OUTBOX_ATTENTION_PREFIX = 'outbox:';

export async function unsentAttention(agent: Agent, tx: StoreTx, identity: string): Promise<AttentionItem[]> {
  const out: AttentionItem[] = [];
  for (const r of await tx.user(identity).listOutbox()) {
    const phase = phaseOf(r);
    if (phase !== 'waiting-consent' && phase !== 'queued' && phase !== 'failed') continue;
    out.push({
      id: `${OUTBOX_ATTENTION_PREFIX}${r.id}`,
      kind: 'unsent',
      identity,
      uid: r.message.uid ?? null,
      recurrenceId: null,
      from: null,
      summary: r.message.subject,
      reason: agent.tb.i18n.getMessage(`bar_phase_${phase.replace('-', '_')}`) || phase,
      created: r.created,
    });
  }
  return out;
}
