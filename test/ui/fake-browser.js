// The fake WebExtension `browser` for page tests (test/ui/harness.ts injects this before the
// page's scripts). Plain JavaScript on purpose: it is sent to the page as text.
// API calls go to the Node side through the exposed `__api`; i18n reads the real _locales.
(init) => {
  const w = window;
  const listeners = {};
  const getMessage = (key, subs) => {
    const m = init.messages[key];
    if (!m) return '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    let text = m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name) => {
      const ph = m.placeholders?.[name.toLowerCase()];
      return ph ? ph.content : all;
    });
    text = text.replace(/\$(\d)/g, (_all, d) => list[Number(d) - 1] ?? '');
    return text.replace(/\$\$/g, '$');
  };
  const call = (path, args) => w['__api'](path, JSON.stringify(args)).then((r) => (r === undefined ? undefined : JSON.parse(r)));
  const namespace = (ns) =>
    new Proxy(
      {},
      {
        get(_t, name) {
          // Not thenable, no symbols: a namespace must not look like a promise.
          if (typeof name !== 'string' || name === 'then') return undefined;
          if (ns === 'runtime' && name === 'id') return 'imip-agent@imip-agent.org';
          if (ns === 'runtime' && name === 'getURL') return (p) => new URL(p.replace(/^\//, ''), location.origin + '/').href;
          if (ns === 'i18n' && name === 'getMessage') return getMessage;
          if (ns === 'i18n' && name === 'getUILanguage') return () => init.lang;
          if (name.startsWith('on')) {
            const key = `${ns}.${name}`;
            return { addListener: (fn) => (listeners[key] ??= []).push(fn), removeListener: () => {}, hasListener: () => !!listeners[key]?.length };
          }
          return (...args) => call(`${ns}.${name}`, args);
        },
      },
    );
  const browser = new Proxy({}, { get: (_t, ns) => namespace(ns) });
  w['browser'] = browser;
  w['messenger'] = browser;
  w['chrome'] = { runtime: { id: 'imip-agent@imip-agent.org' } };
  w['__emit'] = (key, args) => Promise.all((listeners[key] ?? []).map((fn) => fn(...args)));
};
