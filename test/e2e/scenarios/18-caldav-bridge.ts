// caldav: the calendar Experiment writes through Thunderbird's CalDAV calendar to the server. An
// event created, modified and removed through it is, each time, what a CalDAV REPORT straight to
// Radicale answers (RFC 4791 §7.8); an event put on the server by another client reaches the
// add-on after Thunderbird's sync: the sync adds it inside a batch, which the observer reports as
// one reset of the calendar, after which the event reads back through the Experiment.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CALDAV } from '../calendars.js';
import { vcalendar } from '../ical.js';
import { plus, weekdayAt } from '../mail.js';
import { until } from '../procs.js';
import { ALICE } from '../profile.js';
import type { Scenario } from '../scenario.js';

const scenario: Scenario = {
  name: "caldav: the Experiment's writes reach the Radicale server, the server's reach the add-on",
  world: { calendars: [CALDAV] },
  async run(w, ctx) {
    const radicale = w.radicale!;
    await w.ui.accountSynced(0);
    const onServer = async (uid: string) => (await radicale.events()).filter((e) => e.ics.includes(`UID:${uid}`));
    const uid = `${randomUUID()}@example.com`;
    const start = weekdayAt(9, 2);
    const event = {
      uid,
      summary: 'Written by the add-on',
      start,
      end: plus(start, 30),
      organizer: { email: 'olga@example.com' },
      attendees: [{ email: ALICE, partstat: 'ACCEPTED' }],
    };

    const t0 = Date.now();
    await w.cal.experiment(`async (c, a, w) => c.items.create(a.id, Cu.cloneInto({ item: a.ics }, w))`, { id: CALDAV.id, ics: vcalendar('PUBLISH', [event]) });
    await until('the created event on the server', 20000, async () => (await onServer(uid)).length === 1, 300);
    ctx.timing('Experiment create → on the CalDAV server', Date.now() - t0);

    await w.cal.experiment(`async (c, a, w) => c.items.update(a.id, a.uid, Cu.cloneInto({ item: a.ics }, w))`, {
      id: CALDAV.id,
      uid,
      ics: vcalendar('PUBLISH', [{ ...event, summary: 'Renamed by the add-on', sequence: 1 }]),
    });
    await until('the modified event on the server', 20000, async () => (await onServer(uid))[0]?.ics.includes('SUMMARY:Renamed by the add-on'), 300);
    assert.equal((await onServer(uid)).length, 1, 'modified in place, one resource');

    await w.cal.experiment(`async (c, a) => c.items.remove(a.id, a.uid)`, { id: CALDAV.id, uid });
    await until('the event gone from the server', 20000, async () => (await onServer(uid)).length === 0, 300);

    // Another client's event: Thunderbird syncs it, the Experiment's observer reports it.
    await w.cal.experiment(`async (calendar, a, w) => {
      const page = w.wrappedJSObject;
      page.__seen = Cu.cloneInto([], w);
      calendar.items.onCreated.addListener(Cu.exportFunction((i) => page.__seen.push('created ' + i.id), w));
      calendar.items.onReset.addListener(Cu.exportFunction((c) => page.__seen.push('reset ' + c), w));
    }`);
    const other = `${randomUUID()}@phone.example`;
    const put = await radicale.http(
      'PUT',
      `/alice/calendar/${other}.ics`,
      vcalendar('PUBLISH', [{ ...event, uid: other, summary: 'From the phone' }]).replace(/^METHOD:PUBLISH\r\n/m, ''),
      { 'Content-Type': 'text/calendar; charset=utf-8' },
    );
    assert.equal(put.status, 201);
    await until(
      "the observer to report the server's event",
      30000,
      async () => {
        await w.cal.refresh(CALDAV.id);
        const seen = await w.cal.experiment<string[]>(`async (c, a, w) => JSON.parse(JSON.stringify(w.wrappedJSObject.__seen))`);
        return seen.includes(`created ${other}`) || seen.includes(`reset ${CALDAV.id}`);
      },
      1000,
    );
    const read = await w.cal.experiment<{ item: string } | null>(`async (c, a) => c.items.get(a.id, a.uid)`, { id: CALDAV.id, uid: other });
    assert.match(read?.item ?? '', /SUMMARY:From the phone/);
  },
};
export default scenario;
