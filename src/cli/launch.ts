// `dist/cli/imip-agent.mjs`: starts the command line. A separate file so that Node's on-disk
// compile cache (module.enableCompileCache, Node 22.1 and later) is switched on before the
// engine's bundle (imip-agent-main.mjs, ~850 kB) is compiled: later runs then load V8's cached
// code instead of parsing the bundle again. Node 20 has no such cache; the bundle loads as before.

import module from 'node:module';

const withCache = module as typeof module & { enableCompileCache?: () => unknown };
try {
  withCache.enableCompileCache?.();
} catch {
  // A cache folder that cannot be written only costs the speed-up.
}
// Named through a variable: the bundle exists only in dist/, beside this file once built.
const main = './imip-agent-main.mjs';
await import(main);
