/**
 * The disclosure packet: generated in every language and read back with pdf.js (Arabic and Persian in
 * logical order), the SHA-256 on its cover is the one in the audit entry, a new version only when what it
 * says changes, the service records the packet served, and a language's "translation pending certified
 * review" marking goes away with an approval of that exact file and comes back when the file changes.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/demo/seed.ts';
import { recordDisclosure } from '../../../src/services/disclosure/record.ts';
import { requestLiaison } from '../../../src/services/liaison/request.ts';
import { respondLiaison } from '../../../src/services/liaison/respond.ts';
import { approveTranslation } from '../../../src/services/packet/approve.ts';
import { generatePacket } from '../../../src/services/packet/generate.ts';
import { downloadPacket, listPackets, translationStatuses } from '../../../src/services/packet/read.ts';
import {
  PACKET_LANGUAGES,
  RTL_LANGUAGES,
  translationsDir,
} from '../../../src/services/packet/translations.ts';
import type { Database } from '../../../src/store/db.ts';
import { testApp } from '../../helpers/app.ts';
import { caseWalker } from '../../helpers/case-walk.ts';
import { testDatabase } from '../../helpers/db.ts';
import { pdfLines } from '../../helpers/pdf-text.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let walk: ReturnType<typeof caseWalker>;
const HOUR = 3_600_000;

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
  walk = caseWalker(t);
});
afterAll(async () => d.close());

const WITHHELD_REASON = 'Ongoing investigation in the requesting country';
const MISSING_REASON =
  'The requesting country has not yet sent its Extradition request; INTERPOL Washington will forward it when it arrives.';

/** A case with the warrant and summary of facts received, and a police report INTERPOL Washington restricted. */
async function caseWithDocuments(languages: string[]) {
  const c = await walk.open('officer', { purpose: 'immigration_proceedings' });
  await d.db
    .updateTable('persons')
    .set({ languages: JSON.stringify(languages) })
    .where(
      'id',
      '=',
      (await d.db.selectFrom('cases').select('person_id').where('id', '=', c.id).executeTakeFirstOrThrow())
        .person_id,
    )
    .execute();
  await walk.confirmAndRequest(c.id);
  const documentIds = await walk.receiveDocuments(c.id);
  const r = await requestLiaison(await walk.as('officer'), c.id, { kind: 'documentation' });
  const restricted = await respondLiaison(await walk.as('liaison'), r.id, {
    outcome: 'partially_provided',
    documents: [
      { title: 'Police report of the Paris judicial police', kind: 'police_report', language: 'fr' },
    ],
    disclosureRestrictions: WITHHELD_REASON,
    missingItems: [{ item: 'Extradition request', reason: MISSING_REASON }],
  });
  return { caseId: c.id, documentIds, withheldIds: restricted.documentIds };
}

/** The text as compared: without white space (line breaks fall between words or, in Chinese, anywhere). */
const squeeze = (s: string) => s.replace(/[\s\u200c\u2066-\u2069]+/g, '');

/**
 * pdf.js (like poppler) gives the lam-alef ligature of right-to-left text back as alef then lam; the
 * expected Arabic-script text is put the same way before comparing. Everything else is in logical order.
 */
const asExtracted = (s: string, rtl: boolean) => (rtl ? s.replace(/ل([آأإا])/g, '$1ل') : s);

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(values[k] ?? `{{${k}}}`));

