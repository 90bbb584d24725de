// The add-on's texts, for every page and the background: _locales/en and _locales/de agree key
// for key and substitution for substitution; every key the sources name exists in both; no page
// carries text outside data-i18n; no code builds markup. Checks rules, not today's key list, so
// it holds as the popup, manager and background add their own keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { htmlSinks, inlineCode, keysInScript, keysInText, newUsed, scanPage, substitutions, type Messages } from './i18n-scan.js';
import { prefMeta } from './options-background.js';

const root = new URL('../..', import.meta.url).pathname;
const LANGS = ['en', 'de'] as const;
const messages = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(join(root, '_locales', l, 'messages.json'), 'utf8')) as Messages])) as Record<
  (typeof LANGS)[number],
  Messages
>;

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out.sort();
}
const src = join(root, 'src');
const scripts = files(src, /\.(ts|js|mjs)$/).filter((f) => !f.endsWith('.d.ts'));
const pages = files(src, /\.html$/);
const rel = (f: string) => relative(root, f);

function usedKeys() {
  const used = newUsed();
  for (const f of scripts) keysInScript(readFileSync(f, 'utf8'), rel(f), used);
  for (const f of pages) scanPage(readFileSync(f, 'utf8'), used);
  for (const f of [...files(src, /\.css$/), join(root, 'manifest.json')]) keysInText(readFileSync(f, 'utf8'), used);
  return used;
}

describe('i18n', () => {
  test('en and de are well-formed and have the same keys', () => {
    for (const lang of LANGS) {
      for (const [key, m] of Object.entries(messages[lang])) {
        assert.match(key, /^[A-Za-z0-9_]+$/, `${lang}: key ${key} uses only letters, digits and _`);
        assert.equal(typeof m.message, 'string', `${lang}: ${key}.message is a string`);
        assert.ok(m.message.trim().length > 0, `${lang}: ${key} is not empty`);
      }
    }
    const en = new Set(Object.keys(messages.en));
    const de = new Set(Object.keys(messages.de));
    assert.deepEqual(
      [...en].filter((k) => !de.has(k)),
      [],
      'keys in en missing from de',
    );
    assert.deepEqual(
      [...de].filter((k) => !en.has(k)),
      [],
      'keys in de missing from en',
    );
  });

  test('en and de use the same $1…$n and named placeholders, all defined', () => {
    for (const key of Object.keys(messages.en)) {
      const en = messages.en[key]!;
      const de = messages.de[key];
      if (!de) continue; // reported by the test above
      assert.deepEqual(substitutions(de), substitutions(en), `${key}: the same substitutions in en and de`);
      for (const [lang, m] of [
        ['en', en],
        ['de', de],
      ] as const) {
        const defined = Object.keys(m.placeholders ?? {}).map((k) => k.toLowerCase());
        for (const name of substitutions(m).named) assert.ok(defined.includes(name), `${lang}: ${key} defines its placeholder $${name}$`);
      }
    }
  });

  test('de is translated: no sentence is left in English', () => {
    const same = Object.keys(messages.en).filter((k) => {
      const en = messages.en[k]!.message;
      return messages.de[k]?.message === en && en.split(/\s+/).filter((w) => /[a-z]{2}/i.test(w)).length >= 4;
    });
    assert.deepEqual(same, [], 'messages of four words or more are identical in en and de');
  });

  test('every key the sources and the manifest name exists in en and de', () => {
    const used = usedKeys();
    assert.ok(used.keys.has('extensionName'), 'the manifest’s __MSG_extensionName__ is seen');
    for (const lang of LANGS) {
      const missing = [...used.keys].filter((k) => !messages[lang][k]);
      assert.deepEqual(missing, [], `keys used in src/ or manifest.json but missing from _locales/${lang}`);
      // A key built at run time (t(`options_role_${role}`)) needs at least its family.
      const lonely = [...used.prefixes].filter((p) => !Object.keys(messages[lang]).some((k) => k.startsWith(p)));
      assert.deepEqual(lonely, [], `no key in _locales/${lang} starts with these run-time prefixes`);
    }
  });

  test('no page has text outside data-i18n, nor inline code', () => {
    assert.ok(pages.length > 0);
    for (const f of pages) {
      const html = readFileSync(f, 'utf8');
      assert.deepEqual(scanPage(html).untranslated, [], `${rel(f)}: user-facing text without data-i18n`);
      assert.deepEqual(inlineCode(html), [], `${rel(f)}: inline code (CSP script-src 'self')`);
    }
  });

  test('no innerHTML, outerHTML, insertAdjacentHTML or document.write in src/', () => {
    const found = scripts.flatMap((f) => htmlSinks(readFileSync(f, 'utf8'), rel(f)));
    assert.deepEqual(found, []);
  });

  test('the options page has a label and a meaning for every engine preference and value', () => {
    for (const lang of LANGS) {
      for (const meta of prefMeta()) {
        for (const key of [`options_label_${meta.name}`, `options_pref_${meta.name}`, ...(meta.values ?? []).map((v) => `options_pref_${meta.name}_${v}`)]) {
          assert.ok(messages[lang][key], `_locales/${lang} has ${key}`);
        }
      }
    }
  });

  // The scanners themselves: each finds what it must, so the checks above cannot pass by seeing nothing.
  test('the scanners find keys, stray text and sinks, and skip comments', () => {
    const used = keysInScript(
      `// t('in_a_comment'); el.innerHTML = x\nt('a_key'); ext.i18n.getMessage("b_key"); h('p', { 'data-i18n': 'c_key' }); t(ok ? 'd_key' : 'e_key'); t(\`f_\${x}\`); const s = '__MSG_g_key__';`,
      'x.ts',
    );
    assert.deepEqual([...used.keys].sort(), ['a_key', 'b_key', 'c_key', 'd_key', 'e_key', 'g_key']);
    assert.deepEqual([...used.prefixes], ['f_']);
    const page = scanPage(
      '<!doctype html><title>Oops</title><p data-i18n="k">fallback</p><p>Hello <b>there</b></p><input placeholder="Name"><button data-i18n-title="t" title="x"></button><script>var a = "code"</script>',
    );
    assert.deepEqual(page.untranslated, ['Oops', 'Hello', 'there', 'placeholder="Name"']);
    assert.deepEqual([...page.used.keys].sort(), ['k', 't']);
    assert.deepEqual(inlineCode('<button onclick="go()"></button><script>1</script><script src="a.js"></script>'), ['onclick="go()"', '<script> without src']);
    assert.deepEqual(
      htmlSinks(
        '// innerHTML in a comment\nconst s = "innerHTML in a string";\nel.innerHTML = s;\nel["outerHTML"] = s;\nel.insertAdjacentHTML("beforeend", s);\ndocument.write(s);',
        'y.ts',
      ),
      ['y.ts:3 innerHTML', 'y.ts:4 outerHTML', 'y.ts:5 insertAdjacentHTML', 'y.ts:6 document.write'],
    );
    assert.deepEqual(substitutions({ message: 'From $1 to $WHO$ ($$5)', placeholders: { who: { content: '$2' } } }), {
      positional: ['$1', '$2'],
      named: ['who'],
    });
  });
});
