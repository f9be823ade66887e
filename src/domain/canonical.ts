/**
 * Canonical JSON: object keys sorted, no whitespace, Dates as ISO strings, undefined dropped.
 * The same value always gives the same text, which is what hashes (audit chain, case versions) need.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

/** A value as its canonical JSON text reads it: a Date as its ISO string, a number that JSON cannot hold as null. */
function jsonScalar(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/**
 * `canonicalJson(a) === canonicalJson(b)`, without building either text: the same content whatever the
 * order of object keys (a result read back from a jsonb column has its keys reordered), undefined members
 * dropped and undefined array elements read as null, as the text would have them. The screening diff
 * compares every indicator of every case this way.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const x = jsonScalar(a);
  const y = jsonScalar(b);
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  const xa = Array.isArray(x);
  if (xa !== Array.isArray(y)) return false;
  if (xa) {
    const xs = x as unknown[];
    const ys = y as unknown[];
    if (xs.length !== ys.length) return false;
    for (let i = 0; i < xs.length; i++) if (!jsonEqual(xs[i] ?? null, ys[i] ?? null)) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  let defined = 0;
  for (const key of Object.keys(xo)) {
    const v = xo[key];
    if (v === undefined) continue;
    defined++;
    if (!Object.hasOwn(yo, key) || !jsonEqual(v, yo[key])) return false;
  }
  for (const key of Object.keys(yo)) if (yo[key] !== undefined) defined--;
  return defined === 0;
}
