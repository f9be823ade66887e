/**
 * The JSON of the answers built from a kept case page (services/page-cache.ts), made once by the route's
 * serializer (so the schema's order and checks apply) and sent again (docs/reads-at-scale.md, "The gates of
 * a kept page"). An answer is kept by an object that stands for everything in it (the kept page object, or
 * the variant of its gate evaluation: services/kept-evaluation.ts) and by the parts asked for. The one thing
 * such an answer may differ in from one read to the next is the time of its gate evaluation
 * (`evaluatedAt`): it is serialized once as a marker no data can contain, and each read's time is written
 * where the marker was.
 */
import { randomUUID } from 'node:crypto';

/** Stands for `evaluatedAt` in a kept answer's JSON (unique to this process). */
const AT = `@redline-evaluated-at-${randomUUID()}@`;

const kept = new WeakMap<object, Map<string, { before: string; after: string }>>();

/**
 * The JSON of `value`, kept by `key` and `part`. `gates`: the gate evaluation in `value`, and `mark(value,
 * at)`: `value` with that evaluation's `evaluatedAt` set to `at` (the answer without an evaluation has
 * neither). No key: serialized every time.
 */
export function keptJson<T>(
  serialize: (value: unknown) => unknown,
  value: T,
  key: object | undefined,
  part: string,
  gates?: { evaluation: { evaluatedAt: string }; mark: (value: T, at: string) => T },
): string {
  if (!key) return String(serialize(value));
  const parts = kept.get(key) ?? new Map<string, { before: string; after: string }>();
  const found = parts.get(part);
  if (found) return gates ? found.before + gates.evaluation.evaluatedAt + found.after : found.before;
  kept.set(key, parts);
  if (!gates) {
    const body = String(serialize(value));
    parts.set(part, { before: body, after: '' });
    return body;
  }
  const marked = String(serialize(gates.mark(value, AT)));
  const at = marked.indexOf(AT);
  // the marker once, and only once (a serializer that dropped or repeated it: nothing is kept)
  if (at < 0 || marked.indexOf(AT, at + 1) >= 0) return String(serialize(value));
  const entry = { before: marked.slice(0, at), after: marked.slice(at + AT.length) };
  parts.set(part, entry);
  return entry.before + gates.evaluation.evaluatedAt + entry.after;
}
