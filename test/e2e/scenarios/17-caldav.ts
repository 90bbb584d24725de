// caldav: alice's calendar is a CalDAV collection on a real Radicale server (started by the
// harness on 127.0.0.1, anonymous access, its own storage folder). Thunderbird syncs it without
// asking for a password (an event put on the server from "her phone" shows up in Thunderbird);
// an invitation she accepts in the popup ends up on the server, read back with a CalDAV REPORT
// straight from Radicale (RFC 4791 §7.8), not through Thunderbird.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { arrive, openPopupFor, partstatIn, popupClick, popupWait, sinkScheduling } from '../checks.js';
import { CALDAV } from '../calendars.js';
import { vcalendar } from '../ical.js';
import { googleMail, ORGANIZER, plus, weekdayAt } from '../mail.js';
import { until } from '../procs.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: 'caldav: an accepted invitation ends up on the Radicale server',
  world: { calendars: [CALDAV] },
  async run(w, ctx) {
    const radicale = w.radicale!;
    await w.ui.accountSynced(0);
    const start = weekdayAt(11, 2);
    const phone = `${randomUUID()}@phone.example`;
    const put = await radicale.http(
      'PUT',
      `/alice/calendar/${phone}.ics`,
      vcalendar('PUBLISH', [
        { uid: phone, summary: 'Call with the bank', start: plus(start, 180), end: plus(start, 210), organizer: { email: ALICE }, attendees: [] },
      ]).replace(/^METHOD:PUBLISH\r\n/m, ''),
      { 'Content-Type': 'text/calendar; charset=utf-8' },
    );
    assert.equal(put.status, 201, `PUT to Radicale: ${put.status} ${put.text}`);
    const t = Date.now();
    await until(
      "Thunderbird to sync the server's event",
      30000,
      async () => {
        await w.cal.refresh(CALDAV.id);
        return (await w.cal.read(CALDAV.id, phone)) !== null;
      },
      2000,
    );
    ctx.timing('PUT on Radicale → event in Thunderbird (refresh)', Date.now() - t);
    const listed = await w.cal.list();
    assert.deepEqual(
      listed.find((c) => c.id === CALDAV.id),
      { id: CALDAV.id, name: CALDAV.name, type: 'caldav', readOnly: false, disabled: false, identityKey: 'id1' },
      'synced, writable, never disabled by a failed login',
    );

    const uid = `${randomUUID().replace(/-/g, '').slice(0, 26)}@google.com`;
    const invitation = googleMail('REQUEST', [
      {
        uid,
        summary: 'Partner call',
        start,
        end: plus(start, 60),
        sequence: 0,
        organizer: { email: ORGANIZER },
        attendees: [
          { email: ALICE, partstat: 'NEEDS-ACTION', rsvp: true },
          { email: ORGANIZER, partstat: 'ACCEPTED' },
        ],
      },
    ]);
    await arrive(w, ctx, 'INBOX', invitation);
    await openPopupFor(w, ctx, 'INBOX', invitation.messageId);
    const clicked = Date.now();
    await popupClick(w, '[data-action=respond-ACCEPTED]');
    await popupWait(w, '#sent li[data-state=sent]');
    await sinkScheduling(w, 'REPLY');

    const onServer = await until(
      'the accepted event on the Radicale server',
      30000,
      async () => {
        const found = (await radicale.events()).filter((e) => e.ics.includes(`UID:${uid}`));
        return found.length && partstatIn(found[0]!.ics, ALICE) === 'ACCEPTED' ? found : undefined;
      },
      500,
    );
    ctx.timing('accept click → event on the CalDAV server', Date.now() - clicked);
    assert.equal(onServer.length, 1, 'one resource of that UID on the server');
    assert.match(onServer[0]!.ics, /SUMMARY:Partner call/);
    const get = await radicale.http('GET', onServer[0]!.href);
    assert.equal(get.status, 200);
    assert.match(get.text, new RegExp(`UID:${uid}`));
  },
};
export default scenario;
