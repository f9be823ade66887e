/**
 * How long one fold of the read log holds the database (docs/reads-at-scale.md): `rounds` times, a batch
 * of read entries is appended and folded into the audit chain, on PGlite (in memory) or on PostgreSQL.
 *
 *   npx tsx bench/read-fold.ts [postgres://postgres@127.0.0.1:5432/a_scratch_database] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { verifyAuditChain } from '../src/services/audit.ts';
import { FOLD_BATCH, foldReadLog } from '../src/services/read-log.ts';
import { insertReads } from '../src/services/read-log-writer.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const { values, positionals } = parseArgs({
  options: { rounds: { type: 'string', default: '3' } },
  allowPositionals: true,
});
const url = positionals[0];
const d = await openDatabase(url ? { databaseUrl: url, poolSize: 4 } : { dataDir: 'memory://' });
try {
  await migrateToLatest(d.db);
  const app = syntheticApp(d);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let i = 0; i < FOLD_BATCH; i++)
      await insertReads(d.db, [
        {
          at: new Date(),
          actorId: null,
          actorUsername: 'officer',
          actorRole: 'officer',
          action: 'case.read',
          outcome: 'ok',
          entityType: 'case',
          entityId: null,
          caseId: null,
          detail: { round, i },
          requestId: `r${round}-${i}`,
          sourceIp: '127.0.0.1',
        },
      ]);
    const t0 = performance.now();
    const moved = await foldReadLog(app);
    console.log(`${d.kind}: folded ${moved} read entries in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  const report = await verifyAuditChain(d.db, null);
  console.log(`chain ${report.ok ? 'verifies' : 'BROKEN'}: ${report.entries} entries`);
} finally {
  await d.close();
}
