import * as engine from '../src/core/engine.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import { asMail, benchOptions, imipCorpus, PREFS } from './corpus.js';
const corpus = imipCorpus(20261122, 1000);
const which = process.argv[2] ?? 'REQUEST';
const msgs = corpus.messages.filter((m) => m.kind === which && !m.update);
const opts = () => benchOptions();
for (let round = 0; round < 5; round++) {
  const store = openMemoryStore();
  await store.transact((tx) => engine.setPrefs(tx, opts(), PREFS));
  if (which === 'REPLY') for (const ics of corpus.organised) await store.transact((tx) => engine.invite(tx, opts(), { ics }));
  const t0 = performance.now();
  for (const m of msgs) await store.transact((tx) => engine.handleMessage(tx, asMail(m), opts()));
  console.log(which, msgs.length, Math.round((msgs.length / (performance.now() - t0)) * 1000), '/s');
}
console.log('same', (globalThis as any).jcalSame, 'diff', (globalThis as any).jcalDiff);
