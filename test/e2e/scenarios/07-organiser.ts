// Scenario 7: alice organises. In the management page she creates an event with two attendees and
// saves it: REQUESTs go to both. bob's REPLY (ACCEPTED, with a comment) and carol's COUNTER come
// back; the event page shows bob's answer and carol's counter; accepting the counter sends the
// updated REQUEST (new time, higher SEQUENCE) to both.
import assert from 'node:assert/strict';
import { arrive, click, countOf, eventTimes, fill, resultFor, sinkScheduling, storedEvents, waitFor, wallClock } from '../checks.js';
import { calendarMail, plus, weekdayAt } from '../mail.js';
import { address } from '../mime.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const M = 'manager/index.html';
const BOB = 'bob@example.net';
const CAROL = 'carol@example.org';
const ZONE = 'Europe/Berlin';

const scenario: Scenario = {
  name: '7 organiser: invite two from the manager, reply and counter come back, counter accepted',
  async run(w, ctx) {
    await w.ui.accountSynced(0);
    const t0 = Date.now();
    // Ready when the calendar has rendered its range: clicking earlier can lose the editor to the
    // page's own first render of the calendar (seen under load).
    await w.ui.openPage(M, '#identity option');
    await waitFor(w, M, '#range-title:not(:empty)');
    ctx.timing('manager open → rendered', Date.now() - t0);
    await click(w, M, '[data-action=new-event]');
    await waitFor(w, M, 'form#editor [name=summary]');
    const start = weekdayAt(14, 1);
    await fill(w, M, 'form#editor [name=summary]', 'Quarterly planning');
    await fill(w, M, 'form#editor [name=location]', 'Room Pelikan');
    await fill(w, M, 'form#editor [name=tzid]', ZONE);
    await fill(w, M, 'form#editor [name=start]', wallClock(start, ZONE));
    await fill(w, M, 'form#editor [name=end]', wallClock(plus(start, 60), ZONE));
    // The editor finishes loading the identity's zone and free/busy after its first render; give
    // it the moment a person takes to move on to the attendee field.
    await new Promise((r) => setTimeout(r, 500));
    for (const a of [BOB, CAROL]) {
      await fill(w, M, 'input[name=attendee]', a);
      await click(w, M, '[data-action=add-attendee]');
      await waitFor(w, M, `#attendees tr[data-address="${a}"]`);
    }
    w.artefact('7-editor.png', await w.ui.snapshot(M));
    const saved = Date.now();
    await click(w, M, '[data-action=save]');
    await sinkScheduling(w, 'REQUEST', 1, 20000);
    await new Promise((r) => setTimeout(r, 1500)); // one message per attendee or one for both
    const reqs = await sinkScheduling(w, 'REQUEST', 1, 1000);
    const recipients = new Set(reqs.flatMap((r) => r.envelopeTo));
    assert.deepEqual([...recipients].sort(), [BOB, CAROL].sort(), 'REQUESTs went to both attendees');
    ctx.timing('save → REQUESTs at the sink', Math.max(...reqs.map((r) => r.at)) - saved);
    const req = reqs[0]!;
    assert.equal((req.calendar!.params['method'] ?? '').toUpperCase(), 'REQUEST');
    const ev = req.events[0]!;
    const uid = ev.uid;
    assert.equal(ev.organizer, ALICE);
    assert.deepEqual(
      ev.attendees
        .map(address)
        .filter((a) => a !== ALICE)
        .sort(),
      [BOB, CAROL].sort(),
    );
    assert.equal(new Date(eventTimes(ev).start).toISOString(), start.toISOString());
    const seq = ev.sequence;

    // bob accepts with a comment; carol proposes an hour later.
    const base = { uid, summary: 'Quarterly planning', start, end: plus(start, 60), sequence: seq, organizer: { email: ALICE } };
    const reply = calendarMail('REPLY', [{ ...base, attendees: [{ email: BOB, partstat: 'ACCEPTED' }], comment: 'Count me in' }], { from: BOB });
    const r = await arrive(w, ctx, 'INBOX', reply, 'REPLY arrival → recorded');
    assert.equal(resultFor(r, uid).method, 'REPLY');
    const later = plus(start, 60);
    const counter = calendarMail(
      'COUNTER',
      [{ ...base, start: later, end: plus(later, 60), attendees: [{ email: CAROL, partstat: 'NEEDS-ACTION' }], comment: 'An hour later?' }],
      { from: CAROL },
    );
    const c = await arrive(w, ctx, 'INBOX', counter, 'COUNTER arrival → recorded');
    assert.equal(resultFor(c, uid).method, 'COUNTER');

    // The event page shows both.
    await w.ui.closePage(M);
    // As the popup's "open in the calendar manager" link does: the page opened on this event.
    await w.ui.openPage(`${M}?identity=${encodeURIComponent(ALICE)}&uid=${encodeURIComponent(uid)}`, '#identity option');
    const page = M;
    if ((await countOf(w, page, '#event:not([hidden])')) === 0) {
      await click(w, page, '[data-view=agenda]');
      await waitFor(w, page, `.occurrence[data-uid="${uid}"]`);
      await click(w, page, `.occurrence[data-uid="${uid}"]`);
    }
    await waitFor(w, page, `#event tr[data-address="${BOB}"] .partstat-ACCEPTED`);
    await waitFor(w, page, '#event .counter [data-action=accept-counter]');
    w.artefact('7-event-page.png', await w.ui.snapshot(page));
    const before = w.sink.messages.length;
    const accepted = Date.now();
    await click(w, page, '#event .counter [data-action=accept-counter]');
    const updates = await sinkScheduling(w, 'REQUEST', 1, 20000, (s, m) => w.sink.messages.indexOf(m) >= before);
    ctx.timing('accept counter → updated REQUEST at the sink', updates[0]!.at - accepted);
    const upd = updates[0]!.events[0]!;
    assert.equal(upd.uid, uid);
    assert.ok(upd.sequence > seq, `SEQUENCE ${upd.sequence} > ${seq}`);
    assert.equal(new Date(eventTimes(upd).start).toISOString(), later.toISOString(), "the counter's time");
    await new Promise((res) => setTimeout(res, 1500));
    const all = await sinkScheduling(w, 'REQUEST', 1, 5000, (s, m) => w.sink.messages.indexOf(m) >= before);
    assert.deepEqual([...new Set(all.flatMap((x) => x.envelopeTo))].sort(), [BOB, CAROL].sort(), 'the update goes to all');
    const stored = storedEvents(await w.ui.exportStore(), uid);
    assert.ok(stored.length >= 1 && stored.some((s) => s.ics.includes('Quarterly planning')));
  },
};
export default scenario;
