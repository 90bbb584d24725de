// Receiving a mail message: find its calendar parts, settle each part's method, and hand every
// scheduling object to the handler of its method (one method, one handler).

import type { Ctx } from './context.js';
import { result } from './context.js';
import type { Decision } from './decision.js';
import { commit } from './commit.js';
import type { CalendarPart, Method } from '../types.js';
import { isMethod, METHOD_TABLE } from './methods.js';
import { CalendarError, parseCalendar } from '../ical/parse.js';
import ICAL from 'ical.js';
import { toInstant, utcTime, zoneContext, type ZoneContext } from '../ical/tz.js';
import { eventObjects, type EventObject } from './objects.js';
import { lineInstant } from '../ical/line-time.js';
import type { Incoming } from './incoming.js';
import { handleRequest } from './handlers/request.js';
import { handleReply } from './handlers/reply.js';
import { handleCancel } from './handlers/cancel.js';
import { handlePublish } from './handlers/publish.js';
import { handleAdd } from './handlers/add.js';
import { handleRefresh } from './handlers/refresh.js';
import { handleCounter } from './handlers/counter.js';
import { handleDeclineCounter } from './handlers/declinecounter.js';
import { handleFreeBusy } from './handlers/freebusy.js';
import { handleAsResource } from '../policy/agent.js';
import { AttachmentRefusal, stageReceived } from '../attachments/stage.js';
import { ridOf } from './incoming.js';
import { refusedRuleWarning, ruleRefusals } from '../ical/rule-walk.js';
import { lineMayFailToDecode } from '../ical/decode.js';

/**
 * One handler per method: each reads the store and returns its Decision (itip/decision.ts), which
 * `guarded` applies (itip/commit.ts) before the next object is judged — so the second copy of an
 * object in one message sees the first one stored.
 */
const HANDLERS: Record<Method, (ctx: Ctx, inc: Incoming) => Promise<Decision>> = {
  PUBLISH: handlePublish,
  REQUEST: handleRequest,
  REPLY: handleReply,
  ADD: handleAdd,
  CANCEL: handleCancel,
  REFRESH: handleRefresh,
  COUNTER: handleCounter,
  DECLINECOUNTER: handleDeclineCounter,
};

/** Most objects one message may carry, counted across all its parts (hostile mail: 10,000
 *  VEVENTs in one part, or 100 in each of 32 parts). */
export const MAX_OBJECTS_PER_MESSAGE = 100;
/**
 * Most events one PUBLISH message may carry, counted across its parts: a holiday or team feed
 * holds hundreds to a few thousand, each stored for information and never answered. The same
 * bound as importing a file (views/import.ts).
 */
export const MAX_PUBLISH_EVENTS = 20_000;
/** Attendees one event may name: far beyond any real meeting (Exchange caps distribution at a few
 *  thousand), low enough that storing, answering and rendering it stays cheap. */
export const MAX_ATTENDEES = 10_000;

/**
 * The method of a part. RFC 6047 §2.4 says the Content-Type parameter and METHOD must agree;
 * when only one is present we use it (encrypted-mail bridges strip the parameter), when they
 * disagree the body wins and the mismatch is reported; no method at all means PUBLISH.
 */
export function settleMethod(part: CalendarPart, bodyMethod: string | undefined, warnings: string[]): string {
  const param = part.methodParam?.toUpperCase();
  const body = bodyMethod?.toUpperCase();
  if (param && body && param !== body) warnings.push(`method mismatch: Content-Type says ${param}, the calendar says ${body}`);
  const method = body ?? param;
  if (!method) {
    warnings.push('no METHOD: treated as PUBLISH (information only)');
    return 'PUBLISH';
  }
  return method;
}

