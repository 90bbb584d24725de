// The engine's public face: one function per thing an adapter asks for. Every function takes the
// store transaction it runs in; the adapter (CLI, add-on background) opens it, so one message or
// one user action is atomic.

import type { HandleOptions } from './api.js';
import type { StoreTx } from './store.js';
import type { HandledMessage, MailMessage, Outcome } from './types.js';
import { makeCtx, result } from './itip/context.js';
import { guardOutgoing } from './itip/trust.js';
import { normalizeAddress } from './itip/address.js';
import type { ApplyQueuedArgs } from './api.js';
import { dispatchPart } from './itip/dispatch.js';
import { writerOf } from './itip/writer.js';
import { nameParts, previousOf, rememberPrevious } from './itip/previous.js';

import type { EngineOptions } from './api.js';
import * as attendee from './itip/actions/attendee.js';
import * as organise from './itip/actions/organise.js';
import * as answers from './itip/actions/organiser-answers.js';
import { bundleFreebusy } from './itip/bundle.js';
import { attachParts } from './attachments/outgoing.js';
// Registers the resource and event-limit preferences with the preference table.
import './policy/prefs.js';

export { showCalendar, showJson, freebusyCalendar, getPrefs, setPrefs } from './itip/actions/queries.js';
export { listAttachments, getAttachment } from './attachments/read.js';
export { safeFileName } from './attachments/names.js';
export { MAX_ATTACHMENT_BYTES, MAX_MESSAGE_ATTACHMENT_BYTES } from './mime/errors.js';
export type { AttachmentInfo, AttachmentInput, AttachmentQuery } from './api.js';
export type { RelatedPart } from './types.js';

/** Outgoing mail finished: stored attachments as parts of REQUESTs, none on answers (core/attachments). */
async function finish(tx: StoreTx, opts: EngineOptions, out: Outcome): Promise<Outcome> {
  return bundleFreebusy(tx, opts, await attachParts(tx, opts, out));
}

/** Every user action, with the user's free/busy attached when `freebusy_bundling=always`. */
function bundled<A>(fn: (tx: StoreTx, opts: EngineOptions, args: A) => Promise<Outcome>) {
  return async (tx: StoreTx, opts: EngineOptions, args: A): Promise<Outcome> => finish(tx, opts, await fn(tx, opts, args));
}
export const respond = bundled(attendee.respond);
export const counterPropose = bundled(attendee.counterPropose);
export const delegate = bundled(attendee.delegate);
export const refresh = bundled(attendee.refresh);
export const invite = bundled(organise.invite);
export const update = bundled(organise.update);
export const cancel = bundled(organise.cancel);
export const acceptCounter = bundled(answers.acceptCounter);
export const declineCounter = bundled(answers.declineCounter);
export const requestFreebusy = answers.requestFreebusy;

/**
 * Handles one received (or, with `outgoing`, sent) mail message for one calendar user. `previous`
 * holds the stored events the message names as they were before it (core/itip/previous.ts).
 */
export async function handleMessage(tx: StoreTx, msg: MailMessage, opts: HandleOptions): Promise<HandledMessage> {
  const ctx = await makeCtx(tx, opts, msg);
  rememberPrevious(ctx);
  const id = msg.messageId;
  if (id) {
    const seen = await ctx.utx.getProcessed(id);
    if (seen) {
      result(ctx, '', null, null, 'ignored', `message <${id}> was already processed`);
      nameParts(ctx, msg.calendarParts);
      return { results: ctx.results, outgoing: [], previous: await previousOf(ctx) };
    }
  }
  if (ctx.prefs.participating === 'no') {
    result(ctx, '', null, null, 'ignored', 'this calendar user does not participate (participating=no)');
    nameParts(ctx, msg.calendarParts);
  } else if (!msg.calendarParts.length) {
    result(ctx, '', null, null, 'ignored', 'no calendar data in this message');
  } else {
    for (const part of msg.calendarParts) await dispatchPart(ctx, part);
  }
  const outgoing = guardOutgoing(ctx);
  // Remember the message so handling it again changes nothing (the add-on re-sees mail often).
  if (id) await writerOf(ctx).utx.putProcessed({ messageId: id, at: ctx.nowIso, results: ctx.results });
  const previous = await previousOf(ctx);
  return { ...(await finish(tx, opts, { results: ctx.results, outgoing })), previous };
}

/**
 * Applies a message the attention queue holds because its sender was not verified (kind
 * `unverified`), as if sent by the party it claims: the user has confirmed it. Handled as on
 * arrival otherwise (freshness, organiser_replacement, limits); the item leaves the queue.
 */
export async function applyQueued(tx: StoreTx, opts: EngineOptions, args: ApplyQueuedArgs): Promise<Outcome> {
  const utx = tx.user(normalizeAddress(opts.user));
  const item = (await utx.listQueue()).find((q) => q.id === args.id);
  if (!item || item.kind !== 'unverified' || !item.ics || !item.party) throw new Error(`no message waiting for confirmation with id ${args.id}`);
  const msg: MailMessage = {
    ...(item.messageId ? { messageId: item.messageId } : {}),
    from: { address: item.party },
    replyTo: [],
    to: [],
    cc: [],
    calendarParts: [{ contentType: 'text/calendar', text: item.ics, path: 'queued' }],
  };
  const ctx = await makeCtx(tx, { ...opts, outgoing: false }, msg);
  ctx.confirmed = normalizeAddress(item.party);
  await utx.deleteQueue(item.id);
  await dispatchPart(ctx, msg.calendarParts[0]!);
  return finish(tx, opts, { results: ctx.results, outgoing: guardOutgoing(ctx) });
}
