/**
 * No read is answered without its audit record, even when the server dies in the middle of folding the
 * read log into the chain (services/read-log.ts). A real server process (the `redline serve` command, on
 * an embedded data directory) answers case reads from many concurrent clients while its folder runs
 * every few milliseconds; it is killed with SIGKILL while reads and a fold are in flight. Then every
 * request that was answered 200 must have its entry in the read log or the chain, and after a fold
 * exactly one chained `case.read` entry, and the chain must verify.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoTotpCode } from '../../src/demo/mfa.ts';
import { DEMO_PASSPHRASE } from '../../src/demo/seed.ts';
import { AuditSigner, verifyAuditChain } from '../../src/services/audit.ts';
import { foldAllReads } from '../../src/services/read-log.ts';
import { openDatabase } from '../../src/store/db.ts';

const PORT = 3216;
const base = `http://127.0.0.1:${PORT}/api/v1`;
const dir = mkdtempSync(join(tmpdir(), 'redline-reads-kill-'));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startServer(): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // The server runs on its own embedded data directory, also in the PostgreSQL pass of the tests (where
    // DATABASE_URL names the shared test server, which this test must not touch).
    const { DATABASE_URL: _url, ...inherited } = process.env;
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: {
        ...inherited,
        REDLINE_DATA_DIR: join(dir, 'data'),
        REDLINE_AUDIT_KEY_FILE: join(dir, 'keys', 'audit.key'),
        PORT: String(PORT),
        HOST: '127.0.0.1',
        REDLINE_DEMO: '1',
        REDLINE_READ_FOLD_MS: '5',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Redline is serving')) resolve(p);
    };
    p.stdout!.on('data', onData);
    p.stderr!.on('data', (b: Buffer) => {
      out += b.toString();
    });
    p.once('exit', (code) => reject(new Error(`server exited (${code}) before serving:\n${out}`)));
  });
}

describe('read audit across a kill', () => {
  it('answers no read without its record, folds each exactly once after a SIGKILL mid-batch', async () => {
    child = await startServer();
    const signIn = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'officer',
        passphrase: DEMO_PASSPHRASE,
        code: demoTotpCode('officer', new Date()),
      }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const list = await fetch(`${base}/cases`, { headers: { cookie } });
    expect(list.status).toBe(200);
    const caseIds = ((await list.json()) as { items: Array<{ id: string }> }).items.map((c) => c.id);
    expect(caseIds.length).toBeGreaterThan(0);

    const answered: string[] = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${base}/cases/${caseIds[(w + i) % caseIds.length]}`, {
            headers: { cookie },
          });
          if (res.status === 200) answered.push(res.headers.get('x-request-id')!);
          else throw new Error(`read answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        } catch (err) {
          if (!stop && !String(err).includes('fetch failed')) throw err;
          return; // the server is gone
        }
      }
    };
    let running = 16;
    const workers = Array.from({ length: 16 }, (_, w) => worker(w).finally(() => running--));
    // Kill once enough reads are answered (the folder has been folding every 5 ms all along).
    while (answered.length < 60 && running > 0) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((r) => child!.once('exit', r));
    expect(answered.length).toBeGreaterThanOrEqual(60);

    const d = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const chained = await d.db
        .selectFrom('audit_log')
        .select('request_id')
        .where('action', '=', 'case.read')
        .execute();
      const pending = await d.db.selectFrom('read_log').select('request_id').execute();
      const recorded = new Set([...chained, ...pending].map((r) => r.request_id));
      const missing = answered.filter((id) => !recorded.has(id));
      expect(missing, 'answered reads without a record').toEqual([]);
      // Every entry is in exactly one of the two places.
      const inBoth = pending.filter((p) => chained.some((c) => c.request_id === p.request_id));
      expect(inBoth).toEqual([]);

      const app = { db: d.db, dbKind: d.kind, clock: () => new Date(), signer: null };
      await foldAllReads(app);
      const after = await d.db
        .selectFrom('audit_log')
        .select('request_id')
        .where('action', '=', 'case.read')
        .execute();
      const count = new Map<string, number>();
      for (const r of after) count.set(r.request_id!, (count.get(r.request_id!) ?? 0) + 1);
      for (const id of answered) expect(count.get(id), `request ${id}`).toBe(1);
      expect(await d.db.selectFrom('read_log').select('id').execute()).toEqual([]);
      const signer = new AuditSigner(join(dir, 'keys', 'audit.key'));
      const report = await verifyAuditChain(d.db, signer, undefined, { now: new Date() });
      expect(report.firstBad).toBeFalsy();
    } finally {
      await d.close();
    }
  }, 600_000);
});
