// Everything the add-on sends goes through an outbox record in the engine's store, written in
// the same transaction as the decision that produced it and *before* anything is sent, then marked
// sent after. A record found half-sent after a restart (its attempt started, never finished) is
// not sent again: it is marked failed with a clear reason, so nothing ever goes out twice.
//
// Two ways out (measured on Thunderbird 153, src/experiment/implementation.js says why): plain iMIP mail through the
// Experiment (`imipSend.sendRaw`, the engine's rendered message byte for byte, `method=` kept);
// answers to mail that arrived encrypted through compose with the same technology, encrypted and
// signed. When that cannot be done the record waits for the user's consent (`needs-consent`);
// nothing is ever downgraded to clear text silently.
import type { OutboxRecord, OutgoingMessage } from '../core/types.js';
import type { StoreTx } from '../core/store.js';
import { renderMessage } from '../core/mime/render.js';
import type { AnswerPhase, SentView } from '../shared/protocol.js';
import type { Technology } from '../thunderbird/read.js';
import type { Agent, CalendarIdentity } from './agent.js';
import { calendarIdentities } from './agent.js';
import { errorText } from './log.js';
import { refreshBars } from './bar-notice.js';

export interface Delivery {
  identityId: string;
  /** Send encrypted with this technology; 'any' = the message was encrypted, technology unknown. */
  encrypt: Technology | 'any' | null;
  /** Why the record waits for consent. */
  hold?: 'auto-answers-off' | 'cannot-encrypt';
  /** Set when a send starts; a pending record carrying it was interrupted. */
  attempt?: string;
  sentAt?: string;
  via?: 'experiment' | 'compose';
  /** Dropped by the user (`outbox.discard`, or consent refused): never sent, not listed as waiting. */
  discarded?: boolean;
}

/** The core's OutboxRecord with the add-on's delivery details (stored alongside, same row). */
export type AddonOutbox = OutboxRecord & { delivery: Delivery };

export function newOutbox(agent: Agent, message: OutgoingMessage, delivery: Delivery, state: OutboxRecord['state'] = 'pending', error?: string): AddonOutbox {
  return { id: agent.newId(), created: agent.now().toISOString(), state, message, delivery, ...(error ? { error } : {}) };
}

/** Puts outgoing messages into the outbox of their sender, inside the caller's transaction. */
export async function queueOutgoing(tx: StoreTx, records: AddonOutbox[]): Promise<void> {
  for (const r of records) await tx.user(r.message.from).putOutbox(r);
}

/**
 * The one state machine of an outgoing answer, read off the record: written (`drafted`), held
 * for consent to clear text (`waiting-consent`) or for a click because automatic answers are off
 * (`queued`), claimed by a send (`sending`), then `sent`, `failed` or `discarded`. "Sent" is said
 * only once the send returned.
 */
export function phaseOf(r: OutboxRecord): AnswerPhase {
  const d = (r as Partial<AddonOutbox>).delivery;
  switch (r.state) {
    case 'sent':
      return 'sent';
    case 'needs-consent':
      return d?.hold === 'auto-answers-off' ? 'queued' : 'waiting-consent';
    case 'pending':
      return d?.attempt ? 'sending' : 'drafted';
    default:
      return d?.discarded ? 'discarded' : 'failed';
  }
}

export function sentView(r: OutboxRecord): SentView {
  const d = (r as Partial<AddonOutbox>).delivery;
  return {
    id: r.id,
    to: r.message.to,
    method: r.message.method,
    subject: r.message.subject,
    state: r.state,
    phase: phaseOf(r),
    encrypted: !!d?.encrypt && d.via === 'compose',
    error: r.error ?? null,
    from: r.message.from,
    created: r.created,
    uid: r.message.uid ?? null,
  };
}

async function findOutbox(tx: StoreTx, id: string): Promise<AddonOutbox | undefined> {
  for (const user of await tx.users()) {
    const found = (await tx.user(user).listOutbox()).find((r) => r.id === id);
    if (found) return found as AddonOutbox;
  }
  return undefined;
}

