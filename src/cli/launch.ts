// `dist/cli/imip-agent.mjs`: starts the command line. Every run of the CLI is a new process, and
// compiling the engine's bundle (imip-agent-main.cjs, ~560 kB) was a third of its start-up. V8
// can keep the compiled code of a script (vm.Script's cachedData); Node 20 offers that only for
// scripts, not for ES modules (module.enableCompileCache came in Node 22.1), so the bundle is
// CommonJS, compiled here with the cache of the previous run. See docs/ARCHITECTURE.md ("The CLI").
//
// The cache is code V8 runs: it is read only from the user's own cache folder (never a shared
// temporary one, where another user could plant it). V8 rejects data made by another V8 or with
// other flags, but of the source it checks only the length, so the file's name carries the
// bundle's size and modification time too: a rebuilt bundle never meets an old cache. After a
// rejection (cachedDataRejected) the file is written anew.

import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'imip-agent-main.cjs');

/**
 * The cache file for this bundle on this Node and this command, in $XDG_CACHE_HOME (or
 * ~/.cache)/imip-agent; none without a home. One per command (handle, respond, freebusy…): the
 * cache holds what a run compiled, and each command runs different parts of the engine.
 */
function cacheFile(): { file: string; build: string } | undefined {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  if (!base) return undefined;
  const { size, mtimeMs } = statSync(bundle);
  const build = `cli-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}`;
  const command = /^[a-z][a-z-]{0,30}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
  return { file: join(base, 'imip-agent', `${build}-${command}.v8cache`), build };
}

function readCache(file: string | undefined): Buffer | undefined {
  try {
    return file ? readFileSync(file) : undefined;
  } catch {
    return undefined; // first run, or an unreadable cache: compile without it
  }
}

function writeCache({ file, build }: { file: string; build: string }, script: Script): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Written beside and renamed: a CLI run in parallel never reads half a file.
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, file);
    // Caches of earlier builds or other Node versions are of no more use.
    for (const old of readdirSync(dirname(file)))
      if (old.endsWith('.v8cache') && !old.startsWith(`${build}-`)) rmSync(join(dirname(file), old), { force: true });
  } catch {
    // A cache that cannot be written only costs the speed-up.
  }
}

const cache = cacheFile();
const cachedData = readCache(cache?.file);
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
// Made when the run is over, so that the cache holds the functions this run compiled too.
if (cache && (!cachedData || script.cachedDataRejected)) process.once('beforeExit', () => writeCache(cache, script));
