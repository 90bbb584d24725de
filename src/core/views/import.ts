// Importing a .ics file: its VEVENTs become the user's own stored events — organised by the user
// when the ORGANIZER is the user or absent, otherwise kept as an observer's copy. Each object is
// checked on its own; a bad one is a clear error and the good ones are kept.

import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { EngineOptions } from '../api.js';
import type { StoreTx } from '../store.js';
import { makeCtx, addHistory, type Ctx } from '../itip/context.js';
import { eventObjects, type EventObject } from '../itip/objects.js';
import { organizerOf } from '../itip/model.js';
import { newStored } from '../itip/stored.js';
import { decider } from '../itip/decision.js';
import { commit } from '../itip/commit.js';
import { MAX_ATTENDEES, MAX_PUBLISH_EVENTS } from '../itip/dispatch.js';
import { CalendarError, parseCalendar } from '../ical/parse.js';
import { toInstant, zoneContext } from '../ical/tz.js';

/** Most events one import stores (a whole exported calendar, but not an unbounded one); the same
 *  bound as one PUBLISH message, so a feed mailed and the same feed imported keep the same events. */
export const MAX_IMPORT_EVENTS = MAX_PUBLISH_EVENTS;

/** Every value decoded and every time read once: ical.js decodes lazily and throws late. */
function checkObject(object: EventObject): void {
  const comps = [object.master, ...object.overrides].filter((c): c is ICAL.Component => !!c);
  const decode = (c: ICAL.Component) => {
    if (c.getAllProperties('attendee').length > MAX_ATTENDEES) throw new CalendarError(`it names more than ${MAX_ATTENDEES} attendees`);
    for (const p of c.getAllProperties()) {
      try {
        p.getValues();
      } catch {
        throw new CalendarError(`its ${p.name.toUpperCase()} has an unreadable value`);
      }
    }
    for (const sub of c.getAllSubcomponents()) decode(sub);
  };
  for (const c of comps) {
    decode(c);
    const start = c.getFirstPropertyValue('dtstart');
    if (!(start instanceof ICAL.Time)) throw new CalendarError('it has no DTSTART');
    for (const name of ['dtstart', 'dtend', 'recurrence-id', 'exdate', 'rdate'])
      for (const p of c.getAllProperties(name)) {
        // ical.js rolls 20251399 over into April 2026: the text as written is checked instead.
        for (const raw of p.toJSON().slice(3).flat())
          if (typeof raw === 'string' && !realTime(raw)) throw new CalendarError(`its ${name.toUpperCase()} ${raw} is not a real date or time`);
        for (const v of p.getValues()) {
          const t = v instanceof ICAL.Period ? v.start : v;
          if (t instanceof ICAL.Time && !Number.isFinite(toInstant(t, object.ctx))) throw new CalendarError(`its ${name.toUpperCase()} is not a real time`);
        }
      }
  }
}

/** A jCal date or date-time (`2025-07-14`, `2025-07-14T09:00:00Z`) naming a real day and time. */
function realTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/.exec(text);
  if (!m) return !/^\d{4}-/.test(text); // durations and other value types are ical.js's to read
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h || 0, minute: mi || 0, second: Math.min(se || 0, 59) }, { zone: 'UTC' });
  return dt.isValid && dt.month === mo && dt.day === d;
}

async function importObject(ctx: Ctx, object: EventObject): Promise<void> {
  checkObject(object);
  if (await ctx.utx.getEvent(object.uid)) throw new CalendarError('an event with this UID is already in the calendar');
  const head = (object.master ?? object.overrides[0])!;
  const organizer = organizerOf(head);
  const stored = newStored(ctx, object, !organizer || organizer === ctx.user ? 'organizer' : 'observer');
  addHistory(ctx, stored, 'PUBLISH', 'stored', { note: 'imported from a file' });
  const d = decider(ctx);
  d.save(stored, object);
  await commit(ctx, d);
}

export async function importIcs(tx: StoreTx, opts: EngineOptions, text: string): Promise<{ imported: number; errors: string[] }> {
  const ctx = await makeCtx(tx, opts);
  let root: ICAL.Component;
  try {
    root = parseCalendar(text).root;
  } catch (e) {
    return { imported: 0, errors: [e instanceof CalendarError ? e.message : 'the file is not readable iCalendar data'] };
  }
  const errors: string[] = [];
  // RFC 5545 requires a UID; files from some programs lack it. Each such event gets its own.
  for (const ev of root.getAllSubcomponents('vevent'))
    if (!String(ev.getFirstPropertyValue('uid') ?? '').trim()) ev.updatePropertyWithValue('uid', ctx.opts.newId());
  const { objects } = eventObjects(root, zoneContext(root, ctx.zone));
  if (objects.length > MAX_IMPORT_EVENTS) errors.push(`the file holds ${objects.length} events: only the first ${MAX_IMPORT_EVENTS} are imported`);
  let imported = 0;
  for (const object of objects.slice(0, MAX_IMPORT_EVENTS)) {
    const label = `event ${object.uid}${summaryLabel(object)}`;
    try {
      await importObject(ctx, object);
      imported++;
    } catch (e) {
      errors.push(`${label}: ${e instanceof CalendarError ? e.message : 'could not be read'}`);
    }
  }
  for (const name of ['vtodo', 'vjournal', 'vfreebusy']) {
    const n = root.getAllSubcomponents(name).length;
    if (n) errors.push(`${n} ${name.toUpperCase()}(s) not imported: only events (VEVENT) are`);
  }
  if (!objects.length && !errors.length) errors.push('the file holds no events');
  return { imported, errors };
}

function summaryLabel(object: EventObject): string {
  try {
    const s = (object.master ?? object.overrides[0])?.getFirstPropertyValue('summary');
    return s ? ` (${String(s).slice(0, 80)})` : '';
  } catch {
    return '';
  }
}
