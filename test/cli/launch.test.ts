// The launcher's code cache (src/cli/launch.ts): made on a command's first run in the user's own
// cache folder, used untouched by the next, and a damaged or foreign file is rejected by V8 and
// written anew — the output never changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, fixtures, scratch } from './process.js';

const work = scratch('imip-launch-');

function run(cache: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a command compiles with the cache of its previous run, and a bad cache only costs the speed-up', () => {
  const cache = join(work(), 'cache');
  const folder = join(cache, 'imip-agent');
  const handle = ['handle', join(fixtures, 'google.eml'), '--store', join(work(), 's'), '--user', 'mailto:alice@example.test', '--now', '2025-07-02T09:00:00Z'];
  const first = run(cache, handle);
  assert.equal(first.code, 0, first.err);
  const files = readdirSync(folder);
  assert.deepEqual(
    files.map((f) => f.replace(/^cli-v[\d.]+-\w+-\d+-\d+-/, '')),
    ['handle.v8cache'],
  );
  const file = join(folder, files[0]!);
  assert.equal(statSync(folder).mode & 0o777, 0o700, 'a folder of the user only');
  const made = readFileSync(file);
  assert.ok(made.length > 10_000, 'the cache holds compiled code');

  // The same command again: the same answer (already processed), the cache read, not rewritten.
  const second = run(cache, handle);
  assert.equal(second.code, 0, second.err);
  assert.deepEqual(readFileSync(file), made);

  // Another command gets a cache of its own.
  assert.equal(run(cache, ['--help']).code, 0);
  assert.deepEqual(readdirSync(folder).sort(), [files[0]!, files[0]!.replace('-handle.', '-other.')].sort());

  // Garbage in the cache: V8 rejects it, the run is unchanged, and the file is made again.
  writeFileSync(file, Buffer.alloc(made.length, 7));
  const third = run(cache, handle);
  assert.equal(third.code, 0, third.err);
  assert.equal(third.out, second.out);
  assert.notDeepEqual(readFileSync(file), Buffer.alloc(made.length, 7), 'rewritten after V8 rejected it');
});

test('without a writable cache folder the command runs as before', () => {
  const blocked = join(work(), 'not-a-folder');
  writeFileSync(blocked, 'a file where the cache folder would be');
  const r = run(blocked, ['--version']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^imip-agent \d/);
});
