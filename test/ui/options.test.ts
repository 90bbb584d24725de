// The options page rendered in Chromium against a fake background (test/ui/options-background.ts)
// that checks preferences with the core's own table: what the page shows for each identity,
// and the exact requests its Save buttons send.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, openPage, pageTestsAvailable, type OpenPage } from './harness.js';
import { background, fakeState, prefMeta, type FakeState } from './options-background.js';
import type { Request } from '../../src/shared/protocol.js';

const skip = pageTestsAvailable() ?? false;
const ALICE = 'section[data-identity="alice@example.test"]';
const ROOM = 'section[data-identity="room101@example.test"]';

async function open(
  state: FakeState,
  opts: { lang?: 'en' | 'de'; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<OpenPage> {
  const p = await openPage({ path: 'options/index.html', api: background(state), ...opts });
  await p.page.waitForSelector('body[data-ready]');
  return p;
}

/** The requests that change something (the page's reads left out). */
function writes(state: FakeState): Request[] {
  return state.requests.filter((r) => /\.set$|^open\./.test(r.type));
}

after(() => closeBrowser());

describe('options page', { skip }, () => {
  test('one section per identity, each with every control labelled and named as agreed', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      const identities = await p.page.$$eval('section[data-identity]', (els) => els.map((e) => e.getAttribute('data-identity')));
      assert.deepEqual(identities, ['alice@example.test', 'room101@example.test']);
      for (const section of [ALICE, ROOM]) {
        for (const name of ['role', 'autoAnswers', 'notifyInvitations', 'notifyCounters', 'reminders', ...prefMeta().map((m) => m.name)]) {
          const labels = await p.page.$eval(`${section} [name="${name}"]`, (el) => ((el as HTMLInputElement).labels ?? []).length).catch(() => -1);
          assert.ok(labels > 0, `${section} has a labelled control named ${name} (labels: ${labels})`);
        }
        assert.equal(await p.page.locator(`${section} [data-action=save]`).count(), 1);
      }
      // Stored values, defaults and the system zone as TZID's default.
      assert.equal(await p.page.inputValue(`${ALICE} [name=freebusy_sharing]`), 'share');
      assert.equal(await p.page.inputValue(`${ALICE} [name=party_crashers]`), 'refuse');
      assert.equal(await p.page.inputValue(`${ALICE} [name=TZID]`), 'Europe/Berlin');
      assert.match(
        await p.page.locator(`${ALICE} [data-pref=TZID] .pref-default`).innerText(),
        /default: Europe\/Berlin \(Thunderbird’s calendar time zone, followed when it changes\)/,
      );
      assert.match(await p.page.locator(`${ALICE} [data-pref=party_crashers] .pref-default`).innerText(), /default: Refuse the reply/);
      assert.equal(await p.page.inputValue(`${ROOM} [name=scheduling_function]`), 'access_control_list\nschedule_in_freebusy 2');
      // Enumerations are selects, rules textareas, durations a number and a unit.
      assert.equal(await p.page.$eval(`${ALICE} [name=add_method_response]`, (e) => e.tagName), 'SELECT');
      assert.equal(await p.page.$eval(`${ROOM} [name=acl]`, (e) => e.tagName), 'TEXTAREA');
      assert.equal(
        await p.page.$eval(`${ROOM} [name=quota_limits]`, (e) => (e as HTMLInputElement).type),
        'text',
        'quota per organiser: rows of address and allowance',
      );
      assert.equal(await p.page.$eval(`${ALICE} [name=freebusy_offers]`, (e) => (e as HTMLInputElement).type), 'number');
      assert.equal(await p.page.$eval(`${ALICE} [name=freebusy_offers-unit]`, (e) => e.tagName), 'SELECT');
      // Each role is explained; the global switches are loaded.
      assert.match(await p.page.locator(`${ALICE} #identity-0-role-help`).innerText(), /You answer invitations yourself/);
      assert.match(await p.page.locator(`${ROOM} #identity-1-role-help`).innerText(), /booking request/);
      assert.equal(await p.page.isChecked('input[name=banner]'), true);
      assert.equal(await p.page.isChecked('input[name=showImipBar]'), true);
    } finally {
      await p.close();
    }
  });

  test('the resource booking rules show only for the resource role; choosing it reveals them', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      assert.equal(await p.page.isVisible(`${ALICE} [name=scheduling_function]`), false);
      assert.equal(await p.page.isVisible(`${ALICE} [name=acl]`), false);
      assert.equal(await p.page.isVisible(`${ROOM} [name=scheduling_function]`), true);
      // Limits matter to a person too (warnings): always shown.
      assert.equal(await p.page.isVisible(`${ALICE} [name=max_duration]`), true);
      await p.page.selectOption(`${ALICE} select[name=role]`, 'resource');
      assert.equal(await p.page.isVisible(`${ALICE} [name=scheduling_function]`), true);
      assert.equal(await p.page.isVisible(`${ALICE} [name=quota_limits]`), true);
      assert.match(await p.page.locator(`${ALICE} #identity-0-role-help`).innerText(), /room or a piece of equipment/);
      // A resource without automatic answers is warned that nothing will answer on its own.
      await p.page.uncheck(`${ALICE} input[name=autoAnswers]`);
      assert.equal(await p.page.isVisible(`${ALICE} .notice.warn`), true);
      await p.page.selectOption(`${ALICE} select[name=role]`, 'person');
      assert.equal(await p.page.isVisible(`${ALICE} [name=scheduling_function]`), false);
      assert.equal(await p.page.isVisible(`${ALICE} .notice.warn`), false);
    } finally {
      await p.close();
    }
  });

  test('a refused value is shown next to its control, and nothing at all is saved', async () => {
    const state = fakeState();
    const before = structuredClone({ prefs: state.prefs, settings: state.settings });
    const p = await open(state);
    try {
      await p.page.check(`${ALICE} input[name=reminders]`);
      await p.page.selectOption(`${ALICE} [name=freebusy_bundling]`, 'always');
      await p.page.fill(`${ALICE} [name=TZID]`, 'Mars/Olympus_Mons');
      await p.page.click(`${ALICE} [data-action=save]`);
      const error = p.page.locator(`${ALICE} [data-pref=TZID] .pref-error`);
      await error.waitFor({ state: 'visible' });
      assert.equal(await error.innerText(), 'This value was refused: must be an IANA time zone name such as Europe/Berlin');
      assert.equal(await p.page.locator(`${ALICE} .pref-error:visible`).count(), 1);
      assert.equal(await p.page.getAttribute(`${ALICE} [name=TZID]`, 'aria-invalid'), 'true');
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), 'TZID', 'focus moves to the refused control');
      assert.match(await p.page.locator(`${ALICE} .save-status`).innerText(), /Not saved: the value of “Time zone” was refused\. Nothing was changed\./);
      assert.equal(await p.page.getAttribute(`${ALICE} .save-status`, 'aria-live'), 'polite');
      // One all-or-nothing prefs.set was refused; settings.set was never sent.
      assert.deepEqual(writes(state), [
        { type: 'prefs.set', identity: 'alice@example.test', prefs: { freebusy_bundling: 'always', TZID: 'Mars/Olympus_Mons' } },
      ]);
      assert.deepEqual({ prefs: state.prefs, settings: state.settings }, before);
      await p.page.screenshot({ path: '/tmp/options-refused.png', fullPage: false });
      // Correcting the value clears the error and saves everything.
      await p.page.fill(`${ALICE} [name=TZID]`, 'Europe/Paris');
      assert.equal(await error.isVisible(), false);
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.equal(state.prefs['alice@example.test']!['TZID'], 'Europe/Paris');
      assert.equal(state.settings['alice@example.test']!.reminders, true);
    } finally {
      await p.close();
    }
  });

  test('"Return to default" unsets a stored preference', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      const row = `${ALICE} [data-pref=freebusy_sharing]`;
      assert.match(await p.page.locator(`${row} .pref-default`).innerText(), /default: Do not answer them/);
      await p.page.click(`${row} [data-action=unset]`);
      assert.equal(await p.page.inputValue(`${row} select`), 'no');
      assert.equal(await p.page.isVisible(`${row} .pref-pending`), true);
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state), [{ type: 'prefs.set', identity: 'alice@example.test', prefs: {}, unset: ['freebusy_sharing'] }]);
      assert.deepEqual(state.prefs['alice@example.test'], { CN: 'Alice Example' });
      // The section now shows the default, with nothing left to reset.
      assert.equal(await p.page.inputValue(`${row} select`), 'no');
      assert.equal(await p.page.isVisible(`${row} [data-action=unset]`), false);
      // Emptying a free-text preference unsets it too.
      await p.page.fill(`${ALICE} [name=CN]`, '');
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state).at(-1), { type: 'prefs.set', identity: 'alice@example.test', prefs: {}, unset: ['CN'] });
      assert.deepEqual(state.prefs['alice@example.test'], {});
    } finally {
      await p.close();
    }
  });

  test('Save sends exactly the changed preferences, then the settings, and says so', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), '');
      await p.page.fill(`${ALICE} [name=TZID]`, 'America/New_York');
      await p.page.selectOption(`${ALICE} [name=event_refreshing]`, 'always');
      await p.page.check(`${ALICE} input[name=reminders]`);
      await p.page.uncheck(`${ALICE} input[name=notifyCounters]`);
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), 'Unsaved changes');
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), 'Saved.');
      assert.deepEqual(writes(state), [
        { type: 'prefs.set', identity: 'alice@example.test', prefs: { TZID: 'America/New_York', event_refreshing: 'always' } },
        {
          type: 'settings.set',
          identity: 'alice@example.test',
          settings: { role: 'person', autoAnswers: true, notifyInvitations: true, notifyCounters: false, reminders: true },
        },
      ]);
      // The section reloads what is stored: TZID is now the user's own, with a way back.
      assert.equal(await p.page.isVisible(`${ALICE} [data-pref=TZID] [data-action=unset]`), true);
      // Saving again with nothing changed sends nothing.
      const count = state.requests.length;
      await p.page.click(`${ALICE} [data-action=save]`);
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), 'Nothing has changed.');
      assert.equal(state.requests.length, count);

      // "Not participating" and participating=no are kept in step, and saved together.
      await p.page.selectOption(`${ROOM} select[name=role]`, 'none');
      assert.equal(await p.page.inputValue(`${ROOM} [name=participating]`), 'no');
      await p.page.click(`${ROOM} [data-action=save]`);
      await p.page.locator(`${ROOM} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state).slice(2), [
        { type: 'prefs.set', identity: 'room101@example.test', prefs: { participating: 'no' } },
        {
          type: 'settings.set',
          identity: 'room101@example.test',
          settings: { role: 'none', autoAnswers: true, notifyInvitations: false, notifyCounters: false, reminders: false },
        },
      ]);

      // The general settings and the way to the management page.
      await p.page.uncheck('input[name=showImipBar]');
      await p.page.click('#global [data-action=save]');
      await p.page.locator('#global .save-status[data-state=ok]').waitFor();
      assert.deepEqual(state.global, { banner: true, showImipBar: false });
      await p.page.click('.page-header [data-action=open-manager]');
      await p.page.click(`${ROOM} [data-action=open-manager]`);
      await p.page.waitForFunction(() => true);
      assert.deepEqual(writes(state).slice(4), [
        { type: 'global.set', settings: { banner: true, showImipBar: false } },
        { type: 'open.manager' },
        { type: 'open.manager', identity: 'room101@example.test' },
      ]);
    } finally {
      await p.close();
    }
  });

  test('a failing background is reported, not hidden', async () => {
    const state = fakeState();
    state.failing['settings.set'] = 'the store is closed';
    const p = await open(state);
    try {
      await p.page.check(`${ALICE} input[name=reminders]`);
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=error]`).waitFor();
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), 'Not saved: the store is closed');
    } finally {
      await p.close();
    }
    const broken = fakeState();
    broken.failing['prefs.get'] = 'database is locked';
    const q = await open(broken);
    try {
      assert.match(await q.page.locator(`${ALICE} .notice.error`).innerText(), /The settings could not be loaded: database is locked/);
      assert.equal(await q.page.isVisible(`${ALICE} [data-action=save]`), false);
      delete broken.failing['prefs.get'];
      await q.page.click(`${ALICE} [data-action=retry]`);
      await q.page.locator(`${ALICE} [name=TZID]`).waitFor();
      assert.equal(await q.page.isVisible(`${ALICE} [data-action=save]`), true);
    } finally {
      await q.close();
    }
  });

  test('an enumeration without a default starts unset; a preference new to the page shows its English help', async () => {
    const state = fakeState();
    state.patchMeta = (meta) => [
      ...meta.map((m) => (m.name === 'party_crashers' ? { ...m, default: null } : m)),
      { name: 'future_pref', help: 'a preference the locales do not know yet', default: null, values: null, group: 'engine' as const },
    ];
    const p = await open(state);
    try {
      const row = `${ALICE} [data-pref=party_crashers]`;
      assert.equal(await p.page.inputValue(`${row} select`), '');
      assert.equal(await p.page.locator(`${row} option`).first().innerText(), '(not set)');
      assert.match(await p.page.locator(`${row} .pref-default`).innerText(), /default: not set/);
      assert.equal(await p.page.locator(`${ALICE} [data-pref=future_pref] .help`).innerText(), 'a preference the locales do not know yet');
      await p.page.click(`${ALICE} [data-action=save]`);
      assert.equal(await p.page.locator(`${ALICE} .save-status`).innerText(), 'Nothing has changed.');
      await p.page.selectOption(`${row} select`, 'accept');
      await p.page.click(`${ALICE} [data-action=save]`);
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state), [{ type: 'prefs.set', identity: 'alice@example.test', prefs: { party_crashers: 'accept' } }]);
    } finally {
      await p.close();
    }
  });

  test('German: every text is translated, the page language is de', async () => {
    const state = fakeState();
    const p = await open(state, { lang: 'de', viewport: { width: 1100, height: 1000 } });
    try {
      assert.equal(await p.page.getAttribute('html', 'lang'), 'de');
      assert.equal(await p.page.title(), 'imip-agent – Einstellungen');
      const text = await p.page.locator('body').innerText();
      assert.doesNotMatch(text, /options_\w+/, 'no message key shows through');
      assert.match(await p.page.locator(`${ALICE} label[for="identity-0-TZID"]`).innerText(), /Zeitzone/);
      assert.match(
        await p.page.locator(`${ALICE} [data-pref=TZID] .pref-default`).innerText(),
        /Standard: Europe\/Berlin \(Zeitzone des Thunderbird-Kalenders, folgt ihren Änderungen\)/,
      );
      assert.deepEqual(await p.page.$$eval(`${ALICE} select[name=role] option`, (o) => o.map((e) => e.textContent)), [
        'Person',
        'Ressource (Raum, Gerät)',
        'Nimmt nicht teil',
      ]);
      assert.deepEqual(await p.page.$$eval(`${ALICE} select[name=organiser_replacement] option`, (o) => o.map((e) => e.textContent)), [
        'Ein Teilnehmer des Termins, nach Ihrer Bestätigung',
        'Jeder, nach Ihrer Bestätigung',
        'Niemand',
      ]);
      assert.equal(await p.page.locator(`${ALICE} [data-action=save]`).innerText(), 'Speichern');
      // Every preference's help is the German text, not the core's English.
      for (const meta of prefMeta()) {
        const help = await p.page.locator(`${ROOM} #identity-1-${meta.name}-help`).innerText();
        assert.notEqual(help, meta.help, `${meta.name} has a German help text`);
      }
      await p.page.screenshot({ path: '/tmp/options-de.png' });
    } finally {
      await p.close();
    }
  });

  test('dark theme: Thunderbird dark colours, readable text', async () => {
    const state = fakeState();
    const p = await open(state, { colorScheme: 'dark', viewport: { width: 1100, height: 1000 } });
    try {
      const lum = (rgb: string) => {
        const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      };
      const colors = await p.page.$eval(`${ALICE} fieldset`, (el) => {
        const s = getComputedStyle(el);
        return { bg: s.backgroundColor, fg: getComputedStyle(el.querySelector('.pref-label')!).color, body: getComputedStyle(document.body).backgroundColor };
      });
      assert.ok(lum(colors.body) < 0.2, `dark page background (${colors.body})`);
      assert.ok(lum(colors.bg) < 0.25, `dark cards (${colors.bg})`);
      assert.ok(lum(colors.fg) > 0.8, `light text (${colors.fg})`);
      await p.page.screenshot({ path: '/tmp/options-dark.png' });
    } finally {
      await p.close();
    }
  });

  test('keyboard only: Tab reaches every control, in page order', async () => {
    const state = fakeState();
    const p = await open(state);
    try {
      await p.page.selectOption(`${ALICE} select[name=role]`, 'resource'); // show every control
      const all = await p.page.$$eval('a[href], button, input, select, textarea', (els) =>
        els
          .filter((e) => (e as HTMLElement).offsetParent !== null || (e as HTMLElement).getClientRects().length > 0)
          .map((e) => {
            const el = e as HTMLElement & { name?: string };
            el.dataset['tabId'] = Math.random().toString(36).slice(2);
            return el.dataset['tabId']!;
          }),
      );
      await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const reached: string[] = [];
      for (let i = 0; i < all.length + 5; i++) {
        await p.page.keyboard.press('Tab');
        const id = await p.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['tabId'] ?? '');
        if (id && !reached.includes(id)) reached.push(id);
      }
      const missed = all.filter((id) => !reached.includes(id));
      const names = await p.page.$$eval(
        '[data-tab-id]',
        (els, ids) => els.filter((e) => ids.includes((e as HTMLElement).dataset['tabId']!)).map((e) => e.outerHTML.slice(0, 80)),
        missed,
      );
      assert.deepEqual(names, [], 'every visible control is reachable with Tab');
      assert.deepEqual(reached, all, 'in page order');
      // And Save works from the keyboard: focus it, press Enter.
      await p.page.check(`${ALICE} input[name=reminders]`);
      await p.page.focus(`${ALICE} [data-action=save]`);
      await p.page.keyboard.press('Enter');
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.equal(state.settings['alice@example.test']!.reminders, true);
      assert.equal(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset['action']), 'save', 'focus stays on Save');
      // Enter in a text field saves its section, as in any form.
      await p.page.fill(`${ALICE} [name=max_duration]`, '8');
      await p.page.selectOption(`${ALICE} [name=max_duration-unit]`, 'hours');
      await p.page.press(`${ALICE} [name=max_duration]`, 'Enter');
      await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state).at(-1), { type: 'prefs.set', identity: 'alice@example.test', prefs: { max_duration: 'PT8H' } });
    } finally {
      await p.close();
    }
  });

  test('stored resource rules show in their pickers, unchanged ones are not sent; a rule a picker cannot show keeps its text', async () => {
    const state = fakeState();
    state.prefs['room101@example.test'] = {
      quota: 'PT4H per P7D',
      quota_limits: 'boss@example.org PT10H per P7D\n* PT2H per P1D',
      permitted_frequencies: 'daily,weekly',
      max_periods: '3 per PT90S',
    };
    const p = await open(state);
    try {
      assert.deepEqual(
        [
          await p.page.inputValue(`${ROOM} [name=quota]`),
          await p.page.inputValue(`${ROOM} [name=quota-unit]`),
          await p.page.inputValue(`${ROOM} [name=quota-interval]`),
          await p.page.inputValue(`${ROOM} [name=quota-interval-unit]`),
        ],
        ['4', 'hours', '1', 'weeks'],
      );
      assert.deepEqual(
        [
          await p.page.inputValue(`${ROOM} [name=quota_limits]`),
          await p.page.inputValue(`${ROOM} [name=quota_limits-who-1]`),
          await p.page.inputValue(`${ROOM} [name=quota_limits-1]`),
        ],
        ['boss@example.org', '', '2'],
        'the * row is "everyone else": an empty address',
      );
      const ticked = await p.page.$$eval(`${ROOM} [data-pref=permitted_frequencies] input[type=checkbox]`, (els) =>
        els.filter((e) => (e as HTMLInputElement).checked).map((e) => (e as HTMLInputElement).value),
      );
      assert.deepEqual(ticked, ['DAILY', 'WEEKLY']);
      // 90 seconds is no unit the picker offers: the rule stays text, as stored.
      assert.equal(await p.page.inputValue(`${ROOM} [name=max_periods]`), '3 per PT90S');
      // Removing boss@example.org's row leaves everyone else's (the first row, which the label
      // names, is emptied rather than taken away); only that change is sent.
      await p.page.click(`${ROOM} [data-pref=quota_limits] [data-action=remove-row] >> nth=0`);
      assert.deepEqual(
        [
          await p.page.inputValue(`${ROOM} [name=quota_limits]`),
          await p.page.inputValue(`${ROOM} [name=quota_limits-0]`),
          await p.page.inputValue(`${ROOM} [name=quota_limits-1]`),
        ],
        ['', '', '2'],
      );
      await p.page.click(`${ROOM} [data-action=save]`);
      await p.page.locator(`${ROOM} .save-status[data-state=ok]`).waitFor();
      assert.deepEqual(writes(state).at(-1), { type: 'prefs.set', identity: 'room101@example.test', prefs: { quota_limits: '* PT2H per P1D' } });
    } finally {
      await p.close();
    }
  });

  test('plain words: durations through a picker, the setting name and protocol term only in the details line', async () => {
    for (const lang of ['en', 'de'] as const) {
      const state = fakeState();
      const p = await open(state, { lang });
      try {
        const row = `${ALICE} [data-pref=freebusy_sharing]`;
        const label = await p.page.locator(`${row} .pref-label`).innerText();
        assert.doesNotMatch(label, /freebusy_sharing|VFREEBUSY/);
        assert.equal(
          await p.page.locator(`${row} .pref-name`).innerText(),
          lang === 'en'
            ? 'Setting name: freebusy_sharing · in the protocol: VFREEBUSY replies (RFC 5546 §3.3)'
            : 'Name der Einstellung: freebusy_sharing · im Protokoll: VFREEBUSY-Antworten (RFC 5546 §3.3)',
        );
        // No primary text of the identity's section names protocol terms, RFC 5545 notation or the
        // resource rules' syntax (quotas, occurrence counts, repetitions).
        const primary = await p.page.$$eval(
          `${ALICE} label, ${ALICE} .help, ${ALICE} .pref-default, ${ALICE} option, ${ALICE} legend, ${ALICE} h2, ${ALICE} h3`,
          (els) => els.map((e) => (e as HTMLElement).innerText).join('\n'),
        );
        assert.doesNotMatch(primary, /\b(VFREEBUSY|REFRESH|ADD|VALARM|REQUEST|RRULE|FREQ|DAILY|WEEKLY|DURATION|DAUER|PT\d+[HM]|P\d+[DW])\b/);
        assert.doesNotMatch(primary, /\b(VFREEBUSY|REFRESH|ADD|VALARM|REQUEST|PT\d+[HM]|P\d+[DW])\b/);
        assert.doesNotMatch(primary, /freebusy_sharing|event_refreshing|add_method_response/);
        // Two hours chosen as 2 and "hours": the background gets PT2H.
        await p.page.fill(`${ALICE} [name=freebusy_offers]`, '2');
        await p.page.selectOption(`${ALICE} [name=freebusy_offers-unit]`, 'hours');
        await p.page.click(`${ALICE} [data-action=save]`);
        await p.page.locator(`${ALICE} .save-status[data-state=ok]`).waitFor();
        assert.deepEqual(writes(state).at(-1), { type: 'prefs.set', identity: 'alice@example.test', prefs: { freebusy_offers: 'PT2H' } });
        // The resource's rules picked in words still reach the background as their rule text:
        // 4 hours per 1 week, 3 per 1 day, every repetition but by the second and by the minute.
        const room = ROOM;
        assert.equal(
          await p.page.$eval(`${room} [name=permitted_frequencies]`, (e) => (e as HTMLInputElement).checked),
          true,
          'all repetitions allowed by default',
        );
        await p.page.fill(`${room} [name=quota]`, '4');
        await p.page.selectOption(`${room} [name=quota-unit]`, 'hours');
        await p.page.fill(`${room} [name=quota-interval]`, '1');
        await p.page.selectOption(`${room} [name=quota-interval-unit]`, 'weeks');
        await p.page.fill(`${room} [name=max_periods]`, '3');
        await p.page.fill(`${room} [name=max_periods-interval]`, '1');
        await p.page.selectOption(`${room} [name=max_periods-interval-unit]`, 'days');
        await p.page.uncheck(`${room} [name=permitted_frequencies]`);
        await p.page.uncheck(`${room} [name=permitted_frequencies-MINUTELY]`);
        // The quota per organiser: one row for boss@example.org, a second (empty address) for everyone else.
        await p.page.fill(`${room} [name=quota_limits]`, 'boss@example.org');
        await p.page.fill(`${room} [name=quota_limits-0]`, '10');
        await p.page.selectOption(`${room} [name=quota_limits-0-unit]`, 'hours');
        await p.page.fill(`${room} [name=quota_limits-0-interval]`, '1');
        await p.page.selectOption(`${room} [name=quota_limits-0-interval-unit]`, 'weeks');
        await p.page.click(`${room} [data-pref=quota_limits] [data-action=add-row]`);
        await p.page.fill(`${room} [name=quota_limits-1]`, '2');
        await p.page.selectOption(`${room} [name=quota_limits-1-unit]`, 'hours');
        await p.page.fill(`${room} [name=quota_limits-1-interval]`, '1');
        await p.page.selectOption(`${room} [name=quota_limits-1-interval-unit]`, 'days');
        await p.page.click(`${room} [data-action=save]`);
        await p.page.locator(`${room} .save-status[data-state=ok]`).waitFor();
        assert.deepEqual(writes(state).at(-1), {
          type: 'prefs.set',
          identity: 'room101@example.test',
          prefs: {
            quota: 'PT4H per P1W',
            quota_limits: 'boss@example.org PT10H per P1W\n* PT2H per P1D',
            max_periods: '3 per P1D',
            permitted_frequencies: 'HOURLY,DAILY,WEEKLY,MONTHLY,YEARLY',
          },
        });
      } finally {
        await p.close();
      }
    }
  });
});
