// The popup's view of one message for one identity: each scheduling object it carries, read with
// the engine's own parsers and never stored, set beside what the store holds (before the agent
// handled the message, as handleMessage's `previous` reports it, and after), with the warnings,
// the user's day and the actions to offer.

import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import type { CounterRecord, MailMessage, Result, StoredEvent } from '../types.js';
import type { InvitationItem } from '../../shared/protocol.js';
import { makeCtx, type Ctx } from '../itip/context.js';
import { eventObjects, findOverride, type EventObject } from '../itip/objects.js';
import { settleMethod, MAX_OBJECTS_PER_MESSAGE } from '../itip/dispatch.js';
import { organizerOf, recurrenceIdOf } from '../itip/model.js';
import { NO_ORGANIZER } from '../itip/handlers/request.js';
import { limitWarnings } from '../policy/limits.js';
import { parseCalendar } from '../ical/parse.js';
import { zoneContext } from '../ical/tz.js';
import { componentView, ownProposals, relationOf, headOf, type ViewSource } from './event-view.js';
import { openForView, occurrenceView } from './events.js';
import { diffViews, type ChangeField } from './changes.js';
import { keyToIso } from './text.js';
import { counterSection, replySection, senderVerdict, senderWarnings, staleWarning } from './message-parts.js';
import { isOrganizerMethod, methodTraits } from '../itip/methods.js';
import { dayPicture, freebusyItem } from './message-busy.js';
import { messageAttachments, storedAttachments } from './attachments.js';

/** One calendar part read as the engine reads it, or nothing when it is unreadable. */
function readPart(part: MailMessage['calendarParts'][number], zone: string) {
  try {
    const parsed = parseCalendar(part.text, { received: true });
    const warnings = [...parsed.warnings];
    const method = settleMethod(part, parsed.method, warnings);
    const zctx = zoneContext(parsed.root, zone);
    return { root: parsed.root, method, warnings, zctx };
  } catch {
    return undefined; // the engine's result for the message says why the part is unreadable
  }
}

/** Fields a method's object is compared on (a REPLY or REFRESH changes nothing of the event). */
const COMPARED: Record<string, ChangeField[]> = {
  REQUEST: ['summary', 'when', 'location', 'description', 'recurrence', 'status', 'organizer', 'attendees', 'partstat'],
  PUBLISH: ['summary', 'when', 'location', 'description', 'recurrence', 'status', 'organizer', 'attendees'],
  CANCEL: ['status'],
  COUNTER: ['summary', 'when', 'location', 'description'],
};

