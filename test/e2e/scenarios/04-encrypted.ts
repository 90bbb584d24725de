// Scenario 4: a PGP/MIME invitation to alice (encrypted with gpg in the test). Thunderbird decrypts
// it with alice's key, the add-on processes it, the popup marks it encrypted. (a) When the
// organiser's key is known and accepted, the answer goes out encrypted (multipart/encrypted at the
// sink, through the compose path). (b) When it is not, the popup asks; nothing goes out in clear
// until the user consents, and then the answer goes out once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, assertNoMore, openPopupFor, popupClick, popupCount, popupShot, popupWait, resultFor, sinkScheduling, assertReply } from '../checks.js';
import { pgpMime } from '../gpg.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { parseMime, readScheduling } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';
import type { World } from '../world.js';

function encryptedInvitation(w: World, summary: string) {
  const uid = `${randomUUID()}@google.com`;
  const start = weekdayAt(10, 5);
  const inner = googleMail('REQUEST', [
    {
      uid,
      summary,
      start,
      end: plus(start, 30),
      sequence: 0,
      organizer: { email: ORGANIZER, name: 'Olga Organizer' },
      attendees: [
        { email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true },
        { email: ORGANIZER, partstat: 'ACCEPTED' },
      ],
      description: 'Confidential: the merger timeline',
    },
  ]);
  return { uid, mail: { raw: pgpMime(w.shared.gpg, inner.raw, [ALICE]), messageId: inner.messageId } };
}

const known: Scenario = {
  name: '4a encrypted invitation: decrypted, badge shown, answer encrypted',
  world: { openpgp: { knownPublic: [ORGANIZER] } },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    await w.ui.acceptKey(w.shared.organizer.fingerprint, ORGANIZER);
    const { uid, mail } = encryptedInvitation(w, 'Merger (encrypted)');
    assert.equal(parseMime(mail.raw).type, 'multipart/encrypted');
    const ev = await arrive(w, ctx, 'INBOX', mail, 'arrival → stored (decrypted)');
    assert.equal(resultFor(ev, uid).action, 'stored');
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    assert.equal(await popupCount(w, '.badge.encrypted'), 1, 'the popup marks the message encrypted');
    await popupShot(w, '4a-encrypted');
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=sent]', 30000);
    const [m] = await w.sink.waitFor('an encrypted answer', (x) => x.to.includes(ORGANIZER), 30000);
    const root = parseMime(m!.raw);
    assert.equal(root.type, 'multipart/encrypted', `the answer is ${root.type}`);
    assert.equal(root.params['protocol'], 'application/pgp-encrypted');
    assert.ok(!/BEGIN:VCALENDAR/.test(m!.raw), 'no calendar data in clear');
    const sent = await w.tb.waitEvent('sent', (d) => d.method === 'REPLY');
    assert.equal(sent.data.encrypted, true);
    assert.equal(sent.data.via, 'compose');
  },
};

const unknown: Scenario = {
  name: '4b encrypted invitation, organiser key unknown: asks before sending in clear',
  world: { openpgp: { knownPublic: [] } },
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const { uid, mail } = encryptedInvitation(w, 'Merger (no key)');
    const ev = await arrive(w, ctx, 'INBOX', mail, 'arrival → stored (decrypted)');
    assert.equal(resultFor(ev, uid).action, 'stored');
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    assert.equal(await popupCount(w, '.badge.encrypted'), 1);
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=needs-consent]');
    await w.tb.waitEvent('needs-consent', (d) => d.method === 'REPLY');
    await popupShot(w, '4b-needs-consent');
    await assertNoMore(w, 'answers without consent', () => true, 0, 3000);
    await popupClick(w, '[data-action=consent-send]');
    await popupWait(w, '#sent li[data-state=sent]');
    const [r] = await sinkScheduling(w, 'REPLY');
    assertReply(r!, uid, 0, ALICE, 'ACCEPTED');
    await assertNoMore(w, 'REPLY after consent', (x) => readScheduling(x.raw).method === 'REPLY', 1);
  },
};

export default [known, unknown];
