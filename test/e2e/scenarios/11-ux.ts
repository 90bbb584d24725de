// The message bar and truthful answer states in a real Thunderbird (`ux:` scenarios): a one-click
// Accept in the bar above the message sends the REPLY and the bar then says "Accepted — sent";
// "answer without sending" mails nothing and records the answer; an encrypted answer that cannot
// be encrypted is shown as waiting (never as sent) and listed in the management page's outbox
// view; a counter-proposal reaches the organiser in the bar with the proposer's name and the
// proposed time in her zone, drawn on the popup's day picture.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  arrive,
  assertNoMore,
  assertReply,
  click,
  fill,
  openPopupFor,
  outboxOf,
  partstatIn,
  popupClick,
  popupCount,
  resultFor,
  sinkScheduling,
  storedEvents,
  textOf,
  waitFor,
} from '../checks.js';
import { pgpMime } from '../gpg.js';
import { calendarMail, googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { readScheduling } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';
import type { World } from '../world.js';

const ZONE = 'Europe/Berlin'; // the e2e profile's calendar zone and TZ (profile.ts, thunderbird.ts)
const uidOf = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

function invitation(summary: string, hour = 9) {
  const uid = uidOf('ux');
  const start = weekdayAt(hour, 2);
  const mail = googleMail('REQUEST', [
    {
      uid,
      summary,
      start,
      end: plus(start, 60),
      sequence: 0,
      organizer: { email: ORGANIZER, name: 'Olga Organizer' },
      attendees: [
        { email: ALICE, name: 'Alice', partstat: 'NEEDS-ACTION', rsvp: true },
        { email: ORGANIZER, partstat: 'ACCEPTED' },
      ],
    },
  ]);
  return { uid, start, mail };
}

/** Shows the message and waits for the bar's block of this event. */
async function showBar(w: World, folder: string, messageId: string, uid: string): Promise<void> {
  await w.ui.selectMessage(folder, messageId);
  await waitFor(w, 'message', `#imip-agent-banner .bar-item[data-uid="${uid}"]`, 20000);
}

async function barShot(w: World, name: string): Promise<void> {
  w.artefact(`${name}.png`, await w.ui.messageSnapshot());
}

const oneClick: Scenario = {
  name: 'ux: one click Accept in the message bar sends the REPLY and the bar shows Accepted',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const { uid, mail } = invitation('Roadmap review');
    assert.equal(resultFor(await arrive(w, ctx, 'INBOX', mail), uid).action, 'stored');
    await showBar(w, 'INBOX', mail.messageId, uid);
    const item = `#imip-agent-banner .bar-item[data-uid="${uid}"]`;
    assert.equal(await textOf(w, 'message', `${item} .bar-title`), 'Roadmap review');
    assert.equal(await textOf(w, 'message', `${item} .bar-answer`), 'You have not answered yet');
    await barShot(w, 'ux-bar-invitation');
    const clicked = Date.now();
    await click(w, 'message', `${item} [data-action=bar-respond-ACCEPTED]`);
    const [reply] = await sinkScheduling(w, 'REPLY');
    ctx.timing('bar click → REPLY at the sink', reply!.at - clicked);
    assertReply(reply!, uid, 0, ALICE, 'ACCEPTED');
    // Redrawn in place: the answer and where it stands, the pressed button.
    await waitFor(w, 'message', `${item} .bar-answer[data-partstat=ACCEPTED][data-phase=sent]`);
    ctx.timing('bar click → "Accepted — sent" in the bar', Date.now() - clicked);
    assert.equal(await textOf(w, 'message', `${item} .bar-answer`), 'Your answer: Accepted — sent');
    await waitFor(w, 'message', `${item} [data-action=bar-respond-ACCEPTED][aria-pressed=true]`);
    await barShot(w, 'ux-bar-accepted');
    await assertNoMore(w, 'REPLY', (m) => readScheduling(m.raw).method === 'REPLY', 1);
    // The popup at its real size: the answer buttons and the comment are seen without scrolling.
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    const panel = await w.ui.popupSize();
    ctx.log(`popup panel: ${panel.width} × ${panel.height} px`);
    const bottoms = await w.ui.inPopup<{ view: number; accept: number; comment: number; picture: number }>(`(win, a, d) => ({
      view: win.innerHeight,
      accept: d.querySelector('[data-action=respond-ACCEPTED]').getBoundingClientRect().bottom,
      comment: d.querySelector('textarea#comment').getBoundingClientRect().bottom,
      picture: d.querySelector('.picture').getBoundingClientRect().top,
    })`);
    assert.ok(
      bottoms.accept <= bottoms.view && bottoms.comment <= bottoms.view,
      `buttons (${bottoms.accept}) and comment (${bottoms.comment}) within the ${bottoms.view} px the popup shows`,
    );
    assert.ok(bottoms.picture > bottoms.accept, 'the day picture follows the answer');
    w.artefact('ux-popup.png', await w.ui.snapshot('popup'));
    // An answer given elsewhere (here the popup) redraws the bar in place.
    await popupClick(w, '[data-action=respond-TENTATIVE]');
    await waitFor(w, 'message', `${item} .bar-answer[data-partstat=TENTATIVE][data-phase=sent]`);
    await w.ui.closePopup();
    assert.equal((await sinkScheduling(w, 'REPLY', 2)).length, 2);
  },
};

