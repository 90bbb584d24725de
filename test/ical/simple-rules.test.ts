// The numeric generator for simple rules (src/core/ical/simple-rules.ts) against rrule.js, the
// library it stands in for, on random DAILY and WEEKLY rules: the same starts, in the same order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as rruleModule from 'rrule';
import type { Options } from 'rrule';
import { simpleRule } from '../../src/core/ical/simple-rules.js';

const cjsDefault = 'default';
const { RRule } = ((rruleModule as Record<string, unknown>)[cjsDefault] ?? rruleModule) as typeof rruleModule;
const DAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

function ours(opts: Partial<Options>, max: number): number[] {
  const out: number[] = [];
  assert.equal(
    simpleRule(opts, (d) => out.push(d.getTime()) < max),
    true,
  );
  return out;
}
function theirs(opts: Partial<Options>, max: number): number[] {
  const out: number[] = [];
  new RRule(opts).all((d) => out.push(d.getTime()) < max);
  return out;
}

const rule = fc.record({
  // DTSTART from 1960 to 2040, to the second, in the floating frame.
  start: fc.integer({ min: Date.UTC(1960, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }).map((s) => new Date(s * 1000)),
  freq: fc.constantFrom(RRule.DAILY, RRule.WEEKLY),
  interval: fc.integer({ min: 1, max: 5 }),
  days: fc.subarray([0, 1, 2, 3, 4, 5, 6]),
  wkst: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
  end: fc.oneof(
    fc.record({ count: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ untilDays: fc.integer({ min: -3, max: 400 }), onInstance: fc.boolean() }),
    fc.constant({}),
  ),
});

test("DAILY and WEEKLY rules give rrule.js's starts exactly (INTERVAL, plain BYDAY, WKST, COUNT, UNTIL)", () => {
  fc.assert(
    fc.property(rule, (r) => {
      const opts: Partial<Options> = { freq: r.freq, interval: r.interval, dtstart: r.start };
      if (r.freq === RRule.WEEKLY && r.days.length) opts.byweekday = r.days.map((d) => DAYS[d]!);
      if (r.wkst !== undefined) opts.wkst = DAYS[r.wkst]!;
      if ('count' in r.end) opts.count = r.end.count;
      // UNTIL on a start itself (inclusive), or between two.
      if ('untilDays' in r.end) opts.until = new Date(r.start.getTime() + r.end.untilDays * 86_400_000 + (r.end.onInstance ? 0 : 3_600_000));
      assert.deepEqual(ours(opts, 80), theirs(opts, 80));
    }),
    { numRuns: RUNS },
  );
});

const monthly = fc.record({
  start: fc.integer({ min: Date.UTC(1960, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }).map((s) => new Date(s * 1000)),
  interval: fc.integer({ min: 1, max: 4 }),
  monthdays: fc.subarray([1, 2, 8, 15, 28, 29, 30, 31, -1, -2, -7], { maxLength: 3 }),
  days: fc.oneof(
    fc.subarray([0, 1, 2, 3, 4, 5, 6]).map((ds) => ds.map((d) => DAYS[d]!)),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.constantFrom(-5, -4, -2, -1, 1, 2, 3, 4, 5)), { minLength: 1, maxLength: 3 })
      .map((ds) => ds.map(([d, n]) => DAYS[d]!.nth(n))),
  ),
  setpos: fc.subarray([1, 2, 3, -1, -2]),
  end: fc.oneof(fc.record({ count: fc.integer({ min: 1, max: 40 }) }), fc.record({ untilDays: fc.integer({ min: -3, max: 900 }) }), fc.constant({})),
});

test("MONTHLY rules naming their days give rrule.js's starts exactly (BYMONTHDAY, BYDAY, BYSETPOS, INTERVAL, COUNT, UNTIL)", () => {
  fc.assert(
    fc.property(monthly, (r) => {
      if (!r.monthdays.length && !r.days.length) return;
      const opts: Partial<Options> = { freq: RRule.MONTHLY, interval: r.interval, dtstart: r.start };
      if (r.monthdays.length) opts.bymonthday = r.monthdays;
      if (r.days.length) opts.byweekday = r.days;
      if (r.setpos.length) opts.bysetpos = r.setpos;
      if ('count' in r.end) opts.count = r.end.count;
      if ('untilDays' in r.end) opts.until = new Date(r.start.getTime() + r.end.untilDays * 86_400_000);
      const out: number[] = [];
      if (!simpleRule(opts, (d) => out.push(d.getTime()) < 60)) return;
      assert.deepEqual(out, theirs(opts, 60));
    }),
    { numRuns: RUNS },
  );
});

test('other rules are left to rrule.js: a numbered BYDAY, BYMONTH, BYSETPOS, MONTHLY, HOURLY', () => {
  const dtstart = new Date(Date.UTC(2026, 0, 5, 9));
  for (const opts of [
    { freq: RRule.WEEKLY, dtstart, byweekday: [RRule.MO.nth(1)] },
    { freq: RRule.DAILY, dtstart, bymonth: [1] },
    { freq: RRule.WEEKLY, dtstart, byweekday: [RRule.MO, RRule.TU], bysetpos: [1] },
    { freq: RRule.DAILY, dtstart, byweekday: [RRule.MO] },
    { freq: RRule.MONTHLY, dtstart },
    { freq: RRule.HOURLY, dtstart },
  ] as Partial<Options>[])
    assert.equal(
      simpleRule(opts, () => assert.fail('no start may be made')),
      false,
    );
});
