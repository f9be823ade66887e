/**
 * Text that survives storage: one rule for every string the system accepts, and one canonical form for
 * every string the audit trail stores.
 *
 * Two kinds of field:
 * - **free text** (a narrative, a note, a reason, a statement…: the names in FREE_TEXT_FIELDS): several
 *   lines allowed. Line breaks are normalised to LF (CR LF, a lone CR, U+2028 and U+2029 become LF); tab
 *   is allowed; direction marks, embeddings and isolates are allowed (mixed Arabic and Latin text needs
 *   them); the direction *overrides* U+202D and U+202E are refused, since they make text display in
 *   another order than it is stored and no natural text needs them.
 * - **a line** (every other string: a name, an identifier, a reference, a title, a code, a passphrase):
 *   no line break, tab or other control character, and no invisible direction control at all: the
 *   embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks U+200E, U+200F and
 *   U+061C (a mark changes nothing a reader sees, so in a name it only makes two equal-looking names differ),
 *   nor the invisible U+200B, U+2060 and U+FEFF. ZWJ and ZWNJ (U+200C, U+200D) stay: Persian and Indic
 *   names need them.
 *
 * Both kinds: well-formed Unicode (no unpaired surrogate), no NUL or other C0/C1 control character except
 * those named above, and Unicode NFC (the stored form is NFC; lengths are checked on it).
 *
 * Pure: no I/O. The server applies `cleanStrings` to every request's body, query and parameters before
 * validation (server/text-edge.ts); the CLI's inputs go through `services/inputs.ts#cleanInput`.
 */

/** Field names whose strings are free text. Every other string is a line (name or identifier). */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'analysis',
  'answer',
  'backdateReason',
  'charge',
  'charge_translation',
  'chargeTranslation',
  'compiledFrom',
  'conditions',
  'csv',
  'description',
  'detail',
  'details',
  'disclosureRestrictions',
  'evidence',
  'explanation',
  'justification',
  'legalAuthority',
  'narrative',
  'note',
  'notes',
  'personRole',
  'rationale',
  'reason',
  'reasons',
  'restrictionNote',
  'retiredReason',
  'reversalReason',
  'scope',
  'statement',
  'summary',
  'summaryOfFacts',
  'text',
]);

export type TextKind = 'free' | 'line';

/** The kind of a field from its name (the last property name on its path, array indices skipped). */
export const kindOfField = (name: string | undefined): TextKind =>
  name !== undefined && FREE_TEXT_FIELDS.has(name) ? 'free' : 'line';

export type TextRule = 'TEXT-WELL-FORMED' | 'TEXT-CONTROL' | 'TEXT-ONE-LINE' | 'TEXT-BIDI' | 'TEXT-NESTING';

export type TextCheck = { ok: true; value: string } | { ok: false; rule: TextRule; message: string };

/** An unpaired surrogate (in `u` mode a pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;
/** String.prototype.isWellFormed (Node 20), written out so the ES2023 library types suffice. */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Direction overrides: refused everywhere. */
const BIDI_OVERRIDES = new Set([0x202d, 0x202e]);
/** Every invisible direction control (embeddings, overrides, isolates, marks): refused in a line. */
const BIDI_CONTROLS = new Set([
  0x200e, 0x200f, 0x061c, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);
/** Other invisible characters refused in a line. */
const INVISIBLE = new Set([0x200b, 0x2060, 0xfeff]);

const isControl = (cp: number) => cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);

/**
 * Checks one string for a field of the given kind and returns its stored form (line breaks normalised,
 * NFC), or the rule it breaks with a plain message. The message never repeats the value.
 */
