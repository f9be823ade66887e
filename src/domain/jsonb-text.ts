/**
 * A JSON value written as PostgreSQL writes a `jsonb` value as text (`value::jsonb::text`): object keys
 * ordered by their length in UTF-8 bytes and then by their bytes, `", "` between elements and `": "` after
 * keys, strings escaped as the server escapes them (`"`, `\`, the C escapes and the other control
 * characters as `\u00xx`; everything else as it is).
 *
 * Used to compare a value computed here with one read back as text from a `jsonb` column without parsing
 * it: equal texts mean equal values. Returns null for what it cannot write exactly as the server would
 * (a number JavaScript writes with an exponent, a string with a lone surrogate, a value that is not JSON),
 * and the caller then compares the parsed values. Pure.
 */

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it escapes
const ESCAPED = /["\\\u0000-\u001f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escapeOne = (c: string) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

class NotExact extends Error {}

function quote(s: string): string {
  if (LONE_SURROGATE.test(s)) throw new NotExact();
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPED, escapeOne)}"` : `"${s}"`;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Whether key a comes before key b in a jsonb object: shorter in UTF-8 bytes first, then by bytes. */
function keyOrder(a: string, b: string): number {
  if (!NON_ASCII.test(a) && !NON_ASCII.test(b)) {
    if (a.length !== b.length) return a.length - b.length;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function write(v: unknown, out: string[]): void {
  if (v === null) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'string':
      out.push(quote(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'number': {
      if (!Number.isFinite(v)) throw new NotExact();
      const t = String(v);
      if (t.includes('e')) throw new NotExact();
      out.push(t);
      return;
    }
    case 'object':
      break;
    default:
      throw new NotExact();
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(', ');
      const x = v[i];
      // as JSON.stringify writes them in an array
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') out.push('null');
      else write(x, out);
    }
    out.push(']');
    return;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new NotExact();
  const keys: string[] = [];
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined && typeof x !== 'function' && typeof x !== 'symbol') keys.push(k);
  }
  keys.sort(keyOrder);
  out.push('{');
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out.push(', ');
    out.push(quote(keys[i]!), ': ');
    write((v as Record<string, unknown>)[keys[i]!], out);
  }
  out.push('}');
}

/** The text PostgreSQL gives for this value as `jsonb`, or null when it cannot be written exactly. */
export function jsonbText(value: unknown): string | null {
  const out: string[] = [];
  try {
    write(value, out);
  } catch (err) {
    if (err instanceof NotExact) return null;
    throw err;
  }
  return out.join('');
}
