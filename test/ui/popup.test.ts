// The message popup rendered in Chromium (test/ui/harness.ts) against a fake background that
// answers the protocol with the views in fixtures/popup-views.ts. Run `npm run build` first.
// With POPUP_SHOTS=DIR set, each state is also saved as a screenshot for a look by eye.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageView, Request, RequestType } from '../../src/shared/protocol.js';
import { closeBrowser, ok, openPage, pageTestsAvailable, type OpenPage } from './harness.js';
import * as F from './fixtures/popup-views.js';
import * as engine from '../../src/core/engine.js';
import { cal, vevent, world } from '../engine/harness.js';
import { handleAndView, rawMail } from '../views/helpers.js';

const skip = pageTestsAvailable() ?? false;
const SHOTS = process.env['POPUP_SHOTS'];

type Handlers = { [K in RequestType]?: (req: Extract<Request, { type: K }>) => unknown };

/** Plays Thunderbird and the background for one popup; records every protocol request. */
function background(view: MessageView | null, handlers: Handlers = {}) {
  const requests: Request[] = [];
  const other: { path: string; args: unknown[] }[] = [];
  const api = async (path: string, args: unknown[]): Promise<unknown> => {
    if (path === 'tabs.query') return [{ id: 7, index: 0, active: true, highlighted: true, pinned: false, incognito: false, windowId: 1 }];
    if (path !== 'runtime.sendMessage') {
      other.push({ path, args });
      return path === 'downloads.download' ? 1 : undefined;
    }
    const req = args[0] as Request;
    requests.push(req);
    const handler = handlers[req.type] as ((r: Request) => unknown) | undefined;
    if (handler) return handler(req);
    switch (req.type) {
      case 'message.view':
        return ok(view);
      case 'open.manager':
        return ok({});
      case 'prefs.get':
        return ok({ effective: { TZID: F.ZONE }, stored: {}, meta: [], systemZone: 'UTC' });
      default:
        return { ok: false, error: `the fake background has no answer for ${req.type}` };
    }
  };
  const of = <T extends RequestType>(type: T) => requests.filter((r): r is Extract<Request, { type: T }> => r.type === type);
  return { api, requests, other, of };
}

async function open(view: MessageView | null, handlers: Handlers = {}, opts: { lang?: 'en' | 'de'; colorScheme?: 'light' | 'dark' } = {}) {
  const bg = background(view, handlers);
  const p = await openPage({ path: 'popup/index.html', api: bg.api, viewport: { width: 500, height: 900 }, ...opts });
  await p.page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  return { ...bg, ...p };
}

