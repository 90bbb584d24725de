// The recurrence rule in words, through rrule's own `toText`.
//
// English: rrule's text as it comes (its vocabulary is English).
// German: also rrule's `toText`, with a German language object (day and month names from Intl in
// the UI locale) and its words from _locales (`popup_rrule_*`). rrule assembles English word
// order and cannot tell its gettext which noun follows "every", yet German needs the article or
// adverb to agree with it ("täglich", "jede Woche", "alle 2 Wochen", "jeden Januar"). So the
// gettext here marks every word rrule asks for, and the marked sequence is joined below, looking
// one word ahead where German needs it. Rules rrule can only approximate (or not convert at all)
// are shown with the rule itself, verbatim, under a label: never a wrong sentence alone.
import { Info } from 'luxon';
import { RRule } from 'rrule';
import { t, uiLocale } from '../ui/i18n.js';
import { formatDate } from '../ui/format.js';

export interface RecurrenceText {
  /** The rule in words, or null when rrule cannot put it into words. */
  text: string | null;
  /** The rule as written, shown when the words are missing or only approximate. */
  verbatim: string | null;
}

const OPEN = '\u0001';
const CLOSE = '\u0002';
/** Units "every" can stand before; German takes a different word for each. */
const UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'weekday', 'weekdays', 'hour', 'hours', 'minute', 'minutes']);
/** The ordinal suffixes rrule appends directly to a number. */
const SUFFIXES = new Set(['st', 'nd', 'rd', 'th']);

function language(): { dayNames: string[]; monthNames: string[]; tokens: Record<string, RegExp> } {
  const locale = uiLocale();
  const weekdays = Info.weekdays('long', { locale }); // Monday first
  // rrule's dayNames start on Sunday (JavaScript's getDay order).
  return { dayNames: [weekdays[6]!, ...weekdays.slice(0, 6)], monthNames: Info.months('long', { locale }), tokens: {} };
}

function dateFormatter(zone: string, monthNames: string[]) {
  return (year: number, month: string, day: number): string => {
    const m = monthNames.indexOf(month) + 1;
    return formatDate(`${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`, zone);
  };
}

function key(word: string): string {
  return `popup_rrule_${word.replace(/[^a-z]+/gi, '_').replace(/^_|_$/g, '')}`;
}

/** Joins rrule's marked word sequence into German (see the file comment). */
function joinGerman(marked: string): string {
  const parts: ({ word: string } | { text: string })[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let last = 0;
  for (const m of marked.matchAll(re)) {
    if (m.index > last) parts.push({ text: marked.slice(last, m.index) });
    parts.push({ word: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < marked.length) parts.push({ text: marked.slice(last) });
  const next = (i: number): { index: number; part: (typeof parts)[number] } | null => {
    for (let j = i + 1; j < parts.length; j++) {
      const p = parts[j]!;
      if ('text' in p && !p.text.trim()) continue;
      return { index: j, part: p };
    }
    return null;
  };
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if ('text' in p) {
      out.push(p.text);
      continue;
    }
    const n = next(i);
    if (p.word === 'every') {
      if (n && 'text' in n.part && /^\s*\d/.test(n.part.text)) out.push(t('popup_rrule_every_n'));
      else if (n && 'word' in n.part && UNITS.has(n.part.word)) {
        out.push(t(`popup_rrule_every_${n.part.word.replace(/s$/, '')}`));
        i = n.index;
      } else out.push(t('popup_rrule_every'));
    } else if (p.word === 'on' && n && 'word' in n.part && n.part.word === 'weekdays') {
      out.push(t('popup_rrule_on_weekdays'));
      i = n.index;
    } else if (SUFFIXES.has(p.word)) {
      out.push(t('popup_rrule_nth'));
    } else out.push(t(key(p.word)));
  }
  return out
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.])/g, '$1')
    .replace(/,(?=,)/g, '')
    .trim();
}

// rrule's own isFullyConvertible stops at the first of dtstart/tzid/wkst/freq it meets and then
// says yes, so BYSETPOS or BYMINUTE would pass unnoticed; this checks every part the rule has
// against what ToText.IMPLEMENTED puts into words.
const EXPRESSED = ['count', 'until', 'interval', 'byweekday', 'bymonthday', 'bymonth'];
const EXTRA: Partial<Record<number, string[]>> = { [RRule.DAILY]: ['byhour'], [RRule.YEARLY]: ['byweekno', 'byyearday'] };
const IGNORED = new Set(['dtstart', 'tzid', 'wkst', 'freq']);

function fullyExpressed(rule: RRule): boolean {
  const o = rule.origOptions as Record<string, unknown>;
  if (o['until'] && o['count']) return false;
  const known = new Set([...EXPRESSED, ...(EXTRA[rule.options.freq] ?? [])]);
  return Object.keys(o).every((k) => IGNORED.has(k) || o[k] === undefined || o[k] === null || known.has(k));
}

export function recurrenceText(rrule: string, zone: string): RecurrenceText {
  let rule: RRule;
  try {
    rule = RRule.fromString(rrule.replace(/^RRULE:/i, ''));
  } catch {
    return { text: null, verbatim: rrule };
  }
  const lang = language();
  const approximate = !fullyExpressed(rule);
  const implemented = [RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY, RRule.HOURLY, RRule.MINUTELY].includes(rule.options.freq);
  if (!implemented) return { text: null, verbatim: rrule };
  let text: string;
  try {
    if (uiLocale().toLowerCase().startsWith('de')) {
      text = joinGerman(rule.toText((id) => `${OPEN}${String(id)}${CLOSE}`, lang, dateFormatter(zone, lang.monthNames)));
    } else {
      const en = language();
      text = rule.toText(undefined, en, dateFormatter(zone, en.monthNames));
    }
  } catch {
    return { text: null, verbatim: rrule };
  }
  const mark = t('popup_rrule_approximate');
  if (approximate && !text.includes(mark)) text = `${text} ${mark}`;
  return { text, verbatim: approximate ? rrule : null };
}