export async function listAllOutbox(agent: Agent): Promise<AddonOutbox[]> {
  return agent.store().transact(async (tx) => {
    const out: AddonOutbox[] = [];
    for (const user of await tx.users()) out.push(...((await tx.user(user).listOutbox()) as AddonOutbox[]));
    return out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  });
}

/** Changes a record in its own transaction and returns the new state. */
export async function update(agent: Agent, id: string, fn: (r: AddonOutbox) => AddonOutbox | undefined): Promise<AddonOutbox | undefined> {
  return agent.store().transact(async (tx) => {
    const r = await findOutbox(tx, id);
    if (!r) return undefined;
    const next = fn(structuredClone(r));
    if (next) await tx.user(next.message.from).putOutbox(next);
    return next ?? r;
  });
}

export async function notice(agent: Agent, r: AddonOutbox): Promise<void> {
  // Open pages refresh their "what was sent" list; no page open is not an error.
  await agent.tb.runtime.sendMessage({ notice: 'outbox.changed', id: r.id, state: r.state, phase: phaseOf(r) }).catch(() => undefined);
  await refreshBars(agent);
}

function chooseTechnology(want: Technology | 'any', identity: CalendarIdentity): Technology | null {
  if (want === 'any') return identity.canEncrypt[0] ?? null;
  return identity.canEncrypt.includes(want) ? want : null;
}

