// Rendering checked at the pages' real sizes, light and dark: the popup at Thunderbird's popup
// size (its body is 480 px wide, the panel at most 600 px high), the management page in a
// 1280×860 tab. One-hour blocks keep time and title readable, a cancelled block stays legible,
// the counter form's time fields are not clipped and show the others' known busy time, attention
// cards name the sender once, and the manager's tab has a title and a way to the settings.
// Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttentionItem, PersonBusy } from '../../src/shared/protocol.js';
import { closeBrowser, ok, openPage } from './harness.js';
import * as F from './fixtures/popup-views.js';
import { ALICE, attention } from './fixtures/manager-data.js';
import { managerApi } from './manager-api.js';
import { background, skip } from './popup-page.js';

const POPUP = { width: 480, height: 600 };
const SCHEMES = ['light', 'dark'] as const;

describe('layout at the real sizes', { skip }, () => {
  after(closeBrowser);

  test("the counter form: time fields whole, the others' known busy time beside the free slots", async () => {
    const slots = [
      { start: '2027-01-13T13:00:00.000Z', end: '2027-01-13T14:30:00.000Z' },
      { start: '2027-01-14T08:30:00.000Z', end: '2027-01-14T10:00:00.000Z' },
    ];
    const people: PersonBusy[] = [
      { address: 'carol@example.test', known: true, updated: '2027-01-10T09:00:00.000Z', range: null, busy: [] },
      {
        address: 'bob@example.test',
        known: true,
        updated: '2027-01-10T09:00:00.000Z',
        range: null,
        busy: [{ start: '2027-01-14T09:00:00.000Z', end: '2027-01-14T10:00:00.000Z', fbtype: 'BUSY', uid: null, summary: null }],
      },
      { address: 'dana@example.test', known: false, updated: null, range: null, busy: [] },
    ];
    for (const colorScheme of SCHEMES) {
      const bg = background(F.invitationWithConflict, {
        'slots.free': () => ok(slots),
        'freebusy.people': () => ok(people),
        'ui.format': () => ok({ locale: 'en-US', hour12: true }),
      });
      const p = await openPage({ path: 'popup/index.html', api: bg.api, viewport: POPUP, colorScheme });
      try {
        await p.page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
        await p.page.click('[data-action=counter]');
        await p.page.waitForSelector('.slot');
        // Asked for the organiser and the other people, not the room or the user.
        const asked = bg.of('freebusy.people')[0]!;
        assert.deepEqual(asked.addresses, ['carol@example.test', 'bob@example.test', 'dana@example.test']);
        // Each field is wide enough for "01/13/2027, 10:00 AM" and inside the popup.
        for (const id of ['#counter-start', '#counter-end']) {
          const box = (await p.page.locator(id).boundingBox())!;
          assert.ok(box.width >= 220, `${id} is ${box.width}px wide`);
          assert.ok(box.x + box.width <= POPUP.width, `${id} ends at ${box.x + box.width}`);
        }
        const texts = await p.page.locator('.slot').allTextContents();
        assert.deepEqual(texts, ['Wed, Jan 13, 2027, 2:00 PM – 3:30 PM', 'Thu, Jan 14, 2027, 9:30 AM – 11:00 AMbusy: Bob Builder']);
        const others = await p.page.$$eval('.others-busy li', (els) => els.map((e) => e.textContent));
        assert.deepEqual(others, [
          'Carol Organizer free in these days',
          'Bob Builder busy Thu, Jan 14, 2027, 10:00 AM – 11:00 AM',
          'dana@example.test nothing known',
        ]);
      } finally {
        await p.close();
      }
    }
  });

  test('manager: one-hour and cancelled blocks readable, attention cards name the sender once, title and settings link', async () => {
    const named: AttentionItem[] = attention.map((a) => (a.kind === 'counter' ? { ...a, reason: `counter-proposal from ${a.from}` } : a));
    const { api, requests } = managerApi({ 'attention.list': () => named, 'ui.format': () => ({ locale: 'en-US', hour12: false }) });
    for (const colorScheme of SCHEMES) {
      const p = await openPage({
        path: `manager/index.html?identity=${ALICE}&view=week&date=2026-03-10`,
        api,
        viewport: { width: 1280, height: 860 },
        colorScheme,
      });
      try {
        const { page } = p;
        await page.waitForSelector('.occurrence.timed');
        assert.equal(await page.title(), 'Calendar – imip-agent');
        // Every block of an hour or more shows its time and its whole first line of title inside it.
        const blocks = await page.$$eval('.occurrence.timed', (els) =>
          els.map((e) => {
            const b = e.getBoundingClientRect();
            const time = e.querySelector('.occ-time')?.getBoundingClientRect() ?? null;
            const summary = e.querySelector('.occ-summary')!;
            const s = summary.getBoundingClientRect();
            return {
              summary: summary.textContent,
              height: b.height,
              compact: e.classList.contains('compact'),
              timeInside: !time || time.bottom <= b.bottom + 0.5,
              summaryInside: s.bottom <= b.bottom + 0.5,
              oneLine: s.height <= parseFloat(getComputedStyle(summary).lineHeight) * 1.2,
            };
          }),
        );
        // Longer blocks may wrap the title; up to an hour and a quarter it stays on one line.
        for (const b of blocks.filter((x) => x.height >= 40))
          assert.deepEqual([b.summary, b.timeInside, b.summaryInside, b.compact ? b.oneLine : true], [b.summary, true, true, true]);
        assert.ok(
          blocks.some((b) => b.summary === 'Budget meeting' && b.compact),
          'the one-hour Budget meeting is drawn compact',
        );
        // The cancelled block: its title struck through once, in the normal text colour.
        const retro = await page.$eval('.occurrence.cancelled', (e) => ({
          color: getComputedStyle(e).color,
          body: getComputedStyle(document.body).color,
          line: getComputedStyle(e.querySelector('.occ-summary')!).textDecorationLine,
          time: getComputedStyle(e.querySelector('.occ-time')!).textDecorationLine,
        }));
        assert.deepEqual([retro.color, retro.line, retro.time], [retro.body, 'line-through', 'none']);
        // Attention cards: the sender once.
        for (const li of await page.$$eval('#attention li[data-kind]', (els) => els.map((e) => e.textContent ?? ''))) {
          const from = /(\S+@\S+?\.(?:test|example))/.exec(li)?.[1];
          if (from) assert.equal(li.split(from).length - 1, 1, li);
        }
        // The settings are one click away.
        await page.click('[data-action=open-settings]');
        assert.ok(requests.some((r) => r.type === 'open.options'));
        // An opened event names itself on the tab.
        await page.click('#attention li[data-kind=counter] .attention-open');
        await page.waitForSelector('#event-title');
        assert.equal(await page.title(), 'Project kickoff – imip-agent');
      } finally {
        await p.close();
      }
    }
  });
});
