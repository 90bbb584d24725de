// Placing timed occurrences in a day column: overlapping ones side by side, as Thunderbird does.
// Pure functions over minutes since the day's midnight, so they are tested without a browser.

export interface Segment {
  /** Minutes from the day's start (0…1440). */
  top: number;
  bottom: number;
}

export interface Placed<T> {
  item: T;
  top: number;
  bottom: number;
  /** Column within its cluster of overlapping items, and how many columns the cluster has. */
  col: number;
  cols: number;
}

/** Shortest height an occurrence takes on the grid, so a zero-length event stays visible and clickable. */
export const MIN_MINUTES = 20;

/**
 * Greedy interval colouring per cluster: items sorted by start (longer first on ties) go into the
 * first column that is free at their start; a cluster ends when nothing in it reaches the next start.
 */
export function layoutDay<T>(items: (Segment & { item: T })[]): Placed<T>[] {
  const sorted = [...items].map((s) => ({ ...s, bottom: Math.max(s.bottom, s.top + MIN_MINUTES) })).sort((a, b) => a.top - b.top || b.bottom - a.bottom);
  const out: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let columns: number[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    for (const p of cluster) p.cols = columns.length;
    cluster = [];
    columns = [];
  };
  for (const s of sorted) {
    if (s.top >= clusterEnd) {
      close();
      clusterEnd = s.bottom;
    }
    let col = columns.findIndex((end) => end <= s.top);
    if (col < 0) {
      col = columns.length;
      columns.push(s.bottom);
    } else columns[col] = s.bottom;
    const placed: Placed<T> = { item: s.item, top: s.top, bottom: s.bottom, col, cols: 1 };
    cluster.push(placed);
    out.push(placed);
    clusterEnd = Math.max(clusterEnd, s.bottom);
  }
  close();
  return out;
}