async function shot(p: OpenPage, name: string): Promise<void> {
  if (SHOTS) await p.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('message popup', { skip }, () => {
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
      assert.deepEqual(await pic.locator('.busy title').allTextContents(), ['Team stand-up (9:00 AM – 9:15 AM)', '1:1 with Dana (11:00 AM – 12:00 PM)', 'Lunch with Erik (12:30 PM – 1:30 PM)']);
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
        return { cy: +c.getAttribute('y')!, ch: +c.getAttribute('height')!, by: +b.getAttribute('y')!, bh: +b.getAttribute('height')!, py: +pr.getAttribute('y')!, ph: +pr.getAttribute('height')! };
      });
      assert.equal(geometry.cy, geometry.by);
      assert.equal(geometry.ch * 2, geometry.bh);
      assert.equal(geometry.cy + geometry.ch, geometry.py + geometry.ph);
      assert.match((await page.textContent('.conflict-list'))!, /1:1 with Dana \(11:00 AM – 12:00 PM\)/);
      // The danger colour, not the proposal's.
      const fill = await conflict.evaluate((el) => getComputedStyle(el).stroke);
      assert.equal(fill, 'rgb(197, 0, 66)');

      // Attachments: the stored file downloads through attachment.get; the link is text plus a button.
      assert.deepEqual(await page.locator('.attachments .name').allTextContents(), ['agenda.pdf', 'Planning board']);
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
    const p = await open(F.invitationWithConflict, { 'attachment.get': () => ok({ name: '../agenda.pdf', type: 'application/pdf', dataBase64: btoa('%PDF-1.4') }) });
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
      'message.view': () => ok(answered ? F.message([F.item({ stored: F.event({ partstat: 'ACCEPTED' }), actions: ['respond', 'counter', 'delegate'] })]) : F.invitationWithConflict),
    });
    const { page } = p;
    try {
      await page.fill('textarea#comment', 'Happy to join; I will leave at 11.');
      await page.click('[data-action=respond-ACCEPTED]');
      await page.waitForSelector('#sent li[data-state=sent]');
      const act = p.of('message.act');
      assert.equal(act.length, 1);
      assert.deepEqual(act[0], { type: 'message.act', messageId: 42, identity: F.USER, uid: 'planning-2027-q1@example.test', action: { kind: 'respond', partstat: 'ACCEPTED', comment: 'Happy to join; I will leave at 11.' } });
      assert.equal(await page.getAttribute('#sent li[data-state=sent]', 'data-method'), 'REPLY');
      assert.match((await page.textContent('#sent li[data-state=sent]'))!, /^SentAnswerTo: carol@example\.testAccepted: Quarterly planning$/);
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
    const p = await open(F.invitationWithConflict, { 'slots.free': () => ok(slots), 'message.act': () => ok(F.outcome([F.sent({ method: 'COUNTER', subject: 'New time proposed: Quarterly planning' })])) });
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
      assert.deepEqual(await page.locator('.slot').allTextContents(), ['Wed, Jan 13, 2027, 2:00 PM – 3:30 PM', 'Thu, Jan 14, 2027, 9:30 AM – 11:00 AM']);
      await page.locator('.slot').nth(1).click();
      assert.equal(await page.inputValue('input#counter-start'), '2027-01-14T09:30');
      assert.equal(await page.inputValue('input#counter-end'), '2027-01-14T11:00');
      assert.equal(await page.locator('.slot').nth(1).getAttribute('aria-pressed'), 'true');
      await page.fill('textarea#comment', 'Thursday morning suits everyone better.');
      await shot(p, 'counter-form');
      await page.click('[data-action=counter-send]');
      await page.waitForSelector('#sent li');
      assert.deepEqual(p.of('message.act')[0]!.action, { kind: 'counter', start: '2027-01-14T08:30:00.000Z', end: '2027-01-14T10:00:00.000Z', comment: 'Thursday morning suits everyone better.' });
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
    const p = await open(F.invitationWithConflict, { 'message.act': () => ok(F.outcome([F.sent({ method: 'REQUEST', to: ['erik@example.test'] }), F.sent({ id: 'out-2', method: 'REPLY', to: ['carol@example.test'] })])) });
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
      assert.deepEqual(await page.locator('select#scope option').allTextContents(), ['The whole series', 'Only the occurrence on Wed, Jan 13, 2027, 2:00 PM']);
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

  test('the organizer decides a counter-proposal: old and new side by side, accept sends accept-counter', async () => {
    const p = await open(F.counterAsOrganizer, { 'message.act': () => ok(F.outcome([F.sent({ method: 'REQUEST', to: ['bob@example.test'], subject: 'Updated: Quarterly planning' })])) });
    const { page } = p;
    try {
      await shot(p, 'counter-organizer');
      assert.equal(await page.getAttribute('.item', 'data-method'), 'COUNTER');
      assert.equal(await page.textContent('.counter-decision h2'), 'bob@example.test proposes another time');
      assert.match((await page.textContent('.compare .original'))!, /Wed, Jan 13, 2027, 10:00 AM – 11:30 AM/);
      assert.match((await page.textContent('.compare .proposal'))!, /Wed, Jan 13, 2027, 3:00 PM – 4:30 PM/);
      assert.equal(await page.textContent('.counter-decision blockquote'), 'Mornings are hard for me this week.');
      // The picture: the current time and the proposed one side by side, the clash with the client call marked.
      const pic = page.locator('.day-picture');
      assert.equal(await pic.locator('.original').count(), 1);
      assert.equal(await pic.locator('.proposal').count(), 1);
      const xs = await page.evaluate(() => ['.original rect', '.proposal rect'].map((s) => Number(document.querySelector(`.day-picture ${s}`)!.getAttribute('x'))));
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

  test('needs-consent: the answer to an encrypted invitation waits; "send unencrypted" calls outbox.consent', async () => {
    const waiting = F.sent({ state: 'needs-consent', encrypted: false, error: 'no OpenPGP key for carol@example.test' });
    const p = await open(F.encryptedInvitation, { 'message.act': () => ok(F.outcome([waiting])), 'outbox.consent': (req) => ok({ ...waiting, state: req.send ? 'sent' : 'failed', error: null }) });
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
    const p = await open(F.encryptedInvitation, { 'message.act': () => ok(F.outcome([waiting])), 'outbox.consent': () => ok({ ...waiting, state: 'failed', error: 'not sent: you chose not to send it unencrypted' }) });
    try {
      await p.page.click('[data-action=respond-DECLINED]');
      await p.page.click('[data-action=consent-drop]');
      await p.page.waitForSelector('#sent li[data-state=failed]');
      assert.deepEqual(p.of('outbox.consent')[0], { type: 'outbox.consent', id: 'out-1', send: false });
      assert.match((await p.page.textContent('#sent li'))!, /Not sent.*you chose not to send it unencrypted/);
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
      const made = await page.evaluate(() => document.querySelectorAll('#items img, #items script, #items iframe, #items b, #items svg svg[onload], #items [onerror], #items [onload]').length);
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

  test('free/busy: the reported busy time is drawn over the days of its range', async () => {
    const p = await open(F.freebusyReply);
    const { page } = p;
    try {
      await shot(p, 'freebusy');
      assert.equal(await page.textContent('.summary'), 'Free/busy of bob@example.test');
      assert.match((await page.textContent('.freebusy-info'))!, /From bob@example\.test\. Covers Wed, Jan 13, 2027, 8:00 AM – Fri, Jan 15, 2027, 6:00 PM\. Busy periods: 3\./);
      const pic = page.locator('.day-picture');
      assert.equal(await pic.getAttribute('data-days'), '3');
      assert.deepEqual(await pic.locator('.day').evaluateAll((ds) => ds.map((d) => d.getAttribute('data-date'))), ['2027-01-13', '2027-01-14', '2027-01-15']);
      assert.deepEqual(await pic.locator('.busy title').allTextContents(), ['Busy (9:00 AM – 11:00 AM)', 'Tentatively busy (1:00 PM – 2:00 PM)', 'Unavailable (3:00 PM – 5:30 PM)']);
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
    const p = await open(F.invitationWithConflict, { 'message.view': () => ok(version ? F.message([F.item({ stored: F.event({ partstat: 'DECLINED' }) })]) : F.invitationWithConflict) });
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

  test('a view built by src/core/views from a real Google invitation renders, its conflict marked', async () => {
    const ORG = 'organizer@example.com';
    const w = world('2025-07-01T08:00:00Z');
    const standup = cal('REQUEST', ...vevent('UID:standup@example.com', 'SEQUENCE:0', 'DTSTAMP:20250701T080000Z', 'DTSTART:20250714T093000Z', 'DTEND:20250714T103000Z', 'SUMMARY:Stand-up', `ORGANIZER:mailto:${ORG}`, `ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:${F.USER}`));
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
      for (const a of items[0]!.actions) if (a === 'respond') assert.equal(await p.page.locator('[data-action=respond-ACCEPTED]').count(), 1);
      else assert.equal(await p.page.locator(`[data-action=${a}]`).count(), 1, a);
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
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')].filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).length);
      assert.equal(unlabelled, 0);
    } finally {
      await p.close();
    }
  });
});
