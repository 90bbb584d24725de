// The end-to-end stage: every scenario in test/e2e/scenarios against a real Thunderbird, one fresh
// world each (servers, profile, Thunderbird), in order. Usage:
//   npm run test:e2e [-- PATTERN...]     (scenarios whose name contains a pattern)
// Ends with the line `N passed, M failed`; exit status 1 when anything failed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupAll, cleanupOnSignals } from './procs.js';
import type { Scenario } from './scenario.js';
import { setupShared } from './setup.js';
import { World } from './world.js';

const here = new URL('.', import.meta.url).pathname;

async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(join(here, 'scenarios'))
    .filter((f) => /^\d+.*\.ts$/.test(f))
    .sort();
  const out: Scenario[] = [];
  for (const f of files) {
    const mod = (await import(join(here, 'scenarios', f))) as { default: Scenario | Scenario[] };
    out.push(...(Array.isArray(mod.default) ? mod.default : [mod.default]));
  }
  return out;
}

async function main(): Promise<number> {
  cleanupOnSignals();
  const patterns = process.argv.slice(2);
  let scenarios = await loadScenarios();
  if (patterns.length) scenarios = scenarios.filter((s) => patterns.some((p) => s.name.includes(p)));
  const t0 = Date.now();
  console.log(`# end-to-end: ${scenarios.length} scenario(s) against ${process.env['THUNDERBIRD'] || '/usr/lib/thunderbird/thunderbird'}`);
  let passed = 0;
  let failed = 0;
  let shared;
  try {
    shared = await setupShared();
    console.log(`# setup (xpi, gpg keys, OpenPGP first start): ${Date.now() - t0} ms`);
  } catch (e) {
    console.log(`not ok - setup: ${(e as Error).stack ?? e}`);
    await cleanupAll();
    console.log(`0 passed, ${scenarios.length} failed`);
    return 1;
  }
  for (const s of scenarios) {
    const start = Date.now();
    const w = new World(s.name, shared, s.world);
    const timings: string[] = [];
    const ctx = {
      timing(label: string, ms: number) {
        timings.push(`${label} ${ms} ms`);
        console.log(`    # timing: ${label}: ${ms} ms`);
      },
      log(message: string) {
        console.log(`    # ${message}`);
      },
    };
    console.log(`# ${s.name}`);
    try {
      await w.startServers();
      await w.start();
      await s.run(w, ctx);
      await w.close();
      passed++;
      console.log(`ok - ${s.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      const log = w.keepLog();
      console.log(`not ok - ${s.name} (${Date.now() - start} ms)`);
      console.log(
        String((e as Error).stack ?? e)
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
      if (w.tb) {
        const agent = w.tb.log.filter((l) => l.includes('imip-agent') || /error/i.test(l)).slice(-15);
        if (agent.length) console.log(`    --- Thunderbird (agent and error lines) ---\n${agent.map((l) => `    ${l}`).join('\n')}`);
      }
      if (log) console.log(`    (Thunderbird's whole output: ${log})`);
      await w.close().catch(() => undefined);
    }
  }
  await cleanupAll();
  console.log(`# end-to-end stage: ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

process.exit(await main());
