#!/usr/bin/env node
// Builds the web application (src/web → dist/web) when the build is missing or older than its sources.
// Runs before `npm start` so that a fresh clone serves the whole product; `--force` always builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const outDir = process.env.REDLINE_WEB_DIR || join(root, 'dist/web');
const out = join(outDir, 'index.html');
const inputs = [join(root, 'src/web'), join(root, 'vite.config.ts'), join(root, 'package-lock.json')];

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

const force = process.argv.includes('--force');
const built = existsSync(out) ? statSync(out).mtimeMs : 0;
const sources = Math.max(...inputs.filter((p) => existsSync(p)).map(newest));
if (!force && built >= sources) {
  console.log('web application is up to date (dist/web)');
  process.exit(0);
}
console.log('building the web application (src/web → dist/web)…');
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (r.status !== 0) process.exit(r.status ?? 1);

// Compressed copies of the text assets, served by @fastify/static (preCompressed) to browsers that accept
// them: the USWDS style sheet shrinks from about 550 KB to about 60 KB, which matters on a slow link.
let before = 0;
let after = 0;
for (const name of readdirSync(join(outDir, 'assets'))
  .map((n) => join('assets', n))
  .concat('index.html')) {
  if (!/\.(js|css|html|svg)$/.test(name)) continue;
  const file = join(outDir, name);
  const data = readFileSync(file);
  if (data.length < 1024) continue;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
  before += data.length;
  after += br.length;
}
console.log(
  `compressed copies written: ${Math.round(before / 1024)} KB of text assets, ${Math.round(after / 1024)} KB with brotli`,
);
