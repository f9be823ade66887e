import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_FIELD_CODES, PORTAL_PROBLEM_CODES } from '../../src/domain/portal-problems.ts';
import { PORTAL_LANGUAGES } from '../../src/services/portal/session.ts';
import { FIELD_KEYS, PROBLEM_KEYS } from '../../src/web/portal/problems.ts';

const dir = join(import.meta.dirname, '../../src/web/portal/locales');
const locales = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as object]),
);
const lookup = (tree: object, key: string): unknown =>
  key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the portal’s refusals in every language', () => {
  it('has a translation file for each of the ten languages', () => {
    expect(Object.keys(locales).sort()).toEqual([...PORTAL_LANGUAGES].sort());
  });

  const keys = [
    ...PORTAL_PROBLEM_CODES.map((c) => [`problem ${c}`, PROBLEM_KEYS[c]] as const),
    ...PORTAL_FIELD_CODES.map((c) => [`field ${c}`, FIELD_KEYS[c]] as const),
  ];

  it.each(Object.keys(locales))('%s: every code the portal routes give has its own text', (lang) => {
    const missing: string[] = [];
    for (const [what, key] of keys) {
      const text = lookup(locales[lang]!, key);
      const english = lookup(locales.en!, key) as string;
      if (typeof text !== 'string' || text.trim() === '') missing.push(`${what} → ${key}`);
      else if (placeholders(text).join() !== placeholders(english).join())
        missing.push(`${what} → ${key} (placeholders differ)`);
      // Not the English text left in place (a few technical words such as "PDF" may match).
      else if (lang !== 'en' && text === english) missing.push(`${what} → ${key} (still English)`);
    }
    expect(missing).toEqual([]);
  });

  it('gives each text in every language under the same keys (no language misses one English has)', () => {
    const paths = (node: unknown, prefix = ''): string[] =>
      typeof node === 'object' && node !== null
        ? Object.entries(node).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k))
        : [prefix];
    const english = paths(locales.en).sort();
    for (const [lang, tree] of Object.entries(locales)) expect(paths(tree).sort(), lang).toEqual(english);
  });

  it('maps every code to a text key, and only to keys that exist', () => {
    expect(Object.keys(PROBLEM_KEYS).sort()).toEqual([...PORTAL_PROBLEM_CODES].sort());
    expect(Object.keys(FIELD_KEYS).sort()).toEqual([...PORTAL_FIELD_CODES].sort());
  });
});
