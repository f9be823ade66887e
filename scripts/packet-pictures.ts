/**
 * The pictures of the disclosure packet in docs/screenshots (packet-ar-page1.png, packet-ar-page2.png,
 * packet-es-page1.png): a case walked to documents received (the same walk as the packet tests, on an
 * embedded database in memory, with the demo accounts), its packet generated in Arabic and in Spanish, and
 * pages of each turned into PNG by poppler's `pdftoppm` (Debian's poppler-utils).
 *
 *   npx tsx scripts/packet-pictures.ts [out-dir]     (default docs/screenshots)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../src/demo/seed.ts';
import { generatePacket } from '../src/services/packet/generate.ts';
import { downloadPacket } from '../src/services/packet/read.ts';
import { testApp } from '../test/helpers/app.ts';
import { caseWalker } from '../test/helpers/case-walk.ts';
import { testDatabase } from '../test/helpers/db.ts';

const out = process.argv[2] ?? 'docs/screenshots';
const d = await testDatabase('pictures');
try {
  const t = testApp(d, undefined);
  await seedDemo(t.system);
  const walk = caseWalker(t);
  const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
  await walk.confirmAndRequest(c.id);
  await walk.receiveDocuments(c.id);
  const work = mkdtempSync(join(tmpdir(), 'redline-pictures-'));
  try {
    for (const [language, pages] of [
      ['ar', [1, 2]],
      ['es', [1]],
    ] as const) {
      const p = await generatePacket(await walk.as('officer'), c.id, { language, issueAccessCode: true });
      const file = await downloadPacket(await walk.as('officer'), c.id, p.id);
      const pdf = join(work, `${language}.pdf`);
      writeFileSync(pdf, file.pdf);
      for (const page of pages) {
        const base = join(work, `${language}-${page}`);
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '80',
          '-f',
          `${page}`,
          '-l',
          `${page}`,
          '-singlefile',
          pdf,
          base,
        ]);
        copyFileSync(`${base}.png`, join(out, `packet-${language}-page${page}.png`));
        console.log(`Wrote ${join(out, `packet-${language}-page${page}.png`)} (packet ${p.reference}).`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
} finally {
  await d.close();
}