const noSend: Scenario = {
  name: 'ux: answer without sending sends nothing and records the answer',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const { uid, mail } = invitation('Offsite planning', 11);
    assert.equal(resultFor(await arrive(w, ctx, 'INBOX', mail), uid).action, 'stored');
    await showBar(w, 'INBOX', mail.messageId, uid);
    const item = `#imip-agent-banner .bar-item[data-uid="${uid}"]`;
    await fill(w, 'message', `${item} [data-action=bar-no-send]`, true);
    await click(w, 'message', `${item} [data-action=bar-respond-DECLINED]`);
    await waitFor(w, 'message', `${item} .bar-answer[data-partstat=DECLINED][data-phase=recorded]`);
    assert.equal(await textOf(w, 'message', `${item} .bar-answer`), 'Your answer: Declined — not sent: answered without sending');
    await assertNoMore(w, 'mail of any kind', () => true, 0, 3000);
    const backup = await w.ui.exportStore();
    const [stored] = storedEvents(backup, uid).filter((e) => e.user === ALICE);
    assert.equal(partstatIn(stored!.ics, ALICE), 'DECLINED', 'the answer is stored');
    assert.deepEqual(outboxOf(backup, ALICE), [], 'nothing in the outbox');
    assert.ok(
      stored!.event.history.some((x) => x.method === 'REPLY' && x.action === 'recorded'),
      'the history says recorded, not sent',
    );
  },
};

const waiting: Scenario = {
  name: 'ux: an encrypted answer waiting for consent is shown as waiting, never as sent, and listed in the outbox view',
  world: { openpgp: { knownPublic: [] } },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const { uid, mail: inner } = invitation('Board talks (encrypted)', 14);
    const mail = { raw: pgpMime(w.shared.gpg, inner.raw, [ALICE]), messageId: inner.messageId };
    assert.equal(resultFor(await arrive(w, ctx, 'INBOX', mail, 'arrival → stored (decrypted)'), uid).action, 'stored');
    await showBar(w, 'INBOX', mail.messageId, uid);
    const item = `#imip-agent-banner .bar-item[data-uid="${uid}"]`;
    await click(w, 'message', `${item} [data-action=bar-respond-DECLINED]`);
    const held = await w.tb.waitEvent('needs-consent', (d) => d.method === 'REPLY');
    await waitFor(w, 'message', `${item} .bar-answer[data-phase=waiting-consent]`);
    const said = await textOf(w, 'message', `${item} .bar-answer`);
    assert.equal(said, 'Your answer: Declined — not sent: waiting for your consent to send it unencrypted');
    assert.doesNotMatch(said!, /— sent/);
    await waitFor(w, 'message', `${item} [data-action=bar-consent]`);
    await barShot(w, 'ux-bar-waiting');
    // The popup says the same.
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    assert.equal(await popupCount(w, '.your-answer [data-phase=waiting-consent]'), 1);
    await w.ui.closePopup();
    // The management page: listed in the outbox view with its choices, and still needing attention.
    await w.ui.openPage('manager/index.html', '#outbox li[data-phase]');
    await waitFor(w, 'manager/index.html', `#outbox li[data-id="${held.data.id}"][data-phase=waiting-consent]`);
    for (const action of ['consent-send', 'consent-drop'])
      await waitFor(w, 'manager/index.html', `#outbox li[data-id="${held.data.id}"] [data-action=${action}]`);
    await waitFor(w, 'manager/index.html', `#attention li[data-kind=unsent][data-uid="${uid}"]`);
    w.artefact('ux-outbox.png', await w.ui.snapshot('manager/index.html'));
    await assertNoMore(w, 'an answer without consent', () => true, 0, 3000);
  },
};

