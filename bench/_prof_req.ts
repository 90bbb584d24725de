import * as engine from '../src/core/engine.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import { asMail, benchOptions as opts, imipCorpus, PREFS } from './corpus.js';
const corpus = imipCorpus(20261122, 1000);
const requests = corpus.messages.filter((m) => m.kind === 'REQUEST' && !m.update);
const replies = corpus.messages.filter((m) => m.kind === 'REPLY');
const mode = process.argv[2] ?? 'request';
for (let round = 0; round < Number(process.argv[3] ?? 5); round++) {
  const store = openMemoryStore();
  await store.transact((tx) => engine.setPrefs(tx, opts(), PREFS));
  if (mode === 'reply') for (const ics of corpus.organised) await store.transact((tx) => engine.invite(tx, opts(), { ics }));
  const msgs = mode === 'reply' ? replies : requests;
  const t0 = performance.now();
  for (const m of msgs) await store.transact((tx) => engine.handleMessage(tx, asMail(m), opts()));
  console.log(mode, round, Math.round((msgs.length / (performance.now() - t0)) * 1000), 'msgs/s', msgs.length);
}
