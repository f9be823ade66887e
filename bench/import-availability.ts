/**
 * The server while a web import runs (docs/benchmarks.md, "The server while a web import runs"): uploads a
 * legacy file to a running server with the demo data as the demo administrator (`POST /api/v1/imports`), and
 * while the import runs reads `GET /session` and a case page with its parts as the demo officer, each
 * request 250 ms after the last answer and allowed 20 s; then prints the latency distribution, the slowest
 * requests and every failure.
 *
 *   npx tsx scripts/gen-legacy.ts --count 150000 --out legacy-150k.csv
 *   DATABASE_URL=postgres://… PORT=3200 REDLINE_DEMO=1 node --import tsx src/cli/main.ts serve
 *   npx tsx bench/import-availability.ts http://127.0.0.1:3200 legacy-150k.csv
 */
import { openAsBlob } from 'node:fs';
import { demoTotpCode } from '../src/demo/mfa.ts';
import { DEMO_PASSPHRASE } from '../src/demo/seed.ts';

const base = process.argv[2]!;
const file = process.argv[3]!;
async function signIn(username: string) {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, passphrase: DEMO_PASSPHRASE, code: demoTotpCode(username, new Date()) }),
  });
  if (r.status !== 200) throw new Error(`${username}: ${r.status} ${await r.text()}`);
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}
const admin = await signIn('admin');
const officer = await signIn('officer');
const list = (await (
  await fetch(`${base}/api/v1/cases?limit=5`, { headers: { cookie: officer.cookie } })
).json()) as {
  items: { id: string }[];
};
const caseId = list.items[0]?.id;
const form = new FormData();
form.set('source', 'PROBE');
form.set('officeId', 'NYC');
form.set('file', await openAsBlob(file), 'probe.csv');
const t0 = Date.now();
const up = await fetch(`${base}/api/v1/imports`, {
  method: 'POST',
  headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
  body: form,
});
const run = (await up.json()) as { id: string };
console.log('upload', up.status, Date.now() - t0, 'ms', run.id);
const samples: { what: string; at: number; ms: number; status: number | string }[] = [];
let done = false;
async function probe(what: string, url: string) {
  while (!done) {
    const at = Date.now();
    let status: number | string;
    try {
      const r = await fetch(url, {
        headers: { cookie: officer.cookie },
        signal: AbortSignal.timeout(20_000),
      });
      await r.arrayBuffer();
      status = r.status;
    } catch (e) {
      status = String((e as Error).name);
    }
    samples.push({ what, at: at - t0, ms: Date.now() - at, status });
    await new Promise((r) => setTimeout(r, 250));
  }
}
const probes = [probe('session', `${base}/api/v1/session`)];
if (caseId) probes.push(probe('case', `${base}/api/v1/cases/${caseId}?include=gates,history,facts`));
let last = '';
while (!done) {
  await new Promise((r) => setTimeout(r, 5000));
  const p = (await (
    await fetch(`${base}/api/v1/imports/${run.id}`, {
      headers: { cookie: admin.cookie },
      signal: AbortSignal.timeout(20_000),
    })
  ).json()) as { status: string; rowsSeen: number; created: number; rejected: number; rowsPerSecond: number };
  last = `${p.status} rows ${p.rowsSeen} created ${p.created} rejected ${p.rejected} rate ${p.rowsPerSecond?.toFixed(0)}`;
  console.log(new Date().toISOString(), last);
  if (p.status !== 'running') done = true;
}
await Promise.all(probes);
for (const what of ['session', 'case']) {
  const s = samples.filter((x) => x.what === what);
  if (!s.length) continue;
  const ms = s.map((x) => x.ms).sort((a, b) => a - b);
  const q = (f: number) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))];
  const bad = s.filter((x) => x.status !== 200);
  console.log(what, {
    n: s.length,
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: ms[ms.length - 1],
    failures: bad.length,
  });
  for (const b of bad.slice(0, 10)) console.log('  failure', b);
  for (const x of [...s].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log('  slow', x);
}
console.log('total', ((Date.now() - t0) / 1000).toFixed(0), 's', last);