export function checkText(value: string, kind: TextKind): TextCheck {
  if (!isWellFormed(value))
    return {
      ok: false,
      rule: 'TEXT-WELL-FORMED',
      message:
        'Contains a broken character (an unpaired surrogate) that cannot be stored. Type or paste the text again.',
    };
  let v = value;
  // A leading U+FEFF is a byte-order mark, not text (and the embedded database drops it on reading).
  if (kind === 'free') v = v.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(/^\uFEFF+/, '');
  v = v.normalize('NFC');
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (kind === 'free') {
      if (isControl(cp) && cp !== 0x0a && cp !== 0x09)
        return {
          ok: false,
          rule: 'TEXT-CONTROL',
          message: `Contains a control character (${hex(cp)}) that cannot be stored. Remove it.`,
        };
      if (BIDI_OVERRIDES.has(cp))
        return {
          ok: false,
          rule: 'TEXT-BIDI',
          message: `Contains a direction override (${hex(cp)}), which makes text display in another order than it is stored. Remove it.`,
        };
      continue;
    }
    if (cp === 0x0a || cp === 0x0d || cp === 0x09 || cp === 0x2028 || cp === 0x2029)
      return {
        ok: false,
        rule: 'TEXT-ONE-LINE',
        message: 'Write this on one line, without line breaks or tabs.',
      };
    if (isControl(cp))
      return {
        ok: false,
        rule: 'TEXT-CONTROL',
        message: `Contains a control character (${hex(cp)}) that cannot be stored. Remove it.`,
      };
    if (BIDI_CONTROLS.has(cp) || INVISIBLE.has(cp))
      return {
        ok: false,
        rule: 'TEXT-BIDI',
        message: `Contains an invisible character (${hex(cp)}) that can make a name or identifier look different from what is stored. Remove it.`,
      };
  }
  return { ok: true, value: v };
}

export interface TextProblem {
  /** Dotted path from the root given, e.g. `body.person.familyName` or `body.notice.warrants.0.charge`. */
  field: string;
  rule: TextRule;
  message: string;
}

/** Objects and arrays nested deeper than this are refused (no request the API takes comes close). */
export const MAX_NESTING = 32;

/**
 * Applies `checkText` to every string in a parsed request part (and to every object key, as a line),
 * returning the part with every string in its stored form and the problems found. The kind of a string
 * is that of the nearest property name on its path (FREE_TEXT_FIELDS).
 */
export function cleanStrings(value: unknown, root: string): { value: unknown; problems: TextProblem[] } {
  const problems: TextProblem[] = [];
  const at = (path: string[]) => [root, ...path].filter((p) => p !== '').join('.') || '(value)';
  const visit = (v: unknown, path: string[], name: string | undefined, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = checkText(v, kindOfField(name));
      if (r.ok) return r.value;
      problems.push({ field: at(path), rule: r.rule, message: r.message });
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth >= MAX_NESTING) {
      problems.push({
        field: at(path),
        rule: 'TEXT-NESTING',
        message: `Is nested too deeply (more than ${MAX_NESTING} levels).`,
      });
      return v;
    }
    if (Array.isArray(v)) return v.map((item, i) => visit(item, [...path, String(i)], name, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      const key = checkText(k, 'line');
      if (!key.ok) {
        problems.push({
          field: at([...path, key.rule === 'TEXT-WELL-FORMED' ? '(a field name)' : k]),
          rule: key.rule,
          message: `A field name: ${key.message}`,
        });
        continue;
      }
      // defineProperty: a key named __proto__ stays a plain property.
      Object.defineProperty(out, key.value, {
        value: visit(item, [...path, key.value], key.value, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  // A bare string takes the kind of the root's name (`csv`, `passphrase`).
  const cleaned = visit(value, [], root.split('.').pop(), 0);
  return { value: cleaned, problems };
}

// ---------------------------------------------------------------------------
// The audit trail's canonical form
// ---------------------------------------------------------------------------

/**
 * The form in which a string is stored in the audit trail, so that what is stored is exactly what was
 * hashed: an unpaired surrogate becomes U+FFFD (what PostgreSQL would store anyway); NUL, which neither a
 * text column nor jsonb can hold, becomes U+2400 (SYMBOL FOR NULL); a leading U+FEFF is dropped (the
 * embedded database's text decoder drops it on reading, as a byte-order mark). Idempotent.
 */
export const storableText = (s: string): string => {
  let w = isWellFormed(s) ? s : s.replace(LONE_SURROGATES, '\uFFFD');
  if (w.includes('\u0000')) w = w.replaceAll('\u0000', '\u2400');
  return w.charCodeAt(0) === 0xfeff ? w.replace(/^\uFEFF+/, '') : w;
};

/** `storableText` applied to every string and object key of a JSON-like value. */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(storableValue);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    Object.defineProperty(out, storableText(k), {
      value: storableValue(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
