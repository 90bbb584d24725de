// Page tests, in Chromium with a fake background (test/ui/popup-page.ts): the popup's states and qualities: consent, dark theme, German, hostile data, waiting, errors, recurrence text, store notices.
// Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, ok } from './harness.js';
import * as F from './fixtures/popup-views.js';
import { open, shot, skip } from './popup-page.js';

describe("the popup's states and qualities", { skip }, () => {
  after(closeBrowser);

  test('needs-consent: the answer to an encrypted invitation waits; "send unencrypted" calls outbox.consent', async () => {
    const waiting = F.sent({ state: 'needs-consent', encrypted: false, error: 'no OpenPGP key for carol@example.test' });
    const p = await open(F.encryptedInvitation, {
      'message.act': () => ok(F.outcome([waiting])),
      'outbox.consent': (req) => ok({ ...waiting, state: req.send ? 'sent' : 'failed', phase: req.send ? 'sent' : 'discarded', error: null }),
    });
    const { page } = p;
    try {
      assert.equal(await page.textContent('.badge.encrypted'), 'Encrypted');
      await page.click('[data-action=respond-ACCEPTED]');
      await page.waitForSelector('#sent li[data-state=needs-consent]');
      await shot(p, 'needs-consent');
      assert.match((await page.textContent('#sent li'))!, /no OpenPGP key for carol@example\.test/);
      await page.click('[data-action=consent-send]');
      await page.waitForSelector('#sent li[data-state=sent]');
      assert.deepEqual(p.of('outbox.consent'), [{ type: 'outbox.consent', id: 'out-1', send: true }]);
      assert.equal(await page.locator('[data-action=consent-send]').count(), 0);
    } finally {
      await p.close();
    }
  });

  test('"don\'t send" drops the answer', async () => {
    const waiting = F.sent({ state: 'needs-consent' });
    const p = await open(F.encryptedInvitation, {
      'message.act': () => ok(F.outcome([waiting])),
      'outbox.consent': () => ok({ ...waiting, state: 'failed', phase: 'discarded', error: 'not sent: you chose not to send it unencrypted' }),
    });
    try {
      await p.page.click('[data-action=respond-DECLINED]');
      await p.page.click('[data-action=consent-drop]');
      await p.page.waitForSelector('#sent li[data-state=failed]');
      assert.deepEqual(p.of('outbox.consent')[0], { type: 'outbox.consent', id: 'out-1', send: false });
      assert.match((await p.page.textContent('#sent li'))!, /^not sent: discarded.*you chose not to send it unencrypted/);
      assert.equal(await p.page.locator('#sent [data-action=resend]').count(), 0, 'a discarded answer is not offered again');
    } finally {
      await p.close();
    }
  });

  test('dark theme: dark background, light text, the picture in dark colours', async () => {
    const p = await open(F.invitationWithConflict, {}, { colorScheme: 'dark' });
    try {
      await shot(p, 'invitation-dark');
      const colours = await p.page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        column: getComputedStyle(document.querySelector('.day-picture .column')!).fill,
        conflict: getComputedStyle(document.querySelector('.day-picture .conflict')!).stroke,
      }));
      const lum = (rgb: string) => {
        const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      assert.equal(colours.body, 'rgb(28, 27, 34)');
      assert.ok(lum(colours.body) < 50 && lum(colours.text) > 200, JSON.stringify(colours));
      assert.ok(lum(colours.column) < 50, colours.column);
      assert.equal(colours.conflict, 'rgb(255, 132, 139)');
    } finally {
      await p.close();
    }
  });

  test('German UI: labels, dates and the recurrence in German', async () => {
    const p = await open(F.recurringInvitation, {}, { lang: 'de' });
    const { page } = p;
    try {
      await shot(p, 'invitation-de');
      assert.equal(await page.getAttribute('html', 'lang'), 'de');
      assert.equal(await page.textContent('[data-action=respond-ACCEPTED]'), 'Zusagen');
      assert.equal(await page.textContent('[data-action=respond-DECLINED]'), 'Absagen');
      assert.equal(await page.textContent('.facts dt'), 'Wann');
      assert.match((await page.textContent('.when'))!, /Mi\., 13\. Jan\. 2027, 14:00 – 14:30/);
      assert.equal(await page.textContent('.recurrence .rrule-text'), 'wöchentlich am Montag, Mittwoch, 10 Mal');
      assert.equal(await page.textContent('.your-answer'), 'Noch keine Antwort');
      assert.equal(await page.textContent('label[for=scope]'), 'Antwort für');
      // No key is missing: a missing one would show as popup_… on the page.
      assert.doesNotMatch((await page.textContent('body'))!, /popup_/);
    } finally {
      await p.close();
    }
  });

  test('hostile data stays text: no element is made from a summary, description or name', async () => {
    const p = await open(F.hostileInvitation);
    const { page } = p;
    try {
      await shot(p, 'hostile');
      assert.equal(await page.textContent('.summary'), F.HOSTILE_SUMMARY);
      assert.equal(await page.textContent('.description .text'), F.HOSTILE_DESCRIPTION);
      assert.equal(await page.textContent('.where'), '<iframe src="https://evil.example.test">');
      assert.equal(await page.textContent('.warnings li'), '<b>The sender is not the organizer</b>');
      assert.ok((await page.locator('.day-picture .busy text').allTextContents()).includes('<img src=x onerror=alert(4)>'));
      const made = await page.evaluate(
        () => document.querySelectorAll('#items img, #items script, #items iframe, #items b, #items svg svg[onload], #items [onerror], #items [onload]').length,
      );
      assert.equal(made, 0);
      assert.notEqual(await page.title(), 'pwned');
      // The javascript: link is only text, and is not offered for opening at all.
      assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
      assert.equal(await page.locator('.attachments [data-action=open-link]').count(), 0);
      assert.equal(await page.textContent('.attachments .uri'), 'javascript:alert(3)');
    } finally {
      await p.close();
    }
  });

  test('waiting for decryption: #status explains, a retry reads the message again', async () => {
    let reads = 0;
    const p = await open(null, { 'message.view': () => (reads++, ok(reads > 1 ? F.encryptedInvitation : F.waitingForDecryption)) });
    try {
      await shot(p, 'waiting');
      assert.match((await p.page.textContent('#status'))!, /^Waiting for decryption/);
      assert.equal(await p.page.locator('.item').count(), 0);
      assert.deepEqual(p.of('message.view')[0], { type: 'message.view', tabId: 7 });
      await p.page.click('[data-action=retry]');
      await p.page.waitForSelector('.item');
      assert.equal(await p.page.isHidden('#status'), true);
      assert.deepEqual(p.of('message.view')[1], { type: 'message.view', messageId: 42 });
    } finally {
      await p.close();
    }
  });

  test('errors: a broken message and a failing background are shown as clear text in #error', async () => {
    const p = await open(F.brokenMessage);
    try {
      await shot(p, 'error');
      assert.equal(await p.page.textContent('#error'), 'This message could not be read: the calendar part is not valid iCalendar (line 4: missing END:VEVENT)');
      assert.equal(await p.page.isVisible('#error'), true);
    } finally {
      await p.close();
    }
    const q = await open(F.invitationWithConflict, { 'message.act': () => ({ ok: false, error: 'the store is locked by another window' }) });
    try {
      await q.page.click('[data-action=respond-ACCEPTED]');
      await q.page.waitForSelector('#error:not([hidden])');
      assert.equal(await q.page.textContent('#error'), 'That did not work: the store is locked by another window');
      assert.equal(await q.page.isDisabled('[data-action=respond-ACCEPTED]'), false);
    } finally {
      await q.close();
    }
    const none = await open(null);
    try {
      assert.equal(await none.page.textContent('#status'), 'This message carries no calendar data.');
    } finally {
      await none.close();
    }
  });

  test('recurrence in words, English from rrule and German, with the rule itself where words fall short', async () => {
    const en = await open(F.manyRules);
    try {
      assert.deepEqual(await en.page.locator('.recurrence').allTextContents(), [
        'every day',
        'every 3 days',
        'every 2 weeks on Tuesday',
        'every weekday',
        'every month on the 2nd Tuesday',
        'every month on the 1st and 15th',
        'every month on the last Friday',
        'every year until Tue, Jan 1, 2030',
        'every March on the 1st',
        'every week on Monday (~ approximate)Rule: FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1',
        'Rule: FREQ=SECONDLY',
      ]);
      // One message, several objects: every id on the page is still unique.
      const ids = await en.page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(await en.page.locator('textarea#comment').count(), 1);
      assert.equal(await en.page.locator('textarea#comment-2').count(), 1);
    } finally {
      await en.close();
    }
    const de = await open(F.manyRules, {}, { lang: 'de' });
    try {
      assert.deepEqual(await de.page.locator('.recurrence').allTextContents(), [
        'täglich',
        'alle 3 Tage',
        'alle 2 Wochen am Dienstag',
        'werktags',
        'monatlich am 2. Dienstag',
        'monatlich am 1. und 15.',
        'monatlich am letzten Freitag',
        'jährlich bis Di., 1. Jan. 2030',
        'jeden März am 1.',
        'wöchentlich am Montag (ungefähr)Regel: FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1',
        'Regel: FREQ=SECONDLY',
      ]);
    } finally {
      await de.close();
    }
  });

  test('a store change elsewhere redraws the popup, unless the user is typing', async () => {
    let version = 0;
    const p = await open(F.invitationWithConflict, {
      'message.view': () => ok(version ? F.message([F.item({ stored: F.event({ partstat: 'DECLINED' }) })]) : F.invitationWithConflict),
    });
    try {
      version = 1;
      await p.notice({ notice: 'store.changed', identity: F.USER, uids: ['planning-2027-q1@example.test'] });
      await p.page.waitForFunction(() => document.querySelector('.your-answer')?.textContent === 'Declined');
      await p.page.fill('textarea#comment', 'half-written');
      await p.notice({ notice: 'store.changed', identity: F.USER, uids: ['planning-2027-q1@example.test'] });
      await p.page.waitForSelector('[data-action=reload]');
      assert.equal(await p.page.inputValue('textarea#comment'), 'half-written');
      // Someone else's event changing does nothing.
      const reads = p.of('message.view').length;
      await p.notice({ notice: 'store.changed', identity: F.USER, uids: ['other@example.test'] });
      assert.equal(p.of('message.view').length, reads);
    } finally {
      await p.close();
    }
  });

  test('who sent it, in words: verified, relayed with the relay named, and a held update applied with one click', async () => {
    const relayed = F.message([
      F.item({
        sender: { verification: 'relayed', note: 'sent on behalf of carol@example.test by noreply@cloud.example.test' },
        waitingId: 'q-7',
        outcome: { action: 'queued', reason: 'update sent on behalf of carol@example.test by noreply@cloud.example.test: not applied until you confirm it' },
      }),
    ]);
    let applied = false;
    const p = await open(relayed, {
      'message.view': () =>
        ok(
          applied
            ? F.message([F.item({ sender: { verification: 'relayed', note: 'sent on behalf of carol@example.test by noreply@cloud.example.test' } })])
            : relayed,
        ),
      'queued.apply': () => {
        applied = true;
        return ok({ results: [{ method: 'REQUEST', uid: 'planning-2027-q1@example.test', action: 'updated', reason: 'update' }], sent: [] });
      },
    });
    try {
      assert.equal(await p.page.getAttribute('.sender', 'data-verification'), 'relayed');
      assert.equal(await p.page.textContent('.sender p'), 'Sent through a relay: sent on behalf of carol@example.test by noreply@cloud.example.test');
      await p.page.click('[data-action=apply-queued]');
      await p.page.waitForFunction(() => !document.querySelector('[data-action=apply-queued]'));
      assert.deepEqual(p.of('queued.apply'), [{ type: 'queued.apply', identity: F.USER, id: 'q-7', uid: 'planning-2027-q1@example.test' }]);
    } finally {
      await p.close();
    }
    const verified = await open(F.invitationWithConflict);
    try {
      assert.equal(await verified.page.textContent('.sender .verification'), 'Sender verified:');
      assert.equal(await verified.page.locator('[data-action=apply-queued]').count(), 0);
    } finally {
      await verified.close();
    }
  });
});
