// A user action (popup, management page) as one store transaction: the engine decides, its
// outgoing messages become outbox records in the same transaction, then they are delivered.
// An answer to mail that arrived encrypted goes back encrypted (outbox.ts).
import type { EngineOptions } from '../core/api.js';
import type { StoreTx } from '../core/store.js';
import type { Outcome } from '../core/types.js';
import * as engine from '../core/engine.js';
import { sendCurrent } from '../core/itip/actions/send-current.js';
import type { ActionOutcome, PopupAction } from '../shared/protocol.js';
import type { Technology } from '../thunderbird/read.js';
import { engineOptions, type Agent, type CalendarIdentity } from './agent.js';
import { deliver, newOutbox, queueOutgoing, sentView, type AddonOutbox } from './outbox.js';
import { sweepReminders } from './notify.js';
import { refreshBars } from './bar-notice.js';
import { recording, writeCalendars, type EventChange } from './calendar-writer.js';

/** One popup or event-page action, as the engine's entry point for it. */
export function runPopupAction(tx: StoreTx, opts: EngineOptions, uid: string, a: PopupAction): Promise<Outcome> {
  const rid = 'recurrenceId' in a && a.recurrenceId ? { recurrenceId: a.recurrenceId } : {};
  const comment = 'comment' in a && a.comment !== undefined && a.comment !== '' ? { comment: a.comment } : {};
  switch (a.kind) {
    case 'respond':
      return engine.respond(tx, opts, { uid, partstat: a.partstat, ...rid, ...comment, ...(a.send === false ? { send: false } : {}) });
    case 'counter':
      return engine.counterPropose(tx, opts, { uid, start: a.start, end: a.end, ...rid, ...comment });
    case 'delegate':
      return engine.delegate(tx, opts, { uid, to: a.to, ...rid, ...comment });
    case 'accept-counter':
      return engine.acceptCounter(tx, opts, { uid, from: a.from, ...rid });
    case 'decline-counter':
      return engine.declineCounter(tx, opts, { uid, from: a.from, ...rid, ...comment });
    case 'send-current':
      return sendCurrent(tx, opts, { uid, to: a.to });
    case 'refresh':
      return engine.refresh(tx, opts, { uid });
    default:
      throw new Error(`unknown action ${JSON.stringify((a as { kind?: unknown }).kind)}`);
  }
}

/** How answers about an event go out: encrypted when the mail about it arrived encrypted. */
export async function encryptionForUid(agent: Agent, uid: string): Promise<Technology | 'any' | null> {
  const encrypted = (await agent.records.byUid(uid)).filter((r) => r.encrypted).sort((a, b) => (a.at < b.at ? 1 : -1));
  return encrypted.length ? (encrypted[0]!.technology ?? 'any') : null;
}

export async function runAction(
  agent: Agent,
  identity: CalendarIdentity,
  encrypt: Technology | 'any' | null,
  fn: (tx: StoreTx, opts: EngineOptions) => Promise<Outcome>,
  o: { writeCalendar?: boolean } = {},
): Promise<ActionOutcome & { outcome: Outcome }> {
  const opts = engineOptions(agent, identity);
  let changes: EventChange[] = [];
  const { outcome, records } = await agent.store().transact(async (store) => {
    const { tx, changes: changed } = recording(store);
    const outcome = await fn(tx, opts);
    changes = changed();
    const records: AddonOutbox[] = outcome.outgoing.filter((m) => m.to.length).map((m) => newOutbox(agent, m, { identityId: identity.id, encrypt }));
    await queueOutgoing(tx, records);
    return { outcome, records };
  });
  // Into the user's Thunderbird calendar once the store has it (not for answers Thunderbird gave).
  if (o.writeCalendar !== false) await writeCalendars(agent, changes);
  const sent = [];
  for (const r of records) {
    const done = deliver(agent, r.id);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([done, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), agent.actionWaitMs)))]);
    clearTimeout(timer);
    // Still going (a compose window waiting on the user): answer with it pending.
    sent.push(sentView(waited ?? { ...r, state: 'pending' }));
  }
  const uids = [...new Set(outcome.results.map((r) => r.uid).filter((u): u is string => !!u))];
  if (uids.length) await agent.tb.runtime.sendMessage({ notice: 'store.changed', identity: identity.email, uids }).catch(() => undefined);
  await refreshBars(agent);
  if (identity.settings.reminders) await sweepReminders(agent, identity);
  return {
    outcome,
    results: outcome.results.map((r) => ({
      method: r.method,
      uid: r.uid,
      action: r.action,
      reason: r.reason,
      ...(r.warnings ? { warnings: r.warnings } : {}),
    })),
    sent,
  };
}
