import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { copyPlain } from '../../src/core/copy.js';

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
