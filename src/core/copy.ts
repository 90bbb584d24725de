// Deep copies of plain data: arrays, plain objects, strings, numbers, booleans, null — what
// ical.js keeps as jCal (RFC 7265; RECUR values and parameters are plain objects) and what a
// stored record is. ical.js hands out its live jCal (`toJSON()`), so a component or property taken
// into another calendar must be copied first; a stored record kept from before a handling must
// not change with later writes. Hand-written rather than structuredClone: for a typical VEVENT it
// is ten times faster (structuredClone serialises and deserialises through V8's message format),
// and a REQUEST copies its event several times.

/** A deep copy of plain data. Index loops over preallocated arrays and an object's own keys:
 * what `map` and `Object.entries` do, a third faster (a stored event's jCal is copied on every
 * read and write). */
export function copyPlain<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copyPlain(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = copyPlain((value as Record<string, unknown>)[keys[i]!]);
  return out as T;
}

/**
 * Whether `b` is the same plain JSON data as `a` (a kept copy: arrays, objects, strings,
 * numbers, booleans, null): the same shape, keys in the same order, equal values. Objects are
 * plain or without prototype (ical.js reads RECUR values into those); anything else in `b` (an
 * object of a class) is not the same, so equal here means equal as JSON text.
 */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'object' || a === null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(b);
  if (proto !== Object.prototype && proto !== null) return false;
  // Most are the empty parameter lists of jCal lines: told apart without listing keys.
  if (isEmpty(a)) return isEmpty(b);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/**
 * Values made from plain data (a VTIMEZONE's jCal: the ical.js Timezone made of it in tz.ts, its
 * text in stringify.ts), found again by a key and then by content — compared with a private copy
 * of the data (samePlain), so data changed since is never answered with an old value. Bounded:
 * at most `maxKeys` keys and `maxEntries` values in all, `maxVersions` of one key; the least
 * recently used key goes first.
 */
export class ByContent<V> {
  private readonly byKey = new Map<string, { data: unknown; value: V }[]>();
  private count = 0;

  constructor(
    private readonly maxKeys: number,
    private readonly maxVersions: number,
    private readonly maxEntries: number,
  ) {}

  /** The value kept for `key` from data equal to `data`; the key becomes the most recent. */
  get(key: string, data: unknown): V | undefined {
    const versions = this.byKey.get(key);
    if (!versions) return undefined;
    this.byKey.delete(key);
    this.byKey.set(key, versions);
    for (const v of versions) if (samePlain(v.data, data)) return v.value;
    return undefined;
  }

  /**
   * Keeps `value` with a private copy of `data` — only when `data` is plain through and through
   * (its copy compares the same): what was made of an object of a class need not follow from
   * its fields.
   */
  set(key: string, data: unknown, value: V): void {
    const copy = copyPlain(data);
    if (!samePlain(copy, data)) return;
    const versions = this.byKey.get(key) ?? [];
    this.byKey.delete(key);
    this.byKey.set(key, versions); // the most recent
    versions.unshift({ data: copy, value });
    this.count++;
    if (versions.length > this.maxVersions) {
      versions.pop();
      this.count--;
    }
    while (this.byKey.size > this.maxKeys || this.count > this.maxEntries) {
      const [oldest, dropped] = this.byKey.entries().next().value!;
      this.byKey.delete(oldest);
      this.count -= dropped.length;
    }
  }
}
