/**
 * Serves the API on a database for profiling the case reads under load (docs/benchmarks.md, Reads):
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/reads-serve.ts <postgres-url | pglite:N>
 * (a port may follow the database; REDLINE_BENCH_POOL sets the pool as for the benchmark; the bare route of the benchmark listens on the next one) prints the
 * ports, a session cookie of the demo officer and a file of case ids of one office, then serves until SIGINT
 * (the profile is written at exit). Load it with autocannon from another process, e.g.
 *   npx autocannon -c 50 -d 10 -H "cookie=…" http://127.0.0.1:<port>/api/v1/cases/<id>
 * and compare the CPU time of this process and of the database's backends per request answered.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { fillCases } from '../scripts/gen-cases-sql.ts';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/server/app.ts';
import { systemActor } from '../src/services/context.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { benchPoolSize, listenBare, loadCaseIds, signInOfficer } from './reads.bench.ts';

const target = process.argv[2] ?? 'pglite:2000';
const port = Number(process.argv[3] ?? 0);
const d = target.startsWith('pglite:')
  ? await openDatabase({ dataDir: 'memory://' })
  : await openDatabase({ databaseUrl: target, poolSize: benchPoolSize() });
const app = syntheticApp(d);
if (target.startsWith('pglite:')) {
  await migrateToLatest(d.db);
  await seedDemo({ app, actor: systemActor('bench'), meta: { requestId: null, sourceIp: null } });
  await fillCases(
    async (text) => Number((await sql.raw(text).execute(d.db)).numAffectedRows ?? 0),
    Number(target.slice('pglite:'.length)),
    () => {},
    async (text) => String((await sql.raw<{ v: string }>(text).execute(d.db)).rows[0]!.v),
  );
}
const ids = await loadCaseIds(d.db);
const server = await buildServer({ app, secureCookies: false, cookieSecret: 'b'.repeat(32), webRoot: false });
await server.listen({ port, host: '127.0.0.1' });
const at = (server.addresses()[0] as { port: number }).port;
// The baseline of the benchmark: one primary-key read, in the same process.
const bare = await listenBare(d.db, port ? port + 1 : 0);
const barePort = (bare.addresses()[0] as { port: number }).port;
const cookie = await signInOfficer(`http://127.0.0.1:${at}`);
const idsFile = join(tmpdir(), 'redline-reads-ids.txt');
writeFileSync(idsFile, ids.join('\n'));
console.log(JSON.stringify({ port: at, barePort, cookie, ids: ids.length, idsFile }));
process.on('SIGINT', async () => {
  await server.close();
  await bare.close();
  await d.close();
  process.exit(0);
});
