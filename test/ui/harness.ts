// Renders the add-on's pages (dist/addon, built by `npm run build`) in Debian's Chromium through
// playwright-core, with a fake `browser` in place of Thunderbird's. Every API call a page makes
// goes to the test's `api` handler in Node (and is recorded); `runtime.sendMessage` is the
// protocol of src/shared/protocol.ts, so a test plays the background. i18n reads the real
// _locales files, so a missing key shows up as the key itself.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const addon = join(root, 'dist/addon');
const testPages = join(root, 'test/ui/fixtures/pages');
export const CHROMIUM = process.env['CHROMIUM'] || '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Whether the page tests can run here (Chromium installed and the add-on built). */
export function pageTestsAvailable(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(addon, 'manifest.json'))) return 'dist/addon is not built (npm run build)';
  return null;
}

export interface ApiCall {
  path: string;
  args: unknown[];
}

export interface PageOptions {
  /** Page path inside the add-on, e.g. `popup/index.html`. */
  path: string;
  /** Answers every API call; `runtime.sendMessage` gets the protocol request as `args[0]`. */
  api: (path: string, args: unknown[]) => unknown | Promise<unknown>;
  lang?: 'en' | 'de';
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export interface OpenPage {
  page: Page;
  calls: ApiCall[];
  /** Pushes a background notice to the page's runtime.onMessage listeners. */
  notice(message: unknown): Promise<void>;
  close(): Promise<void>;
}

let server: Server | undefined;
let base = '';
let browserP: Promise<Browser> | undefined;

async function serve(): Promise<string> {
  if (base) return base;
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // `__test/…`: pages that stand in for Thunderbird's own (the message pane the bar draws into).
    const fromTest = url.pathname.startsWith('/__test/');
    const dir = fromTest ? testPages : addon;
    const file = normalize(join(dir, decodeURIComponent(url.pathname.slice(fromTest ? '/__test'.length : 0))));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
  return base;
}

const FAKE_BROWSER = readFileSync(join(root, 'test/ui/fake-browser.js'), 'utf8')
  .replace(/^[\s\S]*?(?=\(init\) =>)/, '')
  .replace(/;\s*$/, '');

function messages(lang: string): Record<string, { message: string; placeholders?: Record<string, { content: string }> }> {
  return JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8'));
}

export async function openPage(opts: PageOptions): Promise<OpenPage> {
  const url = (await serve()) + opts.path;
  browserP ??= chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const browser = await browserP;
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 720, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.lang ?? 'en',
  });
  const page = await context.newPage();
  const calls: ApiCall[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.exposeFunction('__api', async (path: string, argsJson: string) => {
    const args = JSON.parse(argsJson) as unknown[];
    calls.push({ path, args });
    const value = await opts.api(path, args);
    return value === undefined ? undefined : JSON.stringify(value);
  });
  const lang = opts.lang ?? 'en';
  // Injected as plain text: a TypeScript function would carry tsx's helpers (__name) along.
  await page.addInitScript({ content: `(${FAKE_BROWSER})(${JSON.stringify({ lang, messages: messages(lang) })});` });
  await page.goto(url);
  return {
    page,
    calls,
    async notice(message) {
      await page.evaluate(([m]) => (window as unknown as { __emit: (k: string, a: unknown[]) => Promise<unknown> }).__emit('runtime.onMessage', [m, {}]), [
        message,
      ] as const);
    },
    async close() {
      if (errors.length) console.error(`page errors in ${opts.path}:`, errors);
      await context.close();
    },
  };
}

/** Answers a protocol request as the background would: `{ ok: true, value }`. */
export function ok(value: unknown): { ok: true; value: unknown } {
  return { ok: true, value };
}

export async function closeBrowser(): Promise<void> {
  if (browserP) await (await browserP).close();
  browserP = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  base = '';
}
