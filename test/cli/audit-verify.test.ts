import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { redline } from '../helpers/cli.ts';

// Runs on the embedded database: the point is the command, its output and its exit code.
describe('redline audit verify', () => {
  it('passes on a clean log and names the edited entry after a manual change', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-cli-'));
    const env = { REDLINE_DATA_DIR: dataDir, DATABASE_URL: '', REDLINE_DEMO: '1' };
    const seeded = await redline(env, 'demo', 'seed');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('Demo data loaded: 5 demo cases');

    const clean = await redline(env, 'audit', 'verify');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/Audit chain intact: \d+ entries/);

    const d = await openDatabase({ dataDir });
    await sql`update audit_log set actor_username = 'someone-else' where seq = 7`.execute(d.db);
    await d.close();

    const broken = await redline(env, 'audit', 'verify');
    expect(broken.code).toBe(3);
    expect(broken.out).toContain('First bad entry: 7');
  }, 180_000);

  it('refuses a second process on the same embedded data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-lock-'));
    const d = await openDatabase({ dataDir });
    try {
      const second = await redline({ REDLINE_DATA_DIR: dataDir, DATABASE_URL: '' }, 'migrate');
      expect(second.code).toBe(1);
      expect(second.out).toContain('already open in another Redline process');
    } finally {
      await d.close();
    }
  }, 120_000);
});
