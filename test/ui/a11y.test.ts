// Accessibility checked by a tool: axe-core over the popup, the message bar, the management page
// and the options page, in light and dark, with no serious or critical violation; and every action reachable by
// keyboard (Tab reaches each button, Enter and Space activate it). Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, ok, openPage, type OpenPage } from './harness.js';
import { seriousViolations } from './axe.js';
import * as F from './fixtures/popup-views.js';
import { ALICE, kickoff } from './fixtures/manager-data.js';
import { managerApi } from './manager-api.js';
import { background as optionsBackground, fakeState } from './options-background.js';
import { open as openPopup, skip } from './popup-page.js';
import { openBar } from './bar-page.js';

const SCHEMES = ['light', 'dark'] as const;

async function audited(p: OpenPage, what: string): Promise<void> {
  const found = await seriousViolations(p.page);
  assert.deepEqual(found, [], `${what}: ${found.join('\n')}`);
}

/** The elements Tab visits, in order, as "tag[data-action]" or their text. */
async function tabStops(p: OpenPage, max = 200): Promise<string[]> {
  const seen: string[] = [];
  // Start from the top of the page, wherever focus was.
  await p.page.evaluate(() => {
    document.body.setAttribute('tabindex', '-1');
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  for (let i = 0; i < max; i++) {
    await p.page.keyboard.press('Tab');
    const id = await p.page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      return e.dataset['action'] ?? `${e.tagName.toLowerCase()}:${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}`;
    });
    if (id === null || (seen.length && id === seen[0])) break;
    seen.push(id);
  }
  return seen;
}

describe('accessibility (axe-core) and the keyboard', { skip }, () => {
  after(closeBrowser);

  test('popup: invitation, counter to decide, reply, cancellation — light and dark', async () => {
    const views = { invitation: F.invitationWithConflict, counter: F.counterAsOrganizer, reply: F.replyAsOrganizer, cancellation: F.cancellation };
    for (const colorScheme of SCHEMES)
      for (const [name, view] of Object.entries(views)) {
        const p = await openPopup(view, {}, { colorScheme });
        try {
          await audited(p, `popup ${name} (${colorScheme})`);
        } finally {
          await p.close();
        }
      }
  });

  test('message bar: invitation, counter to decide, reply, cancellation, the first-run offer — light and dark', async () => {
    const views = { invitation: F.invitationWithConflict, counter: F.counterAsOrganizer, reply: F.replyAsOrganizer, cancellation: F.cancellation };
    for (const colorScheme of SCHEMES)
      for (const [name, view] of Object.entries(views)) {
        const b = await openBar(view, {}, name === 'invitation', colorScheme);
        try {
          await b.page.waitForSelector('#imip-agent-banner .bar-item');
          await audited(b, `bar ${name} (${colorScheme})`);
        } finally {
          await b.close();
        }
      }
  });

  test('message bar: Tab reaches each one-click answer', async () => {
    const b = await openBar(F.invitationWithConflict);
    try {
      await b.page.waitForSelector('#imip-agent-banner .bar-item');
      const stops = await tabStops(b);
      for (const action of ['bar-respond-ACCEPTED', 'bar-respond-TENTATIVE', 'bar-respond-DECLINED'])
        assert.ok(stops.includes(action), `${action} not reached by Tab: ${stops.join(', ')}`);
    } finally {
      await b.close();
    }
  });

  test('popup: Tab reaches every answer button; Enter and Space answer', async () => {
    for (const key of ['Enter', ' '] as const) {
      const p = await openPopup(F.invitationWithConflict, { 'message.act': () => ok(F.outcome([F.sent()])) });
      try {
        const stops = await tabStops(p);
        for (const action of ['respond-ACCEPTED', 'respond-TENTATIVE', 'respond-DECLINED'])
          assert.ok(stops.includes(action), `${action} in ${stops.join(', ')}`);
        while ((await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset['action'])) !== 'respond-TENTATIVE')
          await p.page.keyboard.press('Tab');
        await p.page.keyboard.press(key);
        await p.page.waitForFunction(() => document.querySelector('#sent li') !== null);
        assert.equal((p.of('message.act')[0]!.action as { partstat: string }).partstat, 'TENTATIVE');
      } finally {
        await p.close();
      }
    }
  });

  test("management page: week view and event page — light and dark; the week's events and the event's actions by keyboard", async () => {
    for (const colorScheme of SCHEMES) {
      const p = await openPage({
        path: `manager/index.html?identity=${ALICE}&view=week&date=2026-03-10`,
        api: managerApi({ 'event.get': () => kickoff }).api,
        viewport: { width: 1280, height: 860 },
        colorScheme,
      });
      try {
        await p.page.waitForSelector('.occurrence');
        await audited(p, `manager week (${colorScheme})`);
        const stops = await tabStops(p, 300);
        assert.ok(
          stops.some((s) => s.startsWith('button:') && /Design review/.test(s)),
          `an event is a tab stop: ${stops.join(', ')}`,
        );
        // Enter on an event opens its page.
        await p.page.focus('.occurrence');
        await p.page.keyboard.press('Enter');
        await p.page.waitForSelector('#event-title');
        await audited(p, `manager event (${colorScheme})`);
        const eventStops = await tabStops(p, 300);
        for (const action of ['export-event']) assert.ok(eventStops.includes(action), `${action} in ${eventStops.join(', ')}`);
      } finally {
        await p.close();
      }
    }
  });

  test('options page — light and dark; Save reachable by Tab', async () => {
    for (const colorScheme of SCHEMES) {
      const state = fakeState();
      const p = await openPage({ path: 'options/index.html', api: optionsBackground(state), colorScheme });
      try {
        await p.page.waitForSelector('body[data-ready]');
        await audited(p, `options (${colorScheme})`);
        assert.ok((await tabStops(p, 400)).includes('save'));
      } finally {
        await p.close();
      }
    }
  });
});
