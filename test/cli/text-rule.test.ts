import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');

// The CLI applies the text rule to every argument and option before a command runs (cli/main.ts).
describe('the text rule in the CLI', () => {
  it('refuses a direction override in an argument and a control character in an option, naming each', async () => {
    const env = {
      ...process.env,
      REDLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'redline-text-')),
      DATABASE_URL: '',
    };
    const out = async (...args: string[]) =>
      run(TSX, [CLI, ...args], { env, timeout: 90_000 }).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
    const arg = await out('user', 'disable', 'ad\u202emin');
    expect(arg.code).toBe(1);
    expect(arg.out).toContain('username: Contains an invisible character (U+202E)');
    const opt = await out(
      'case',
      'close',
      'RL-2026-000001',
      '--as',
      'super\u001bvisor',
      '--reason',
      'Opened in error.',
    );
    expect(opt.code).toBe(1);
    expect(opt.out).toContain('as: Contains a control character (U+001B)');
  }, 180_000);
});
