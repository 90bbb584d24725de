// Runs every test file under test/ with Node's own test runner, TypeScript loaded through tsx.
// Node 20's `--test` does not expand globs itself, so the file list is built here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'e2e' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
let files = walk(root).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
const rel = files.map((f) => relative(process.cwd(), f));
const run = (tz) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--import', join(root, 'checks.ts'), '--test', '--test-reporter=spec', ...rel], {
    stdio: 'inherit',
    env: { ...process.env, TZ: tz },
  });
// The engine must not depend on the host's zone: run everything in UTC and again in a zone with DST.
let status = 0;
for (const tz of ['UTC', 'America/Los_Angeles']) {
  console.log(`\n# test run with TZ=${tz}`);
  const r = run(tz);
  if (r.status !== 0) status = r.status ?? 1;
}
process.exit(status);
