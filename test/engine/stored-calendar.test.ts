// The calendars the engine writes (itip/objects.ts objectCalendar, newCalendar) are built as jCal
// and wrapped once; here they are compared with the way they were built before, one ical.js call
// per property and per component, on the bench's corpus of senders: the same jCal, the same text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { imipCorpus } from '../../bench/corpus.js';
import { parseCalendar, serialize } from '../../src/core/ical/parse.js';
import { zoneContext } from '../../src/core/ical/tz.js';
import { eventObjects, neededTimezones, newCalendar, objectCalendar, type EventObject } from '../../src/core/itip/objects.js';
import { copyPlain } from '../../src/core/copy.js';

function calendarByCalls(props: Record<string, string>): ICAL.Component {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('prodid', '-//imip-agent//imip-agent for Thunderbird//EN');
  cal.addPropertyWithValue('version', '2.0');
  for (const [name, value] of Object.entries(props)) cal.addPropertyWithValue(name, value);
  return cal;
}

function objectCalendarByCalls(object: EventObject, props: Record<string, string> = {}): ICAL.Component {
  const cal = calendarByCalls(props);
  const components = [object.master, ...object.overrides].filter((c): c is ICAL.Component => !!c);
  for (const tz of neededTimezones(object.timezones, components)) cal.addSubcomponent(new ICAL.Component(copyPlain(tz.toJSON())));
  for (const c of components) cal.addSubcomponent(new ICAL.Component(copyPlain(c.toJSON())));
  return cal;
}

test('a new calendar is what adding PRODID, VERSION and the given properties one by one makes', () => {
  const all: Record<string, string>[] = [{}, { method: 'REQUEST' }, { method: 'PUBLISH', calscale: 'GREGORIAN' }, { 'x-wr-calname': 'Name; with, specials' }];
  for (const props of all) assert.deepEqual(newCalendar(props).toJSON(), calendarByCalls(props).toJSON(), JSON.stringify(props));
  // A property of another value type goes through ical.js as before.
  const odd = { 'last-modified': '2026-11-22T10:00:00Z' };
  assert.deepEqual(newCalendar(odd).toJSON(), calendarByCalls(odd).toJSON());
});

test("an object's calendar is what adding copies of its zones and components makes, and shares nothing with the object", () => {
  const corpus = imipCorpus(4242, 150);
  let n = 0;
  for (const ics of [...corpus.messages.map((m) => m.ics), ...corpus.organised]) {
    const { root } = parseCalendar(ics);
    for (const object of eventObjects(root, zoneContext(root, 'Europe/Berlin')).objects) {
      for (const props of [{}, { method: 'REQUEST' }] as Record<string, string>[]) {
        const built = objectCalendar(object, props);
        const before = objectCalendarByCalls(object, props);
        assert.deepEqual(built.toJSON(), before.toJSON());
        assert.equal(serialize(built), serialize(before));
      }
      const built = objectCalendar(object);
      built.getFirstSubcomponent('vevent')!.updatePropertyWithValue('summary', 'changed');
      assert.notEqual((object.master ?? object.overrides[0]!).getFirstPropertyValue('summary'), 'changed');
      n++;
    }
  }
  assert.ok(n > 100);
});

test('DTSTAMP read from its text is the instant ical.js decodes it to, in range or not', async () => {
  const fc = (await import('fast-check')).default;
  const { dtstampOf } = await import('../../src/core/itip/model.js');
  const { toInstant } = await import('../../src/core/ical/tz.js');
  const ctx = zoneContext(new ICAL.Component('vcalendar'), 'Europe/Berlin');
  const two = (n: number) => String(n).padStart(2, '0');
  const check = (text: string, params: Record<string, string> = {}) => {
    const ev = new ICAL.Component(['vevent', [['dtstamp', params, 'date-time', text]], []] as never);
    const reference = new ICAL.Component(['vevent', [['dtstamp', params, 'date-time', text]], []] as never);
    const outcome = (read: () => number | undefined) => {
      try {
        return read();
      } catch (e) {
        return `throws ${String(e)}`;
      }
    };
    const expected = outcome(() => {
      const value = reference.getFirstPropertyValue('dtstamp');
      return value instanceof ICAL.Time ? toInstant(value, ctx) : undefined;
    });
    assert.equal(
      outcome(() => dtstampOf(ev, ctx)),
      expected,
      text,
    );
  };
  for (const text of ['2026-11-22T10:00:00Z', '2026-02-29T10:00:00Z', '2024-02-29T23:59:59Z', '0050-01-01T00:00:00Z', '2026-11-22T10:00:00', '2026-11-22'])
    check(text);
  check('2026-11-22T10:00:00Z', { tzid: 'Europe/Berlin' });
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      (y, mo, d, h, mi, s) => check(`${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`),
    ),
    { numRuns: 2000 },
  );
});
