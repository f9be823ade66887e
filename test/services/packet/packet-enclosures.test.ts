/**
 * The disclosure packet encloses the documents themselves: each behind a separator page in the person's
 * language, a stored PDF's pages copied in, images as pages, each page of a TIFF as an image page, plain
 * text and the text of a DOCX set in the packet's fonts, a damaged DOCX or TIFF named as provided through
 * the portal with the reason, metadata-only records named "recorded, no copy held", and a page for each
 * document INTERPOL Washington restricted whose content never appears. Read back with pdf.js and pdf-lib.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/demo/seed.ts';
import { uploadDocument } from '../../../src/services/documents/upload.ts';
import { requestLiaison } from '../../../src/services/liaison/request.ts';
import { respondLiaison } from '../../../src/services/liaison/respond.ts';
import { generatePacket } from '../../../src/services/packet/generate.ts';
import { downloadPacket } from '../../../src/services/packet/read.ts';
import { translationsDir } from '../../../src/services/packet/translations.ts';
import type { Database } from '../../../src/store/db.ts';
import { testApp } from '../../helpers/app.ts';
import { caseWalker } from '../../helpers/case-walk.ts';
import { testDatabase } from '../../helpers/db.ts';
import { docx, docxDamaged, docxWithText, text, tiff, tiffMultiPage } from '../../helpers/document-files.ts';
import { filesUnder, tempVault } from '../../helpers/documents.ts';
import { pagedPdf, scanPng } from '../../helpers/packet-files.ts';
import { pdfLines } from '../../helpers/pdf-text.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let walk: ReturnType<typeof caseWalker>;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemo(t.system);
  walk = caseWalker(t);
});
afterAll(async () => {
  await d.close();
  v.cleanup();
});

const SECRET = 'SECRET-SOURCE-NAME-Q7Z';
const WITHHELD_REASON = 'Ongoing investigation in the requesting country';
const JUDGMENT = 'Judgment of the Lyon court';
const STATEMENT_EN = 'Statement of the investigating judge';
const STATEMENT_TEXT =
  'The person is sought for fraud committed in Lyon in 2021.\nThe judge asks for provisional arrest.';
const STATEMENT_AR_TITLE = 'بيان قاضي التحقيق';
const STATEMENT_AR = 'الشخص مطلوب بتهمة الاحتيال في مدينة ليون';

const strings = (language: string) =>
  JSON.parse(readFileSync(join(translationsDir(), `${language}.json`), 'utf8')) as Record<string, string>;
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? `{{${k}}}`));
const squeeze = (s: string) => s.replace(/[\s\u200c\u2066-\u2069]+/g, '');
/** pdf.js gives the lam-alef ligature back as alef then lam (see packet.test.ts). */
const asExtracted = (s: string) => s.replace(/ل([آأإا])/g, '$1ل');

const LETTER_EN = [
  'INTERPOL Washington has received the documents from the requesting country.',
  'The warrant was issued on 12 May 2022 by the investigating judge in Lyon.',
];
const LETTER_AR = [
  'تلقى الإنتربول في واشنطن الوثائق من البلد الطالب',
  'صدرت المذكرة عن قاضي التحقيق في ليون',
];
/** The fax: two pages of different sizes and colours (a scanner's multi-page TIFF). */
const FAX_PAGES = [
  { width: 170, height: 220, rgb: [200, 30, 30] as [number, number, number] },
  { width: 300, height: 120, rgb: [20, 40, 180] as [number, number, number] },
];

