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

export function localizePage(root: ParentNode = document): void {
  document.documentElement.lang = uiLocale();
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset['i18n']!);
  for (const attr of ['title', 'placeholder', 'aria-label'] as const) {
    const data = `i18n${attr.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')}`;
    for (const el of root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data]!));
  }
}
