// METHOD:ADD received by an attendee (RFC 5546 §3.2.4): new occurrences of a recurring event.
// Preference `add_method_response`: add them, ignore them, or (default) ask the organiser for the
// whole event with REFRESH — the safest answer when our copy may be behind. An ADD for an event
// not stored here is kept for the user, never answered by itself: anyone can invent a UID, and
// a REFRESH would go to whatever ORGANIZER the stranger wrote.

import ICAL from 'ical.js';
import type { Ctx } from '../context.js';
import { decider, type Decision } from '../decision.js';
import { addHistory } from '../context.js';
import type { Incoming } from '../incoming.js';
import { keepAnswer } from '../incoming.js';
import { cloneComponent, organizerOf, organizerSentBy } from '../model.js';
import { openStored } from '../stored.js';
import { checkSender, holdForConfirmation, objectText } from '../trust.js';
import { refreshMessage } from '../outbound.js';
import { recurrenceIdKey } from '../../ical/recurrence.js';

export async function handleAdd(ctx: Ctx, inc: Incoming): Promise<Decision> {
  const d = decider(ctx);
  const { object } = inc;
  const head = object.master ?? object.overrides[0]!;
  const stored = await ctx.utx.getEvent(object.uid);
  const mode = ctx.prefs.add_method_response;
  const organizer = stored?.organizer ?? organizerOf(head);
  const current = stored && openStored(ctx, stored);
  const storedHead = current && (current.master ?? current.overrides[0]);
  if (!stored || !current) {
    const reason = `occurrences added to an event not stored here, by ${ctx.sender.identity ?? 'an unknown sender'}: ask the organiser for it yourself (REFRESH) if you expect it`;
    d.enqueue({ kind: 'add', uid: object.uid, reason, ics: objectText(inc) });
    d.result(inc.method, object.uid, null, 'queued', reason, inc.warnings);
    return d;
  }
  if (!ctx.opts.outgoing) {
    const verdict = checkSender(ctx, [organizer, storedHead && organizerSentBy(storedHead)]);
    if (verdict.level !== 'verified') return holdForConfirmation(ctx, inc, '', verdict, organizer, 'added occurrences');
  }
  if (mode === 'ignore') {
    d.result(inc.method, object.uid, null, 'ignored', 'added occurrences ignored (add_method_response=ignore)', inc.warnings);
    return d;
  }
  if (mode === 'refresh' || !current.master) {
    // Our copy may be behind (or has no master to add to): RFC 5546 §3.2.4 says to ask with
    // REFRESH, sent to the stored copy's organiser, who was verified just above.
    const out = refreshMessage(ctx, current, storedHead ?? head, '');
    if (!out) {
      d.result(inc.method, object.uid, null, 'refused', 'ADD without ORGANIZER', inc.warnings);
      return d;
    }
    d.send(out);
    d.result(inc.method, object.uid, null, 'answered', 'asked the organiser for the current event (REFRESH)', inc.warnings);
    return d;
  }
  const master = current.master;
  let added = 0;
  for (const c of [object.master, ...object.overrides]) {
    const start = c?.getFirstPropertyValue('dtstart');
    if (!c || !(start instanceof ICAL.Time)) continue;
    const key = recurrenceIdKey(start, object.ctx);
    if (current.overrides.some((o) => recurrenceIdKey(o.getFirstPropertyValue('recurrence-id') as ICAL.Time, current.ctx) === key)) continue;
    // RDATE and RECURRENCE-ID name the instant as DTSTART does: its TZID included (RFC 5545
    // §3.8.5.2, §3.8.4.4), or a reader takes them as floating time.
    master.addProperty(sameForm('rdate', c.getFirstProperty('dtstart')!));
    const override = cloneComponent(c);
    override.removeAllProperties('rrule');
    override.removeAllProperties('recurrence-id');
    override.addProperty(sameForm('recurrence-id', c.getFirstProperty('dtstart')!));
    // The user's answer to the series carries over to its new occurrences (queued to review).
    keepAnswer(ctx.user, master, override);
    current.overrides.push(override);
    added++;
  }
  current.timezones = [...current.timezones, ...object.timezones];
  addHistory(ctx, stored, inc.method, 'updated', { note: `${added} occurrence(s) added` });
  d.save(stored, current);
  d.enqueue({ kind: 'add', uid: object.uid, reason: `${added} occurrence(s) added by ${organizer ?? 'the organiser'}` });
  d.result(inc.method, object.uid, null, 'updated', `${added} occurrence(s) added`, inc.warnings);
  return d;
}

/** A property named `name` with the value and TZID of `like` (a DTSTART). */
function sameForm(name: string, like: ICAL.Property): ICAL.Property {
  const [, params, type, ...values] = like.toJSON() as [string, Record<string, unknown>, string, ...unknown[]];
  const tzid = params.tzid;
  return new ICAL.Property([name, tzid ? { tzid } : {}, type, ...values] as never);
}
