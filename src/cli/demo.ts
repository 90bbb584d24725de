// `npm start` until the Thunderbird add-on lands: runs the product's engine through the real
// `imip-agent` command line on a fresh store — an Outlook invitation arrives, Alice accepts it,
// and her free/busy shows the booked time — printing each command and what it answered.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(here, 'imip-agent.mjs');
const store = mkdtempSync(join(tmpdir(), 'imip-agent-demo-'));
const common = ['--store', store, '--user', 'alice@example.test', '--now', '2025-07-02T09:00:00Z'];

function run(title: string, args: string[], show: (out: string) => string = (o) => o): void {
  process.stdout.write(`\n## ${title}\n$ imip-agent ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  process.stdout.write(show(r.stdout) + (r.stderr ? r.stderr : ''));
}

const brief = (o: string) => {
  const j = JSON.parse(o);
  return (
    JSON.stringify(
      {
        results: j.results,
        outgoing: j.outgoing.map((m: { from: string; to: string[]; method: string; raw: string }) => ({
          from: m.from,
          to: m.to,
          method: m.method,
          raw: `(${m.raw.length} bytes of RFC 5322)`,
        })),
      },
      null,
      2,
    ) + '\n'
  );
};

try {
  run(
    'An Outlook/Exchange invitation arrives',
    ['handle', join(root, 'test/fixtures/mail/outlook-exchange.eml'), '--set', 'TZID=Europe/Berlin', ...common],
    brief,
  );
  const uid = '040000008200E00074C5B7101A82E00800000000D0A1B2C3D4E5DB01000000000000000010000000F1E2D3C4B5A6978812345678ABCDEF01';
  run('Alice accepts it with a comment', ['respond', '--uid', uid, '--partstat', 'ACCEPTED', '--comment', 'Passt mir gut', ...common], brief);
  run("Alice's free/busy on that day", ['freebusy', '--start', '2025-07-14T00:00:00', '--end', '2025-07-15T00:00:00', ...common]);
  process.stdout.write(`\nThe store is a directory of JSON files: ${store} (removed now).\nSee README.md for the whole command line.\n`);
} finally {
  rmSync(store, { recursive: true, force: true });
}
