// Builds the add-on and the command line with esbuild (unminified: addons.thunderbird.net
// reviewers read the output). Usage: node build.mjs
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

// The CLI: the engine in one CommonJS file for Node, started by a small ES-module launcher
// (src/cli/launch.ts), which is the `bin`: it compiles the bundle with V8's code cache from the
// previous run, which Node 20 offers for scripts only, not for ES modules. Whitespace and syntax
// are minified (names kept, so stack traces still read): a run without the cache parses the whole
// file, and 850 kB of source took a third of the CLI's start-up; 560 kB take less.
await build({
  entryPoints: [join(root, 'src/cli/imip-agent.ts')],
  outfile: join(dist, 'cli/imip-agent-main.cjs'),
  minifyWhitespace: true,
  minifySyntax: true,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // recurrence.ts names its own module for rrule.js only where it is not bundled; in CommonJS
  // that is the file's URL.
  define: { 'import.meta.url': '__imipModuleUrl' },
  banner: { js: "const __imipModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
await build({
  entryPoints: [join(root, 'src/cli/launch.ts')],
  outfile: join(dist, 'cli/imip-agent.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(join(dist, 'cli/imip-agent.mjs'), 0o755);
await build({
  entryPoints: [join(root, 'src/cli/demo.ts')],
  outfile: join(dist, 'cli/demo.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});

// The add-on: every entry point that exists, plus its static files.
const addon = join(dist, 'addon');
mkdirSync(addon, { recursive: true });
const entries = ['background', 'banner', 'popup', 'manager', 'options'].map((n) => join(root, 'src', n, 'index.ts')).filter(existsSync);
if (entries.length) {
  await build({
    entryPoints: Object.fromEntries(entries.map((e) => [join(relative(join(root, 'src'), dirname(e)), 'index'), e])),
    outdir: addon,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'firefox128',
    logLevel: 'warning',
  });
}
for (const item of ['manifest.json', '_locales', 'icons']) if (existsSync(join(root, item))) cpSync(join(root, item), join(addon, item), { recursive: true });
(function copyStatic(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) copyStatic(p);
    else if (/\.(html|css)$/.test(name)) cpSync(p, join(addon, relative(join(root, 'src'), p)), { recursive: true });
  }
})(join(root, 'src'));
// The Experiment API (src/experiment: schema.json + implementation.js) is loaded by Thunderbird
// as it is, in its parent process: copied, never bundled.
const experiment = join(root, 'src/experiment');
if (existsSync(experiment)) {
  // Each Experiment: src/experiment (imipSend) and its folders (src/experiment/calendar).
  cpSync(experiment, join(addon, 'experiment'), { recursive: true, filter: (p) => statSync(p).isDirectory() || /\.(js|json)$/.test(p) });
}

// The installable add-on: web-ext zips dist/addon (and checks the manifest on the way).
const webExt = join(root, 'node_modules/.bin/web-ext');
execFileSync(webExt, ['build', '-s', addon, '-a', dist, '--filename', 'imip-agent.xpi', '--overwrite-dest'], { stdio: ['ignore', 'ignore', 'inherit'] });
console.log('built dist/cli/imip-agent.mjs, dist/addon/ and dist/imip-agent.xpi');
