// The management page in Chromium with a fake background: calendar views in the identity's zone,
// the event page and its counter decision, the editor's EventDraft, the recurrence preview,
// import errors, the dark theme and hostile text.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ActionOutcome, SentView } from '../../src/shared/protocol.js';
import { ALICE, HOSTILE, kickoff } from './fixtures/manager-data.js';
import { closeBrowser, openPage, pageTestsAvailable, type OpenPage } from './harness.js';
import { managerApi, type Answers } from './manager-api.js';

const skip = pageTestsAvailable();

const unsent = (over: Partial<SentView>): SentView => ({
  id: 'o9',
  to: ['olga@example.test'],
  method: 'REPLY',
  subject: 'Declined: Board talks',
  state: 'needs-consent',
  phase: 'waiting-consent',
  encrypted: false,
  error: 'no accepted OpenPGP key for olga@example.test',
  from: ALICE,
  created: '2026-03-10T09:00:00Z',
  uid: 'board@example.test',
  ...over,
});
/** The outbox as the background lists it: sent and discarded ones too (the page shows only what waits or failed). */
const outbox: SentView[] = [
  unsent({}),
  unsent({ id: 'o8', state: 'failed', phase: 'failed', error: 'imipSend: sending failed (status 0x80553118)', subject: 'Accepted: Retro' }),
  unsent({ id: 'o7', state: 'sent', phase: 'sent', error: null }),
  unsent({ id: 'o6', state: 'failed', phase: 'discarded' }),
  unsent({ id: 'o5', from: 'room@example.test' }),
];
const VIEWPORT = { width: 1280, height: 860 };

const sentOutcome = (method: string, to: string[]): ActionOutcome => ({
  results: [{ method, uid: 'kickoff@example.test', action: 'sent', reason: 'sent' }],
  sent: [
    {
      id: 'o1',
      to,
      method,
      subject: `Invitation: Project kickoff`,
      state: 'sent',
      phase: 'sent',
      encrypted: false,
      error: null,
      from: 'alice@example.test',
      created: '2026-12-01T09:00:00Z',
      uid: 'kickoff@example.test',
    },
  ],
});

/** The background as the tests play it (manager-api.ts): answers by request type; every request is kept. */
function background(overrides: Answers = {}) {
  return managerApi(overrides);
}

async function open(query: string, bg: ReturnType<typeof background>, opts: { lang?: 'en' | 'de'; colorScheme?: 'light' | 'dark' } = {}): Promise<OpenPage> {
  return openPage({ path: `manager/index.html?${query}`, api: bg.api, viewport: VIEWPORT, ...opts });
}

