// The pipeline for one message, keyed on its Message-ID header: skip what is not ours to read,
// read it decrypted, run the engine for each identity it concerns (all in one store
// transaction, with the outbox records of what goes out automatically), record the outcome, then
// deliver. A failure on one message is logged with its Message-ID and never stops the others;
// handling a message twice changes nothing (the engine's processed records and ours).
import type { MailMessage } from '../core/types.js';
import { handleMessage } from '../core/engine.js';
import type { MessageHeader } from '../thunderbird/api.js';
import { folderKind, isSkippedFolder, type FolderKind } from '../thunderbird/folders.js';
import { matchIdentities } from '../thunderbird/identities.js';
import { readMessage, type ReadMessage } from '../thunderbird/read.js';
import { calendarIdentities, engineOptions, type Agent, type CalendarIdentity } from './agent.js';
import { errorText } from './log.js';
import { deliver, newOutbox, queueOutgoing, type AddonOutbox } from './outbox.js';
import type { IdentityOutcome, MessageRecord } from './records.js';
import { afterProcessing } from './notify.js';
import { recording, writeCalendars, type EventChange } from './calendar-writer.js';

/** Why a message was processed now (only new mail and displayed mail log their skips). */
export type Trigger = 'new' | 'display' | 'catchup';

/** A message that failed this often is retried only when the user displays it. */
export const MAX_ATTEMPTS = 3;

export function headerKey(header: MessageHeader): string {
  return (header.headerMessageId ?? '').replace(/^<|>$/g, '');
}

function uidsOf(outcomes: Record<string, IdentityOutcome>): string[] {
  const uids = new Set<string>();
  for (const o of Object.values(outcomes)) for (const r of o.results) if (r.uid) uids.add(r.uid);
  return [...uids];
}

/** Whether the engine says this goes out without a click (only handling mail produces these). */
function automatic(identity: CalendarIdentity, encrypted: ReadMessage): AddonOutbox['delivery'] & { state: 'pending' | 'needs-consent' } {
  const encrypt = encrypted.decryption === 'success' ? (encrypted.technology ?? 'any') : null;
  return identity.settings.autoAnswers
    ? { identityId: identity.id, encrypt, state: 'pending' }
    : { identityId: identity.id, encrypt, hold: 'auto-answers-off', state: 'needs-consent' };
}

/**
 * Processes one message. Returns its record (also when it was already processed), or null when
 * it was skipped without a record (junk, trash, drafts, templates: it may be moved out later).
 */
export async function processMessage(agent: Agent, header: MessageHeader, trigger: Trigger): Promise<MessageRecord | null> {
  const messageId = headerKey(header);
  try {
    if (!messageId) {
      if (trigger !== 'catchup') agent.log('skipped', { messageId: '', reason: 'no Message-ID header' });
      return null;
    }
    const existing = await agent.records.getMessage(messageId);
    const retry = existing?.state === 'waiting-decryption' || (existing?.state === 'error' && (trigger === 'display' || existing.attempts < MAX_ATTEMPTS));
    if (existing && !retry) return existing;
    const folder: FolderKind = folderKind(header.folder);
    if (isSkippedFolder(folder) || header.junk) {
      if (trigger !== 'catchup') agent.log('skipped', { messageId, reason: `in ${header.junk && !isSkippedFolder(folder) ? 'junk' : folder}` });
      return null;
    }
    return await processRead(agent, header, messageId, folder, existing, trigger);
  } catch (e) {
    const error = errorText(e);
    agent.log('error', { messageId, error });
    return messageId ? recordError(agent, header, messageId, error) : null;
  }
}

/** Keeps the failure (the popup shows it; later catch-ups retry a few times). Never throws. */
async function recordError(agent: Agent, header: MessageHeader, messageId: string, reason: string): Promise<MessageRecord | null> {
  try {
    const before = await agent.records.getMessage(messageId);
    const record: MessageRecord = {
      headerMessageId: messageId,
      state: 'error',
      folder: folderKind(header.folder),
      at: agent.now().toISOString(),
      encrypted: before?.encrypted ?? false,
      technology: before?.technology ?? null,
      uids: [],
      identities: {},
      reason,
      attempts: (before?.attempts ?? 0) + 1,
    };
    await agent.records.putMessage(record);
    return record;
  } catch {
    return null;
  }
}

