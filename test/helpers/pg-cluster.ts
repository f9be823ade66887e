/**
 * A throw-away PostgreSQL cluster for fault tests: `initdb` in a temporary directory, started and stopped
 * with `pg_ctl` on a free port, never the shared server. initdb refuses to run as root, so as root every
 * command runs as the `postgres` operating-system user (runuser); as any other user, as that user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 binaries, or PG_BIN. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the cluster cannot be made here, or null when it can. */
export function clusterUnavailableReason(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'postgres'])
    if (!existsSync(join(PG_BIN, tool)))
      return `${join(PG_BIN, tool)} is missing (install postgresql-15, or set PG_BIN)`;
  if (process.getuid?.() === 0) {
    if (!existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
      return 'running as root and runuser is missing (initdb refuses root)';
    if (
      !readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .some((l) => l.startsWith('postgres:'))
    )
      return 'running as root and there is no postgres user (initdb refuses root)';
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface PgCluster {
  port: number;
  /** A connection string for the `postgres` superuser on the cluster's `postgres` database. */
  url: string;
  dir: string;
  /** pg_ctl start (waits until it accepts connections). */
  start(): Promise<void>;
  /** pg_ctl stop -m immediate: the server goes away at once, as in a crash. */
  stopImmediate(): Promise<void>;
  /** SIGSTOP (freeze) or SIGCONT (thaw) the postmaster and every backend. */
  signalAll(signal: 'SIGSTOP' | 'SIGCONT'): Promise<void>;
  /** Stops the cluster (if running) and deletes its directory. */
  destroy(): Promise<void>;
}

export async function startCluster(): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  // As root, the postgres user must be able to reach the directory: /tmp, not a TMPDIR under /root.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'redline-pgfault-'));
  const data = join(dir, 'data');
  const postgresUid = asRoot ? Number((await run('id', ['-u', 'postgres'])).stdout.trim()) : -1;
  if (asRoot) chownSync(dir, postgresUid, -1);
  /** A PostgreSQL program's command line, as the postgres user when we are root. */
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  const pgRun = (tool: string, args: string[]) => run(...command(tool, args), { cwd: dir });

  const port = await freePort();
  await pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  writeFileSync(
    join(dir, 'extra.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'full_page_writes = off',
      'shared_buffers = 16MB',
      'max_connections = 20',
      '',
    ].join('\n'),
  );
  if (asRoot) chownSync(join(dir, 'extra.conf'), postgresUid, -1);
  writeFileSync(
    join(data, 'postgresql.conf'),
    `${readFileSync(join(data, 'postgresql.conf'), 'utf8')}\ninclude '${join(dir, 'extra.conf')}'\n`,
  );

  const pgCtl = (args: string[]) => pgRun('pg_ctl', ['-D', data, ...args]);
  /** The postmaster and its children (backends and auxiliary processes). */
  const clusterPids = (): number[] => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    let children = '';
    try {
      children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' });
    } catch {
      // no children
    }
    return [
      postmaster,
      ...children
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((p) => p > 0),
    ];
  };
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of clusterPids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // a backend that ended in the meantime
      }
    }
  };
  // If the test process ends without destroy() (a crash, an interrupted run), the cluster must not outlive it.
  const stopOnExit = () => {
    if (!existsSync(join(data, 'postmaster.pid'))) return;
    try {
      signalAll('SIGCONT'); // a frozen server cannot stop
      execFileSync(...command('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  };
  process.once('exit', stopOnExit);

  const cluster: PgCluster = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    async start() {
      await pgCtl(['-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
    },
    async stopImmediate() {
      await pgCtl(['-m', 'immediate', '-w', 'stop']);
    },
    async signalAll(signal) {
      signalAll(signal);
    },
    async destroy() {
      try {
        if (existsSync(join(data, 'postmaster.pid'))) {
          signalAll('SIGCONT');
          await pgCtl(['-m', 'immediate', '-w', 'stop']);
        }
      } catch {
        // already stopped
      }
      process.off('exit', stopOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    process.off('exit', stopOnExit);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return cluster;
}
