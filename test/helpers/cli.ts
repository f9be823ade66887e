// Runs the `redline` command as a separate process, as an operator would, and returns its exit code and
// everything it printed (stdout, then stderr).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../src/cli/main.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');

export async function redline(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  try {
    const r = await run(TSX, [CLI, ...args], { env: { ...process.env, ...env }, timeout: 240_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
