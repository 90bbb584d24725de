// Page tests, in Chromium with a fake background: answers keep their words and counters are
// shown right — the user's comment beside her answer, her pending counter-proposal addressed to
// the organiser by name and drawn on the day picture, an accepted event drawn as hers, a cancelled
// one without "No answer yet", and the event page's counters and history in words.
// Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventDetail } from '../../src/shared/protocol.js';
import { closeBrowser, ok, openPage } from './harness.js';
import * as F from './fixtures/popup-views.js';
import { ALICE, kickoff } from './fixtures/manager-data.js';
import { managerApi } from './manager-api.js';
import { open, skip } from './popup-page.js';

/** Alice proposed 15:00–16:30 Berlin (14:00Z) instead of 10:00–11:30 and waits for Carol. */
const PROPOSAL = { start: '2027-01-13T14:00:00.000Z', end: '2027-01-13T15:30:00.000Z' };
const proposedView = F.message([
  F.item({
    stored: F.event({
      proposal: {
        ...PROPOSAL,
        to: { address: 'carol@example.test', name: 'Carol Organizer' },
        comment: 'The morning is taken',
        at: '2027-01-10T09:00:00.000Z',
      },
    }),
  }),
]);

/** Thunderbird's regional format as the background reports it: here a 24-hour clock. */
const H24 = { 'ui.format': () => ok({ locale: 'en-US', hour12: false }) };

describe('answers keep their words, counters are shown right (popup)', { skip }, () => {
  after(closeBrowser);

  test('a pending counter-proposal: "You proposed … to Carol Organizer", never "No answer yet", both times drawn', async () => {
    for (const lang of ['en', 'de'] as const) {
      const p = await open(proposedView, { 'ui.format': () => ok({ locale: lang === 'de' ? 'de-DE' : 'en-US', hour12: false }) }, { lang });
      try {
        const answer = (await p.page.textContent('.facts dd.your-answer'))!;
        if (lang === 'en') {
          assert.match(answer, /^Proposal pendingYou proposed Wed, Jan 13, 2027, 15:00 – 16:30 to Carol Organizer/);
          assert.doesNotMatch(answer, /No answer yet|alice@example\.test/);
        } else {
          assert.match(answer, /^Vorschlag offenSie haben Carol Organizer Mi\., 13\. Jan\. 2027, 15:00 – 16:30 vorgeschlagen/);
        }
        assert.equal(await p.page.textContent('.facts .own-comment'), 'The morning is taken');
        // The picture: the event's time as the earlier one, the proposal beside it.
        const blocks = await p.page.$$eval('.day-picture g.original, .day-picture g.proposal', (els) =>
          els.map((e) => e.getAttribute('class') + ' ' + e.querySelector('title')?.textContent),
        );
        assert.equal(blocks.length, 2, blocks.join('; '));
        assert.match(
          blocks.find((b) => b.startsWith('proposal'))!,
          /15:00 – 16:30/,
        );
        assert.match(
          blocks.find((b) => b.startsWith('original'))!,
          /10:00 – 11:30/,
        );
      } finally {
        await p.close();
      }
    }
  });

  test("an accepted invitation is drawn as the user's own time, with her comment beside the answer", async () => {
    const accepted = F.event({
      partstat: 'ACCEPTED',
      attendees: F.event().attendees.map((a) => (a.isUser ? { ...a, partstat: 'ACCEPTED', comment: 'Bringing the numbers' } : a)),
    });
    const p = await open(F.message([F.item({ stored: accepted })]), H24);
    try {
      assert.equal(await p.page.locator('.day-picture g.accepted').count(), 1);
      assert.equal(await p.page.locator('.day-picture g.proposal').count(), 0);
      assert.match((await p.page.textContent('.legend'))!, /This event \(accepted\)/);
      assert.match((await p.page.textContent('.facts dd.your-answer'))!, /^AcceptedBringing the numbers$/);
    } finally {
      await p.close();
    }
  });

  test('a cancelled event says "Cancelled" and not also "No answer yet"', async () => {
    const p = await open(F.cancellation);
    try {
      assert.match((await p.page.textContent('.item-head'))!, /Cancelled/);
      assert.equal(await p.page.locator('.facts dd.your-answer').count(), 0);
      assert.doesNotMatch((await p.page.textContent('.facts'))!, /No answer yet/);
    } finally {
      await p.close();
    }
  });
});

