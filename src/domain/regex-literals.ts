/**
 * What text a regular expression needs before it can match: a list of sets of lower-case strings such
 * that every match contains, for each set, at least one of its strings. A text that lacks every string of
 * one set cannot hold a match, so the expression need not run on it (the wording check's prefilter).
 *
 * The derivation is conservative by construction: anything it cannot reason about exactly (character
 * sets such as \s or \w, wide classes, back-references, optional parts, lookarounds, case modifiers)
 * requires nothing. It reads the expression with @eslint-community/regexpp, the parser ESLint's
 * regular-expression rules use, so that the syntax is read as the engine reads it.
 *
 * Case: the expressions are matched with the `i` flag and without `u`. Without `u`, a character of the
 * text matches a literal ASCII letter only when its `toUpperCase` is that letter's upper case and it is
 * itself ASCII (ECMA-262 Canonicalize), so the text's `toLowerCase` holds the literal's lower case wherever
 * the expression matched it. Literals outside ASCII are treated as unknown characters (no requirement).
 */
import { type AST, RegExpParser } from '@eslint-community/regexpp';

/** A finite set of strings a node matches exactly, or null when it is not small and finite. */
type Exact = Set<string> | null;
/** Sets of strings: every match contains one string of each set. */
type Required = Set<string>[];

interface Info {
  exact: Exact;
  required: Required;
}

/** Beyond this many strings, a node's exact set is given up (cross products grow fast). */
const MAX_EXACT = 64;
/** A class of at most this many ASCII characters is read as an exact set. */
const MAX_CLASS = 8;
/** At most this many sets are kept per node: the most selective ones. */
const MAX_REQUIRED = 6;

const NOTHING: Info = { exact: null, required: [] };
const EMPTY: Info = { exact: new Set(['']), required: [] };

const isAsciiCode = (c: number) => c >= 0 && c < 0x80;

/** How selective a set is: its shortest string (a longer literal occurs in fewer texts). */
const strength = (s: Set<string>) => Math.min(...[...s].map((x) => x.length));

function usable(s: Set<string>): boolean {
  for (const x of s) if (x.length === 0) return false;
  return s.size > 0;
}

