// After a message is handled: tell open pages the store changed, show the opt-in notifications
// (new invitations, counter-proposals), and bring reminders up to date. Reminders come from the
// events' VALARMs (RFC 5545 §3.6.6): every sweep looks REMINDER_HORIZON_MS ahead in the views'
// occurrences (zones and recurrence resolved by the core), and one `alarms` alarm per trigger
// shows the notification when it is due; the reminder records keep what to say.
import ICAL from 'ical.js';
import type { MailMessage } from '../core/types.js';
import { calendarRange, eventView } from '../core/views/index.js';
import { methodTraits } from '../core/itip/methods.js';
import { calendarIdentities, engineOptions, type Agent, type CalendarIdentity } from './agent.js';
import type { IdentityOutcome, ReminderRecord } from './records.js';
import { errorText } from './log.js';
import { refreshBars } from './bar-notice.js';

export const REMINDER_HORIZON_MS = 2 * 24 * 3600 * 1000;
/** At most this many VALARMs per event are read (hostile input: an event with thousands). */
const MAX_ALARMS_PER_EVENT = 10;
export const REMINDER_ALARM_PREFIX = 'reminder:';

function t(agent: Agent, key: string, subs: string[] = []): string {
  return agent.tb.i18n.getMessage(key, subs) || key;
}

export async function afterProcessing(
  agent: Agent,
  identities: CalendarIdentity[],
  outcomes: Record<string, IdentityOutcome>,
  mail: MailMessage,
): Promise<void> {
  for (const identity of identities) {
    const o = outcomes[identity.email];
    if (!o) continue;
    const uids = [...new Set(o.results.map((r) => r.uid).filter((u): u is string => !!u))];
    if (uids.length) {
      await agent.tb.runtime.sendMessage({ notice: 'store.changed', identity: identity.email, uids }).catch(() => undefined);
      await refreshBars(agent);
    }
    try {
      await notifyResults(agent, identity, o, mail);
      if (identity.settings.reminders) await sweepReminders(agent, identity);
    } catch (e) {
      agent.log('error', { messageId: mail.messageId ?? '', error: `notification: ${errorText(e)}` });
    }
  }
}

async function notifyResults(agent: Agent, identity: CalendarIdentity, o: IdentityOutcome, mail: MailMessage): Promise<void> {
  const s = identity.settings;
  if (!s.notifyInvitations && !s.notifyCounters) return;
  const opts = engineOptions(agent, identity);
  for (const r of o.results) {
    if (!r.uid) continue;
    const invitation = !!methodTraits(r.method)?.invites && (r.action === 'stored' || r.action === 'updated') && s.notifyInvitations;
    const counter = r.method === 'COUNTER' && (r.action === 'queued' || r.action === 'recorded') && s.notifyCounters;
    if (!invitation && !counter) continue;
    const view = await agent.store().transact((tx) => eventView(tx, opts, r.uid!));
    if (invitation && view?.relation === 'organizer') continue; // the user's own event
    const summary = view?.summary || t(agent, 'bg_untitled');
    const from = mail.from?.address ?? '';
    await agent.tb.notifications.create(`${r.method.toLowerCase()}:${mail.messageId ?? ''}:${r.uid}`, {
      type: 'basic',
      iconUrl: 'icons/imip-agent.svg',
      title: counter ? t(agent, 'bg_notifyCounterTitle') : t(agent, r.action === 'updated' ? 'bg_notifyUpdateTitle' : 'bg_notifyInvitationTitle'),
      message: counter ? t(agent, 'bg_notifyCounterBody', [summary, from]) : t(agent, 'bg_notifyInvitationBody', [summary, view?.organizer?.address ?? from]),
    });
  }
}

/** Trigger instants of an event's VALARMs for one occurrence (relative to start or end, or absolute). */
export function alarmTimes(ics: string, start: number, end: number): number[] {
  const out: number[] = [];
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const vevent of root.getAllSubcomponents('vevent').slice(0, 1)) {
    for (const alarm of vevent.getAllSubcomponents('valarm').slice(0, MAX_ALARMS_PER_EVENT)) {
      const trigger = alarm.getFirstProperty('trigger');
      if (!trigger) continue;
      const value = trigger.getFirstValue();
      if (value instanceof ICAL.Duration) {
        const base = String(trigger.getParameter('related') ?? '').toUpperCase() === 'END' ? end : start;
        out.push(base + value.toSeconds() * 1000);
      } else if (value instanceof ICAL.Time) {
        out.push(value.toJSDate().getTime());
      }
    }
  }
  return out;
}

/** Schedules the identity's reminders due within the horizon (idempotent: keyed by trigger). */
export async function sweepReminders(agent: Agent, identity: CalendarIdentity): Promise<void> {
  const now = agent.now();
  const opts = engineOptions(agent, identity, now);
  const until = new Date(now.getTime() + REMINDER_HORIZON_MS);
  const due = await agent.store().transact(async (tx) => {
    const occurrences = await calendarRange(tx, opts, { start: now.toISOString(), end: until.toISOString() });
    const out: ReminderRecord[] = [];
    const icsOf = new Map<string, string | undefined>();
    for (const occ of occurrences) {
      if (occ.status === 'CANCELLED') continue;
      if (occ.relation !== 'organizer' && occ.partstat !== 'ACCEPTED' && occ.partstat !== 'TENTATIVE') continue;
      if (!icsOf.has(occ.uid)) icsOf.set(occ.uid, (await tx.user(identity.email).getEvent(occ.uid))?.ics);
      const ics = icsOf.get(occ.uid);
      if (!ics) continue;
      for (const at of alarmTimes(ics, Date.parse(occ.start), Date.parse(occ.end))) {
        if (at <= now.getTime() || at > until.getTime()) continue;
        const when = new Date(at).toISOString();
        out.push({
          key: `${identity.email}|${occ.uid}|${occ.start}|${when}`,
          identity: identity.email,
          uid: occ.uid,
          at: when,
          start: occ.start,
          summary: occ.summary,
        });
      }
    }
    return out;
  });
  for (const r of due) {
    if (await agent.records.getReminder(r.key)) continue;
    await agent.records.putReminder(r);
    await agent.tb.alarms.create(REMINDER_ALARM_PREFIX + r.key, { when: Date.parse(r.at) });
  }
}

export async function sweepAllReminders(agent: Agent): Promise<void> {
  for (const identity of await calendarIdentities(agent)) {
    if (identity.settings.role !== 'none' && identity.settings.reminders) await sweepReminders(agent, identity);
  }
}

/** An alarm fired: show its reminder once, then forget it. */
export async function showReminder(agent: Agent, alarmName: string): Promise<void> {
  const key = alarmName.slice(REMINDER_ALARM_PREFIX.length);
  const r = await agent.records.getReminder(key);
  if (!r) return;
  const start = new Date(r.start);
  await agent.tb.notifications.create(`reminder:${key}`, {
    type: 'basic',
    iconUrl: 'icons/imip-agent.svg',
    title: t(agent, 'bg_reminderTitle'),
    message: t(agent, 'bg_reminderBody', [r.summary || t(agent, 'bg_untitled'), start.toLocaleString()]),
  });
  await agent.records.deleteReminder(key);
}
