// What the user decides about a message in the outbox (popup, event page, the outbox view of the
// management page): send an answer to encrypted mail in clear, try a failed one again, or drop
// it. Each is one change of the record's state (outbox.ts `phaseOf`), then a delivery at most once.
import type { OutboxRecord } from '../core/types.js';
import type { Agent } from './agent.js';
import { deliver, notice, update, type AddonOutbox } from './outbox.js';

/** `outbox.consent`: send a held record (in clear when it could not be encrypted) or drop it. */
export async function consent(agent: Agent, id: string, send: boolean): Promise<AddonOutbox> {
  let was: OutboxRecord['state'] | undefined;
  const held = await update(agent, id, (r) => {
    was = r.state;
    if (r.state !== 'needs-consent') return undefined;
    if (!send) return { ...r, state: 'failed', error: 'not sent: dropped by the user', delivery: { ...r.delivery, discarded: true } };
    // Consent to clear text only lifts the encryption for a record held because of it.
    const encrypt = r.delivery.hold === 'cannot-encrypt' ? null : r.delivery.encrypt;
    return { ...r, state: 'pending', error: undefined, delivery: { ...r.delivery, encrypt, hold: undefined, attempt: undefined } };
  });
  if (!held) throw new Error(`no outbox message ${id}`);
  if (was !== 'needs-consent') throw new Error(`outbox message ${id} is ${was}, not waiting for consent`);
  if (!send) {
    await notice(agent, held);
    return held;
  }
  return (await deliver(agent, id)) ?? held;
}

/**
 * `outbox.resend`: a failed record tried again as a new attempt. An interrupted send is known
 * only to the user (it may have gone out), so trying again is their decision, made by this click.
 */
export async function resend(agent: Agent, id: string): Promise<AddonOutbox> {
  let was: OutboxRecord['state'] | undefined;
  const again = await update(agent, id, (r) => {
    was = r.state;
    if (r.state !== 'failed' || r.delivery.discarded) return undefined;
    return { ...r, state: 'pending', error: undefined, delivery: { ...r.delivery, attempt: undefined } };
  });
  if (!again) throw new Error(`no outbox message ${id}`);
  if (was !== 'failed') throw new Error(`outbox message ${id} is ${was}, not failed`);
  if (again.delivery.discarded) throw new Error(`outbox message ${id} was discarded`);
  return (await deliver(agent, id)) ?? again;
}

/** `outbox.discard`: a failed or waiting record dropped; it is never sent. */
export async function discard(agent: Agent, id: string): Promise<AddonOutbox> {
  let was: OutboxRecord['state'] | undefined;
  const dropped = await update(agent, id, (r) => {
    was = r.state;
    if (r.state !== 'failed' && r.state !== 'needs-consent') return undefined;
    return { ...r, state: 'failed', error: r.error ?? 'not sent: dropped by the user', delivery: { ...r.delivery, hold: undefined, discarded: true } };
  });
  if (!dropped) throw new Error(`no outbox message ${id}`);
  if (was !== 'failed' && was !== 'needs-consent') throw new Error(`outbox message ${id} is ${was}: only a failed or waiting message can be discarded`);
  await notice(agent, dropped);
  return dropped;
}
