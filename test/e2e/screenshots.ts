// `npm run screenshots`: PNGs of the add-on in a real Thunderbird, light and dark, under
// docs/screenshots/ — the message bar over an invitation with a conflict, the popup at its real
// size (that invitation, the counter-proposal form, an encrypted invitation), the management page
// (week view, an event with attendee answers, the outbox with an answer waiting for consent), the
// options page, and Thunderbird's Calendar tab with an invitation accepted in the popup. The same
// harness as the end-to-end stage; the README shows the pictures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './addon.js';
import { LOCAL } from './calendars.js';
import { arrive, click, sinkScheduling, waitFor, wallClock } from './checks.js';
import { pgpMime } from './gpg.js';
import { calendarMail, googleMail, ORGANIZER, outlookMail, plus, weekdayAt } from './mail.js';
import { cleanupAll, cleanupOnSignals } from './procs.js';
import { ALICE } from './profile.js';
import type { Context } from './scenario.js';
import { setupShared } from './setup.js';
import { World } from './world.js';

const OUT = join(ROOT, 'docs/screenshots');
const ZONE = 'Europe/Berlin';
const ctx: Context = { timing: (l, ms) => console.log(`  ${l}: ${ms} ms`), log: (m) => console.log(`  ${m}`) };

function draft(summary: string, start: Date, minutes: number, attendees: string[] = [], location = '') {
  return {
    summary,
    location,
    description: '',
    start: wallClock(start, ZONE),
    end: wallClock(plus(start, minutes), ZONE),
    allDay: false,
    tzid: ZONE,
    rrule: null,
    exdates: [],
    attendees: attendees.map((address) => ({ address, role: 'REQ-PARTICIPANT' as const })),
    transparency: 'OPAQUE' as const,
    categories: [],
    attachments: [],
  };
}

