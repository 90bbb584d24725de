// All user-facing text goes through messenger.i18n (_locales/en, _locales/de). Static text in
// the HTML is marked `data-i18n="key"` (text), `data-i18n-title`, `data-i18n-placeholder` or
// `data-i18n-aria-label`, and filled in by `localizePage`.
import { ext } from './browser.js';

/** The translated message, with $1…$9 substitutions; the key itself if it is missing (visible in tests). */
export function t(key: string, ...subs: (string | number)[]): string {
  const text = ext.i18n.getMessage(key, subs.map(String));
  return text || key;
}

/** The UI language (for Intl and luxon), e.g. `de` or `en-US`. */
export function uiLocale(): string {
  return ext.i18n.getUILanguage() || 'en';
}

let regional: string | null = null;

/**
 * The locale dates and times are written in: Thunderbird's regional format (its date order and
 * 12/24-hour clock, which may differ from the UI language) once `setFormatLocale` was given it,
 * the UI language until then.
 */
export function formatLocale(): string {
  return regional ?? uiLocale();
}

/** `locale` a BCP 47 tag; `hour12` the clock Thunderbird shows, null to keep the locale's own. */
export function setFormatLocale(locale: string, hour12: boolean | null): void {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    // The `hc` keyword (Unicode TR 35) sets the clock for every Intl/luxon formatter at once.
    regional = canonical ? (hour12 === null ? canonical : `${canonical.replace(/-u-.*$/, '')}-u-hc-${hour12 ? 'h12' : 'h23'}`) : null;
  } catch {
    regional = null; // not a locale: the UI language's formats stay
  }
}

export function localizePage(root: ParentNode = document): void {
  document.documentElement.lang = uiLocale();
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n']!);
  for (const attr of ['title', 'placeholder', 'aria-label'] as const) {
    const data = `i18n${attr
      .split('-')
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join('')}`;
    for (const el of root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data]!));
  }
}