/** The images drawn on one page of a PDF: their size and the colour of their first pixel (RGB, Flate). */
async function pageImages(pdf: Buffer, index: number) {
  const doc = await PDFDocument.load(new Uint8Array(pdf), { updateMetadata: false });
  const page = doc.getPage(index);
  const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const out: Array<{ width: number; height: number; first: number[] }> = [];
  for (const [, ref] of xobjects?.entries() ?? []) {
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    if (stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    const n = (k: string) => (stream.dict.get(PDFName.of(k)) as PDFNumber).asNumber();
    const raw = inflateSync(stream.contents);
    out.push({ width: n('Width'), height: n('Height'), first: [...raw.subarray(0, 3)] });
  }
  return out;
}

async function pageCount(pdf: Buffer): Promise<number> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

/**
 * A case with: the warrant and summary recorded without files, a 20-page judgment (PDF), a PNG scan, a
 * JPEG photo, a statement (plain text), a letter (DOCX), a TIFF scan, and a police report INTERPOL
 * Washington restricted, whose file is stored too.
 */
async function caseWithFiles(
  languages: string[],
  statement: { title: string; text: string },
  letter: { paragraphs: string[]; rtl?: boolean } = { paragraphs: LETTER_EN },
) {
  const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
  const person = await d.db
    .selectFrom('cases')
    .select('person_id')
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();
  await d.db
    .updateTable('persons')
    .set({ languages: JSON.stringify(languages) })
    .where('id', '=', person.person_id)
    .execute();
  await walk.confirmAndRequest(c.id);
  await walk.receiveDocuments(c.id);
  const officer = await walk.as('officer');
  const up = async (kind: string, title: string, bytes: Buffer, fileName: string, extra = {}) => {
    t.clock.advance(60_000);
    return uploadDocument(
      officer,
      c.id,
      { kind, title, source: 'INTERPOL Washington', ...extra },
      { bytes, fileName },
    );
  };
  await up('judgment', JUDGMENT, await pagedPdf(20, JUDGMENT), 'judgment.pdf', { language: 'fr' });
  await up('other', 'Scan of the identity card', scanPng(850, 1100), 'scan.png');
  await up(
    'other',
    'Photograph',
    readFileSync(join(import.meta.dirname, '../../fixtures/scan-small.jpg')),
    'photo.jpg',
  );
  await up('translation', statement.title, text(statement.text), 'statement.txt');
  await up(
    'iw_correspondence',
    'Letter of INTERPOL Washington',
    docxWithText(letter.paragraphs, { rtl: letter.rtl }),
    'letter.docx',
  );
  await up('other', 'Fax of the court', tiffMultiPage(FAX_PAGES), 'fax.tiff');
  // Files that pass the upload checks but cannot be read to print: the packet still goes out.
  await up('other', 'Damaged letter', docxDamaged(), 'damaged.docx');
  await up('other', 'Letter without a body', docx(), 'empty.docx');
  await up('other', 'Damaged fax', tiff(), 'damaged.tiff');
  const r = await requestLiaison(officer, c.id, { kind: 'documentation' });
  const restricted = await respondLiaison(await walk.as('liaison'), r.id, {
    outcome: 'partially_provided',
    documents: [
      { title: 'Police report of the Paris judicial police', kind: 'police_report', language: 'fr' },
    ],
    disclosureRestrictions: WITHHELD_REASON,
    missingItems: [
      {
        item: 'Extradition request',
        reason:
          'The requesting country has not yet sent its Extradition request; INTERPOL Washington will forward it when it arrives.',
      },
    ],
  });
  await up('other', 'Informant statement', text(`The informant is ${SECRET}.\n`), 'informant.txt', {
    liaisonResponseId: restricted.id,
  });
  return c.id;
}

describe('the documents enclosed in the disclosure packet', () => {
  it('follows each separator page with the document itself, in order, and never the restricted one', async () => {
    const caseId = await caseWithFiles(['es'], { title: STATEMENT_EN, text: STATEMENT_TEXT });
    const officer = await walk.as('officer');
    const p = await generatePacket(officer, caseId, { language: 'es' });
    const { pdf } = await downloadPacket(officer, caseId, p.id);
    const es = strings('es');
    const pages = (await pdfLines(pdf)).map((lines) => squeeze(lines.join('')));
    const all = pages.join('|');
    const separator = (title: string) => {
      const i = pages.findIndex(
        (pg) =>
          pg.includes(squeeze(fill(es.separator_title!, { title }))) &&
          pg.includes(squeeze(es.separator_pages!.split('{{')[0]!)),
      );
      expect(i, title).toBeGreaterThan(1);
      return i;
    };

    // The 20-page judgment: its separator (title, kind, language, source, page count), then its pages.
    const j = separator(JUDGMENT);
    expect(pages[j]).toContain(squeeze(fill(es.enclosure_heading!, { n: 3 })));
    expect(pages[j]).toContain(squeeze(fill(es.separator_kind!, { kind: 'judgment' })));
    expect(pages[j]).toContain(squeeze(fill(es.separator_language!, { language: 'francés' })));
    expect(pages[j]).toContain(squeeze(fill(es.separator_source!, { source: 'INTERPOL Washington' })));
    expect(pages[j]).toContain(squeeze(fill(es.separator_pages!, { count: 20 })));
    for (let k = 1; k <= 20; k++) expect(pages[j + k]).toContain(squeeze(`${JUDGMENT} page ${k} of 20`));

    // The images: one page each after their separators.
    const png = separator('Scan of the identity card');
    expect(pages[png]).toContain(squeeze(fill(es.separator_pages!, { count: 1 })));
    expect(png).toBe(j + 21);
    const jpg = separator('Photograph');
    expect(jpg).toBe(png + 2);
    expect(pages[jpg]).toContain(squeeze(fill(es.separator_pages!, { count: 1 })));

    // The statement (plain text), set in the packet's fonts after its separator.
    const st = separator(STATEMENT_EN);
    expect(st).toBe(jpg + 2);
    expect(pages[st + 1]).toContain(squeeze(STATEMENT_TEXT));
    expect(all.indexOf(squeeze(STATEMENT_TEXT))).toBeGreaterThan(all.indexOf(squeeze(STATEMENT_EN)));

    // DOCX: its text set in the packet's fonts after its separator, which says the formatting is not
    // reproduced and the original is on the portal.
    const letter = separator('Letter of INTERPOL Washington');
    expect(letter).toBe(st + 2);
    expect(pages[letter]).toContain(squeeze(fill(es.separator_pages!, { count: 1 })));
    expect(pages[letter]).toContain(squeeze(es.enclosure_follows!));
    expect(pages[letter]).toContain(squeeze(es.enclosure_docx_text!));
    expect(pages[letter]).not.toContain(squeeze(fill(es.enclosure_separate!, { format: 'DOCX (Word)' })));
    for (const paragraph of LETTER_EN) expect(pages[letter + 1]).toContain(squeeze(paragraph));
    expect(pages[letter + 1]).toContain(squeeze(p.reference));

    // TIFF: each of its pages an image page, at its size, with its pixels.
    const fax = separator('Fax of the court');
    expect(fax).toBe(letter + 2);
    expect(pages[fax]).toContain(squeeze(fill(es.separator_pages!, { count: 2 })));
    expect(pages[fax]).toContain(squeeze(es.enclosure_follows!));
    for (const [k, expected] of FAX_PAGES.entries()) {
      expect(pages[fax + 1 + k]).toBe('');
      expect(await pageImages(pdf, fax + 1 + k)).toEqual([
        { width: expected.width, height: expected.height, first: expected.rgb },
      ]);
    }

    // A damaged DOCX or TIFF does not stop the packet: named as provided through the portal, with why.
    for (const [title, format, reason] of [
      ['Damaged letter', 'DOCX (Word)', 'enclosure_separate_unreadable'],
      ['Letter without a body', 'DOCX (Word)', 'enclosure_separate_unreadable'],
      ['Damaged fax', 'TIFF', 'enclosure_separate_unreadable'],
    ] as const) {
      const i = separator(title);
      expect(i).toBeGreaterThan(fax);
      expect(pages[i]).toContain(squeeze(fill(es.enclosure_separate!, { format })));
      expect(pages[i]).toContain(squeeze(es[reason]!));
      expect(pages[i]).toContain(squeeze(fill(es.separator_pages!, { count: 0 })));
    }

    // Recorded without a file: "recorded, no copy held".
    const warrant = separator('Arrest warrant of the Paris investigating judge');
    expect(pages[warrant]).toContain(squeeze(es.enclosure_no_copy!));
    expect(pages[warrant]).toContain(squeeze(fill(es.separator_pages!, { count: 0 })));

    // Restricted: a page each saying what, by whom, why and how to ask; nothing of the content.
    for (const title of ['Police report of the Paris judicial police', 'Informant statement']) {
      const w = pages.findIndex(
        (pg) =>
          pg.includes(squeeze(es.withheld_page_heading!)) &&
          pg.includes(squeeze(fill(es.separator_title!, { title }))),
      );
      expect(w, title).toBeGreaterThan(fax);
      for (const key of [
        'withheld_page_what',
        'withheld_page_who',
        'withheld_page_ask_heading',
        'withheld_page_ask',
      ])
        expect(pages[w]).toContain(squeeze(es[key]!));
      expect(pages[w]).toContain(squeeze(fill(es.withheld_page_why!, { reason: WITHHELD_REASON })));
    }
    expect(all).not.toContain(SECRET);
    expect(pdf.includes(Buffer.from(SECRET))).toBe(false);

    // Page count: the packet's own pages (each carries its reference at the foot, the statement's and the
    // letter's text too) plus the judgment's 20, the two images and the fax's two pages.
    const own = pages.filter((pg) => pg.includes(squeeze(p.reference))).length;
    expect(await pageCount(pdf)).toBe(own + 20 + 1 + 1 + 2);
    expect(pages.length).toBe(own + 24);
  }, 300_000);

  it('reads in logical order in Arabic, the enclosed Arabic text included', async () => {
    const caseId = await caseWithFiles(
      ['ar'],
      { title: STATEMENT_AR_TITLE, text: STATEMENT_AR },
      { paragraphs: LETTER_AR, rtl: true },
    );
    const officer = await walk.as('officer');
    const p = await generatePacket(officer, caseId, {});
    expect(p.language).toBe('ar');
    const { pdf } = await downloadPacket(officer, caseId, p.id);
    const ar = strings('ar');
    const pages = (await pdfLines(pdf, { rtl: true })).map((lines) => squeeze(lines.join('')));
    const st = pages.findIndex((pg) =>
      pg.includes(squeeze(asExtracted(fill(ar.separator_title!, { title: STATEMENT_AR_TITLE })))),
    );
    expect(st).toBeGreaterThan(1);
    expect(pages[st]).toContain(squeeze(asExtracted(fill(ar.enclosure_heading!, { n: 6 }))));
    expect(pages[st]).toContain(squeeze(asExtracted(ar.enclosure_follows!)));
    expect(pages[st + 1]).toContain(squeeze(asExtracted(STATEMENT_AR)));
    const j = pages.findIndex((pg) =>
      pg.includes(squeeze(asExtracted(fill(ar.separator_title!, { title: JUDGMENT })))),
    );
    expect(pages[j]).toContain(squeeze(asExtracted(ar.enclosure_follows!)));
    expect(pages[j + 1]).toContain(squeeze(`${JUDGMENT} page 1 of 20`));
    // The Arabic letter (DOCX): its text right to left in logical order, after the separator's note.
    const letter = pages.findIndex((pg) =>
      pg.includes(
        squeeze(asExtracted(fill(ar.separator_title!, { title: 'Letter of INTERPOL Washington' }))),
      ),
    );
    expect(letter).toBe(st + 2);
    expect(pages[letter]).toContain(squeeze(asExtracted(ar.enclosure_docx_text!)));
    for (const paragraph of LETTER_AR) expect(pages[letter + 1]).toContain(squeeze(asExtracted(paragraph)));
    const withheld = pages.filter((pg) => pg.includes(squeeze(asExtracted(ar.withheld_page_heading!))));
    expect(withheld).toHaveLength(2);
    expect(withheld[0]).toContain(squeeze(asExtracted(ar.withheld_page_who!)));
    expect(pages.join('|')).not.toContain(SECRET);
    const own = pages.filter((pg) => pg.includes(squeeze(p.reference))).length;
    expect(await pageCount(pdf)).toBe(own + 24);
  }, 300_000);

  it("covers the enclosed files in the packet's hash and version, and refuses a file missing from the store", async () => {
    const caseId = await caseWithFiles(['fr'], { title: STATEMENT_EN, text: STATEMENT_TEXT });
    const officer = await walk.as('officer');
    const first = await generatePacket(officer, caseId, { language: 'fr' });
    const entry = await d.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'packet.generate')
      .where('entity_id', '=', first.id)
      .executeTakeFirstOrThrow();
    const files = (entry.detail as { enclosedFiles: Array<{ sha256: string }> }).enclosedFiles;
    // Every stored file enclosed (the nine uploads not restricted, the DOCX and TIFF among them, damaged or
    // not), by the SHA-256 of its bytes.
    const stored = await d.db
      .selectFrom('documents')
      .select('stored_sha256')
      .where('case_id', '=', caseId)
      .where('file_status', '=', 'stored')
      .where('liaison_response_id', 'is', null)
      .execute();
    expect(files).toHaveLength(9);
    expect(files.map((f) => f.sha256).sort()).toEqual(stored.map((r) => r.stored_sha256).sort());
    const { pdf } = await downloadPacket(officer, caseId, first.id);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(first.fileSha256);
    expect((await generatePacket(officer, caseId, { language: 'fr' })).created).toBe(false);

    // Another file: a new version, whose content hash differs.
    t.clock.advance(60_000);
    const appeal = await pagedPdf(2, 'Appeal judgment');
    await uploadDocument(
      officer,
      caseId,
      { kind: 'judgment', title: 'Appeal judgment' },
      { bytes: appeal, fileName: 'appeal.pdf' },
    );
    const second = await generatePacket(officer, caseId, { language: 'fr' });
    expect(second.version).toBe(first.version + 1);
    expect(second.sha256).not.toBe(first.sha256);
    const pages = (await pdfLines((await downloadPacket(officer, caseId, second.id)).pdf)).map((l) =>
      squeeze(l.join('')),
    );
    expect(pages.join('|')).toContain(squeeze('Appeal judgment page 2 of 2'));

    // A stored file gone from the store: no packet rather than a packet silently without it.
    const appealSha = createHash('sha256').update(appeal).digest('hex');
    const object = filesUnder(v.objectsDir).filter((f) => f.includes(appealSha));
    expect(object).toHaveLength(1);
    rmSync(object[0]!);
    t.clock.advance(60_000);
    await uploadDocument(
      officer,
      caseId,
      { kind: 'other', title: 'Note' },
      { bytes: text('A note.\n'), fileName: 'note.txt' },
    );
    const before = await d.db
      .selectFrom('disclosure_packets')
      .select('id')
      .where('case_id', '=', caseId)
      .execute();
    await expect(generatePacket(officer, caseId, { language: 'fr' })).rejects.toMatchObject({
      status: 409,
      code: 'stored_file_missing',
    });
    const after = await d.db
      .selectFrom('disclosure_packets')
      .select('id')
      .where('case_id', '=', caseId)
      .execute();
    expect(after).toHaveLength(before.length);
  }, 300_000);
});
