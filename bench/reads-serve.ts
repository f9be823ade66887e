/**
 * Serves the API on a database for profiling the case reads under load (docs/benchmarks.md, Reads):
 *   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/reads-serve.ts <postgres-url | pglite:N>
 * (a port may follow the database; the bare route of the benchmark listens on the next one) prints the
 * ports, a session cookie of the demo officer and a file of case ids of one office, then serves until SIGINT
 * (the profile is written at exit). Load it with autocannon from another process, e.g.
 *   npx autocannon -c 50 -d 10 -H "cookie=…" http://127.0.0.1:<port>/api/v1/cases/<id>
 * and compare the CPU time of this process and of the database's backends per request answered.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { fillCases } from '../scripts/gen-cases-sql.ts';
import { syntheticApp } from '../scripts/synthetic-key.ts';
import { demoTotpCode } from '../src/demo/mfa.ts';
import { DEMO_PASSPHRASE, seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/server/app.ts';
import { systemActor } from '../src/services/context.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

const target = process.argv[2] ?? 'pglite:2000';
const port = Number(process.argv[3] ?? 0);
const d = target.startsWith('pglite:')
  ? await openDatabase({ dataDir: 'memory://' })
  : await openDatabase({ databaseUrl: target, poolSize: 20 });
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
const ids = (
  await sql<{ id: string }>`select id from cases where office_id = 'NYC'
    and id::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
    order by case_number limit 500`.execute(d.db)
).rows.map((r) => r.id);
const server = await buildServer({ app, secureCookies: false, cookieSecret: 'b'.repeat(32), webRoot: false });
await server.listen({ port, host: '127.0.0.1' });
const at = (server.addresses()[0] as { port: number }).port;
// The baseline of the benchmark: one primary-key read, in the same process.
const bare = Fastify();
bare.get<{ Params: { id: string } }>('/bare/:id', async (req) =>
  d.db.selectFrom('cases').selectAll().where('id', '=', req.params.id).executeTakeFirst(),
);
await bare.listen({ port: port ? port + 1 : 0, host: '127.0.0.1' });
const barePort = (bare.addresses()[0] as { port: number }).port;
const signIn = await fetch(`http://127.0.0.1:${at}/api/v1/session`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    username: 'officer',
    passphrase: DEMO_PASSPHRASE,
    code: demoTotpCode('officer', new Date()),
  }),
});
const cookie = signIn.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const idsFile = join(tmpdir(), 'redline-reads-ids.txt');
writeFileSync(idsFile, ids.join('\n'));
console.log(JSON.stringify({ port: at, barePort, cookie, ids: ids.length, idsFile }));
process.on('SIGINT', async () => {
  await server.close();
  await bare.close();
  await d.close();
  process.exit(0);
});
