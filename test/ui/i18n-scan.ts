// Static checks of the add-on's texts, used by test/ui/i18n.test.ts: which message keys the
// sources use, which page text escapes data-i18n, and which HTML sinks appear in code. Sources
// are read with the TypeScript compiler (comments and strings told apart properly) and the
// pages with parse5 (the HTML parser of the WHATWG spec; here through web-ext's linter).
import ts from 'typescript';
import { parse } from 'parse5';

export interface Messages {
  [key: string]: { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> };
}

export interface Used {
  /** Keys named literally: t('key'), getMessage('key'), 'data-i18n': 'key', data-i18n="key", __MSG_key__. */
  keys: Set<string>;
  /** Prefixes of keys built at run time: t(`options_role_${role}`) → options_role_. */
  prefixes: Set<string>;
}

const I18N_ATTRS = ['data-i18n', 'data-i18n-title', 'data-i18n-placeholder', 'data-i18n-aria-label'];
const MSG_RE = /__MSG_([A-Za-z0-9_@]+)__/g;

export function newUsed(): Used {
  return { keys: new Set(), prefixes: new Set() };
}

/** Keys used by a TypeScript or JavaScript source. */
export function keysInScript(source: string, file: string, used: Used = newUsed()): Used {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const take = (node: ts.Node | undefined): void => {
    if (!node) return;
    if (ts.isParenthesizedExpression(node)) take(node.expression);
    else if (ts.isConditionalExpression(node)) {
      take(node.whenTrue);
      take(node.whenFalse);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) used.keys.add(node.text);
    else if (ts.isTemplateExpression(node) && node.head.text) used.prefixes.add(node.head.text);
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (name === 't' || name === 'getMessage') take(node.arguments[0]);
    }
    if (ts.isPropertyAssignment(node)) {
      const key = ts.isStringLiteral(node.name) || ts.isIdentifier(node.name) ? node.name.text : '';
      if (I18N_ATTRS.includes(key)) take(node.initializer);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'setAttribute') {
      const [attr, value] = node.arguments;
      if (attr && ts.isStringLiteral(attr) && I18N_ATTRS.includes(attr.text)) take(value);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) for (const m of node.text.matchAll(MSG_RE)) used.keys.add(m[1]!);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return used;
}

/** Keys used by any text file (manifest.json, HTML, CSS): `__MSG_key__`. */
export function keysInText(text: string, used: Used = newUsed()): Used {
  for (const m of text.matchAll(MSG_RE)) used.keys.add(m[1]!);
  return used;
}

interface Node5 {
  nodeName: string;
  value?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node5[];
  content?: Node5;
  parentNode?: Node5 | null;
}

function walk(node: Node5, fn: (n: Node5) => void): void {
  fn(node);
  for (const c of node.childNodes ?? []) walk(c, fn);
  if (node.content) walk(node.content, fn);
}

const attr = (n: Node5, name: string) => n.attrs?.find((a) => a.name === name)?.value;

/** Keys used by a page, and the user-facing text in it that no data-i18n* replaces. */
export function scanPage(html: string, used: Used = newUsed()): { used: Used; untranslated: string[] } {
  const doc = parse(html) as unknown as Node5;
  const untranslated: string[] = [];
  keysInText(html, used);
  walk(doc, (n) => {
    for (const a of I18N_ATTRS) {
      const v = attr(n, a);
      if (v !== undefined) used.keys.add(v);
    }
    if (n.nodeName === '#text' && n.value && n.value.trim()) {
      // Text inside script/style is code; text inside an element marked data-i18n is replaced.
      let p = n.parentNode;
      let ok = false;
      for (; p; p = p.parentNode) {
        if (p.nodeName === 'script' || p.nodeName === 'style' || attr(p, 'data-i18n') !== undefined) {
          ok = true;
          break;
        }
      }
      if (!ok) untranslated.push(n.value.trim());
    }
    // Attributes people read or hear need their own data-i18n-<attr>.
    for (const a of ['title', 'placeholder', 'aria-label', 'alt']) {
      const v = attr(n, a);
      if (v && v.trim() && attr(n, `data-i18n-${a}`) === undefined) untranslated.push(`${a}="${v}"`);
    }
    if (n.nodeName === 'input' && ['button', 'submit', 'reset'].includes(attr(n, 'type') ?? '') && attr(n, 'value'))
      untranslated.push(`value="${attr(n, 'value')}"`);
  });
  return { used, untranslated };
}

/** Inline code in a page (the CSP `script-src 'self'` refuses it): inline scripts and on* handlers. */
export function inlineCode(html: string): string[] {
  const out: string[] = [];
  walk(parse(html) as unknown as Node5, (n) => {
    if (n.nodeName === 'script' && attr(n, 'src') === undefined) out.push('<script> without src');
    for (const a of n.attrs ?? []) if (/^on/i.test(a.name)) out.push(`${a.name}="${a.value}"`);
    for (const a of ['href', 'src']) if (/^\s*javascript:/i.test(attr(n, a) ?? '')) out.push(`${a}="${attr(n, a)}"`);
  });
  return out;
}

const SINKS = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment']);

/** Markup sinks in code: the listed names as identifiers or property keys, and document.write(ln). */
export function htmlSinks(source: string, file: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.js') ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out: string[] = [];
  const where = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const visit = (node: ts.Node) => {
    if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && SINKS.has(node.text)) out.push(`${where(node)} ${node.text}`);
    // el['innerHTML'] = … is the same sink.
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && SINKS.has(node.argumentExpression.text))
      out.push(`${where(node)} ${node.argumentExpression.text}`);
    if (
      ts.isPropertyAccessExpression(node) &&
      (node.name.text === 'write' || node.name.text === 'writeln') &&
      /(^|\.)document$/.test(node.expression.getText(sf))
    )
      out.push(`${where(node)} document.${node.name.text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `$1`…`$9` substitutions and `$name$` placeholders a message uses. */
export function substitutions(m: Messages[string]): { positional: string[]; named: string[] } {
  const text = m.message.replace(/\$\$/g, '');
  const named = [...text.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1]!.toLowerCase());
  const bare = text.replace(/\$([A-Za-z0-9_@]+)\$/g, '');
  const positional = [...bare.matchAll(/\$(\d)/g)].map((x) => `$${x[1]}`);
  // A named placeholder's content ("$1") is a positional substitution as well.
  for (const n of named) {
    const content = Object.entries(m.placeholders ?? {}).find(([k]) => k.toLowerCase() === n)?.[1].content ?? '';
    for (const x of content.matchAll(/\$(\d)/g)) positional.push(`$${x[1]}`);
  }
  return { positional: [...new Set(positional)].sort(), named: [...new Set(named)].sort() };
}