export async function messageItems(
  tx: StoreTx,
  opts: EngineOptions,
  mail: MailMessage,
  applied: { results: Result[]; previous: StoredEvent[] } | null,
): Promise<InvitationItem[]> {
  const ctx = await makeCtx(tx, opts, mail);
  const items: InvitationItem[] = [];
  const seen = new Set<string>();
  for (const part of mail.calendarParts) {
    const read = readPart(part, ctx.zone);
    if (!read) continue;
    for (const fb of read.root.getAllSubcomponents('vfreebusy').slice(0, MAX_OBJECTS_PER_MESSAGE)) {
      const item = await freebusyItem(ctx, read.method, fb, read.zctx, read.warnings, applied?.results ?? []);
      const key = `${item.method}|F|${item.proposed.uid}|${item.freebusy?.from}`;
      if (!seen.has(key)) items.push(item);
      seen.add(key);
    }
    for (const object of eventObjects(read.root, read.zctx).objects.slice(0, MAX_OBJECTS_PER_MESSAGE)) {
      // Senders often carry one object twice (Google: inline and as invite.ics): shown once.
      const key = `${read.method}|E|${object.uid}|${object.master ? '' : recurrenceIdOf(object.overrides[0]!, object.ctx)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        items.push(await objectItem(tx, ctx, read.method, object, read.warnings, applied));
      } catch {
        // An object the views cannot read (a value ical.js refuses) is reported by the engine's
        // result for it; the other objects are still shown.
      }
    }
  }
  return items;
}

function componentOf(ctx: Ctx, stored: StoredEvent, rid: string) {
  const { object } = openForView(ctx, stored);
  return (rid ? findOverride(object, rid) : undefined) ?? headOf(object);
}

function storedView(ctx: Ctx, stored: StoredEvent | undefined, rid: string, proposals: CounterRecord[] = []) {
  if (!stored) return null;
  let src;
  try {
    src = { ...openForView(ctx, stored), proposals };
  } catch {
    return null; // an unreadable stored copy is reported on its event page; the message still shows
  }
  return (rid ? occurrenceView(src, rid) : null) ?? componentView(src, headOf(src.object));
}

async function counterKept(ctx: Ctx, stored: StoredEvent | undefined, from: string): Promise<boolean> {
  if (stored?.relation !== 'organizer') return false;
  return (await ctx.utx.listCounters(stored.uid)).some((c) => c.direction === 'received' && c.attendee === from);
}

async function objectItem(
  tx: StoreTx,
  ctx: Ctx,
  method: string,
  object: EventObject,
  partWarnings: string[],
  applied: { results: Result[]; previous: StoredEvent[] } | null,
): Promise<InvitationItem> {
  const head = headOf(object);
  const rid = object.master ? '' : recurrenceIdOf(head, object.ctx);
  const stored = await ctx.utx.getEvent(object.uid);
  const previousRecord = applied?.previous.find((e) => e.uid === object.uid);
  // Changes are what this message changed: against the copy before it, or (not yet handled)
  // against what is stored now.
  const base = applied ? previousRecord : stored;
  const relation = relationOf(ctx.user, ctx.opts.role, object, base ?? stored);
  const src: ViewSource = { user: ctx.user, role: ctx.opts.role, object, relation };
  const proposed = { ...componentView(src, head), attachments: messageAttachments(head) };
  const current = storedView(ctx, stored, rid, stored ? await ownProposals(ctx.utx, stored.uid) : []);
  const storedNow = current && { ...current, attachments: await storedAttachments(tx, ctx.opts, current) };
  const before = applied ? storedView(ctx, previousRecord, rid) : null;
  // The copy before has no bytes of its own any more: its files are listed by name only.
  const previous = before && previousRecord ? { ...before, attachments: messageAttachments(componentOf(ctx, previousRecord, rid)) } : null;
  const baseView = applied ? previous : storedNow;
  const results = applied?.results.filter((r) => r.uid === object.uid) ?? [];
  const match = results.find((r) => (r.recurrenceId ?? '') === rid) ?? results[0];

  const role: InvitationItem['role'] =
    ctx.opts.role === 'resource' ? 'resource' : relation === 'organizer' ? 'organizer' : relation === 'attendee' ? 'attendee' : 'observer';
  const warnings = [...partWarnings, ...senderWarnings(ctx, method, object, base), ...staleWarning(ctx, method, object, base)];
  for (const r of results) warnings.push(...(r.warnings ?? []));
  if (!applied && methodTraits(method)?.invites && role !== 'organizer') warnings.push(...limitWarnings(ctx.prefs, ctx.nowMs, object));
  // Outlook organisers may forbid counter-proposals (MS-OXCICAL): said before the user tries one.
  if (role === 'attendee' && String(head.getFirstPropertyValue('x-microsoft-disallow-counter') ?? '').toUpperCase() === 'TRUE')
    warnings.push('the organizer does not accept counter-proposals for this event (X-MICROSOFT-DISALLOW-COUNTER)');
  // Zone fallbacks are found while reading the times, above.
  warnings.push(...object.ctx.warnings);
  // Lotus Notes and some Exchange exports: kept as information, never answered (dispatch.ts).
  const unanswerable = method === 'REQUEST' && !organizerOf(head) && role !== 'organizer';
  if (unanswerable) warnings.push(NO_ORGANIZER);

  const verdict = senderVerdict(ctx, method, object, base);
  const waiting = (await ctx.utx.listQueue()).find(
    (q) => q.kind === 'unverified' && q.uid === object.uid && (q.recurrenceId ?? '') === rid && !!ctx.msg?.messageId && q.messageId === ctx.msg.messageId,
  );
  const counter = await counterSection(ctx, method, object, stored ?? base, rid);
  const reply = method === 'REPLY' ? replySection(ctx, object) : null;
  const compared = method === 'ADD' ? (['recurrence'] as ChangeField[]) : (COMPARED[method] ?? []);
  const changes = baseView && compared.length && !(method === 'REQUEST' && counter) ? diffViews(baseView, proposed, compared) : [];
  const { dayBusy, conflicts } = await dayPicture(ctx, method, object, proposed, counter ? baseView : null);

  let actions: InvitationItem['actions'] = [];
  if (ctx.opts.role === 'resource')
    actions = []; // the decision is already taken: see outcome
  // A decision needs the event in the store as the user's own and the proposal kept there: a
  // COUNTER that merely names the user as ORGANIZER of an event never stored offers nothing.
  else if (counter)
    actions =
      counter.status === 'pending' && role === 'organizer' && (await counterKept(ctx, stored, counter.from)) ? ['accept-counter', 'decline-counter'] : [];
  else if (unanswerable) actions = [];
  else if (methodTraits(method)?.invites && role === 'attendee') actions = ['respond', 'counter', 'delegate', 'refresh'];
  // A forwarded invitation (RFC 5546 §3.2.2.6): the user may answer; the organiser decides.
  else if (method === 'REQUEST' && role === 'observer') actions = ['respond'];
  else if (method === 'REFRESH' && role === 'organizer') actions = ['send-current'];

  return {
    method,
    identity: ctx.user,
    role,
    proposed: { ...proposed, recurrenceId: rid ? keyToIso(rid) : null },
    stored: storedNow,
    previous,
    changes,
    isUpdate: !!base && !!methodTraits(method)?.stores && !counter && isOrganizerMethod(method),
    outcome: match ? { action: match.action, reason: match.reason } : null,
    warnings: [...new Set(warnings)],
    sender: verdict && { verification: match?.verification ?? verdict.level, note: verdict.note },
    waitingId: waiting?.id ?? null,
    dayBusy,
    conflicts,
    counter,
    reply,
    freebusy: null,
    actions,
  };
}
