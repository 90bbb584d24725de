// Shared steps and assertions of the scenarios: an invitation arrives and is processed, the popup
// is opened and acted on, the sink's messages are read, the store is searched.
import assert from 'node:assert/strict';
import { address, readScheduling, type Scheduling } from './mime.js';
import type { Context } from './scenario.js';
import type { SinkMessage } from './smtp.js';
import type { AgentEvent } from './thunderbird.js';
import type { World } from './world.js';
import type { Mail } from './mail.js';
import type { Backup } from '../../src/core/views/backup.js';
import type { OutboxRecord, StoredEvent } from '../../src/core/types.js';

/** Delivers a message and waits for the add-on's `processed` line for it; records the timing. */
export async function arrive(w: World, ctx: Context, folder: string, mail: Mail, label = 'arrival → stored', ms = 30000): Promise<AgentEvent> {
  const after = Date.now();
  const at = w.deliver(folder, mail.raw);
  // A second, concurrent run over the same message (new-mail event and catch-up) may report
  // "already processed" before the first run's line: that line is not the processing.
  const again = (d: any) =>
    Array.isArray(d?.results) && d.results.length > 0 && d.results.every((r: { reason?: string }) => /was already processed$/.test(r.reason ?? ''));
  const ev = await w.tb.waitEvent(
    'processed',
    (d) => d?.messageId === mail.messageId && !again(d),
    ms,
    after,
    (e) => ['error', 'waiting', 'skipped'].includes(e.event) && e.data?.messageId === mail.messageId,
  );
  ctx.timing(label, ev.at - at);
  return ev;
}

/** The first result of a processed line for a UID. */
export function resultFor(ev: AgentEvent, uid: string): { method: string; uid: string; action: string; reason: string } {
  const r = (ev.data.results as { method: string; uid: string; action: string; reason: string }[]).find((x) => x.uid === uid);
  assert.ok(r, `processed ${ev.data.messageId} has a result for ${uid}: ${JSON.stringify(ev.data.results)}`);
  return r;
}

/** Selects the message, opens the popup through its button and waits until the item renders. */
export async function openPopupFor(w: World, ctx: Context, folder: string, messageId: string, ready = '.item'): Promise<void> {
  await w.ui.selectMessage(folder, messageId);
  const r = await w.ui.openPopup(ready);
  assert.equal(r.buttonEnabled, true, 'the add-on button is enabled on a message with calendar data');
  ctx.timing('popup open → rendered', r.ms);
}

/** Where DOM helpers act: the open popup, the displayed message (its bar), or an add-on page tab by its path. */
export type Target = 'popup' | 'message' | string;

function inTarget<T>(w: World, target: Target, fn: string, arg: unknown): Promise<T> {
  if (target === 'message') return w.ui.inMessage<T>(fn, arg);
  return target === 'popup' ? w.ui.inPopup<T>(fn, arg) : w.ui.inPage<T>(target, fn, arg);
}

/** Text of the first element matching a selector (null when absent). */
export function textOf(w: World, target: Target, selector: string): Promise<string | null> {
  return inTarget(w, target, `(win, sel, d) => { const e = d.querySelector(sel); return e ? e.textContent : null; }`, selector);
}

export function countOf(w: World, target: Target, selector: string): Promise<number> {
  return inTarget(w, target, `(win, sel, d) => d.querySelectorAll(sel).length`, selector);
}

/** Types into a field (value + input/change events, as typing would); selects choose by value. */
export function fill(w: World, target: Target, selector: string, value: string | boolean): Promise<void> {
  return inTarget(
    w,
    target,
    `(win, [sel, value], d) => {
    const e = d.querySelector(sel);
    if (!e) throw new Error('no ' + sel);
    e.focus();
    if (e.type === 'checkbox') e.checked = !!value; else e.value = value;
    e.dispatchEvent(new win.Event('input', { bubbles: true }));
    e.dispatchEvent(new win.Event('change', { bubbles: true }));
  }`,
    [selector, value],
  );
}

export function click(w: World, target: Target, selector: string): Promise<void> {
  return inTarget(
    w,
    target,
    `(win, sel, d) => {
    const e = d.querySelector(sel);
    if (!e) throw new Error('no ' + sel);
    if (e.disabled) throw new Error(sel + ' is disabled');
    e.click();
  }`,
    selector,
  );
}

