// Page tests, in Chromium with a fake background (test/ui/popup-page.ts): the popup for an invitation (REQUEST as attendee): what it shows and every answer.
// Run `npm run build` first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowser, ok } from './harness.js';
import * as F from './fixtures/popup-views.js';
import { open, shot, skip } from './popup-page.js';

describe('the popup for an invitation (REQUEST as attendee)', { skip }, () => {
  after(closeBrowser);

  test('an invitation with a conflict: texts, attendees, and the day picture marks the overlap', async () => {
    const p = await open(F.invitationWithConflict);
    const { page } = p;
    try {
      await shot(p, 'invitation-light');
      const item = page.locator('.item');
      assert.equal(await item.getAttribute('data-uid'), 'planning-2027-q1@example.test');
      assert.equal(await item.getAttribute('data-method'), 'REQUEST');
      assert.equal(await page.textContent('.summary'), 'Quarterly planning');
      // 09:00–10:30 in London is 10:00–11:30 in the user's zone (Berlin); London shown alongside.
      const when = (await page.textContent('.when'))!;
      assert.match(when, /Wed, Jan 13, 2027, 10:00 AM – 11:30 AM/);
      assert.match(when, /9:00 AM – 10:30 AM in the event's zone \(Europe\/London\)/);
      assert.equal(await page.textContent('.where'), 'Room Galileo, 3rd floor');
      assert.equal(await page.textContent('.organizer'), 'Carol Organizer <carol@example.test>');
      assert.equal(await page.textContent('.your-answer'), 'No answer yet');
      assert.equal(await page.locator('.attendees tr[data-address]').count(), 5);
      assert.equal(await page.textContent('.attendees tr[data-address="bob@example.test"] .partstat-ACCEPTED'), 'Accepted');
      assert.equal(await page.textContent('.attendees tr[data-address="dana@example.test"] .partstat-TENTATIVE'), 'Tentative');
      assert.equal(await page.getAttribute('.attendees tr[data-address="alice@example.test"]', 'class'), 'is-user');
      assert.equal(await page.locator('.badge.encrypted').count(), 0);

      // The picture: three busy blocks with their summaries, the proposal, and one conflict.
      const pic = page.locator('svg.day-picture');
      assert.equal(await pic.locator('.busy').count(), 3);
      assert.deepEqual(await pic.locator('.busy title').allTextContents(), [
        'Team stand-up (9:00 AM – 9:15 AM)',
        '1:1 with Dana (11:00 AM – 12:00 PM)',
        'Lunch with Erik (12:30 PM – 1:30 PM)',
      ]);
      assert.ok((await pic.locator('.busy text').allTextContents()).includes('1:1 with Dana'));
      assert.equal(await pic.locator('.proposal').count(), 1);
      const conflict = pic.locator('.conflict');
      assert.equal(await conflict.count(), 1);
      // The overlap is 11:00–11:30 in Berlin: it starts where the 1:1 starts and lasts half an hour.
      assert.equal(await conflict.getAttribute('data-start'), '2027-01-13T10:00:00.000Z');
      assert.equal(await conflict.getAttribute('data-end'), '2027-01-13T10:30:00.000Z');
      const oneOnOne = pic.locator('.busy[data-uid="one-on-one@example.test"]');
      assert.equal(await oneOnOne.getAttribute('class'), 'busy fb-busy conflicting');
      const geometry = await page.evaluate(() => {
        const c = document.querySelector('.day-picture .conflict') as SVGRectElement;
        const b = document.querySelector('.day-picture .busy[data-uid="one-on-one@example.test"] rect') as SVGRectElement;
        const pr = document.querySelector('.day-picture .proposal rect') as SVGRectElement;
        return {
          cy: +c.getAttribute('y')!,
          ch: +c.getAttribute('height')!,
          by: +b.getAttribute('y')!,
          bh: +b.getAttribute('height')!,
          py: +pr.getAttribute('y')!,
          ph: +pr.getAttribute('height')!,
        };
      });
      assert.equal(geometry.cy, geometry.by);
      assert.equal(geometry.ch * 2, geometry.bh);
      assert.equal(geometry.cy + geometry.ch, geometry.py + geometry.ph);
      assert.match((await page.textContent('.conflict-list'))!, /1:1 with Dana \(11:00 AM – 12:00 PM\)/);
      // The danger colour, not the proposal's.
      const fill = await conflict.evaluate((el) => getComputedStyle(el).stroke);
      assert.equal(fill, 'rgb(197, 0, 66)');

      // Attachments: the stored file downloads through attachment.get; the link is text plus a button.
      assert.deepEqual(await page.locator('.attachments .name').allTextContents(), ['agenda.pdf', 'Planning board', 'deck.pdf']);
      // A file over the size bound is listed with why it cannot be downloaded, and no button.
      assert.equal(await page.textContent('.attachments [data-unavailable=refused]'), 'not stored: too large');
      assert.equal(await page.locator('.attachments li').nth(2).locator('[data-action=download]').count(), 0);
      assert.match((await page.textContent('.attachments li[data-kind=file] .meta'))!, /application\/pdf · 47.1 KB/);
      assert.equal(await page.locator('.attachments a[href]').count(), 0);
      await page.click('.attachments [data-action=open-link]');
      await page.waitForFunction(() => !document.querySelector('[data-action=open-link]')?.hasAttribute('disabled'));
      assert.deepEqual(p.other.find((c) => c.path === 'windows.openDefaultBrowser')?.args, ['https://board.example.test/q1']);
      // The management page opens on this event.
      await page.click('[data-action=open-manager]');
      await page.waitForFunction(() => !document.querySelector('[data-action=open-manager]')?.hasAttribute('disabled'));
      assert.deepEqual(p.of('open.manager'), [{ type: 'open.manager', identity: F.USER, uid: 'planning-2027-q1@example.test' }]);
      assert.equal(await page.isHidden('#error'), true);
    } finally {
      await p.close();
    }
  });

  test('an attachment downloads through attachment.get and the downloads API', async () => {
    const p = await open(F.invitationWithConflict, {
      'attachment.get': () => ok({ name: '../agenda.pdf', type: 'application/pdf', dataBase64: btoa('%PDF-1.4') }),
    });
    try {
      await p.page.click('.attachments [data-action=download]');
      await p.page.waitForFunction(() => !document.querySelector('[data-action=download]')?.hasAttribute('disabled'));
      assert.deepEqual(p.of('attachment.get')[0], { type: 'attachment.get', identity: F.USER, uid: 'planning-2027-q1@example.test', id: 'att-1' });
      const dl = p.other.find((c) => c.path === 'downloads.download')!.args[0] as { url: string; filename: string };
      assert.match(dl.url, /^blob:/);
      assert.equal(dl.filename, '_agenda.pdf');
    } finally {
      await p.close();
    }
  });

  test('respond with a comment: message.act, then #sent lists what went out and to whom', async () => {
    let answered = false;
    const p = await open(F.invitationWithConflict, {
      'message.act': () => ((answered = true), ok(F.outcome([F.sent()]))),
      'message.view': () =>
        ok(
          answered ? F.message([F.item({ stored: F.event({ partstat: 'ACCEPTED' }), actions: ['respond', 'counter', 'delegate'] })]) : F.invitationWithConflict,
        ),
    });
    const { page } = p;
    try {
      await page.fill('textarea#comment', 'Happy to join; I will leave at 11.');
      await page.click('[data-action=respond-ACCEPTED]');
      await page.waitForSelector('#sent li[data-state=sent]');
      const act = p.of('message.act');
      assert.equal(act.length, 1);
      assert.deepEqual(act[0], {
        type: 'message.act',
        messageId: 42,
        identity: F.USER,
        uid: 'planning-2027-q1@example.test',
        action: { kind: 'respond', partstat: 'ACCEPTED', comment: 'Happy to join; I will leave at 11.' },
      });
      assert.equal(await page.getAttribute('#sent li[data-state=sent]', 'data-method'), 'REPLY');
      assert.match((await page.textContent('#sent li[data-state=sent]'))!, /^sentAnswerTo: carol@example\.testAccepted: Quarterly planning$/);
      assert.equal(await page.getAttribute('#sent', 'aria-live'), 'polite');
      // The view was read again: the user's answer is now shown.
      await page.waitForFunction(() => document.querySelector('.your-answer')?.textContent === 'Accepted');
      assert.equal(await page.textContent('.attendees tr[data-address="alice@example.test"] .badge[data-partstat]'), 'Accepted');
      await shot(p, 'sent');
    } finally {
      await p.close();
    }
  });

  test('buttons are disabled while a request runs, so one click cannot send twice', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const p = await open(F.invitationWithConflict, { 'message.act': async () => (await gate, ok(F.outcome([F.sent()]))) });
    try {
      await p.page.click('[data-action=respond-DECLINED]');
      await p.page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'true');
      assert.equal(await p.page.isDisabled('[data-action=respond-ACCEPTED]'), true);
      assert.equal(await p.page.isDisabled('[data-action=respond-DECLINED]'), true);
      release();
      await p.page.waitForSelector('#sent li');
      assert.equal(p.of('message.act').length, 1);
    } finally {
      await p.close();
    }
  });

  test('counter-propose: a free slot fills the form, counter-send sends the chosen times in UTC', async () => {
    const slots = [
      { start: '2027-01-13T13:00:00.000Z', end: '2027-01-13T14:30:00.000Z' },
      { start: '2027-01-14T08:30:00.000Z', end: '2027-01-14T10:00:00.000Z' },
    ];
    const p = await open(F.invitationWithConflict, {
      'slots.free': () => ok(slots),
      'message.act': () => ok(F.outcome([F.sent({ method: 'COUNTER', subject: 'New time proposed: Quarterly planning' })])),
    });
    const { page } = p;
    try {
      await page.click('[data-action=counter]');
      assert.equal(await page.getAttribute('[data-action=counter]', 'aria-expanded'), 'true');
      // Preloaded with the proposal, in the user's zone.
      assert.equal(await page.inputValue('input#counter-start'), '2027-01-13T10:00');
      assert.equal(await page.inputValue('input#counter-end'), '2027-01-13T11:30');
      await page.waitForSelector('.slot');
      const free = p.of('slots.free')[0]!;
      assert.equal(free.durationMinutes, 90);
      assert.equal(free.excludeUid, 'planning-2027-q1@example.test');
      assert.equal(free.identity, F.USER);
      // (format.ts writes the first hour of a range with two digits: 02:00 PM.)
      const texts = await page.locator('.slot').allTextContents();
      assert.equal(texts.length, 2);
      assert.match(texts[0]!, /^Wed, Jan 13, 2027, 0?2:00 PM – 3:30 PM$/);
      assert.match(texts[1]!, /^Thu, Jan 14, 2027, 0?9:30 AM – 11:00 AM$/);
      await page.locator('.slot').nth(1).click();
      assert.equal(await page.inputValue('input#counter-start'), '2027-01-14T09:30');
      assert.equal(await page.inputValue('input#counter-end'), '2027-01-14T11:00');
      assert.equal(await page.locator('.slot').nth(1).getAttribute('aria-pressed'), 'true');
      await page.fill('textarea#comment', 'Thursday morning suits everyone better.');
      await shot(p, 'counter-form');
      await page.click('[data-action=counter-send]');
      await page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, {
        kind: 'counter',
        start: '2027-01-14T08:30:00.000Z',
        end: '2027-01-14T10:00:00.000Z',
        comment: 'Thursday morning suits everyone better.',
      });
    } finally {
      await p.close();
    }
  });

  test('counter-propose refuses an end before the start, with the reason next to the fields', async () => {
    const p = await open(F.invitationWithConflict, { 'slots.free': () => ok([]) });
    try {
      await p.page.click('[data-action=counter]');
      await p.page.fill('input#counter-start', '2027-01-13T15:00');
      await p.page.fill('input#counter-end', '2027-01-13T14:00');
      await p.page.click('[data-action=counter-send]');
      assert.equal(await p.page.textContent('.counter-form .form-error'), 'The end must be after the start.');
      assert.equal(await p.page.getAttribute('input#counter-end', 'aria-invalid'), 'true');
      assert.equal(p.of('message.act').length, 0);
      assert.equal(await p.page.textContent('.slots'), 'No free time found in the coming weeks.');
    } finally {
      await p.close();
    }
  });

  test('delegate: the address is checked, then sent', async () => {
    const p = await open(F.invitationWithConflict, {
      'message.act': () =>
        ok(F.outcome([F.sent({ method: 'REQUEST', to: ['erik@example.test'] }), F.sent({ id: 'out-2', method: 'REPLY', to: ['carol@example.test'] })])),
    });
    const { page } = p;
    try {
      await page.click('[data-action=delegate]');
      await page.fill('input#delegate-to', 'erik@example');
      await page.press('input#delegate-to', 'Enter');
      assert.equal(await page.textContent('.delegate-form .form-error'), '“erik@example” is not an e-mail address.');
      await page.fill('input#delegate-to', 'Alice@Example.test');
      await page.click('[data-action=delegate-send]');
      assert.equal(await page.textContent('.delegate-form .form-error'), 'You cannot delegate to yourself.');
      await page.fill('input#delegate-to', 'Erik@Example.test');
      await page.click('[data-action=delegate-send]');
      await page.waitForSelector('#sent li[data-id=out-2]');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'delegate', to: 'erik@example.test' });
      assert.equal(await page.locator('#sent li').count(), 2);
    } finally {
      await p.close();
    }
  });

  test('a series: the scope selector answers for one occurrence (its RECURRENCE-ID) or the series', async () => {
    const p = await open(F.recurringInvitation, { 'message.act': () => ok(F.outcome([F.sent()])) });
    const { page } = p;
    try {
      assert.equal(await page.textContent('.recurrence .rrule-text'), 'every week on Monday, Wednesday for 10 times');
      const options = await page.locator('select#scope option').allTextContents();
      assert.equal(options[0], 'The whole series');
      assert.match(options[1]!, /^Only the occurrence on Wed, Jan 13, 2027, 0?2:00 PM$/);
      await page.selectOption('select#scope', 'occurrence');
      await page.click('[data-action=respond-TENTATIVE]');
      await page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'respond', partstat: 'TENTATIVE', recurrenceId: '2027-01-13T13:00:00.000Z' });
      // Without a choice the answer is for the whole series (no recurrenceId).
      assert.equal(await page.inputValue('select#scope'), 'series');
    } finally {
      await p.close();
    }
  });

  test('an update shows what changed and the warnings', async () => {
    const p = await open(F.updatedInvitation);
    try {
      await shot(p, 'update');
      assert.equal(await p.page.textContent('.badge.update'), 'Updated');
      // Where it was (dashed) beside where it goes.
      assert.match((await p.page.textContent('.day-picture .original title'))!, /^Previous time \(10:00 AM – 11:30 AM\)$/);
      assert.match((await p.page.textContent('.day-picture .proposal title'))!, /^Quarterly planning \(11:00 AM – 12:30 PM\)$/);
      const rows = await p.page.locator('.changes li').allTextContents();
      assert.equal(rows[0], 'TimeWed, Jan 13, 2027, 10:00 AM – 11:30 AM→Wed, Jan 13, 2027, 11:00 AM – 12:30 PM');
      assert.equal(rows[1], 'PlaceRoom Galileo, 3rd floor→Room Kepler');
      assert.equal(await p.page.textContent('.warnings li'), 'The sender (mallory@example.test) is not the organizer (carol@example.test).');
      // Moved by an hour, it now covers the whole 1:1 and touches (does not overlap) lunch.
      const conflicts = p.page.locator('.day-picture .conflict');
      assert.equal(await conflicts.count(), 1);
      assert.equal(await conflicts.getAttribute('data-start'), '2027-01-13T10:00:00.000Z');
      assert.equal(await conflicts.getAttribute('data-end'), '2027-01-13T11:00:00.000Z');
    } finally {
      await p.close();
    }
  });

  test('keyboard only: Tab reaches the answers, Enter on a focused button answers', async () => {
    const p = await open(F.invitationWithConflict, { 'message.act': () => ok(F.outcome([F.sent()])) });
    const { page } = p;
    try {
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.getAttribute('data-action') === 'respond-TENTATIVE');
      }
      assert.ok(reached, 'Tab reaches the Tentative button');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      assert.equal(outline, 'solid');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'respond', partstat: 'TENTATIVE' });
      // Every form control has a label.
      const unlabelled = await page.evaluate(
        () =>
          [...document.querySelectorAll('input, select, textarea')].filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
            .length,
      );
      assert.equal(unlabelled, 0);
    } finally {
      await p.close();
    }
  });
});
