import { performance } from 'node:perf_hooks';
import { imipCorpus } from './corpus.js';
import { stringifyCrlf } from '../src/core/ical/stringify.js';
import { parseCalendar } from '../src/core/ical/parse.js';
const corpus = imipCorpus(20261122, 1000);
const reqs = corpus.messages.filter((m) => m.kind === 'REQUEST' && !m.update);
const comps = reqs.map((m) => parseCalendar(m.ics).root);
const res: number[] = [];
for (let r = 0; r < 40; r++) {
  const t0 = performance.now();
  let x = 0;
  for (let k = 0; k < 5; k++) for (const c of comps) { const s = stringifyCrlf(c); x += s.charCodeAt(s.length >> 1); }
  res.push(((performance.now() - t0) * 1000) / (5 * comps.length));
}
res.sort((a, b) => a - b);
console.log('stringify us/cal median', res[20]!.toFixed(2), 'p10', res[4]!.toFixed(2));