describe('the disclosure packet', () => {
  it('is generated in every language, and its text read back with pdf.js is the translation', async () => {
    const { caseId } = await caseWithDocuments(['ar', 'fr']);
    const officer = await walk.as('officer');
    const policyWindow = 30;
    for (const language of PACKET_LANGUAGES) {
      const p = await generatePacket(officer, caseId, { language });
      expect(p.created).toBe(true);
      expect(p.accessCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const { pdf } = await downloadPacket(officer, caseId, p.id);
      const rtl = RTL_LANGUAGES.includes(language);
      const pages = await pdfLines(pdf, { rtl });
      const text = squeeze(pages.flat().join(''));
      const strings = JSON.parse(readFileSync(join(translationsDir(), `${language}.json`), 'utf8')) as Record<
        string,
        string
      >;
      const expectIn = (s: string) =>
        expect(text, `${language}: ${s.slice(0, 60)}`).toContain(squeeze(asExtracted(s, rtl)));
      for (const key of [
        'cover_title',
        'cover_intro',
        'notice_heading',
        'notice_body',
        'purpose_heading',
        'purpose_immigration_proceedings',
        'documents_heading',
        'documents_intro',
        'withheld_heading',
        'withheld_intro',
        'contest_heading',
        'ccf_heading',
        'ccf_body',
        'portal_heading',
        'portal_code',
      ])
        expectIn(strings[key]!);
      expectIn(fill(strings.contest_body!, { days: policyWindow }));
      expectIn(
        fill(strings.withheld_line!, {
          n: 1,
          title: 'Police report of the Paris judicial police',
          kind: 'police_report',
          reason: WITHHELD_REASON,
        }),
      );
      expectIn(fill(strings.missing_line!, { n: 2, item: 'Extradition request', reason: MISSING_REASON }));
      expectIn(
        fill(strings.document_line!, {
          n: 1,
          title: 'Arrest warrant of the Paris investigating judge',
          kind: 'arrest_warrant',
          language: 'fr',
          date: '2026-06-01',
        }),
      );
      expect(text).toContain(squeeze(p.accessCode!));
      expect(text).toContain(p.sha256);
      // Not approved yet: every non-English text says so, in English and in the language.
      if (language === 'en') expect(text).not.toContain(squeeze('Translation pending certified review'));
      else {
        expect(text).toContain(squeeze('Translation pending certified review'));
        expectIn(strings.pending_mark!);
      }
      // The restricted document is not enclosed: it has no part of its own.
      expect(text).not.toContain(squeeze(fill(strings.enclosure_heading!, { n: 3 })));
    }
    // Right-to-left: the first line of the rights notice reads in logical order, not reversed.
    const ar = (await listPackets(officer, caseId)).find((p) => p.language === 'ar')!;
    const arLines = await pdfLines((await downloadPacket(officer, caseId, ar.id)).pdf, { rtl: true });
    expect(arLines[1]).toContain('ما هي النشرة الحمراء');
  }, 600_000);

  it('prints the SHA-256 recorded in the audit entry, and the file is the one whose hash is recorded', async () => {
    const { caseId } = await caseWithDocuments(['es']);
    const p = await generatePacket(await walk.as('officer'), caseId, {});
    expect(p.language).toBe('es'); // the person's language when none is asked for
    const entry = await d.db
      .selectFrom('audit_log')
      .select(['detail', 'entity_id'])
      .where('action', '=', 'packet.generate')
      .where('entity_id', '=', p.id)
      .executeTakeFirstOrThrow();
    const detail = entry.detail as Record<string, unknown>;
    expect(detail.sha256).toBe(p.sha256);
    expect(JSON.stringify(detail)).not.toContain(p.accessCode!);
    const { pdf } = await downloadPacket(await walk.as('attorney'), caseId, p.id);
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(detail.fileSha256);
    const cover = (await pdfLines(pdf))[0]!;
    expect(cover).toContain(p.sha256);
    expect(cover.join(' ')).toContain(`Paquete: ${p.reference}, versión 1`);
  }, 120_000);

  it('makes a new version only when the documents change, and the service records which one was served', async () => {
    const { caseId, documentIds } = await caseWithDocuments(['ar']);
    const officer = await walk.as('officer');
    const v1 = await generatePacket(officer, caseId, { language: 'ar' });
    const again = await generatePacket(officer, caseId, { language: 'ar' });
    expect(again).toMatchObject({ id: v1.id, version: 1, created: false, accessCode: null });
    // Another document arrives: a new version that encloses it.
    const r = await requestLiaison(officer, caseId, { kind: 'documentation' });
    const more = await respondLiaison(await walk.as('liaison'), r.id, {
      outcome: 'provided',
      documents: [{ title: 'Judgment of the Paris court', kind: 'judgment', language: 'fr' }],
    });
    t.clock.advance(HOUR);
    const v2 = await generatePacket(officer, caseId, { language: 'ar' });
    expect(v2).toMatchObject({ version: 2, created: true });
    expect(v2.sha256).not.toBe(v1.sha256);
    const listed = await listPackets(officer, caseId);
    const v2View = listed.find((p) => p.id === v2.id)!;
    expect(v2View.documentIds).toEqual(expect.arrayContaining([...documentIds, ...more.documentIds]));
    expect(v2View.latest).toBe(true);
    expect(listed.find((p) => p.id === v1.id)!.latest).toBe(false);

    // Service of v2: before it existed, in another language, by an unknown method: refused.
    const base = {
      servedAt: t.clock.now(),
      method: 'in_person',
      recipient: 'The person, at the field office',
      packetId: v2.id,
    };
    await expect(
      recordDisclosure(await walk.as('officer'), caseId, {
        ...base,
        servedAt: new Date(t.clock.now().getTime() - 2 * HOUR),
      }),
    ).rejects.toMatchObject({
      status: 422,
      detail: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'servedAt', rule: 'SERVICE-PACKET' }),
        ]),
      },
    });
    await expect(recordDisclosure(officer, caseId, { ...base, language: 'fr' })).rejects.toMatchObject({
      detail: {
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'language', rule: 'SERVICE-PACKET' }),
        ]),
      },
    });
    await expect(recordDisclosure(officer, caseId, { ...base, method: 'pigeon' })).rejects.toMatchObject({
      detail: { fields: [expect.objectContaining({ field: 'method' })] },
    });
    await expect(
      // an id that differs from v1's in its last character (whatever that character is)
      recordDisclosure(officer, caseId, {
        ...base,
        packetId: v1.id.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      }),
    ).rejects.toMatchObject({
      detail: { fields: [expect.objectContaining({ field: 'packetId' })] },
    });

    const served = await recordDisclosure(officer, caseId, {
      ...base,
      language: '',
      servedBy: 'Officer J. Ruiz',
      acknowledgement: 'Signed receipt',
    });
    const row = await d.db
      .selectFrom('disclosures')
      .selectAll()
      .where('id', '=', served.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      packet_id: v2.id,
      language: 'ar',
      served_by: 'Officer J. Ruiz',
      acknowledgement: 'Signed receipt',
      restricted: true,
    });
    expect(row.document_ids).toEqual(expect.arrayContaining(v2View.documentIds));
    // The contest window runs from the service.
    expect(served.contestDeadline.getTime()).toBe(t.clock.now().getTime() + 30 * 24 * HOUR);
    const after = await listPackets(officer, caseId);
    expect(after.find((p) => p.id === v2.id)!.servedIn).toHaveLength(1);
    expect(after.find((p) => p.id === v1.id)!.servedIn).toHaveLength(0);
  }, 180_000);

  it('drops the review marking once a coordinator approves the file, and brings it back when the file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packet-i18n-'));
    cpSync(translationsDir(), dir, { recursive: true });
    const before = process.env.REDLINE_PACKET_I18N_DIR;
    process.env.REDLINE_PACKET_I18N_DIR = dir;
    try {
      const { caseId } = await caseWithDocuments(['es']);
      const officer = await walk.as('officer');
      const marked = async (id: string) =>
        squeeze((await pdfLines((await downloadPacket(officer, caseId, id)).pdf)).flat().join('')).includes(
          squeeze('Translation pending certified review'),
        );
      const v1 = await generatePacket(officer, caseId, { language: 'es' });
      expect(v1.translationApproved).toBe(false);
      expect(await marked(v1.id)).toBe(true);

      const status = (await translationStatuses(await walk.as('coordinator'))).find(
        (s) => s.language === 'es',
      )!;
      expect(status.approved).toBe(false);
      // An officer may not approve; a stale hash is refused.
      await expect(
        approveTranslation(officer, { language: 'es', sha256: status.sha256 }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        approveTranslation(await walk.as('coordinator'), { language: 'es', sha256: '0'.repeat(64) }),
      ).rejects.toMatchObject({ status: 409, code: 'translation_changed' });
      const approval = await approveTranslation(await walk.as('coordinator'), {
        language: 'es',
        sha256: status.sha256,
        note: 'Reviewed against the English text by a certified translator.',
      });
      expect(approval.version).toBe(1);
      const audit = await d.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'packet.translation_approve')
        .where('entity_id', '=', approval.id)
        .executeTakeFirstOrThrow();
      expect(audit.detail).toMatchObject({ language: 'es', sha256: status.sha256, version: 1 });

      const v2 = await generatePacket(officer, caseId, { language: 'es' });
      expect(v2).toMatchObject({ version: 2, translationApproved: true });
      expect(await marked(v2.id)).toBe(false);

      // The file changes: the approval no longer holds, the marking is back in a new version.
      const es = join(dir, 'es.json');
      const strings = JSON.parse(readFileSync(es, 'utf8'));
      strings.notice_heading = 'Qué es una Notificación Roja de INTERPOL';
      writeFileSync(es, JSON.stringify(strings, null, 2));
      const changed = (await translationStatuses(await walk.as('attorney'))).find(
        (s) => s.language === 'es',
      )!;
      expect(changed.approved).toBe(false);
      expect(changed.history).toHaveLength(1);
      const v3 = await generatePacket(officer, caseId, { language: 'es' });
      expect(v3).toMatchObject({ version: 3, translationApproved: false });
      expect(await marked(v3.id)).toBe(true);
      // An attorney approves the new text: approval 2 of Spanish.
      expect(
        (await approveTranslation(await walk.as('attorney'), { language: 'es', sha256: changed.sha256 }))
          .version,
      ).toBe(2);
    } finally {
      if (before === undefined) delete process.env.REDLINE_PACKET_I18N_DIR;
      else process.env.REDLINE_PACKET_I18N_DIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('refuses a language it is not written in, naming the field', async () => {
    const { caseId } = await caseWithDocuments(['tg']);
    await expect(generatePacket(await walk.as('officer'), caseId, { language: 'tg' })).rejects.toMatchObject({
      status: 422,
      detail: { fields: [expect.objectContaining({ field: 'language' })] },
    });
    // The person reads no language of the packet: English, which an interpreter can put into Tajik.
    const p = await generatePacket(await walk.as('officer'), caseId, {});
    expect(p).toMatchObject({ language: 'en', personReadsLanguage: false });
  }, 120_000);
});
