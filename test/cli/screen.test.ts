import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLintText, runScreen } from '../../src/cli/screen.ts';

const fixture = join(import.meta.dirname, '../fixtures/screening/labelled-cases.jsonl');

describe('redline screen', () => {
  it('prints one JSON line per case and a summary', () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runScreen(
      fixture,
      { asOf: '2026-11-01' },
      (l) => out.push(l),
      (l) => err.push(l),
    );
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThanOrEqual(40);
    const first = JSON.parse(out[0]!);
    expect(first).toHaveProperty('recommendation');
    expect(first.indicators.every((i: { citation: string }) => i.citation.length > 0)).toBe(true);
    expect(err[0]).toMatch(/^Screened \d+ case\(s\)/);
  });

  it('reports invalid lines with the field and keeps going', () => {
    const dir = mkdtempSync(join(tmpdir(), 'screen-'));
    const file = join(dir, 'cases.jsonl');
    writeFileSync(
      file,
      '{"id":"ok","facts":{}}\n{not json\n{"id":"bad","facts":{"notice":{"type":"telegram"}}}\n',
    );
    const out: string[] = [];
    const code = runScreen(
      file,
      {},
      (l) => out.push(l),
      () => {},
    );
    expect(code).toBe(2);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines.find((l) => l.id === 'line 2').error).toMatch(/not valid JSON/);
    expect(lines.find((l) => l.id === 'bad').fields[0].field).toBe('notice.type');
    expect(lines.find((l) => l.id === 'ok').recommendation).toBeDefined();
  });
});

describe('redline lint-text', () => {
  it('shows line:column, the rule, why, and a suggestion; accurate text passes', () => {
    const out: string[] = [];
    const code = runLintText('Background.\nHe was detained on the Red Notice.', 'narrative', (l) =>
      out.push(l),
    );
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^narrative:2:8 {2}D10-AUTHORITY/);
    expect(out.some((l) => l.startsWith('  suggested:'))).toBe(true);
    const clean: string[] = [];
    expect(
      runLintText(
        'The Red Notice is based on an arrest warrant issued by the district court of Almaty.',
        'n',
        (l) => clean.push(l),
      ),
    ).toBe(0);
  });
});
