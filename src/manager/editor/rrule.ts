// Recurrence rules (RFC 5545 §3.3.10) as the builder edits them: the few shapes a person sets up
// by hand. Any other rule (made by another program) is kept verbatim, never rewritten.
import { DateTime } from 'luxon';
import { RRule } from 'rrule';
import { t, uiLocale } from '../../ui/i18n.js';

export type Freq = 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAYS)[number];

export interface RuleState {
  freq: Freq;
  interval: number;
  /** WEEKLY: the days; empty means the start's weekday. */
  byDay: WeekdayCode[];
  /** MONTHLY: on the start's date, its nth weekday, or its last weekday. */
  monthly: 'date' | 'day' | 'last';
  ends: 'never' | 'count' | 'until';
  count: number;
  /** Last day (inclusive), YYYY-MM-DD. */
  until: string;
}

export interface RuleStart {
  /** YYYY-MM-DD of the first occurrence, in the draft's zone. */
  date: string;
  allDay: boolean;
  tzid: string;
}

export function emptyRule(): RuleState {
  return { freq: 'NONE', interval: 1, byDay: [], monthly: 'date', ends: 'never', count: 10, until: '' };
}

export function weekdayOf(date: string): WeekdayCode {
  return WEEKDAYS[DateTime.fromISO(date).weekday - 1]!;
}

/** Which week of the month the date falls in (1…5), and whether it is the last such weekday. */
export function nthOf(date: string): { nth: number; last: boolean } {
  const d = DateTime.fromISO(date);
  return { nth: Math.ceil(d.day / 7), last: d.day + 7 > d.daysInMonth! };
}

export function buildRule(s: RuleState, start: RuleStart): string | null {
  if (s.freq === 'NONE') return null;
  const parts = [`FREQ=${s.freq}`];
  if (s.interval > 1) parts.push(`INTERVAL=${Math.floor(s.interval)}`);
  if (s.freq === 'WEEKLY') {
    const days = s.byDay.length ? WEEKDAYS.filter((d) => s.byDay.includes(d)) : [weekdayOf(start.date)];
    parts.push(`BYDAY=${days.join(',')}`);
  }
  if (s.freq === 'MONTHLY') {
    if (s.monthly === 'date') parts.push(`BYMONTHDAY=${DateTime.fromISO(start.date).day}`);
    else parts.push(`BYDAY=${s.monthly === 'last' ? -1 : nthOf(start.date).nth}${weekdayOf(start.date)}`);
  }
  if (s.ends === 'count') parts.push(`COUNT=${Math.max(1, Math.floor(s.count))}`);
  if (s.ends === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(s.until)) {
    // UNTIL is a DATE for all-day events, else a UTC instant when DTSTART has a zone (§3.3.10):
    // the end of the chosen day in the event's zone, so an occurrence on that day is included.
    parts.push(
      start.allDay
        ? `UNTIL=${s.until.replace(/-/g, '')}`
        : `UNTIL=${DateTime.fromISO(s.until, { zone: start.tzid }).endOf('day').set({ millisecond: 0 }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`,
    );
  }
  return parts.join(';');
}

/** The builder's state for a rule, or null when the rule has parts the builder does not offer. */
export function parseRule(rule: string, start: RuleStart): RuleState | null {
  const s = emptyRule();
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const [key, value = ''] = part.split('=') as [string, string?];
    const k = key.toUpperCase();
    if (seen.has(k)) return null;
    seen.add(k);
    if (k === 'FREQ' && ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(value)) s.freq = value as Freq;
    else if (k === 'INTERVAL' && /^\d{1,3}$/.test(value) && Number(value) >= 1) s.interval = Number(value);
    else if (k === 'COUNT' && /^\d{1,5}$/.test(value) && Number(value) >= 1) {
      s.ends = 'count';
      s.count = Number(value);
    } else if (k === 'UNTIL' && /^\d{8}(T\d{6}Z?)?$/.test(value)) {
      s.ends = 'until';
      const instant =
        value.length > 8 ? DateTime.fromFormat(value.replace('Z', ''), "yyyyMMdd'T'HHmmss", { zone: value.endsWith('Z') ? 'utc' : start.tzid }) : null;
      s.until = instant ? instant.setZone(start.tzid).toISODate()! : `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    } else if (k === 'BYDAY' || k === 'BYMONTHDAY') continue;
    else return null;
  }
  if (s.freq === 'NONE') return null;
  const byDay = rule.match(/(?:^|;)BYDAY=([^;]*)/i)?.[1]?.toUpperCase();
  const byMonthDay = rule.match(/(?:^|;)BYMONTHDAY=([^;]*)/i)?.[1];
  if (s.freq === 'WEEKLY' && !byMonthDay) {
    const days = byDay ? byDay.split(',') : [];
    if (!days.every((d) => (WEEKDAYS as readonly string[]).includes(d))) return null;
    s.byDay = days as WeekdayCode[];
    return s;
  }
  if (s.freq === 'MONTHLY') {
    const d = DateTime.fromISO(start.date);
    if (byMonthDay && !byDay && Number(byMonthDay) === d.day) return { ...s, monthly: 'date' };
    if (!byMonthDay && !byDay) return { ...s, monthly: 'date' };
    const m = byDay?.match(/^([+-]?\d)([A-Z]{2})$/);
    if (!byMonthDay && m && m[2] === weekdayOf(start.date)) {
      if (Number(m[1]) === -1 && nthOf(start.date).last) return { ...s, monthly: 'last' };
      if (Number(m[1]) === nthOf(start.date).nth) return { ...s, monthly: 'day' };
    }
    return null;
  }
  return byDay || byMonthDay ? null : s;
}

/**
 * The rule in words. rrule's toText() speaks English only: its other languages need a complete
 * hand-made word list and it still builds English sentence order ("every 2 weeks on Monday"),
 * which German does not share. So other languages show the rule itself, under a translated
 * label, rather than wrong or half-English sentences.
 */
export function ruleText(rule: string): string {
  if (!uiLocale().toLowerCase().startsWith('en')) return t('manager_rrule_verbatim', rule);
  try {
    const text = RRule.fromString(rule).toText();
    return text.charAt(0).toUpperCase() + text.slice(1);
  } catch {
    return t('manager_rrule_verbatim', rule);
  }
}
