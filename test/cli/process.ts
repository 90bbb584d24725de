// Driving the built `imip-agent` by process, as other programs do: one place for the bundle's
// path, the fixtures, a scratch folder per test file, and a spawn helper.
import { before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const bin = join(root, 'dist/cli/imip-agent.mjs');
export const fixtures = join(root, 'test/fixtures/mail');

/** A fresh scratch folder for the calling test file (built bundle ensured), removed afterwards. */
export function scratch(prefix: string): () => string {
  let work = '';
  before(() => {
    if (!existsSync(bin)) spawnSync(process.execPath, [join(root, 'build.mjs')], { stdio: 'inherit' });
    work = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => rmSync(work, { recursive: true, force: true }));
  return () => work;
}

export function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every path below `dir`, sorted (nothing when it does not exist). */
export function listing(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : [];
}
