// webextension-polyfill ships no types; the API's types come from @types/thunderbird-webext-browser.
declare module 'webextension-polyfill' {
  const browser: unknown;
  export default browser;
}