describe('management page', { skip: skip ?? false }, () => {
  after(closeBrowser);

  it('week view: occurrences at their times and days in the identity zone, overlaps side by side', async () => {
    const bg = background();
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('.occurrence');
      // English weeks start on Sunday: 8 March 00:00 in Berlin is 23:00Z the day before.
      const range = bg.of('calendar.range').at(-1)!;
      assert.deepEqual(range, { type: 'calendar.range', identity: ALICE, start: '2026-03-07T23:00:00.000Z', end: '2026-03-14T23:00:00.000Z' });
      assert.deepEqual(await page.$$eval('.tg-dayhead', (els) => els.map((e) => (e as HTMLElement).dataset['date'])), [
        '2026-03-08',
        '2026-03-09',
        '2026-03-10',
        '2026-03-11',
        '2026-03-12',
        '2026-03-13',
        '2026-03-14',
      ]);
      const placed = await page.$$eval('.tg-col .occurrence', (els) =>
        els.map((e) => {
          const b = e as HTMLElement;
          // Minutes from midnight, from the percentages of the day the block is placed at (no named
          // helper here: tsx would wrap it in a __name call the page does not have).
          return {
            date: (b.closest('.tg-col') as HTMLElement).dataset['date'],
            summary: b.querySelector('.occ-summary')!.textContent,
            top: Math.round((parseFloat(b.style.top) / 100) * 1440),
            height: Math.round((parseFloat(b.style.height) / 100) * 1440),
            col: b.dataset['col'],
            partstat: b.dataset['partstat'],
            cancelled: b.classList.contains('cancelled'),
          };
        }),
      );
      const at = (s: string) => placed.filter((x) => x.summary === s);
      // 08:00Z is 09:00 in Berlin; 15 minutes are drawn at the 20-minute minimum.
      assert.deepEqual(
        at('Team stand-up').map((x) => [x.date, x.top, x.height]),
        [
          ['2026-03-09', 540, 20],
          ['2026-03-11', 540, 20],
        ],
      );
      // 23:30Z on Thursday is 00:30 on Friday in Berlin.
      assert.deepEqual(
        at('Call with Tokyo').map((x) => [x.date, x.top, x.height]),
        [['2026-03-13', 30, 60]],
      );
      assert.deepEqual(
        at('Design review').map((x) => [x.date, x.top, x.col]),
        [['2026-03-10', 600, '0/2']],
      );
      assert.deepEqual(
        at('Vendor call').map((x) => [x.date, x.col, x.partstat]),
        [['2026-03-10', '1/2', 'NEEDS-ACTION']],
      );
      assert.deepEqual(
        at('Lunch with Carol').map((x) => [x.col, x.partstat]),
        [['0/1', 'TENTATIVE']],
      );
      assert.equal(at('Budget meeting')[0]!.partstat, 'DECLINED');
      assert.equal(at('Retrospective')[0]!.cancelled, true);
      const cancelledStyle = await page.$eval('.occurrence.cancelled .occ-summary', (e) => getComputedStyle(e).textDecorationLine);
      assert.equal(cancelledStyle, 'line-through');
      // The all-day offsite covers Thursday and Friday (DTEND is exclusive).
      assert.deepEqual(
        await page.$$eval('.tg-allday-cell', (els) => els.filter((c) => c.querySelector('.occurrence')).map((c) => (c as HTMLElement).dataset['date'])),
        ['2026-03-12', '2026-03-13'],
      );
      assert.deepEqual(await page.$$eval('#attention li', (els) => els.map((e) => (e as HTMLElement).dataset['kind'])), ['counter', 'invitation', 'refused']);
      assert.equal(await page.textContent('#range-title'), 'Mar 8 – Mar 14, 2026');
      await page.screenshot({ path: '/tmp/manager-week.png' });

      // Keyboard: arrows walk the occurrences, Enter opens one; Page Down moves a week on.
      await page.focus('.occurrence');
      await page.keyboard.press('ArrowDown');
      const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset['uid']);
      assert.ok(second);
      await page.keyboard.press('PageDown');
      await page.waitForFunction(() => document.querySelector('.tg-dayhead')?.getAttribute('data-date') === '2026-03-15');
      assert.equal(bg.of('calendar.range').at(-1)!.start, '2026-03-14T23:00:00.000Z');
      await page.click('[data-view=month]');
      await page.waitForSelector('.month');
      await page.screenshot({ path: '/tmp/manager-month.png' });
      await page.click('[data-view=agenda]');
      await page.waitForSelector('.agenda');
      // Page Down moved on to 17 March; four weeks back the agenda lists the fixture week.
      await page.click('[data-nav=prev]');
      await page.waitForSelector('.agenda-day[data-date="2026-03-10"]');
      assert.deepEqual(await page.$$eval('.agenda-day[data-date="2026-03-10"] .occ-summary', (els) => els.map((e) => e.textContent)), [
        'Design review',
        'Vendor call',
        'Lunch with Carol',
      ]);
      await page.screenshot({ path: '/tmp/manager-agenda.png' });
      await page.click('[data-view=day]');
      await page.waitForSelector('.timegrid.days-1');
    } finally {
      await p.close();
    }
  });

  it('event page: attendee answers with comments, and a pending counter accepted with counter.decide', async () => {
    const bg = background({ 'counter.decide': () => sentOutcome('REQUEST', ['bob@example.test', 'carol@example.test', 'room-101@example.test']) });
    const p = await open(`identity=${ALICE}&uid=kickoff@example.test`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('#event tr[data-address]');
      const rows = await page.$$eval('#event tr[data-address]', (els) =>
        els.map((r) => [
          (r as HTMLElement).dataset['address'],
          r
            .querySelector('.badge[class*=partstat-]')!
            .className.split(' ')
            .find((c) => c.startsWith('partstat-')),
          r.querySelector('.comment')!.textContent,
        ]),
      );
      assert.deepEqual(rows, [
        [ALICE, 'partstat-ACCEPTED', ''],
        ['bob@example.test', 'partstat-TENTATIVE', 'Could we start an hour later?'],
        ['carol@example.test', 'partstat-DECLINED', 'On holiday that week.'],
        ['room-101@example.test', 'partstat-ACCEPTED', ''],
      ]);
      assert.equal(await page.locator('#event .history li').count(), 3);
      assert.match((await page.textContent('#event .counter .proposed'))!, /Thu, Mar 12, 2026, 11:00 AM – 12:00 PM/);
      assert.equal(await page.textContent('#event .when'), 'Thu, Mar 12, 2026, 10:00 AM – 11:00 AM');
      await page.screenshot({ path: '/tmp/manager-event.png', fullPage: true });
      await page.fill('.counter textarea', 'See you then');
      await page.click('.counter [data-action=accept-counter]');
      await page.waitForSelector('#sent li[data-state=sent]');
      assert.deepEqual(bg.of('counter.decide'), [
        { type: 'counter.decide', identity: ALICE, uid: 'kickoff@example.test', from: 'bob@example.test', decision: 'accept', comment: 'See you then' },
      ]);
      assert.match((await page.textContent('#sent'))!, /Invitation.*bob@example\.test, carol@example\.test/);
      assert.equal(await page.getAttribute('#sent li strong', 'title'), 'REQUEST', 'the protocol name only as the tooltip');
      await page.screenshot({ path: '/tmp/manager-event-sent.png' });
      // Stored attachments download through attachment.get; links open only on request.
      assert.equal(
        bg.requests.some((r) => r.type === 'attachment.get'),
        false,
      );
      assert.equal(
        p.calls.some((c) => c.path === 'windows.openDefaultBrowser'),
        false,
      );
      await page.click('[data-action=open-link]');
      await page.waitForFunction(() => true);
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(p.calls.find((c) => c.path === 'windows.openDefaultBrowser')?.args, ['https://wiki.example.test/kickoff']);
    } finally {
      await p.close();
    }
  });

  it('an occurrence opened from the week: the series in words, and an answer for that occurrence only', async () => {
    const bg = background({
      'event.respond': () => ({
        results: [{ method: 'REPLY', uid: 'standup@example.test', action: 'sent', reason: 'answered' }],
        sent: [
          {
            id: 'o3',
            to: ['dana@example.test'],
            method: 'REPLY',
            subject: 'Tentative: Team stand-up',
            state: 'sent',
            phase: 'sent',
            encrypted: false,
            error: null,
            from: ALICE,
            created: '2026-03-10T09:00:00Z',
            uid: 'standup@example.test',
          },
        ],
      }),
    });
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.click('.tg-col[data-date="2026-03-11"] .occurrence[data-uid="standup@example.test"]');
      await page.waitForSelector('#event select#scope');
      assert.equal(await page.textContent('#event .rrule-text'), 'Every week on Monday, Wednesday');
      assert.match((await page.textContent('#event .facts'))!, /Exceptions\s*Wed, Mar 4, 2026, 9:00 AM/);
      assert.equal(await page.inputValue('select#scope'), 'occurrence');
      await page.click('[data-action=respond-TENTATIVE]');
      await page.waitForSelector('#sent li[data-state=sent]');
      assert.deepEqual(bg.of('event.respond'), [
        {
          type: 'event.respond',
          identity: ALICE,
          uid: 'standup@example.test',
          action: { kind: 'respond', partstat: 'TENTATIVE', recurrenceId: '2026-03-11T08:00:00.000Z' },
        },
      ]);
    } finally {
      await p.close();
    }
  });

  it('editor: a weekly event with two attendees becomes the exact EventDraft sent with event.save', async () => {
    const bg = background({ 'event.save': () => ({ ...sentOutcome('REQUEST', ['bob@example.test', 'carol@example.test']), uid: 'kickoff@example.test' }) });
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('.occurrence');
      await page.click('[data-action=new-event]');
      await page.waitForSelector('form#editor');
      assert.equal(await page.inputValue('select[name=tzid]'), 'Europe/Berlin');
      assert.equal(await page.inputValue('input[name=start]'), '2026-03-10T09:00');
      await page.fill('input[name=summary]', 'Sprint planning');
      await page.fill('input[name=location]', 'Room 101');
      await page.fill('input[name=start]', '2026-03-09T10:00');
      // The end moves with the start, keeping the hour.
      assert.equal(await page.inputValue('input[name=end]'), '2026-03-09T11:00');
      await page.selectOption('select[name=freq]', 'WEEKLY');
      await page.check('input[name=byday][value=WE]');
      await page.check('input[name=ends][value=count]');
      await page.fill('input[name=count]', '10');
      await page.press('input[name=count]', 'Tab');
      assert.equal(await page.textContent('.rrule-text'), 'Every week on Monday, Wednesday for 10 times');
      await page.fill('input[name=attendee]', 'Bob Builder <Bob@Example.test>');
      await page.click('[data-action=add-attendee]');
      await page.fill('input[name=attendee]', 'carol@example.test');
      await page.press('input[name=attendee]', 'Enter');
      await page.selectOption('tr[data-address="carol@example.test"] select[name=role]', 'OPT-PARTICIPANT');
      await page.fill('input[name=categories]', 'Planning, Team');
      // Free/busy for the attendees over the chosen day: Bob is known, Carol is not.
      await page.waitForSelector('#freebusy .fb-row[data-address="carol@example.test"]');
      const fb = bg.of('freebusy.people').at(-1)!;
      assert.deepEqual(fb, {
        type: 'freebusy.people',
        identity: ALICE,
        addresses: ['bob@example.test', 'carol@example.test'],
        start: '2026-03-08T23:00:00.000Z',
        end: '2026-03-09T23:00:00.000Z',
      });
      assert.equal(await page.textContent('#freebusy .fb-row[data-address="carol@example.test"] .fb-unknown'), 'unknown');
      assert.equal(await page.getAttribute('#freebusy .fb-row[data-address="bob@example.test"]', 'data-known'), 'true');
      await page.screenshot({ path: '/tmp/manager-editor.png' });
      await page.locator('#freebusy').scrollIntoViewIfNeeded();
      await page.screenshot({ path: '/tmp/manager-editor-2.png' });
      await page.click('[data-action=save]');
      await page.waitForSelector('#sent li[data-state=sent]');
      assert.deepEqual(bg.of('event.save'), [
        {
          type: 'event.save',
          identity: ALICE,
          draft: {
            summary: 'Sprint planning',
            location: 'Room 101',
            description: '',
            start: '2026-03-09T10:00',
            end: '2026-03-09T11:00',
            allDay: false,
            tzid: 'Europe/Berlin',
            rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10',
            exdates: [],
            attendees: [
              { address: 'bob@example.test', name: 'Bob Builder', role: 'REQ-PARTICIPANT', cutype: 'INDIVIDUAL' },
              { address: 'carol@example.test', role: 'OPT-PARTICIPANT', cutype: 'INDIVIDUAL' },
            ],
            transparency: 'OPAQUE',
            categories: ['Planning', 'Team'],
            attachments: [],
          },
        },
      ]);
    } finally {
      await p.close();
    }
  });

  it('a double-click on an empty place in the grid opens the editor at that half hour', async () => {
    const bg = background();
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('.occurrence');
      const col = page.locator('.tg-col[data-date="2026-03-14"]');
      await col.scrollIntoViewIfNeeded();
      const box = (await col.boundingBox())!;
      // 14:10 lies in the 14:00 half hour.
      await page.mouse.dblclick(box.x + box.width / 2, box.y + (box.height * (14 * 60 + 10)) / 1440);
      await page.waitForSelector('form#editor');
      assert.equal(await page.inputValue('input[name=start]'), '2026-03-14T14:00');
      assert.equal(await page.inputValue('input[name=end]'), '2026-03-14T15:00');
    } finally {
      await p.close();
    }
  });

  it('editing loads detail.draft and saves it with its uid and the kept attachment', async () => {
    const bg = background({ 'event.save': () => ({ ...sentOutcome('REQUEST', ['bob@example.test', 'carol@example.test']), uid: 'kickoff@example.test' }) });
    const p = await open(`identity=${ALICE}&uid=kickoff@example.test`, bg);
    try {
      const { page } = p;
      await page.click('#event [data-action=edit]');
      await page.waitForSelector('form#editor');
      assert.equal(await page.inputValue('input[name=summary]'), 'Project kickoff');
      assert.equal(await page.inputValue('input[name=start]'), '2026-03-12T10:00');
      assert.deepEqual(await page.$$eval('#attendees tr[data-address]', (els) => els.map((e) => (e as HTMLElement).dataset['address'])), [
        'bob@example.test',
        'carol@example.test',
      ]);
      await page.fill('input[name=summary]', 'Project kickoff (moved)');
      await page.fill('input[name=start]', '2026-03-12T11:00');
      await page.click('tr[data-address="carol@example.test"] [data-action=remove-attendee]');
      await page.click('[data-action=save]');
      await page.waitForSelector('#sent li[data-state=sent]');
      const { draft } = bg.of('event.save')[0]!;
      assert.deepEqual(draft, {
        ...kickoff.draft!,
        summary: 'Project kickoff (moved)',
        start: '2026-03-12T11:00',
        end: '2026-03-12T12:00',
        attendees: [kickoff.draft!.attendees[0]!],
      });
    } finally {
      await p.close();
    }
  });

  it("attention list: a refused message explained in the page language, the agent's English reason only as details", async () => {
    for (const lang of ['en', 'de'] as const) {
      const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, background(), { lang });
      try {
        const reason = p.page.locator('#attention li[data-kind=refused] .attention-reason');
        await reason.waitFor();
        if (lang === 'en') {
          assert.equal(await reason.innerText(), 'Sender is not the organizer');
        } else {
          assert.equal(await reason.evaluate((e) => e.firstChild!.textContent), 'Die Nachricht wurde abgewiesen und hat nichts geändert.');
          assert.equal(await reason.getAttribute('title'), 'Sender is not the organizer');
          assert.equal(await p.page.locator('#attention li[data-kind=refused] .attention-detail[lang=en]').innerText(), 'Sender is not the organizer');
        }
      } finally {
        await p.close();
      }
    }
  });

  it('recurrence preview: rrule words in English, the rule under a German label in German', async () => {
    for (const lang of ['en', 'de'] as const) {
      const bg = background();
      const p = await open(`identity=${ALICE}&view=week&date=2026-03-31`, bg, { lang });
      try {
        const { page } = p;
        await page.waitForSelector('.timegrid');
        await page.click('[data-action=new-event]');
        await page.fill('input[name=start]', '2026-03-31T09:00');
        await page.selectOption('select[name=freq]', 'MONTHLY');
        await page.check('input[name=monthly][value=last]');
        await page.fill('input[name=interval]', '2');
        await page.press('input[name=interval]', 'Tab');
        await page.check('input[name=ends][value=until]');
        await page.fill('input[name=until]', '2026-12-31');
        await page.press('input[name=until]', 'Tab');
        const text = await page.textContent('.rrule-text');
        // The last day in Berlin ends at 22:59:59Z (UTC+1 in December).
        if (lang === 'en') assert.equal(text, 'Every 2 months on the last Tuesday until December 31, 2026');
        else assert.equal(text, 'Wiederholungsregel (RFC 5545): FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TU;UNTIL=20261231T225959Z');
        if (lang === 'de') await page.screenshot({ path: '/tmp/manager-editor-de.png', fullPage: true });
      } finally {
        await p.close();
      }
    }
  });

  it('import shows how many events came in and every error', async () => {
    const bg = background({
      'ics.import': () => ({ imported: 1, errors: ['VEVENT 2: DTSTART is missing', 'VEVENT 3: <b>bad</b> RRULE'] }),
      'backup.restore': () => ({ users: 2, events: 14 }),
    });
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('.occurrence');
      const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART:20260310T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
      await page.setInputFiles('input[name=import-file]', { name: 'events.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
      await page.waitForSelector('#transfer-result [data-result=import]');
      assert.deepEqual(bg.of('ics.import'), [{ type: 'ics.import', identity: ALICE, text: ics }]);
      assert.equal(await page.textContent('#transfer-result [data-result=import]'), 'Imported 1 event(s).');
      assert.deepEqual(await page.$$eval('.import-errors li', (els) => els.map((e) => e.textContent)), [
        'VEVENT 2: DTSTART is missing',
        'VEVENT 3: <b>bad</b> RRULE',
      ]);
      assert.equal(await page.locator('.import-errors b').count(), 0);

      // A store change pushed by the background redraws the calendar and the pending items.
      const before = bg.of('calendar.range').length;
      await p.notice({ notice: 'store.changed', identity: ALICE, uids: ['vendor@example.test'] });
      await page.waitForFunction(() => true);
      for (let i = 0; i < 50 && bg.of('calendar.range').length === before; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(bg.of('calendar.range').length, before + 1);

      // Restore replaces everything, so it asks first; "keep" sends nothing, "replace" restores.
      const backup = JSON.stringify({ schema: 1, users: [] });
      await page.setInputFiles('input[name=restore-file]', { name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
      await page.click('dialog.confirm [data-action=confirm-cancel]');
      assert.equal(
        bg.requests.some((r) => r.type === 'backup.restore'),
        false,
      );
      await page.setInputFiles('input[name=restore-file]', { name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(backup) });
      await page.click('dialog.confirm [data-action=confirm-ok]');
      await page.waitForSelector('#transfer-result [data-result=restore]');
      assert.deepEqual(bg.of('backup.restore'), [{ type: 'backup.restore', json: backup }]);
      assert.equal(await page.textContent('#transfer-result [data-result=restore]'), 'Restored 2 calendar user(s) with 14 event(s).');
    } finally {
      await p.close();
    }
  });

  it('dark theme follows prefers-color-scheme', async () => {
    const bg = background();
    const p = await open(`identity=${ALICE}&uid=kickoff@example.test&date=2026-03-10`, bg, { colorScheme: 'dark' });
    try {
      const { page } = p;
      await page.waitForSelector('#event tr[data-address]');
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(28, 27, 34)');
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(251, 251, 254)');
      await page.screenshot({ path: '/tmp/manager-event-dark.png', fullPage: true });
      await page.click('[data-action=back]');
      await page.waitForSelector('.occurrence');
      await page.screenshot({ path: '/tmp/manager-week-dark.png' });
    } finally {
      await p.close();
    }
  });

  it('the outbox view lists what waits or failed for the identity, with Send in clear, Send again and Discard', async () => {
    const bg = background({
      'outbox.list': () => outbox,
      'outbox.consent': (req) => ({ ...outbox[0], state: 'sent', phase: 'sent', error: null, id: (req as { id: string }).id }),
      'outbox.resend': () => ({ ...outbox[1], state: 'sent', phase: 'sent', error: null }),
      'outbox.discard': () => ({ ...outbox[1], phase: 'discarded' }),
    });
    const p = await open(`identity=${ALICE}&view=week&date=2026-03-10`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('#outbox li[data-phase]');
      assert.deepEqual(await page.$$eval('#outbox li[data-id]', (lis) => lis.map((li) => [li.getAttribute('data-id'), li.getAttribute('data-phase')])), [
        ['o9', 'waiting-consent'],
        ['o8', 'failed'],
      ]);
      assert.equal(await page.textContent('#outbox-count'), '2');
      assert.match(
        (await page.textContent('#outbox li[data-id=o9]'))!,
        /^not sent: waiting for your consent to send it unencrypted Answer to olga@example\.testDeclined: Board talksno accepted OpenPGP key/,
      );
      assert.deepEqual(await page.$$eval('#outbox li[data-id=o9] button', (bs) => bs.map((b) => b.getAttribute('data-action'))), [
        'consent-send',
        'consent-drop',
      ]);
      assert.deepEqual(await page.$$eval('#outbox li[data-id=o8] button', (bs) => bs.map((b) => b.getAttribute('data-action'))), ['resend', 'discard']);
      const lists = bg.of('outbox.list').length;
      await page.click('#outbox li[data-id=o8] [data-action=resend]');
      // After the click the view is read again.
      for (let i = 0; i < 100 && bg.of('outbox.list').length === lists; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(bg.of('outbox.resend'), [{ type: 'outbox.resend', id: 'o8' }]);
      assert.ok(bg.of('outbox.list').length > lists);
    } finally {
      await p.close();
    }
  });

  it('hostile text from a message stays text', async () => {
    const bg = background({
      'event.respond': () => ({
        results: [{ method: 'REPLY', uid: 'hostile@evil.example', action: 'sent', reason: 'answered' }],
        sent: [
          {
            id: 'o2',
            to: ['mallory@evil.example'],
            method: 'REPLY',
            subject: 'Declined: <b>x</b>',
            state: 'needs-consent',
            phase: 'waiting-consent',
            encrypted: false,
            error: null,
            from: ALICE,
            created: '2026-03-10T09:00:00Z',
            uid: 'hostile@evil.example',
          },
        ],
      }),
      'outbox.consent': () => ({
        id: 'o2',
        to: ['mallory@evil.example'],
        method: 'REPLY',
        subject: 'Declined',
        state: 'sent',
        phase: 'sent',
        encrypted: false,
        error: null,
        from: ALICE,
        created: '2026-03-10T09:00:00Z',
        uid: 'hostile@evil.example',
      }),
    });
    const p = await open(`identity=${ALICE}&uid=hostile@evil.example`, bg);
    try {
      const { page } = p;
      await page.waitForSelector('#event h1');
      assert.equal(await page.textContent('#event h1'), HOSTILE);
      assert.equal(await page.textContent('#event .where'), '<script>window.__pwned=2</script>');
      assert.equal(await page.locator('#event img, #event script, #event iframe, #event svg, #event a, #event b').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      assert.match((await page.textContent('#event .description'))!, /^<a href="javascript:/);
      // A javascript: link stays text: no button opens it.
      assert.equal(await page.textContent('#event .att-uri'), 'javascript:alert(1)');
      assert.equal(await page.locator('#event [data-action=open-link]').count(), 0);
      // The attendee answer form is offered; nothing is sent until a button is pressed.
      assert.equal(
        bg.requests.some((r) => r.type === 'event.respond'),
        false,
      );
      await page.fill('textarea#comment', 'Not interested');
      await page.click('[data-action=respond-DECLINED]');
      await page.waitForSelector('#sent');
      assert.deepEqual(bg.of('event.respond'), [
        { type: 'event.respond', identity: ALICE, uid: 'hostile@evil.example', action: { kind: 'respond', partstat: 'DECLINED', comment: 'Not interested' } },
      ]);
      // The answer to an encrypted invitation cannot be encrypted: sent in clear only on consent.
      await page.screenshot({ path: '/tmp/manager-hostile.png' });
      await page.click('#sent [data-action=consent-send]');
      await page.waitForSelector('#sent li[data-state=sent]');
      assert.deepEqual(bg.of('outbox.consent'), [{ type: 'outbox.consent', id: 'o2', send: true }]);
    } finally {
      await p.close();
    }
  });
});