describe('the event page: counters and history in words', { skip }, () => {
  after(closeBrowser);

  const attending: EventDetail = {
    ...kickoff,
    event: {
      ...kickoff.event,
      relation: 'attendee',
      partstat: 'NEEDS-ACTION',
      organizer: { address: 'olga@example.test', name: 'Olga Organizer' },
      sequence: 0,
      proposal: {
        start: '2026-03-12T09:15:00.000Z',
        end: '2026-03-12T10:15:00.000Z',
        to: { address: 'olga@example.test', name: 'Olga Organizer' },
        comment: null,
        at: '2026-03-08T10:00:00.000Z',
      },
    },
    counters: [
      {
        from: ALICE,
        recurrenceId: null,
        direction: 'sent',
        status: 'pending',
        proposed: { start: '2026-03-12T09:15:00.000Z', end: '2026-03-12T10:15:00.000Z' },
        comment: 'Could we start later?',
        received: '2026-03-08T10:00:00.000Z',
      },
    ],
    history: [
      {
        at: '2026-03-05T12:00:00.000Z',
        method: 'REQUEST',
        action: 'stored',
        from: 'olga@example.test',
        messageId: 'k1@example.test',
        recurrenceId: null,
        note: null,
        comment: null,
        proposed: null,
      },
      {
        at: '2026-03-08T10:00:00.000Z',
        method: 'COUNTER',
        action: 'sent',
        from: null,
        messageId: null,
        recurrenceId: null,
        note: '2026-03-12T09:15:00Z/2026-03-12T10:15:00Z',
        comment: 'Could we start later?',
        proposed: { start: '2026-03-12T09:15:00Z', end: '2026-03-12T10:15:00Z' },
      },
    ],
    draft: null,
  };

  async function openEvent(detail: EventDetail, lang: 'en' | 'de' = 'en') {
    const { api } = managerApi({
      'attention.list': () => [],
      'event.get': () => detail,
      'ui.format': () => ({ locale: lang === 'de' ? 'de-DE' : 'en-US', hour12: false }),
    });
    const p = await openPage({
      path: `manager/index.html?identity=${ALICE}&uid=${encodeURIComponent(detail.event.uid)}`,
      api,
      viewport: { width: 1280, height: 860 },
      lang,
    });
    await p.page.waitForSelector('#event-title');
    return p;
  }

  test('"You proposed Thu 10:15–11:15 to Olga Organizer", the history in words, the protocol name only as a tooltip', async () => {
    const p = await openEvent(attending);
    try {
      const { page } = p;
      assert.match((await page.textContent('.counters .counter strong'))!, /^You proposed Thu, Mar 12, 2026, 10:15 – 11:15 to Olga Organizer$/);
      assert.match((await page.textContent('.badges'))!, /Proposal pending/);
      assert.doesNotMatch((await page.textContent('.badges'))!, /No answer yet/);
      assert.match((await page.textContent('.facts'))!, /You proposed Thu, Mar 12, 2026, 10:15 – 11:15 to Olga Organizer/);
      // Revision 0 says nothing: not shown.
      assert.doesNotMatch((await page.textContent('.facts'))!, /Revision/);
      const history = await page.$$eval('.history li', (els) =>
        els.map((e) => ({
          method: e.querySelector('.badge.method')!.textContent,
          title: e.querySelector('.badge.method')!.getAttribute('title'),
          note: e.querySelector('.history-note')?.textContent ?? null,
          comment: e.querySelector('.history-comment')?.textContent ?? null,
        })),
      );
      assert.deepEqual(history, [
        { method: 'Counter-proposal', title: 'COUNTER', note: 'Proposed Thu, Mar 12, 2026, 10:15 – 11:15', comment: 'Could we start later?' },
        { method: 'Invitation', title: 'REQUEST', note: null, comment: null },
      ]);
      assert.doesNotMatch((await page.textContent('.history'))!, /2026-03-12T09:15:00Z/);
    } finally {
      await p.close();
    }
  });

  test('German: the same in German', async () => {
    const p = await openEvent(attending, 'de');
    try {
      assert.match((await p.page.textContent('.counters .counter strong'))!, /^Sie haben Olga Organizer Do\., 12\. März 2026, 10:15 – 11:15 vorgeschlagen$/);
      assert.match((await p.page.textContent('.history'))!, /Gegenvorschlag/);
    } finally {
      await p.close();
    }
  });
});

describe('times as Thunderbird writes them', { skip }, () => {
  after(closeBrowser);

  test("the clock and date order follow Thunderbird's regional format, not the UI language alone", async () => {
    const cases = [
      { format: { locale: 'en-US', hour12: false }, when: 'Wed, Jan 13, 2027, 10:00 – 11:30', hours: '08:00' },
      { format: { locale: 'en-US', hour12: true }, when: 'Wed, Jan 13, 2027, 10:00 AM – 11:30 AM', hours: '8 AM' },
      { format: { locale: 'en-GB', hour12: false }, when: 'Wed, 13 Jan 2027, 10:00 – 11:30', hours: '08:00' },
    ];
    for (const c of cases) {
      const p = await open(F.invitationWithConflict, { 'ui.format': () => ok(c.format) });
      try {
        assert.equal((await p.page.textContent('.facts dd.when > span'))!.replace(/\u202f/g, ' '), c.when);
        const labels = await p.page.$$eval('.day-picture text', (els) => els.map((e) => e.textContent!.replace(/\u202f/g, ' ')));
        assert.ok(labels.includes(c.hours), `${JSON.stringify(c.format)}: ${labels.join(' | ')}`);
      } finally {
        await p.close();
      }
    }
  });
});
