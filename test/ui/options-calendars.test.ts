// The options page's calendar section, in Chromium against the fake background: it says where
// accepted events go, and each choice is saved at once with the exact settings.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, openPage, pageTestsAvailable, type OpenPage } from './harness.js';
import { background, fakeState, type FakeState } from './options-background.js';

const skip = pageTestsAvailable() ?? false;
const ALICE = 'section[data-identity="alice@example.test"]';
const CAL = `${ALICE} [data-group=calendars]`;

async function open(state: FakeState, lang: 'en' | 'de' = 'en'): Promise<OpenPage> {
  const p = await openPage({ path: 'options/index.html', api: background(state), lang });
  await p.page.waitForSelector('body[data-ready]');
  await p.page.waitForSelector(`${CAL} .calendar-destination`);
  return p;
}

const saved = (state: FakeState) => state.requests.filter((r) => r.type === 'calendars.set').map((r) => (r as { settings: unknown }).settings);

after(() => closeBrowser());

describe('options page: Thunderbird calendars', { skip }, () => {
  test('says where accepted events go; the calendar, busy calendars, cancel and decline choices are saved as chosen', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      assert.equal(await p.page.locator(`${CAL} .calendar-destination`).innerText(), 'Accepted events go into your Thunderbird calendar “Work (CalDAV)”.');
      // Writable, enabled calendars only, after "automatic", and "keep only in imip-agent" last.
      const options = await p.page.$$eval(`${CAL} select[name=calendarTarget] option`, (els) =>
        els.map((e) => [(e as HTMLOptionElement).value, e.textContent]),
      );
      assert.deepEqual(options, [
        ['auto', 'Automatic: Work (CalDAV)'],
        ['calendar:cal-home', 'Home'],
        ['calendar:cal-work', 'Work (CalDAV)'],
        ['none', 'Keep only in imip-agent'],
      ]);
      // Every enabled calendar counts by default, each with a label.
      const boxes = await p.page.$$eval(`${CAL} input[name=busyCalendar]`, (els) =>
        els.map((e) => [(e as HTMLInputElement).value, (e as HTMLInputElement).checked, (e as HTMLInputElement).labels?.[0]?.textContent]),
      );
      assert.deepEqual(boxes, [
        ['cal-home', true, 'Home'],
        ['cal-work', true, 'Work (CalDAV)'],
        ['cal-holidays', true, 'Holidays (read-only)'],
      ]);

      await p.page.selectOption(`${CAL} select[name=calendarTarget]`, 'calendar:cal-home');
      await p.page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('“Home”'), `${CAL} .calendar-destination`);
      await p.page.uncheck(`${CAL} input[name=busyCalendar][value=cal-holidays]`);
      await p.page.waitForFunction((n) => document.querySelectorAll(`${n} input[name=busyCalendar]:not(:checked)`).length === 1, CAL);
      await p.page.selectOption(`${CAL} select[name=onDecline]`, 'remove');
      await p.page.waitForFunction(() => document.querySelector('[data-group=calendars] .calendar-status')?.getAttribute('data-state') === 'ok');
      assert.deepEqual(saved(state).at(-1), {
        target: { kind: 'calendar', id: 'cal-home' },
        busy: ['cal-home', 'cal-work'],
        onCancel: 'mark',
        onDecline: 'remove',
      });
      assert.equal(saved(state).length, 3, 'each change saved once');

      await p.page.selectOption(`${CAL} select[name=calendarTarget]`, 'none');
      await p.page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-writes-to') === '', `${CAL} .calendar-destination`);
      assert.match(await p.page.locator(`${CAL} .calendar-destination`).innerText(), /kept only in imip-agent/);
    } finally {
      await p.close();
    }
  });

  test("without Thunderbird's calendars the section says events stay in imip-agent; German text", async () => {
    const state = fakeState();
    state.calendars = null;
    const p = await open(state, 'de');
    try {
      assert.match(await p.page.locator(`${CAL} .calendar-destination`).innerText(), /bleiben Termine nur in imip-agent/);
      assert.equal(await p.page.locator(`${CAL} select`).count(), 0);
      assert.equal(await p.page.locator(`${CAL} legend`).first().innerText(), 'Thunderbird-Kalender');
    } finally {
      await p.close();
    }
  });
});