async function sendEncrypted(agent: Agent, identity: CalendarIdentity, m: OutgoingMessage, technology: Technology): Promise<void> {
  // Compose cannot keep `method=` on the attachment's type (src/experiment/implementation.js): the
  // iCalendar keeps METHOD in its body, which every end-to-end-capable client reads.
  const attachments = [{ file: new File([m.ics], 'invite.ics', { type: 'text/calendar' }) }];
  if (m.freebusy) attachments.push({ file: new File([m.freebusy], 'freebusy.ifb', { type: 'text/calendar' }) });
  // The event's files go along as attachments; compose cannot give them the Content-IDs the
  // ATTACH:CID lines name, so receivers see them as plain attachments of the encrypted mail.
  for (const a of m.attachments ?? []) attachments.push({ file: new File([new Uint8Array(a.data)], a.name, { type: a.type }) });
  const tab = await agent.tb.compose.beginNew({
    identityId: identity.id,
    to: m.to,
    subject: m.subject,
    isPlainText: true,
    plainTextBody: m.text,
    attachments,
    // OpenPGP also protects the subject (it names the event); S/MIME has no such option.
    selectedEncryptionTechnology:
      technology === 'OpenPGP'
        ? { name: 'OpenPGP', encryptBody: true, encryptSubject: true, signMessage: true }
        : { name: 'S/MIME', encryptBody: true, signMessage: true },
  });
  if (tab.id === undefined) throw new Error('compose did not open a tab');
  const tabId = tab.id;
  // A compose window can stop on a prompt nobody sees (a missing key, a headless Thunderbird:
  // docs/E2E.md "Encrypted answers through compose"), and `sendMessage` then never settles. The
  // wait is bounded; at its end the window is closed so nothing goes out later behind our back.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ComposeTimeout(agent.composeTimeoutMs)), agent.composeTimeoutMs);
  });
  try {
    await Promise.race([agent.tb.compose.sendMessage(tabId, { mode: 'sendNow' }), limit]);
  } catch (e) {
    // Not awaited: closing may itself stop on a prompt; the record must fail regardless.
    if (e instanceof ComposeTimeout) agent.tb.tabs.remove(tabId).catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** compose.sendMessage did not settle in time; the record fails (it may be a prompt nobody saw). */
class ComposeTimeout extends Error {
  constructor(ms: number) {
    super(
      `Thunderbird's compose window did not finish sending within ${ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`} (it may be waiting on a prompt, such as a missing OpenPGP key); the window was closed and the message not sent`,
    );
  }
}

/**
 * Sends one pending outbox record, at most once. Returns the record as it ends. Never throws:
 * a failure is recorded on the record and logged.
 */
export async function deliver(agent: Agent, id: string): Promise<AddonOutbox | undefined> {
  const now = agent.now().toISOString();
  let claimed = false;
  const start = await update(agent, id, (r) => {
    if (r.state !== 'pending') return undefined;
    if (r.delivery.attempt) {
      r.state = 'failed';
      r.error = `sending was interrupted (started ${r.delivery.attempt}); it may or may not have gone out, so it is not sent again`;
      return r;
    }
    r.delivery.attempt = now;
    claimed = true;
    return r;
  });
  if (!start) return undefined;
  if (!claimed) {
    if (start.state === 'failed' && start.error?.startsWith('sending was interrupted')) agent.log('failed', { id, error: start.error });
    return start;
  }
  const m = start.message;
  const identity = (await calendarIdentities(agent)).find((i) => i.id === start.delivery.identityId || i.email === m.from);
  let outcome: AddonOutbox | undefined;
  try {
    if (!identity) throw new Error(`no identity for ${m.from}`);
    if (start.delivery.encrypt) {
      const technology = chooseTechnology(start.delivery.encrypt, identity);
      if (!technology) {
        const error = `the message being answered was encrypted, but ${identity.email} cannot encrypt with ${start.delivery.encrypt === 'any' ? 'OpenPGP or S/MIME' : start.delivery.encrypt}; send it unencrypted only with your consent`;
        outcome = await update(agent, id, (r) => ({
          ...r,
          state: 'needs-consent',
          error,
          delivery: { ...r.delivery, hold: 'cannot-encrypt', attempt: undefined },
        }));
        agent.log('needs-consent', { id, method: m.method, to: m.to, reason: error });
        return outcome;
      }
      try {
        if (technology === 'OpenPGP') {
          const missing = await agent.tb.imipSend.openpgpMissingKeys(m.to);
          if (missing.length) throw new Error(`no accepted OpenPGP key for ${missing.join(', ')}`);
        }
        await sendEncrypted(agent, identity, m, technology);
      } catch (e) {
        if (e instanceof ComposeTimeout) throw e;
        // Compose refuses when it cannot encrypt (a recipient's key or certificate is missing).
        const error = `could not send encrypted: ${errorText(e)}; send it unencrypted only with your consent`;
        outcome = await update(agent, id, (r) => ({
          ...r,
          state: 'needs-consent',
          error,
          delivery: { ...r.delivery, hold: 'cannot-encrypt', attempt: undefined },
        }));
        agent.log('needs-consent', { id, method: m.method, to: m.to, reason: error });
        return outcome;
      }
      outcome = await update(agent, id, (r) => ({
        ...r,
        state: 'sent',
        error: undefined,
        delivery: { ...r.delivery, via: 'compose', encrypt: technology, sentAt: agent.now().toISOString() },
      }));
      agent.log('sent', { id, method: m.method, to: m.to, encrypted: true, via: 'compose' });
    } else {
      // The Message-ID comes from the record, so a re-render is the same message.
      const raw = renderMessage(m, { date: new Date(start.created), messageId: `${id}@imip-agent`, boundarySeed: id });
      await agent.tb.imipSend.sendRaw(identity.id, raw);
      outcome = await update(agent, id, (r) => ({
        ...r,
        state: 'sent',
        error: undefined,
        delivery: { ...r.delivery, via: 'experiment', sentAt: agent.now().toISOString() },
      }));
      agent.log('sent', { id, method: m.method, to: m.to, encrypted: false, via: 'experiment' });
    }
  } catch (e) {
    const error = errorText(e);
    outcome = await update(agent, id, (r) => ({ ...r, state: 'failed', error }));
    agent.log('failed', { id, error });
  } finally {
    if (outcome) await notice(agent, outcome);
  }
  return outcome;
}

/** Sends every pending record (start-up, catch-up); interrupted ones are marked failed. */
export async function deliverPending(agent: Agent): Promise<void> {
  for (const r of await listAllOutbox(agent)) if (r.state === 'pending') await deliver(agent, r.id);
}
