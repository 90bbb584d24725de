import { parseCalendar } from './src/core/ical/parse.js';
import { expandEvent } from './src/core/ical/recurrence.js';
import { zoneContext } from './src/core/ical/tz.js';
const rules = process.argv.slice(2);
for (const rule of rules) {
  const ics = ['BEGIN:VCALENDAR','VERSION:2.0','PRODID:x','BEGIN:VEVENT','UID:a','DTSTAMP:20260101T000000Z', process.env.DTSTART ?? 'DTSTART:19000101T090000Z', process.env.DTEND ?? 'DTEND:19000101T090010Z', rule,'END:VEVENT','END:VCALENDAR',''].join('\r\n');
  const root = parseCalendar(ics).root;
  const ev = root.getFirstSubcomponent('vevent')!;
  const ctx = zoneContext(root, 'UTC');
  const t = performance.now();
  const r = expandEvent(ev, [], { start: Date.UTC(2026, 11, 1), end: Date.UTC(2026, 11, 8) }, ctx);
  console.log(rule.slice(0, 80), r.occurrences.length, r.truncated, (performance.now() - t).toFixed(0) + 'ms', ctx.warnings, r.occurrences[0] && new Date(r.occurrences[0].start).toISOString());
}
