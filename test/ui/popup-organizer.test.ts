// Page tests, in Chromium with a fake background (test/ui/popup-page.ts): the popup for the other methods: counters, replies, cancellations, resources, refresh, ADD, free/busy, and a view built by the engine.
// Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, ok } from './harness.js';
import * as F from './fixtures/popup-views.js';
import { open, shot, skip } from './popup-page.js';
import * as engine from '../../src/core/engine.js';
import { cal, vevent, world } from '../engine/harness.js';
import { handleAndView, rawMail } from '../views/helpers.js';

describe('the popup for the other methods', { skip }, () => {
  after(closeBrowser);

  test('the organizer decides a counter-proposal: old and new side by side, accept sends accept-counter', async () => {
    const p = await open(F.counterAsOrganizer, {
      'message.act': () => ok(F.outcome([F.sent({ method: 'REQUEST', to: ['bob@example.test'], subject: 'Updated: Quarterly planning' })])),
    });
    const { page } = p;
    try {
      await shot(p, 'counter-organizer');
      assert.equal(await page.getAttribute('.item', 'data-method'), 'COUNTER');
      assert.equal(await page.textContent('.counter-decision h2'), 'bob@example.test proposes another time');
      assert.match((await page.textContent('.compare .original'))!, /Wed, Jan 13, 2027, 10:00 AM – 11:30 AM/);
      assert.match((await page.textContent('.compare .proposal'))!, /Wed, Jan 13, 2027, 0?3:00 PM – 4:30 PM/);
      assert.equal(await page.textContent('.counter-decision blockquote'), 'Mornings are hard for me this week.');
      // The picture: the current time and the proposed one side by side, the clash with the client call marked.
      const pic = page.locator('.day-picture');
      assert.equal(await pic.locator('.original').count(), 1);
      assert.equal(await pic.locator('.proposal').count(), 1);
      const xs = await page.evaluate(() =>
        ['.original rect', '.proposal rect'].map((s) => Number(document.querySelector(`.day-picture ${s}`)!.getAttribute('x'))),
      );
      assert.ok(xs[0]! < xs[1]!, 'current left of proposed');
      assert.equal(await pic.locator('.conflict').getAttribute('data-start'), '2027-01-13T15:00:00.000Z');
      assert.equal(await page.locator('[data-action^=respond-]').count(), 0);
      await page.click('[data-action=accept-counter]');
      await page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'accept-counter', from: 'bob@example.test' });
    } finally {
      await p.close();
    }
  });

  test('the organizer declines a counter-proposal with a comment', async () => {
    const p = await open(F.counterAsOrganizer, { 'message.act': () => ok(F.outcome([F.sent({ method: 'DECLINECOUNTER', to: ['bob@example.test'] })])) });
    try {
      await p.page.fill('textarea#comment', 'The room is only free in the morning.');
      await p.page.click('[data-action=decline-counter]');
      await p.page.waitForSelector('#sent li[data-method=DECLINECOUNTER]');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'decline-counter', from: 'bob@example.test', comment: 'The room is only free in the morning.' });
    } finally {
      await p.close();
    }
  });

  test('a REPLY to the organizer: the answer, its comment and the attendee table', async () => {
    const p = await open(F.replyAsOrganizer);
    try {
      await shot(p, 'reply');
      assert.match((await p.page.textContent('.reply'))!, /Bob Builder <bob@example\.test> answered:Declined/);
      assert.equal(await p.page.locator('.request-status').count(), 0);
      assert.equal(await p.page.textContent('.reply blockquote'), 'On holiday, sorry!');
      assert.equal(await p.page.textContent('.attendees tr[data-address="bob@example.test"] .partstat-DECLINED'), 'Declined');
      assert.equal(await p.page.locator('.day-picture').count(), 0);
      assert.equal(await p.page.locator('.actions').count(), 0);
    } finally {
      await p.close();
    }
  });

  test('a cancellation and a resource decision say what happened and why', async () => {
    const c = await open(F.cancellation);
    try {
      assert.match((await c.page.textContent('.cancelled'))!, /The organizer cancelled this event\. It is marked as cancelled/);
      assert.equal(await c.page.locator('[data-action^=respond-]').count(), 0);
    } finally {
      await c.close();
    }
    const r = await open(F.resourceDecision);
    try {
      await shot(r, 'resource');
      const text = (await r.page.textContent('.outcome'))!;
      assert.match(text, /Decision for galileo@rooms\.example\.test:/);
      assert.match(text, /Declined/);
      assert.match(text, /Why: the room is booked from 10:00 to 12:00/);
    } finally {
      await r.close();
    }
  });

  test('free/busy: the reported busy time is drawn over the days of its range', async () => {
    const p = await open(F.freebusyReply);
    const { page } = p;
    try {
      await shot(p, 'freebusy');
      assert.equal(await page.textContent('.summary'), 'Free/busy of bob@example.test');
      assert.match(
        (await page.textContent('.freebusy-info'))!,
        /From bob@example\.test\. Covers Wed, Jan 13, 2027, 0?8:00 AM – Fri, Jan 15, 2027, 0?6:00 PM\. Busy periods: 3\./,
      );
      const pic = page.locator('.day-picture');
      assert.equal(await pic.getAttribute('data-days'), '3');
      assert.deepEqual(await pic.locator('.day').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-date'))), ['2027-01-13', '2027-01-14', '2027-01-15']);
      assert.deepEqual(await pic.locator('.busy title').allTextContents(), [
        'Busy (9:00 AM – 11:00 AM)',
        'Tentatively busy (1:00 PM – 2:00 PM)',
        'Unavailable (3:00 PM – 5:30 PM)',
      ]);
      // Each block sits in its own day's column.
      const cols = await pic.locator('.day').evaluateAll((ds) => ds.map((d) => d.querySelectorAll('.busy').length));
      assert.deepEqual(cols, [1, 1, 1]);
      assert.equal(await pic.locator('.proposal, .conflict').count(), 0);
    } finally {
      await p.close();
    }
  });

  test('REFRESH as organizer: "send the current version" goes to the attendee who asked', async () => {
    const p = await open(F.refreshAsOrganizer, { 'message.act': () => ok(F.outcome([F.sent({ method: 'REQUEST', to: ['bob@example.test'] })])) });
    try {
      assert.equal(await p.page.textContent('.summary'), 'Quarterly planning');
      assert.equal(await p.page.textContent('.refresh p'), 'bob@example.test asks for the current version of this event.');
      await p.page.click('[data-action=send-current]');
      await p.page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'send-current', to: 'bob@example.test' });
    } finally {
      await p.close();
    }
  });

  test('an ADD for an unknown series: the agent says why, the attendee asks for a refresh', async () => {
    const p = await open(F.addForUnknown, { 'message.act': () => ok(F.outcome([F.sent({ method: 'REFRESH' })])) });
    try {
      assert.match((await p.page.textContent('.outcome'))!, /nothing to do.*Why: an ADD for an event that is not in the calendar/);
      assert.equal(await p.page.locator('[data-action^=respond-]').count(), 0);
      await p.page.click('[data-action=refresh]');
      await p.page.waitForSelector('#sent li[data-method=REFRESH]');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'refresh' });
      assert.match((await p.page.textContent('#sent li'))!, /Request for the current version/);
    } finally {
      await p.close();
    }
  });

  test('a view built by src/core/views from a real Google invitation renders, its conflict marked', async () => {
    const ORG = 'organizer@example.com';
    const w = world('2025-07-01T08:00:00Z');
    const standup = cal(
      'REQUEST',
      ...vevent(
        'UID:standup@example.com',
        'SEQUENCE:0',
        'DTSTAMP:20250701T080000Z',
        'DTSTART:20250714T093000Z',
        'DTEND:20250714T103000Z',
        'SUMMARY:Stand-up',
        `ORGANIZER:mailto:${ORG}`,
        `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${F.USER}`,
      ),
    );
    await w.deliver(F.USER, standup, { from: ORG });
    await w.run((tx) => engine.respond(tx, w.opts(F.USER), { uid: 'standup@example.com', partstat: 'ACCEPTED' }));
    const { items } = await handleAndView(w, F.USER, await rawMail('google.eml'));
    const p = await open(F.message(items));
    try {
      await shot(p, 'google-real-view');
      assert.equal(await p.page.textContent('.summary'), 'Design sync');
      assert.equal(await p.page.getAttribute('.item', 'data-uid'), '7kukuqrfedlm2f9t0vr42q2gc0@google.com');
      assert.equal(await p.page.textContent('.organizer'), 'Olga Organizer <organizer@example.com>');
      assert.equal(await p.page.locator('.day-picture .busy[data-uid="standup@example.com"]').count(), 1);
      // Proposed 09:00–10:00Z over the stand-up 09:30–10:30Z: the overlap is 09:30–10:00Z.
      const c = p.page.locator('.day-picture .conflict');
      assert.equal(await c.count(), 1);
      assert.deepEqual([await c.getAttribute('data-start'), await c.getAttribute('data-end')], ['2025-07-14T09:30:00.000Z', '2025-07-14T10:00:00.000Z']);
      for (const a of items[0]!.actions)
        if (a === 'respond') assert.equal(await p.page.locator('[data-action=respond-ACCEPTED]').count(), 1);
        else assert.equal(await p.page.locator(`[data-action=${a}]`).count(), 1, a);
    } finally {
      await p.close();
    }
  });
});