const counter: Scenario = {
  name: 'ux: a counter-proposal is shown to the organiser with the right names and the proposed time drawn',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = uidOf('ux-own');
    const start = weekdayAt(8, 3);
    const organised = calendarMail(
      'REQUEST',
      [
        {
          uid,
          summary: 'Quarterly planning',
          start,
          end: plus(start, 60),
          sequence: 0,
          organizer: { email: ALICE, name: 'Alice Example' },
          attendees: [
            { email: ALICE, partstat: 'ACCEPTED' },
            { email: 'bob@example.net', name: 'Bob Builder', partstat: 'NEEDS-ACTION', rsvp: true },
          ],
        },
      ],
      { from: ALICE, fromName: 'Alice Example', to: 'bob@example.net' },
    );
    // Alice's own REQUEST, sent from another program into the shared Sent folder (looked at once opened).
    const at = w.deliver('Sent', organised.raw);
    await w.ui.showFolder('Sent');
    const own = await w.tb.waitEvent('processed', (d) => d.messageId === organised.messageId, 30000, at);
    assert.equal(resultFor(own, uid).action, 'stored');
    const later = plus(start, 60);
    const proposal = calendarMail(
      'COUNTER',
      [
        {
          uid,
          summary: 'Quarterly planning',
          start: later,
          end: plus(later, 60),
          sequence: 0,
          organizer: { email: ALICE, name: 'Alice Example' },
          attendees: [{ email: 'bob@example.net', name: 'Bob Builder', partstat: 'TENTATIVE' }],
          comment: 'Could we do an hour later?',
        },
      ],
      { from: 'bob@example.net', fromName: 'Bob Builder', to: ALICE },
    );
    assert.equal(resultFor(await arrive(w, ctx, 'INBOX', proposal, 'COUNTER → kept'), uid).action, 'recorded');
    await showBar(w, 'INBOX', proposal.messageId, uid);
    const item = `#imip-agent-banner .bar-item[data-uid="${uid}"]`;
    const line = (await textOf(w, 'message', `${item} .bar-counter-line`))!;
    // Hours as Thunderbird's locale writes them (9:00 or 09:00): compared without a leading zero.
    const hhmm = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d).replace(/^0/, '');
    assert.match(line, /^Bob Builder proposes /, line);
    assert.ok(line.includes(hhmm(later)) && line.includes(hhmm(plus(later, 60))), `the proposed ${hhmm(later)}–${hhmm(plus(later, 60))} in ${line}`);
    assert.ok(line.includes(`instead of`) && line.includes(hhmm(start)), `the current ${hhmm(start)} in ${line}`);
    assert.equal(await textOf(w, 'message', `${item} .bar-comment`), '“Could we do an hour later?”');
    await waitFor(w, 'message', `${item} [data-action=bar-accept-counter]`);
    await barShot(w, 'ux-bar-counter');
    // The popup names the proposer and draws the proposed slot beside the current one.
    await openPopupFor(w, ctx, 'INBOX', proposal.messageId);
    assert.equal(await popupCount(w, '.day-picture .proposal'), 1, 'the proposed time is drawn');
    assert.equal(await popupCount(w, '.day-picture .original'), 1, 'beside the current time');
    assert.match((await textOf(w, 'popup', '.counter-decision h2'))!, /bob@example\.net/);
    await w.ui.closePopup();
    // Accepting from the bar sends the updated REQUEST to Bob at the proposed time.
    await click(w, 'message', `${item} [data-action=bar-accept-counter]`);
    const [request] = await sinkScheduling(w, 'REQUEST', 1, 20000, (s) => s.events[0]?.uid === uid);
    assert.deepEqual(request!.envelopeTo, ['bob@example.net']);
    await waitFor(w, 'message', `${item} .bar-counter-status`);
    assert.equal(await textOf(w, 'message', `${item} [data-action=bar-accept-counter]`), null, 'decided: no second accept');
  },
};

export default [oneClick, noSend, waiting, counter];
