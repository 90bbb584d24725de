// Deep copies of plain data: arrays, plain objects, strings, numbers, booleans, null — what
// ical.js keeps as jCal (RFC 7265; RECUR values and parameters are plain objects) and what a
// stored record is. ical.js hands out its live jCal (`toJSON()`), so a component or property taken
// into another calendar must be copied first; a stored record kept from before a handling must
// not change with later writes. Hand-written rather than structuredClone: for a typical VEVENT it
// is ten times faster (structuredClone serialises and deserialises through V8's message format),
// and a REQUEST copies its event several times.

/** A deep copy of plain data. */
export function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyPlain(v);
    return out as T;
  }
  return value;
}