export async function dispatchPart(ctx: Ctx, part: CalendarPart): Promise<void> {
  let parsed;
  try {
    parsed = parseCalendar(part.text, { received: true });
  } catch (e) {
    const why = e instanceof CalendarError ? e.message : 'unreadable calendar data';
    result(ctx, part.methodParam ?? '', null, null, 'error', `calendar part ${part.path}: ${why}`);
    return;
  }
  const warnings = [...parsed.warnings];
  const method = settleMethod(part, parsed.method, warnings);
  const zctx = zoneContext(parsed.root, ctx.zone);

  const freebusy = parsed.root.getAllSubcomponents('vfreebusy');
  const { objects, withoutUid } = eventObjects(parsed.root, zctx);
  // The objects the popup shows (core/views/message.ts): their stored copies before this
  // message are reported with its outcome (core/itip/previous.ts).
  for (const o of objects.slice(0, MAX_OBJECTS_PER_MESSAGE)) ctx.previous?.named.add(o.uid);
  // Counted per message, across its parts: splitting a message into parts does not lift the
  // bound. A PUBLISH (a feed: information, never answered) has its own, larger one.
  const [bound, name] = method === 'PUBLISH' ? [MAX_PUBLISH_EVENTS, 'MAX_PUBLISH_EVENTS'] : [MAX_OBJECTS_PER_MESSAGE, 'MAX_OBJECTS_PER_MESSAGE'];
  const room = Math.max(0, bound - ctx.objectsSeen);
  const fbTaken = freebusy.slice(0, room);
  const taken = objects.slice(0, room - fbTaken.length);
  ctx.objectsSeen += fbTaken.length + taken.length;
  const over = freebusy.length + objects.length - fbTaken.length - taken.length;
  if (over > 0) {
    const why = `${freebusy.length + objects.length} events in one part (calendar part ${part.path}), ${ctx.objectsSeen + over} in this message: only the first ${bound} of a message are handled (${name}), ${over} left out`;
    result(ctx, method, null, null, 'refused', why, [...warnings, why]);
  }

  for (const fb of fbTaken) {
    ctx.verdict = undefined;
    await guarded(ctx, method, null, () => handleFreeBusy(ctx, method, fb, zctx, [...warnings, ...zctx.warnings]));
  }
  if (withoutUid) result(ctx, method, null, null, 'error', `calendar part ${part.path}: ${withoutUid} VEVENT(s) without UID cannot be scheduled`, warnings);
  for (const object of taken) {
    ctx.verdict = undefined;
    if (!isMethod(method)) {
      result(ctx, method, object.uid, null, 'unsupported', `METHOD:${method} is not an iTIP method`, warnings);
      continue;
    }
    await guarded(ctx, method, object.uid, async (): Promise<Decision | undefined> => {
      const repaired = readTimes(object, zctx, ctx.msg?.date, METHOD_TABLE[method].proposes);
      // Only a method that puts the event at a time (METHOD_TABLE proposes) has its own rules
      // expanded; a REPLY, CANCEL, REFRESH or DECLINECOUNTER is applied to the stored copy, whose
      // rules are what count, so its own are not checked (nor its DTSTART decoded for that).
      const refusedRules = METHOD_TABLE[method].proposes ? ruleRefusals(object.master, zctx).map(refusedRuleWarning) : [];
      const inc: Incoming = { method, object, text: part.text, warnings: [...warnings, ...repaired, ...zctx.warnings, ...refusedRules] };
      // Only methods whose object is stored as sent have their ATTACH files read (METHOD_TABLE).
      if (METHOD_TABLE[method].stores) {
        try {
          inc.warnings.push(...(await stageReceived(ctx, object)));
        } catch (e) {
          if (!(e instanceof AttachmentRefusal)) throw e;
          const head = object.master ?? object.overrides[0]!;
          result(
            ctx,
            method,
            object.uid,
            object.master ? '' : ridOf(head, object),
            'refused',
            `${e.message}: the event is not stored (the mail keeps the file)`,
            inc.warnings,
          );
          return undefined;
        }
      }
      // A resource's requests are decided by policy (src/core/policy), a person's by the person.
      return ctx.opts.role === 'resource' ? handleAsResource(ctx, inc) : HANDLERS[method](ctx, inc);
    });
  }
  for (const name of ['vtodo', 'vjournal', 'vavailability', 'vpoll']) {
    for (const c of parsed.root.getAllSubcomponents(name).slice(0, MAX_OBJECTS_PER_MESSAGE)) {
      const uid = String(c.getFirstPropertyValue('uid') ?? '') || null;
      result(ctx, method, uid, null, 'unsupported', `${name.toUpperCase()} is not scheduled by this agent (only VEVENT and VFREEBUSY)`, warnings);
    }
  }
  ctx.verdict = undefined;
  if (!objects.length && !freebusy.length && !withoutUid && !ctx.results.length)
    result(ctx, method, null, null, 'ignored', 'calendar part without events', warnings);
}

/**
 * Runs one object's handler. Handlers validate before they write; should one still throw, its
 * error is reported for that object and the whole message is rolled back by the caller, so
 * nothing half-applied is ever stored.
 */
