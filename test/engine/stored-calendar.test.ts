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