function best(sets: Required): Required {
  const seen = new Set<string>();
  const unique = sets.filter((s) => {
    const key = [...s].sort().join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // A set is implied by another when every string of the other contains one of its strings ("red" by
  // "red car"): a text holding the other holds it too, so it adds no test.
  const implied = (a: Set<string>, b: Set<string>) => [...b].every((x) => [...a].some((y) => x.includes(y)));
  const kept = unique.filter((a) => !unique.some((b) => b !== a && implied(a, b) && !implied(b, a)));
  return kept.sort((a, b) => strength(b) - strength(a) || a.size - b.size).slice(0, MAX_REQUIRED);
}

function product(a: Set<string>, b: Set<string>): Exact {
  if (a.size * b.size > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function union(sets: Exact[]): Exact {
  const out = new Set<string>();
  for (const s of sets) {
    if (!s) return null;
    for (const x of s) out.add(x);
  }
  return out.size > MAX_EXACT ? null : out;
}

/** The best single set that an alternative requires, from its own exact strings or its requirements. */
function singleSet(info: Info): Set<string> | null {
  const options: Required = [...info.required];
  if (info.exact && usable(info.exact)) options.push(info.exact);
  return best(options)[0] ?? null;
}

function alternatives(alts: readonly AST.Alternative[]): Info {
  const infos = alts.map(sequence);
  if (infos.length === 1) return infos[0]!;
  const exact = union(infos.map((i) => i.exact));
  const sets: Set<string>[] = [];
  for (const info of infos) {
    const s = singleSet(info);
    if (!s) return { exact, required: [] };
    sets.push(s);
  }
  const merged = new Set<string>();
  for (const s of sets) for (const x of s) merged.add(x);
  return { exact, required: merged.size > 0 ? [merged] : [] };
}

function sequence(alt: AST.Alternative): Info {
  const required: Required = [];
  let run: Exact = new Set(['']);
  let whole: Exact = new Set(['']);
  const closeRun = () => {
    if (run && usable(run)) required.push(run);
    run = new Set(['']);
  };
  for (const el of alt.elements) {
    const info = element(el);
    required.push(...info.required);
    whole = whole && info.exact ? product(whole, info.exact) : null;
    if (info.exact) {
      const next: Exact = run ? product(run, info.exact) : null;
      if (next) run = next;
      else {
        // The run grew too large: keep what it had, and start again from this element.
        closeRun();
        run = new Set(info.exact);
      }
    } else closeRun();
  }
  closeRun();
  return { exact: whole, required: best(required) };
}

function characterClass(node: AST.CharacterClass): Info {
  if (node.negate || node.unicodeSets) return NOTHING;
  const out = new Set<string>();
  for (const e of node.elements) {
    if (e.type === 'Character') {
      if (!isAsciiCode(e.value)) return NOTHING;
      out.add(String.fromCharCode(e.value).toLowerCase());
    } else if (e.type === 'CharacterClassRange') {
      if (!isAsciiCode(e.min.value) || !isAsciiCode(e.max.value)) return NOTHING;
      if (e.max.value - e.min.value >= MAX_CLASS) return NOTHING;
      for (let c = e.min.value; c <= e.max.value; c++) out.add(String.fromCharCode(c).toLowerCase());
    } else return NOTHING;
    if (out.size > MAX_CLASS) return NOTHING;
  }
  return out.size > 0 ? { exact: out, required: [] } : NOTHING;
}

function element(node: AST.Element): Info {
  switch (node.type) {
    case 'Character':
      return isAsciiCode(node.value)
        ? { exact: new Set([String.fromCharCode(node.value).toLowerCase()]), required: [] }
        : NOTHING;
    case 'CharacterClass':
      return characterClass(node);
    case 'Assertion':
      // Zero-width: a lookaround or an edge matches no text of its own.
      return EMPTY;
    case 'CapturingGroup':
      return alternatives(node.alternatives);
    case 'Group':
      // A group with case modifiers ((?i:…), (?-i:…)) changes how its letters match: require nothing.
      return node.modifiers ? NOTHING : alternatives(node.alternatives);
    case 'Quantifier': {
      if (node.min === 0) {
        const inner = element(node.element);
        return node.max === 1 && inner.exact
          ? { exact: union([inner.exact, new Set([''])]), required: [] }
          : NOTHING;
      }
      const inner = element(node.element);
      const required = [...inner.required];
      if (inner.exact && usable(inner.exact)) required.push(inner.exact);
      const exact = node.min === 1 && node.max === 1 ? inner.exact : null;
      return { exact, required: best(required) };
    }
    default:
      // Back-references, character sets (\s, \w, \d, ., \p{…}) and anything newer.
      return NOTHING;
  }
}

/**
 * The literals a regular expression needs, for matching with flags `i` (and `g`), without `u` or `v`.
 * Empty when nothing can be said (the expression may match any text).
 */
export function requiredLiterals(source: string): string[][] {
  const parser = new RegExpParser({ ecmaVersion: 2025 });
  const pattern = parser.parsePattern(source, 0, source.length, { unicode: false, unicodeSets: false });
  const info = alternatives(pattern.alternatives);
  const sets = [...info.required];
  if (info.exact && usable(info.exact)) sets.push(info.exact);
  return best(sets).map((s) => [...s].sort());
}

/**
 * A test of a text (already lower-cased) for every set of `required`: true when the text holds at least
 * one string of each set, so the expression may match. `seen` caches `includes` across expressions.
 */
export function mayMatch(lower: string, required: readonly string[][], seen: Map<string, boolean>): boolean {
  for (const set of required) {
    let found = false;
    for (const s of set) {
      let hit = seen.get(s);
      if (hit === undefined) {
        hit = lower.includes(s);
        seen.set(s, hit);
      }
      if (hit) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
