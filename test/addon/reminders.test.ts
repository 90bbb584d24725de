// Reminders from VALARM (opt-in): scheduled with `alarms` once the user takes part, shown once as
// a notification when due. Counter-proposals notify the organiser when asked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, imip } from './setup.js';
import { processMessage } from '../../src/background/pipeline.js';
import { handleRequest } from '../../src/background/service.js';
import { showReminder, alarmTimes } from '../../src/background/notify.js';

const settings = (o: Partial<Record<'notifyInvitations' | 'notifyCounters' | 'reminders', boolean>>) => ({
  role: 'person',
  autoAnswers: true,
  notifyInvitations: false,
  notifyCounters: false,
  reminders: false,
  ...o,
});

test('VALARM triggers: relative to start or end, or absolute', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'BEGIN:VEVENT',
    'UID:x',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT15M',
    'END:VALARM',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER;RELATED=END:PT5M',
    'END:VALARM',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER;VALUE=DATE-TIME:20250714T070000Z',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  const start = Date.parse('2025-07-14T09:00:00Z');
  const end = Date.parse('2025-07-14T10:00:00Z');
  assert.deepEqual(
    alarmTimes(ics, start, end).map((t) => new Date(t).toISOString()),
    ['2025-07-14T08:45:00.000Z', '2025-07-14T10:05:00.000Z', '2025-07-14T07:00:00.000Z'],
  );
});

test('an accepted invitation with a VALARM gets one reminder, shown once when due', async () => {
  const h = harness('2025-07-13T12:00:00Z');
  await h.agent.tb.storage.local.set({ 'identity:alice@example.test': settings({ reminders: true }) });
  const m = h.fake.add(
    imip({
      from: 'organizer@example.com',
      to: 'alice@example.test',
      method: 'REQUEST',
      uid: 'rem-1',
      messageId: 'rem-1@example.com',
      summary: 'Standup',
      extra: ['BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:Standup', 'TRIGGER:-PT15M', 'END:VALARM'],
    }),
    'inbox',
  );
  await processMessage(h.agent, m, 'new');
  // Not yet answered: no reminder for an invitation the user has not taken up.
  assert.equal([...h.fake.alarms.keys()].filter((k) => k.startsWith('reminder:')).length, 0);
  const out = await handleRequest(h.agent, {
    type: 'message.act',
    messageId: m.id,
    identity: 'alice@example.test',
    uid: 'rem-1',
    action: { kind: 'respond', partstat: 'ACCEPTED' },
  });
  assert.ok(out.ok);
  const reminders = [...h.fake.alarms].filter(([k]) => k.startsWith('reminder:'));
  assert.equal(reminders.length, 1);
  assert.equal(new Date(reminders[0]![1].when!).toISOString(), '2025-07-14T08:45:00.000Z');
  await showReminder(h.agent, reminders[0]![0]);
  await showReminder(h.agent, reminders[0]![0]);
  assert.deepEqual(
    h.fake.notifications.map((n) => n.title),
    ['Reminder'],
  );
  assert.match(h.fake.notifications[0]!.message, /^Standup at /);
});

test('a counter-proposal notifies the organiser who asked for it', async () => {
  const h = harness();
  await h.agent.tb.storage.local.set({ 'identity:alice@example.test': settings({ notifyCounters: true }) });
  const engine = await import('../../src/core/engine.js');
  const ics = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Test//EN',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    'UID:plan-c',
    'DTSTAMP:20250701T080000Z',
    'DTSTART:20250714T090000Z',
    'DTEND:20250714T100000Z',
    'SUMMARY:Review',
    'ORGANIZER:mailto:alice@example.test',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:carol@example.net',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  await h.agent
    .store()
    .transact((tx) => engine.invite(tx, { user: 'alice@example.test', role: 'person', now: new Date('2025-07-01T08:00:00Z'), newId: () => 'seed' }, { ics }));
  await processMessage(
    h.agent,
    h.fake.add(
      imip({
        from: 'carol@example.net',
        to: 'alice@example.test',
        method: 'COUNTER',
        uid: 'plan-c',
        messageId: 'c-1@example.net',
        organizer: 'alice@example.test',
        summary: 'Review',
        start: '20250714T130000Z',
        end: '20250714T140000Z',
        attendees: ['ATTENDEE;PARTSTAT=TENTATIVE:mailto:carol@example.net'],
      }),
      'inbox',
    ),
    'new',
  );
  assert.deepEqual(
    h.fake.notifications.map((n) => [n.title, n.message]),
    [['New counter-proposal', 'carol@example.net proposes another time for Review']],
  );
});
