import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { ByContent, copyPlain } from '../../src/core/copy.js';

test('a jCal copy equals the original and shares nothing with it (RFC 7265 values: RECUR objects, multi-valued parameters)', () => {
  const text = [
    'BEGIN:VEVENT',
    'UID:copy',
    'DTSTART;TZID=Europe/Berlin:20261201T100000',
    'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4',
    'RDATE;VALUE=PERIOD:20261203T100000Z/PT1H',
    'ATTENDEE;DELEGATED-FROM="mailto:a@example.com","mailto:b@example.com";PARTSTAT=ACCEPTED:mailto:c@example.com',
    'BEGIN:VALARM',
    'TRIGGER:-PT15M',
    'ACTION:DISPLAY',
    'END:VALARM',
    'END:VEVENT',
  ].join('\r\n');
  const original = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const before = original.toString();
  const copy = new ICAL.Component(copyPlain(original.toJSON()));
  assert.equal(copy.toString(), before);
  // Change every level of the copy: the original is as it was.
  copy.getFirstProperty('attendee')!.setParameter('partstat', 'DECLINED');
  (copy.getFirstProperty('attendee')!.getParameter('delegated-from') as unknown as string[]).push('mailto:d@example.com');
  (copy.getFirstPropertyValue('rrule') as ICAL.Recur).count = 9;
  copy.getFirstProperty('rrule')!.setValue(copy.getFirstPropertyValue('rrule') as ICAL.Recur);
  copy.getFirstSubcomponent('valarm')!.removeAllProperties('trigger');
  copy.addPropertyWithValue('summary', 'changed');
  assert.equal(original.toString(), before);
  assert.notEqual(copy.toString(), before);
});

test('a stored text read twice gives two events of its own: changing the first changes nothing of the second', async () => {
  const { loadStored } = await import('../../src/core/itip/objects.js');
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//t//EN',
    'BEGIN:VEVENT',
    'UID:twice',
    'DTSTAMP:20261120T080000Z',
    'DTSTART:20261201T100000Z',
    'SUMMARY:Original',
    'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:a@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const first = loadStored(ics, 'UTC');
  first.master!.updatePropertyWithValue('summary', 'Changed');
  first.master!.getFirstProperty('attendee')!.setParameter('partstat', 'ACCEPTED');
  const second = loadStored(ics, 'UTC');
  assert.equal(second.master!.getFirstPropertyValue('summary'), 'Original');
  assert.equal(second.master!.getFirstProperty('attendee')!.getParameter('partstat'), 'NEEDS-ACTION');
  assert.notEqual(first.master, second.master);
});

test('ByContent answers only for data equal to what a value was made from, and holds its bounds', () => {
  const cache = new ByContent<string>(2, 2, 3);
  const zone = (offset: string) => ['vtimezone', [['tzid', {}, 'text', 'Europe/Berlin']], [['standard', [['tzoffsetto', {}, 'utc-offset', offset]], []]]];
  const winter = zone('+01:00');
  cache.set('Europe/Berlin', winter, 'made of +01:00');
  assert.equal(cache.get('Europe/Berlin', zone('+01:00')), 'made of +01:00', 'equal data, another object');
  (winter[2] as unknown[][])[0]![1] = [['tzoffsetto', {}, 'utc-offset', '+05:00']];
  assert.equal(cache.get('Europe/Berlin', winter), undefined, 'the data it was made from changed since: a private copy was kept');
  assert.equal(cache.get('Europe/Berlin', zone('+01:00')), 'made of +01:00');
  assert.equal(cache.get('Europe/Paris', zone('+01:00')), undefined, 'found by key first');

  // Not plain data: a value made of it is not kept.
  cache.set('odd', ['vtimezone', [['x', {}, 'text', new Date(0)]], []], 'of a Date');
  assert.equal(cache.get('odd', ['vtimezone', [['x', {}, 'text', new Date(0)]], []]), undefined);

  // Two versions of a key at most; three values and two keys in all, the least recently used out.
  cache.set('Europe/Berlin', zone('+02:00'), 'made of +02:00');
  cache.set('Europe/Berlin', zone('+03:00'), 'made of +03:00');
  assert.equal(cache.get('Europe/Berlin', zone('+01:00')), undefined, 'the oldest version went');
  assert.equal(cache.get('Europe/Berlin', zone('+02:00')), 'made of +02:00');
  cache.set('A', zone('+04:00'), 'A');
  assert.equal(cache.get('Europe/Berlin', zone('+03:00')), 'made of +03:00', 'three values in all');
  assert.equal(cache.get('A', zone('+04:00')), 'A');
  cache.set('B', zone('+04:00'), 'B');
  assert.equal(cache.get('Europe/Berlin', zone('+03:00')), undefined, 'two keys at most: the least recently used went whole');
  assert.equal(cache.get('A', zone('+04:00')), 'A');
  assert.equal(cache.get('B', zone('+04:00')), 'B');
  cache.set('B', zone('+05:00'), 'B2');
  cache.set('A', zone('+05:00'), 'A2');
  assert.equal(cache.get('B', zone('+04:00')), undefined, 'four values: the least recently used key went whole');
  assert.equal(cache.get('A', zone('+05:00')), 'A2', 'the key just set is the most recent');
  assert.equal(cache.get('A', zone('+04:00')), 'A');
});
