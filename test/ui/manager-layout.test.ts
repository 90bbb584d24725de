// Overlapping occurrences in a day column (src/manager/layout.ts): side by side within a cluster,
// full width again once the cluster ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutDay, MIN_MINUTES } from '../../src/manager/layout.js';

const at = (item: string, top: number, bottom: number) => ({ item, top, bottom });
const cols = (placed: ReturnType<typeof layoutDay<string>>) => Object.fromEntries(placed.map((p) => [p.item, `${p.col}/${p.cols}`]));

describe('day layout', () => {
  it('puts overlapping events side by side and lone ones at full width', () => {
    // 09:00–10:30 and 09:30–10:00 overlap; 10:30–11:00 starts as the first ends; 12:00 is alone.
    const placed = layoutDay([at('review', 540, 630), at('vendor', 570, 600), at('after', 630, 660), at('lunch', 720, 780)]);
    assert.deepEqual(cols(placed), { review: '0/2', vendor: '1/2', after: '0/1', lunch: '0/1' });
  });

  it('reuses a freed column inside one cluster', () => {
    // a spans the cluster; b ends before d starts, so d takes b's column: two columns, not three.
    const placed = layoutDay([at('a', 480, 720), at('b', 480, 540), at('d', 600, 660)]);
    assert.deepEqual(cols(placed), { a: '0/2', b: '1/2', d: '1/2' });
  });

  it('gives zero-length events a visible height', () => {
    const [p] = layoutDay([at('reminder', 600, 600)]);
    assert.equal(p!.bottom - p!.top, MIN_MINUTES);
  });
});
