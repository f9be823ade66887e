/**
 * The external anchor (issue 9): `redline audit checkpoint --export FILE` writes a signed checkpoint to
 * keep elsewhere, and `redline audit verify --against FILE` proves the chain still contains it — even
 * after someone with access to the database and to the key directory rewrote the chain and removed the
 * checkpoints and their mirror. Also: the key and mirror live outside the data directory by default.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { auditKeyWarning, loadConfig } from '../../src/config.ts';
import { entryHash } from '../../src/services/audit.ts';
import { openDatabase } from '../../src/store/db.ts';
import { redline } from '../helpers/cli.ts';

describe('audit key directory', () => {
  it('defaults to a directory beside the data directory, not inside it', () => {
    const c = loadConfig({ REDLINE_DATA_DIR: '/srv/redline/data' });
    expect(c.auditKeyDir).toBe('/srv/redline/data-audit-keys');
    expect(c.auditKeyFile).toBe('/srv/redline/data-audit-keys/audit-ed25519.pem');
    expect(auditKeyWarning(c)).toBeNull();
    expect(
      loadConfig({ REDLINE_DATA_DIR: '/d', REDLINE_AUDIT_KEY_DIR: '/secrets/redline' }).auditKeyDir,
    ).toBe('/secrets/redline');
  });

  it('warns when the key shares a directory with the embedded database', () => {
    for (const keyDir of ['/srv/data', '/srv/data/keys']) {
      const c = loadConfig({ REDLINE_DATA_DIR: '/srv/data', REDLINE_AUDIT_KEY_DIR: keyDir });
      expect(auditKeyWarning(c)).toMatch(/share a directory with the database/);
    }
    const legacy = loadConfig({
      REDLINE_DATA_DIR: '/srv/data',
      REDLINE_AUDIT_KEY_FILE: '/srv/data/keys/k.pem',
    });
    expect(auditKeyWarning(legacy)).toMatch(/REDLINE_AUDIT_KEY_DIR/);
    // On PostgreSQL the data directory holds no data.
    expect(auditKeyWarning({ ...legacy, databaseUrl: 'postgres://x/y' })).toBeNull();
  });
});

// Runs on the embedded database: the point is the commands, their output and their exit codes.
describe('redline audit checkpoint --export / audit verify --against', () => {
  it('exports a signed checkpoint and proves the chain still holds it, until the chain is rewritten', async () => {
    const root = mkdtempSync(join(tmpdir(), 'redline-anchor-cli-'));
    const dataDir = join(root, 'data');
    const env = { REDLINE_DATA_DIR: dataDir, DATABASE_URL: '', REDLINE_DEMO: '1' };
    expect((await redline(env, 'demo', 'seed')).code).toBe(0);
    // The key and the mirror are outside the data directory.
    expect(existsSync(join(root, 'data-audit-keys', 'audit-ed25519.pem'))).toBe(true);
    expect(existsSync(join(root, 'data-audit-keys', 'audit-checkpoints.jsonl'))).toBe(true);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);

    const anchorFile = join(root, 'anchor.json');
    const exported = await redline(env, 'audit', 'checkpoint', '--export', anchorFile);
    expect(exported.code, exported.out).toBe(0);
    const anchor = JSON.parse(readFileSync(anchorFile, 'utf8')) as {
      seq: number;
      hash: string;
      format: string;
    };
    expect(anchor.format).toBe('redline-audit-checkpoint/1');
    expect(exported.out).toContain(`Signed checkpoint at entry ${anchor.seq}`);

    const clean = await redline(env, 'audit', 'verify', '--against', anchorFile);
    expect(clean.code, clean.out).toBe(0);
    expect(clean.out).toContain(`Exported checkpoint found: entry ${anchor.seq}`);

    // Someone with the database and the key directory rewrites the last entries with a recomputed hash
    // chain and removes every checkpoint, in the database and in the mirror.
    const d = await openDatabase({ dataDir });
    const rows = await d.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', anchor.seq - 1)
      .orderBy('seq')
      .execute();
    let prev = (
      await d.db
        .selectFrom('audit_log')
        .select('hash')
        .where('seq', '=', anchor.seq - 2)
        .executeTakeFirstOrThrow()
    ).hash;
    for (const r of rows) {
      const { hash: _old, ...rest } = { ...r, actor_username: 'someone-else', prev_hash: prev };
      const hash = entryHash(rest);
      await d.db
        .updateTable('audit_log')
        .set({ actor_username: 'someone-else', prev_hash: prev, hash })
        .where('seq', '=', r.seq)
        .execute();
      prev = hash;
    }
    await sql`delete from audit_checkpoints`.execute(d.db);
    await d.close();
    rmSync(join(root, 'data-audit-keys', 'audit-checkpoints.jsonl'));

    // Without the anchor the rewritten chain is self-consistent …
    const plain = await redline(env, 'audit', 'verify');
    expect(plain.code, plain.out).toBe(0);
    // … with it, the rewrite is found.
    const broken = await redline(env, 'audit', 'verify', '--against', anchorFile);
    expect(broken.code).toBe(3);
    expect(broken.out).toContain('EXPORTED CHECKPOINT NOT MATCHED');
    expect(broken.out).toContain(`Entry ${anchor.seq} differs from the exported checkpoint`);
  }, 1_200_000);
});
