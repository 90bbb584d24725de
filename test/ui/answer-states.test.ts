// Page tests, in Chromium with a fake background: where an answer stands, said the same way in the
// message bar (banner/index.js drawn into a stand-in message page) and the popup — drafted,
// waiting for consent, queued, sending, sent, failed, discarded, recorded without sending — and
// the actions each state allows; "answer without sending" sends `send: false`; the popup keeps the
// answer buttons and the comment above the fold at its real size (480 × 600, measured in
// Thunderbird 153 by the e2e `ux:` scenario).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerPhase, AnswerView, MessageView } from '../../src/shared/protocol.js';
import { closeBrowser, ok, openPage } from './harness.js';
import { openBar } from './bar-page.js';
import * as F from './fixtures/popup-views.js';
import { background, open, skip } from './popup-page.js';

const PHASES: AnswerPhase[] = ['drafted', 'waiting-consent', 'queued', 'sending', 'sent', 'failed', 'discarded', 'recorded'];
const SAID: Record<AnswerPhase, string> = {
  drafted: 'being prepared',
  'waiting-consent': 'not sent: waiting for your consent to send it unencrypted',
  queued: 'not sent: waiting for you to send it (automatic answers are off)',
  sending: 'sending…',
  sent: 'sent',
  failed: 'not sent: sending failed',
  discarded: 'not sent: discarded',
  recorded: 'not sent: answered without sending',
};

function answered(phase: AnswerPhase): MessageView {
  const answer: AnswerView = { partstat: 'DECLINED', method: 'REPLY', phase, outboxId: phase === 'recorded' ? null : 'out-9', at: '2027-01-06T10:00:00Z' };
  return F.message([F.item({ stored: F.event({ partstat: 'DECLINED' }), answer })]);
}

