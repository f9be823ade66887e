import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_TEXT } from '../../src/domain/audit-actions.ts';

// The case history and the audit search speak in sentences ("… recorded the person's contest"). A new audited
// action without its sentence would show as a code; this test reads every action name written in the
// services and routes and fails on one that has no text.
describe('audited actions in plain language', () => {
  it('has a sentence for every action the services audit', () => {
    // Services (every area folder), and the few reads that routes audit through runAction themselves.
    const dirs = ['../../src/services', '../../src/server/routes'].map((d) => join(import.meta.dirname, d));
    const found = new Set<string>();
    for (const file of dirs.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    )) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/action: ([^,}\n]+)/g))
        for (const q of (m[1] ?? '').matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(q[1] ?? '');
      for (const m of text.matchAll(/auditEvent\(\s*\w+,\s*'([a-z_.]+)'/g)) found.add(m[1] ?? '');
    }
    expect(found.size).toBeGreaterThan(30);
    const missing = [...found].filter((a) => !ACTION_TEXT[a]).sort();
    expect(missing).toEqual([]);
  });
});
