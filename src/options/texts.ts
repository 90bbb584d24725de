// What the page says about each engine preference. The help texts in src/core are English for
// the command line; the page shows the translated ones (`options_label_<name>`,
// `options_pref_<name>`, `options_pref_<name>_<value>`). A preference the core gains later and
// the locales do not know yet still gets its English help from the background's meta.
import type { PrefMeta } from '../shared/protocol.js';
import { ext } from '../ui/browser.js';
import { t, uiLocale } from '../ui/i18n.js';
import { DURATION_UNITS, durationWords } from './duration.js';

function message(key: string): string {
  return ext.i18n.getMessage(key) || '';
}

export function prefLabel(meta: PrefMeta): string {
  return message(`options_label_${meta.name}`) || meta.name;
}

export function prefHelp(meta: PrefMeta): string {
  return message(`options_pref_${meta.name}`) || meta.help;
}

export function valueLabel(name: string, value: string): string {
  return message(`options_pref_${name}_${value}`) || value;
}

/**
 * The details line under a setting: its name for the command line and the documentation, and
 * the protocol term behind it where there is one (`options_term_<name>`).
 */
export function technicalText(name: string): string {
  const term = message(`options_term_${name}`);
  return term ? t('options_technical_term', name, term) : t('options_technical', name);
}

/** "default: X" as the page shows it under each control. */
export function defaultText(meta: PrefMeta, systemZone: string): string {
  if (meta.name === 'TZID') return t('options_default_system', systemZone);
  if (meta.default === null || meta.default === '') return t('options_default_none');
  const units = DURATION_UNITS[meta.name];
  const words = units ? durationWords(meta.default, units, uiLocale()) : null;
  return t('options_default', words ?? (meta.values ? valueLabel(meta.name, meta.default) : meta.default.replace(/\n/g, ' · ')));
}

/** Preferences whose values are several lines (a chain, rules, a list per organiser). */
const MULTILINE = new Set(['scheduling_function', 'acl', 'quota_limits', 'permitted_times', 'working_hours']);

export function isMultiline(name: string, value: string): boolean {
  return MULTILINE.has(name) || value.includes('\n');
}

/**
 * The event limits are registered with the resource agent's preferences, but they matter to a
 * person too (a broken limit shows as a warning there), so the page shows them for every role;
 * the rest of the resource group is the resource's booking rules.
 */
export const LIMITS = new Set(['indefinite_recurrence', 'permitted_frequencies', 'max_periods', 'max_duration', 'max_horizon']);

export type Group = 'engine' | 'booking' | 'limits';

export function groupOf(meta: PrefMeta): Group {
  if (LIMITS.has(meta.name)) return 'limits';
  return meta.group === 'resource' ? 'booking' : 'engine';
}