async function processRead(
  agent: Agent,
  header: MessageHeader,
  messageId: string,
  folder: FolderKind,
  existing: MessageRecord | undefined,
  trigger: Trigger,
): Promise<MessageRecord> {
  const read = await readMessage(agent.tb, header.id);
  const base = {
    headerMessageId: messageId,
    folder,
    at: agent.now().toISOString(),
    encrypted: read.decryption === 'success',
    technology: read.technology,
    attempts: (existing?.attempts ?? 0) + 1,
  };
  if (read.decryption === 'fail') {
    // No key, or the primary password is locked: retried on display and at later catch-ups.
    const record: MessageRecord = { ...base, state: 'waiting-decryption', uids: [], identities: {}, reason: 'decryption failed' };
    await agent.records.putMessage(record);
    agent.log('waiting', { messageId, reason: 'decryption failed' });
    return record;
  }
  const mail: MailMessage = { ...read.mail, messageId: read.mail.messageId ?? messageId };
  const outgoing = folder === 'sent';
  const identities = mail.calendarParts.length
    ? matchIdentities(await calendarIdentities(agent), mail, outgoing).filter((i) => i.settings.role !== 'none')
    : [];
  if (!identities.length) {
    const reason = mail.calendarParts.length ? 'not addressed to a participating identity' : 'no calendar data';
    const record: MessageRecord = { ...base, state: 'none', uids: [], identities: {}, reason };
    await agent.records.putMessage(record);
    if (trigger !== 'catchup' || mail.calendarParts.length) agent.log('skipped', { messageId, reason });
    return record;
  }

  const now = agent.now();
  const queued: AddonOutbox[] = [];
  let changes: EventChange[] = [];
  const outcomes = await agent.store().transact(async (store) => {
    const { tx, changes: changed } = recording(store);
    const per: Record<string, IdentityOutcome> = {};
    for (const identity of identities) {
      const opts = { ...engineOptions(agent, identity, now), outgoing };
      // The engine reports the stored copies as they were before it, for the popup's changes.
      const outcome = await handleMessage(tx, mail, opts);
      per[identity.email] = { results: outcome.results, previous: outcome.previous };
      const records = outcome.outgoing
        .filter((m) => m.to.length)
        .map((m) => {
          const { state, ...delivery } = automatic(identity, read);
          return newOutbox(
            agent,
            m,
            delivery,
            state,
            state === 'needs-consent' ? 'automatic answers are off for this identity; send it with your consent' : undefined,
          );
        });
      // Written before anything is sent, in the same transaction as the decision.
      await queueOutgoing(tx, records);
      queued.push(...records);
    }
    changes = changed();
    return per;
  });
  const record: MessageRecord = { ...base, state: 'processed', uids: uidsOf(outcomes), identities: outcomes };
  await agent.records.putMessage(record);
  for (const [identity, o] of Object.entries(outcomes)) {
    agent.log('processed', {
      messageId,
      identity,
      folder,
      results: o.results.map((r) => ({ method: r.method, uid: r.uid, action: r.action, reason: r.reason })),
    });
  }
  // Into the user's Thunderbird calendars, now that the store has it (logged first: the decision
  // is made and kept; the calendar follows).
  await writeCalendars(agent, changes);
  for (const r of queued) {
    if (r.state === 'needs-consent') agent.log('needs-consent', { id: r.id, method: r.message.method, to: r.message.to, reason: r.error ?? '' });
    else await deliver(agent, r.id);
  }
  await afterProcessing(agent, identities, outcomes, mail);
  return record;
}

/** messages.onNewMailReceived: every message of the list (and its continuations), one by one. */
export async function handleNewMail(agent: Agent, list: { id?: string; messages: MessageHeader[] }): Promise<void> {
  let page: { id?: string; messages: MessageHeader[] } | null = list;
  while (page) {
    for (const header of page.messages) await processMessage(agent, header, 'new');
    page = page.id ? await agent.tb.messages.continueList(page.id) : null;
  }
}