/** Waits until a selector matches (an element that is not hidden). */
export async function waitFor(w: World, target: Target, selector: string, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const n = await inTarget<number>(w, target, `(win, sel, d) => [...d.querySelectorAll(sel)].filter((e) => !e.closest('[hidden]')).length`, selector);
    if (n > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const err = await inTarget<string>(
    w,
    target,
    `(win, a, d) => [...d.querySelectorAll('#error, [role=alert]')].map((e) => e.textContent.trim()).filter(Boolean).join(' | ')`,
    null,
  );
  const sent = await textOf(w, target, '#sent');
  throw new Error(`timed out after ${ms} ms waiting for ${selector} in ${target}${err ? `; alerts say: ${err}` : ''}${sent ? `; #sent says: ${sent}` : ''}`);
}

export const popupText = (w: World, sel: string) => textOf(w, 'popup', sel);
export const popupCount = (w: World, sel: string) => countOf(w, 'popup', sel);
export const popupFill = (w: World, sel: string, v: string) => fill(w, 'popup', sel, v);
export const popupClick = (w: World, sel: string) => click(w, 'popup', sel);
export const popupWait = (w: World, sel: string, ms?: number) => waitFor(w, 'popup', sel, ms);

export async function popupShot(w: World, name: string): Promise<void> {
  w.artefact(`${name}.png`, await w.ui.snapshot('popup'));
}

/** The scheduling messages the sink received with a method, read. */
export async function sinkScheduling(
  w: World,
  method: string,
  count = 1,
  ms = 20000,
  match: (s: Scheduling, m: SinkMessage) => boolean = () => true,
): Promise<(Scheduling & { envelopeTo: string[]; at: number })[]> {
  const hits = await w.sink.waitFor(
    `${count}× ${method}`,
    (m) => {
      const s = readScheduling(m.raw);
      return s.method === method && match(s, m);
    },
    ms,
    count,
  );
  return hits.map((m) => ({ ...readScheduling(m.raw), envelopeTo: m.to, at: m.at }));
}

/** Asserts a REPLY carries method=REPLY on the Content-Type, METHOD:REPLY, and only `from` as ATTENDEE. */
export function assertReply(s: Scheduling, uid: string, sequence: number, from: string, partstat: string, comment?: string): void {
  assert.ok(s.calendar, 'the reply has a text/calendar part');
  assert.equal(s.calendar.type, 'text/calendar');
  assert.equal((s.calendar.params['method'] ?? '').toUpperCase(), 'REPLY', `Content-Type: ${s.calendar.headers.get('content-type')}`);
  assert.equal(s.method, 'REPLY');
  assert.equal(s.events.length, 1, 'one VEVENT');
  const e = s.events[0]!;
  assert.equal(e.uid, uid);
  assert.equal(e.sequence, sequence);
  assert.deepEqual(e.attendees.map(address), [from], 'only the answering attendee');
  assert.equal(e.attendees[0]!.params['PARTSTAT'], partstat);
  if (comment !== undefined) assert.ok(e.comments.includes(comment), `COMMENT ${JSON.stringify(comment)} in ${JSON.stringify(e.comments)}`);
}

/** Every stored event with this UID in a `backup.export` document, with the user it is stored for. */
export function storedEvents(backup: Backup, uid: string): { user: string; ics: string; event: StoredEvent }[] {
  return backup.users.flatMap((u) => u.events.filter((e) => e.uid === uid).map((e) => ({ user: u.address, ics: e.ics, event: e })));
}

/** The outbox records of one user in a backup document. */
export function outboxOf(backup: Backup, user: string): OutboxRecord[] {
  return backup.users.find((u) => u.address === user)?.outbox ?? [];
}

/** The PARTSTAT an attendee has in a stored VCALENDAR text. */
export function partstatIn(ics: string, attendee: string): string | null {
  const line = ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .find((l) => /^ATTENDEE[;:]/i.test(l) && l.toLowerCase().includes(`mailto:${attendee.toLowerCase()}`));
  if (!line) return null;
  const m = /;PARTSTAT=([A-Z-]+)/i.exec(line);
  return m ? m[1]!.toUpperCase() : 'NEEDS-ACTION';
}

/** Waits `ms` and asserts nothing more matching arrived (sent once). */
export async function assertNoMore(w: World, what: string, match: (m: SinkMessage) => boolean, expected: number, ms = 2500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  const n = w.sink.messages.filter(match).length;
  assert.equal(n, expected, `${what}: exactly ${expected} at the sink, got ${n}`);
}

/** An iCalendar DATE-TIME property as an instant (UTC `Z` or a TZID the sender wrote as IANA). */
export function instantOf(value: string, tzid?: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value);
  if (!m) throw new Error(`not a DATE-TIME: ${value}`);
  const [, y, mo, d, h, mi, s, z] = m;
  const asUtc = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!);
  if (z || !tzid) return asUtc;
  // Wall-clock time in an IANA zone: find the offset that maps back onto the same wall clock.
  let t = asUtc;
  for (let i = 0; i < 3; i++) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: tzid,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(new Date(t))
        .map((p) => [p.type, p.value]),
    );
    const wall = Date.UTC(+parts['year']!, +parts['month']! - 1, +parts['day']!, +parts['hour']!, +parts['minute']!, +parts['second']!);
    t += asUtc - wall;
  }
  return t;
}

/** The `YYYY-MM-DDTHH:mm` a datetime-local input shows for an instant in a zone. */
export function wallClock(d: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}`;
}

/** DTSTART/DTEND of a read event as instants. */
export function eventTimes(e: { props: { name: string; params: Record<string, string>; value: string }[] }): { start: number; end: number } {
  const get = (n: string) => e.props.find((p) => p.name === n);
  const s = get('DTSTART');
  const en = get('DTEND');
  if (!s || !en) throw new Error('event without DTSTART/DTEND');
  return { start: instantOf(s.value, s.params['TZID']), end: instantOf(en.value, en.params['TZID']) };
}
