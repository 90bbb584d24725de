// Scenario 10: hostile mail. A SUMMARY/DESCRIPTION/LOCATION full of HTML and script renders as
// text in the popup (no element is made from it); a malformed calendar part leaves the popup with
// a clear error and nothing stored.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, openPopupFor, popupCount, popupShot, popupText } from '../checks.js';
import { until } from '../procs.js';
import { googleMail, ORGANIZER, plus, weekdayAt, messageId } from '../mail.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const SUMMARY = '<img src=x onerror="document.title=\'pwned\'"><b>Bold</b><script>document.title="pwned"</script>';
const DESCRIPTION = '<a href="javascript:alert(1)">click</a><iframe src="https://evil.example/"></iframe>';

const scenario: Scenario = {
  name: '10 hostile mail: HTML/script shown as text; malformed calendar → clear error',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const uid = randomUUID();
    const start = weekdayAt(16, 2);
    const mail = googleMail(
      'REQUEST',
      [
        {
          uid,
          summary: SUMMARY,
          description: DESCRIPTION,
          location: '<u>Basement</u>',
          start,
          end: plus(start, 30),
          organizer: { email: ORGANIZER, name: '<i>Olga</i>' },
          attendees: [{ email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true }],
        },
      ],
      { subject: 'Invitation' },
    );
    await arrive(w, ctx, 'INBOX', mail);
    await openPopupFor(w, ctx, 'INBOX', mail.messageId);
    assert.equal(await popupText(w, `.item[data-uid="${uid}"] .summary`), SUMMARY, 'the summary is shown as its text');
    for (const tag of ['img', 'script', 'b', 'iframe', 'a[href^="javascript"]', 'u', 'i']) {
      assert.equal(await popupCount(w, `.item ${tag}`), 0, `no <${tag}> made from message data`);
    }
    assert.notEqual(await w.ui.inPopup<string>(`(win, a, d) => d.title`), 'pwned');
    await popupShot(w, '10-hostile');
    await w.ui.closePopup();

    const bad = messageId('example.net');
    const raw = [
      `Message-ID: <${bad}>`,
      `Date: ${new Date().toUTCString()}`,
      `From: <${ORGANIZER}>`,
      `To: <${ALICE}>`,
      'Subject: Broken invitation',
      'MIME-Version: 1.0',
      'Content-Type: text/calendar; method=REQUEST; charset=UTF-8',
      '',
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      `UID:${randomUUID()}`,
      'DTSTART:2026-13-45T99:99:99',
      'SUMMARY;broken',
      'ATTENDEE:mailto:alice@example.test',
      '',
    ].join('\r\n');
    const at = w.deliver('INBOX', raw);
    // Either one `processed` line whose results are errors, or one `error` line: never a crash.
    const ev = await until('the malformed message to be handled', 30000, () =>
      w.tb.events.find((e) => e.at >= at && ['processed', 'error'].includes(e.event) && e.data?.messageId === bad),
    );
    ctx.timing('malformed arrival → handled', ev.at - at);
    if (ev.event === 'processed')
      assert.ok(
        ev.data.results.every((r: { action: string }) => ['error', 'refused', 'ignored'].includes(r.action)),
        JSON.stringify(ev.data.results),
      );
    await w.ui.selectMessage('INBOX', bad);
    await w.ui.openPopup('#error:not([hidden]), #status:not([hidden]), .item');
    // The popup says what is wrong: the engine's reason (or the error) is on screen, as text.
    const reason = ev.event === 'processed' ? String(ev.data.results[0].reason) : String(ev.data.error);
    ctx.log(`malformed: reason "${reason}"`);
    let shown = '';
    await until(`the popup to show "${reason}"`, 15000, async () =>
      (shown = await w.ui.inPopup<string>(`(win, a, d) => d.body.innerText`)).includes(reason),
    ).catch(() => undefined);
    assert.ok(shown.includes(reason), `the popup shows "${reason}"; it shows:\n${shown.slice(0, 600)}`);
    await popupShot(w, '10-malformed');
    assert.equal(w.sink.messages.length, 0, 'nothing sent');
  },
};
export default scenario;