describe('answer states in the bar and the popup', { skip }, () => {
  after(closeBrowser);

  test('the bar: title, time in the user zone, the conflict in words, "not answered yet", one-click answers', async () => {
    const b = await openBar(F.invitationWithConflict, { 'message.act': () => ok(F.outcome([F.sent()])) });
    try {
      const item = '#imip-agent-banner .bar-item[data-uid="planning-2027-q1@example.test"]';
      await b.page.waitForSelector(item);
      assert.equal(await b.page.textContent(`${item} .bar-title`), 'Quarterly planning');
      assert.equal(await b.page.textContent(`${item} .bar-when`), 'Wed, Jan 13, 2027, 10:00 AM – 11:30 AM (Europe/Berlin)');
      assert.equal(await b.page.textContent(`${item} .bar-conflict`), 'Collides with 1:1 with Dana 11:00 AM–12:00 PM');
      assert.equal(await b.page.textContent(`${item} .bar-answer`), 'You have not answered yet');
      assert.equal(await b.page.locator('#imip-agent-banner .bar-offer').count(), 0);
      // The bar sits above the mail's own text and does not take its styles.
      const order = await b.page.evaluate(() => document.body.firstElementChild?.id);
      assert.equal(order, 'imip-agent-banner');
      await b.page.click(`${item} [data-action=bar-respond-TENTATIVE]`);
      await b.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      assert.deepEqual(
        b.of('message.act').map((r) => r.action),
        [{ kind: 'respond', partstat: 'TENTATIVE' }],
      );
      await b.page.click(`${item} [data-action=bar-more]`);
      await b.page.click(`${item} [data-action=bar-counter]`);
      assert.deepEqual(
        b.other.filter((o) => o.path === 'open-popup').map((o) => o.args[0]),
        [
          { query: 'imip-agent.bar.open-popup', uid: 'planning-2027-q1@example.test' },
          { query: 'imip-agent.bar.open-popup', uid: 'planning-2027-q1@example.test', form: 'counter' },
        ],
      );
    } finally {
      await b.close();
    }
  });

  test('the bar: "answer without sending" sends send: false, and the first-run offer hides Thunderbird\'s bar in one click', async () => {
    const b = await openBar(
      F.invitationWithConflict,
      {
        'message.act': () =>
          ok({
            results: [
              { method: 'REPLY', uid: 'planning-2027-q1@example.test', action: 'recorded', reason: 'recorded DECLINED without mailing carol@example.test' },
            ],
            sent: [],
          }),
        'global.get': () => ok({ banner: true, showImipBar: true, imipBarOffered: false }),
        'global.set': (req) => ok(req.settings),
      },
      true,
    );
    try {
      await b.page.waitForSelector('#imip-agent-banner .bar-offer');
      await b.page.check('[data-action=bar-no-send]');
      await b.page.click('[data-action=bar-respond-DECLINED]');
      await b.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      assert.deepEqual(
        b.of('message.act').map((r) => r.action),
        [{ kind: 'respond', partstat: 'DECLINED', send: false }],
      );
      await b.page.click('[data-action=bar-hide-imip]');
      await b.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      assert.deepEqual(
        b.of('global.set').map((r) => r.settings),
        [{ banner: true, showImipBar: false, imipBarOffered: true }],
      );
    } finally {
      await b.close();
    }
  });

  for (const phase of PHASES) {
    test(`${phase}: the bar and the popup say "${SAID[phase]}", and offer what fits`, async () => {
      const view = answered(phase);
      const b = await openBar(view);
      try {
        await b.page.waitForSelector('.bar-answer');
        assert.equal(await b.page.textContent('.bar-answer'), `Your answer: Declined — ${SAID[phase]}`);
        assert.equal(await b.page.getAttribute('.bar-answer', 'data-phase'), phase);
        const actions = await b.page.$$eval('.bar-outbox button', (bs) => bs.map((x) => x.getAttribute('data-action')));
        const expected =
          phase === 'failed' ? ['bar-resend', 'bar-discard'] : phase === 'waiting-consent' || phase === 'queued' ? ['bar-consent', 'bar-discard'] : [];
        assert.deepEqual(actions, expected);
        assert.equal(await b.page.getAttribute('[data-action=bar-respond-DECLINED]', 'aria-pressed'), 'true');
      } finally {
        await b.close();
      }
      const p = await open(view);
      try {
        assert.equal(await p.page.textContent('.your-answer .phase'), SAID[phase]);
        assert.equal(await p.page.getAttribute('.your-answer .phase', 'data-phase'), phase);
      } finally {
        await p.close();
      }
    });
  }

  test('the bar: a waiting answer is sent in clear, a failed one sent again, through the outbox requests', async () => {
    const b = await openBar(answered('waiting-consent'), { 'outbox.consent': () => ok(F.sent()) });
    try {
      await b.page.click('[data-action=bar-consent]');
      await b.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      assert.deepEqual(b.of('outbox.consent'), [{ type: 'outbox.consent', id: 'out-9', send: true }]);
    } finally {
      await b.close();
    }
    const f = await openBar(answered('failed'), {
      'outbox.resend': () => ok(F.sent()),
      'outbox.discard': () => ok(F.sent({ state: 'failed', phase: 'discarded' })),
    });
    try {
      await f.page.click('[data-action=bar-resend]');
      await f.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      await f.page.click('[data-action=bar-discard]');
      await f.page.waitForFunction(() => !document.querySelector('#imip-agent-banner[aria-busy]'));
      assert.deepEqual(
        f.requests.filter((r) => r.type.startsWith('outbox.')).map((r) => r.type),
        ['outbox.resend', 'outbox.discard'],
      );
    } finally {
      await f.close();
    }
  });

  test('the bar: a counter-proposal to the organiser names the proposer and both times; decided ones offer nothing', async () => {
    const b = await openBar(F.counterAsOrganizer);
    try {
      await b.page.waitForSelector('.bar-counter-line');
      assert.match((await b.page.textContent('.bar-counter-line'))!, /^Bob Builder proposes .+ instead of .+$/);
      assert.equal(await b.page.locator('[data-action=bar-accept-counter]').count(), 1);
      assert.equal(await b.page.locator('.bar-when').count(), 0);
    } finally {
      await b.close();
    }
  });

  test('the popup at its real size (480 × 600): the answer buttons and the comment above the fold, the day picture after', async () => {
    const bg = background(F.invitationWithConflict);
    const p = await openPage({ path: 'popup/index.html', api: bg.api, viewport: { width: 480, height: 600 } });
    try {
      await p.page.waitForSelector('.item .picture');
      const r = await p.page.evaluate(() => ({
        accept: document.querySelector('[data-action=respond-ACCEPTED]')!.getBoundingClientRect().bottom,
        comment: document.querySelector('textarea#comment')!.getBoundingClientRect().bottom,
        noSend: document.querySelector('input[name=no-send]')!.getBoundingClientRect().bottom,
        picture: document.querySelector('.picture')!.getBoundingClientRect().top,
      }));
      assert.ok(r.accept <= 600 && r.comment <= 600 && r.noSend <= 600, JSON.stringify(r));
      assert.ok(r.picture > r.accept, JSON.stringify(r));
    } finally {
      await p.close();
    }
  });

  test('the popup: "answer without sending" is labelled and sends send: false', async () => {
    const p = await open(F.invitationWithConflict, { 'message.act': () => ok({ results: [], sent: [] }) });
    try {
      assert.equal(await p.page.textContent('label[for=no-send]'), 'Answer without sending');
      await p.page.check('input[name=no-send]');
      await p.page.click('[data-action=respond-ACCEPTED]');
      await p.page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
      assert.deepEqual(
        p.of('message.act').map((r) => r.action),
        [{ kind: 'respond', partstat: 'ACCEPTED', send: false }],
      );
    } finally {
      await p.close();
    }
  });
});
