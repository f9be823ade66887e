/**
 * Disclosure packet rendering time with enclosed files: a 20-page PDF, a PNG scan (1700 × 2200) and a JPEG,
 * against the same packet with the documents recorded without files. In process, rendering only (the
 * service adds reading the files from the vault and one insert).
 *
 *   npx tsx bench/packet-enclosures.ts [--runs 5] [--jpeg FILE] [--languages ar,es]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PacketContent, packetContentHash, renderPacket } from '../src/services/packet/render.ts';
import { readTranslation, translator } from '../src/services/packet/translations.ts';
import { pagedPdf, scanPng } from '../test/helpers/packet-files.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    jpeg: { type: 'string', default: join(import.meta.dirname, '../test/fixtures/scan-small.jpg') },
    languages: { type: 'string', default: 'ar,es' },
  },
});
const runs = Number(values.runs);
const files = new Map<string, Buffer>([
  ['pdf', await pagedPdf(20)],
  ['png', scanPng(1700, 2200)],
  ['jpg', readFileSync(values.jpeg!)],
]);
const types: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' };

function content(language: string, withFiles: boolean): PacketContent {
  return {
    language,
    translationSha256: 'x',
    pendingReview: true,
    caseNumber: 'RL-2026-000001',
    packetId: 'PK-BENCH00001',
    version: 1,
    date: '2026-06-01',
    personName: 'Example, Person',
    purpose: 'immigration_proceedings',
    contestWindowDays: 30,
    portalUrl: 'http://localhost:3000/portal',
    accessCode: 'ABCD-EFGH-JKLM-NPQR',
    enclosed: [...files.keys()].map((id) => ({
      id,
      title: `Document ${id}`,
      kind: 'judgment',
      language: 'fr',
      receivedOn: '2026-06-01',
      source: 'INTERPOL Washington',
      file: withFiles ? { sha256: id, contentType: types[id]! } : null,
    })),
    withheld: [],
    missing: [],
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const language of values.languages!.split(',')) {
  const t = await translator(readTranslation(language as never));
  for (const withFiles of [false, true]) {
    const c = content(language, withFiles);
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i <= runs; i++) {
      const start = performance.now();
      const pdf = await renderPacket(c, t, packetContentHash(c), withFiles ? files : new Map());
      const ms = performance.now() - start;
      size = pdf.length;
      if (i > 0) times.push(ms); // the first run loads the fonts
    }
    console.log(
      `${language}\t${withFiles ? 'files enclosed' : 'metadata only'}\tmedian ${median(times).toFixed(0)} ms\tmin ${Math.min(...times).toFixed(0)} ms\tmax ${Math.max(...times).toFixed(0)} ms\t${(size / 1024).toFixed(0)} KiB\truns ${runs}`,
    );
  }
}
