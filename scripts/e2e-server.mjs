#!/usr/bin/env node
// Starts Redline for the end-to-end tests: a fresh embedded database in a temporary directory, demo data on.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = process.argv[2] ?? '3100';
const root = new URL('..', import.meta.url).pathname;
// The database and the audit key directory side by side in one temporary directory (the key lives outside
// the data directory, as in production).
const tempRoot = mkdtempSync(join(tmpdir(), 'redline-e2e-'));
const dataDir = join(tempRoot, 'data');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: port,
    REDLINE_HOST: '127.0.0.1',
    REDLINE_DATA_DIR: dataDir,
    REDLINE_AUDIT_KEY_DIR: join(tempRoot, 'audit-keys'),
    REDLINE_DEMO: '1',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => {
  rmSync(tempRoot, { recursive: true, force: true });
  process.exit(code ?? 0);
});
