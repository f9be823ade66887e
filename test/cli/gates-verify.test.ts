import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { redline } from '../helpers/cli.ts';

// Runs on the embedded database: the command, its output and its exit code, for the case columns the work
// queues read (queue-columns.ts) and the counts that follow them.
describe('redline gates verify', () => {
  it('passes on the demo data, names a queue column that drifted (exit 3) and repairs it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-gates-'));
    const env = { REDLINE_DATA_DIR: dataDir, DATABASE_URL: '', REDLINE_DEMO: '1' };
    expect((await redline(env, 'demo', 'seed')).code).toBe(0);

    const clean = await redline(env, 'gates', 'verify');
    expect(clean.out).toContain('Case columns of the work queues: 0 differ from a recount.');
    expect(clean.out).toContain('Counts kept per office: 0 differ from a recount.');
    expect(clean.code).toBe(0);

    // An open case never served, given a first document behind the triggers' back (none is recorded).
    const d = await openDatabase({ dataDir });
    const row = (
      await sql<{ case_number: string }>`update cases set first_document_at = now()
        where id = (select c.id from cases c where c.first_document_at is null and not c.disclosed
                    and c.status <> 'closed' order by c.case_number limit 1)
        returning case_number`.execute(d.db)
    ).rows[0];
    await d.close();
    expect(row).toBeDefined();

    const broken = await redline(env, 'gates', 'verify');
    expect(broken.code).toBe(3);
    expect(broken.out).toContain('Case columns of the work queues: 1 differ from a recount.');
    expect(broken.out).toMatch(
      new RegExp(`${row!.case_number} first_document_at: stored \\S.*; recount none`),
    );
    expect(broken.out).toMatch(/disclosures_due \(none\): stored \d+; recount \d+/);

    const repaired = await redline(env, 'gates', 'verify', '--repair');
    expect(repaired.code).toBe(0);
    expect(repaired.out).toContain('1 cases recomputed');
    const after = await redline(env, 'gates', 'verify');
    expect(after.out).toContain('Case columns of the work queues: 0 differ from a recount.');
    expect(after.out).toContain('Counts kept per office: 0 differ from a recount.');
    expect(after.code).toBe(0);
  }, 240_000);
});
