// The WebExtension API for pages and the background. Thunderbird provides `browser` natively;
// webextension-polyfill returns it unchanged there and keeps the code portable and typed. The
// page tests (test/ui) run the same bundles in Chromium with a fake `browser`, which the
// polyfill also passes through (it only wraps Chrome's callback-style `chrome.*`).
import polyfill from 'webextension-polyfill';

/** The subset of the API the pages use, typed from @types/thunderbird-webext-browser. */
export const ext: typeof browser = polyfill as unknown as typeof browser;