async function shoot(theme: 'light' | 'dark', shared: Awaited<ReturnType<typeof setupShared>>): Promise<string[]> {
  const w = new World(`screenshots-${theme}`, shared, { dark: theme === 'dark', openpgp: { knownPublic: [ORGANIZER] }, zone: ZONE, calendars: [LOCAL] });
  const saved: string[] = [];
  const save = (name: string, png: Buffer) => {
    const file = join(OUT, `${name}-${theme}.png`);
    writeFileSync(file, png);
    saved.push(file);
  };
  try {
    await w.startServers();
    await w.start();
    await w.ui.accountSynced(0);
    await w.ui.resize(1280, 860);
    const day = weekdayAt(8, 1); // 09:00 in Berlin on the next weekday
    // alice's own day: a stand-up and a focus block (her own events, nothing is sent)
    await w.ui.request({ type: 'event.save', identity: ALICE, draft: draft('Team stand-up', day, 30, [], 'Room Pelikan') });
    await w.ui.request({ type: 'event.save', identity: ALICE, draft: draft('Focus time', plus(day, 240), 90) });
    // an event she organises, with answers
    const planning = await w.ui.request<{ uid: string }>({
      type: 'event.save',
      identity: ALICE,
      draft: draft('Quarterly planning', plus(day, 24 * 60 + 120), 60, ['bob@example.net', 'carol@example.org', 'dave@example.com'], 'Room Pelikan'),
    });
    const [req] = await sinkScheduling(w, 'REQUEST', 1, 20000, (s) => s.events[0]?.uid === planning.uid);
    const ev = req!.events[0]!;
    const base = {
      uid: planning.uid,
      summary: 'Quarterly planning',
      start: plus(day, 24 * 60 + 120),
      end: plus(day, 24 * 60 + 180),
      sequence: ev.sequence,
      organizer: { email: ALICE },
    };
    await arrive(
      w,
      ctx,
      'INBOX',
      calendarMail('REPLY', [{ ...base, attendees: [{ email: 'bob@example.net', name: 'Bob Builder', partstat: 'ACCEPTED' }], comment: 'Count me in' }], {
        from: 'bob@example.net',
      }),
    );
    await arrive(
      w,
      ctx,
      'INBOX',
      calendarMail(
        'REPLY',
        [{ ...base, attendees: [{ email: 'carol@example.org', name: 'Carol', partstat: 'DECLINED' }], comment: 'On holiday that week, sorry' }],
        { from: 'carol@example.org' },
      ),
    );

    // an invitation that collides with the stand-up
    const review = googleMail('REQUEST', [
      {
        uid: `shot-review-${theme}@google.com`,
        summary: 'Design review',
        start: plus(day, 15),
        end: plus(day, 75),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        location: 'Meet: abc-defg-hij',
        attendees: [
          { email: ALICE, name: 'Alice Example', partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, name: 'Olga Organizer', partstat: 'ACCEPTED' },
          { email: 'bob@example.net', name: 'Bob Builder', partstat: 'TENTATIVE' },
        ],
        description: 'Walk through the new onboarding screens.',
      },
    ]);
    await arrive(w, ctx, 'INBOX', review);
    await w.ui.selectMessage('INBOX', review.messageId);
    await waitFor(w, 'message', '#imip-agent-banner .bar-conflict');
    await new Promise((r) => setTimeout(r, 400));
    save('bar-conflict', await w.ui.messageSnapshot());
    await w.ui.openPopup('.item .day-picture');
    await new Promise((r) => setTimeout(r, 400));
    save('popup-conflict', await w.ui.snapshot('popup'));
    await click(w, 'popup', '[data-action=counter]');
    await waitFor(w, 'popup', '.slot');
    await new Promise((r) => setTimeout(r, 300));
    save('popup-counter', await w.ui.snapshot('popup'));
    await w.ui.closePopup();

    // an encrypted invitation (Outlook shape, PGP/MIME)
    const secret = outlookMail('REQUEST', [
      {
        uid: `shot-secret-${theme}`,
        summary: 'Acquisition talks',
        start: plus(day, 24 * 60 + 330),
        end: plus(day, 24 * 60 + 390),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [{ email: ALICE, name: 'Alice Example', partstat: 'NEEDS-ACTION', rsvp: true }],
        location: 'Board room',
      },
    ]);
    await arrive(w, ctx, 'INBOX', { raw: pgpMime(shared.gpg, secret.raw, [ALICE]), messageId: secret.messageId });
    await w.ui.selectMessage('INBOX', secret.messageId);
    await w.ui.openPopup('.item .badge.encrypted');
    await new Promise((r) => setTimeout(r, 400));
    save('popup-encrypted', await w.ui.snapshot('popup'));
    await w.ui.closePopup();

    // an invitation accepted in the popup, as it shows in Thunderbird's Calendar tab
    const call = googleMail('REQUEST', [
      {
        uid: `shot-partner-${theme}@google.com`,
        summary: 'Partner call',
        start: plus(day, 300),
        end: plus(day, 360),
        sequence: 0,
        organizer: { email: ORGANIZER, name: 'Olga Organizer' },
        attendees: [
          { email: ALICE, name: 'Alice Example', partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED' },
        ],
      },
    ]);
    await arrive(w, ctx, 'INBOX', call);
    await w.ui.selectMessage('INBOX', call.messageId);
    await w.ui.openPopup('.item [data-action=respond-ACCEPTED]');
    await click(w, 'popup', '[data-action=respond-ACCEPTED]');
    await waitFor(w, 'popup', '#sent li[data-state=sent]');
    await w.ui.closePopup();
    await w.cal.waitFor(LOCAL.id, `shot-partner-${theme}@google.com`);
    await w.cal.showWeek(day.toISOString(), `shot-partner-${theme}@google.com`);
    save('calendar-tab', await w.tb.marionette.screenshot());
    await w.ui.run(`tabmail.switchToTab(0);`);

    const M = 'manager/index.html';
    await w.ui.openPage(M, '.occurrence');
    await waitFor(w, M, '#range-title:not(:empty)');
    await new Promise((r) => setTimeout(r, 600));
    save('manager-week', await w.ui.snapshot(M));
    await click(w, M, `.occurrence[data-uid="${planning.uid}"]`);
    await waitFor(w, M, '#event tr[data-address]');
    await new Promise((r) => setTimeout(r, 400));
    save('manager-event', await w.ui.snapshot(M));
    await w.ui.closePage(M);

    // An answer to an encrypted invitation from someone whose key alice lacks: it waits for consent.
    const unknownKey = googleMail('REQUEST', [
      {
        uid: `shot-nokey-${theme}@google.com`,
        summary: 'Merger timeline',
        start: plus(day, 2 * 24 * 60 + 60),
        end: plus(day, 2 * 24 * 60 + 120),
        sequence: 0,
        organizer: { email: 'tim@icloud.example', name: 'Tim' },
        attendees: [{ email: ALICE, name: 'Alice Example', partstat: 'NEEDS-ACTION', rsvp: true }],
      },
    ]);
    await arrive(w, ctx, 'INBOX', { raw: pgpMime(shared.gpg, unknownKey.raw, [ALICE]), messageId: unknownKey.messageId });
    await w.ui.selectMessage('INBOX', unknownKey.messageId);
    await waitFor(w, 'message', '#imip-agent-banner [data-action=bar-respond-DECLINED]');
    await click(w, 'message', '#imip-agent-banner [data-action=bar-respond-DECLINED]');
    await waitFor(w, 'message', '#imip-agent-banner .bar-answer[data-phase=waiting-consent]');
    await w.ui.openPage(M, '#outbox li[data-phase=waiting-consent]');
    await new Promise((r) => setTimeout(r, 600));
    save('manager-outbox', await w.ui.snapshot(M));
    await w.ui.closePage(M);

    await w.ui.openPage('options/index.html', 'section[data-identity]');
    await new Promise((r) => setTimeout(r, 400));
    save('options', await w.ui.snapshot('options/index.html'));
  } finally {
    await w.close();
  }
  return saved;
}

cleanupOnSignals();
mkdirSync(OUT, { recursive: true });
let status = 0;
try {
  const shared = await setupShared();
  for (const theme of ['light', 'dark'] as const) {
    console.log(`# ${theme}`);
    for (const f of await shoot(theme, shared)) console.log(`  wrote ${f.slice(ROOT.length)}`);
  }
} catch (e) {
  console.error(`screenshots failed: ${(e as Error).stack ?? e}`);
  status = 1;
} finally {
  await cleanupAll();
}
process.exit(status);