async function guarded(ctx: Ctx, method: string, uid: string | null, decide: () => Promise<Decision | undefined>): Promise<void> {
  try {
    const d = await decide();
    if (d) await commit(ctx, d);
  } catch (e) {
    if (e instanceof CalendarError) {
      result(ctx, method, uid, null, 'error', e.message);
      return;
    }
    throw e;
  }
}

/** The times of an object whose zones are reported (readTimes). */
const TIMES = ['dtstart', 'dtend', 'recurrence-id'];
/** Properties that say when an event happens: unreadable, the event cannot be placed at all. */
const ESSENTIAL = new Set(['dtstart', 'dtend', 'duration', 'recurrence-id', 'rrule', 'rdate', 'exdate']);

/**
 * Decodes every property value before anything is written: ical.js decodes lazily and throws on
 * a malformed value wherever it is first read, which would be halfway through a handler. An
 * unreadable time of the event (ESSENTIAL) makes the object an error; any other unreadable
 * property is left out with a warning — an unreadable DTSTAMP (`202103206T200210Z`, seen from
 * Exchange) is absent and the message's Date stands in. VALARMs with ACTION:PROCEDURE are
 * removed: RFC 5545 Appendix A deprecates them because running what a stranger names is unsafe.
 * Then reads the times the method's handler uses once, so zone fallbacks are reported with the
 * object's result: DTSTART, DTEND and RECURRENCE-ID of an object that puts the event at a time
 * (`proposes`), only RECURRENCE-ID of a REPLY, CANCEL, REFRESH or DECLINECOUNTER, which is applied
 * to the stored copy by it and whose own DTSTART and DTEND are not read.
 */
function readTimes(object: EventObject, zctx: ZoneContext, mailDate: string | undefined, proposes: boolean): string[] {
  const warnings: string[] = [];
  const decode = (c: ICAL.Component) => {
    // Read from the jCal lines (RFC 7265): an ical.js Property is made only for a value decoded.
    const lines = (c.toJSON() as unknown[])[1] as unknown[][];
    let attendees = 0;
    for (const line of lines) if (line[0] === 'attendee') attendees++;
    if (attendees > MAX_ATTENDEES) throw new CalendarError(`${c.name.toUpperCase()} names ${attendees} ATTENDEEs; at most ${MAX_ATTENDEES} are accepted`);
    // A copy: removing from ical.js's own list while walking it would skip the next property.
    for (const line of lines.slice()) {
      if (!lineMayFailToDecode(line)) continue;
      const p = c.getAllProperties(line[0] as string).find((q) => q.jCal === line);
      if (!p) continue;
      try {
        p.getValues();
      } catch {
        if (ESSENTIAL.has(p.name)) throw new CalendarError(`${c.name.toUpperCase()} ${p.name.toUpperCase()} has an unreadable value`);
        c.removeProperty(p);
        const date = p.name === 'dtstamp' && mailDate ? Date.parse(mailDate) : NaN;
        if (Number.isFinite(date)) c.addPropertyWithValue('dtstamp', utcTime(Math.floor(date / 1000) * 1000));
        warnings.push(
          `${c.name.toUpperCase()} ${p.name.toUpperCase()} has an unreadable value: ${Number.isFinite(date) ? "the message's Date stands in" : 'left out'}`,
        );
      }
    }
    for (const alarm of [...c.getAllSubcomponents('valarm')])
      if (
        String(alarm.getFirstPropertyValue('action') ?? '')
          .trim()
          .toUpperCase() === 'PROCEDURE'
      ) {
        c.removeSubcomponent(alarm);
        warnings.push('a VALARM with ACTION:PROCEDURE was removed (RFC 5545 Appendix A: it would run a program the sender names)');
      }
    for (const sub of c.getAllSubcomponents()) decode(sub);
  };
  for (const c of [object.master, ...object.overrides]) if (c) decode(c);
  for (const c of [object.master, ...object.overrides])
    for (const name of proposes ? TIMES : ['recurrence-id']) {
      // Read from the jCal where the line is a plain DATE or DATE-TIME (ical/line-time.ts lineInstant):
      // decoding every time here only to convert it was a tenth of handling a REQUEST.
      if (!c || lineInstant(c, name, zctx) !== undefined) continue;
      const value = c.getFirstPropertyValue(name);
      if (value instanceof ICAL.Time) toInstant(value, zctx);
    }
  return warnings;
}
