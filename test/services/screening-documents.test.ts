/**
 * Documents on the case as the source of screening facts: a warrant, judgment or charging document on file
 * changes what the screening asks for (read it from the file, not ask INTERPOL Washington again); a decision
 * on file proposes a fact that a user completes and records (never read until recorded); and the screening's
 * reasons say which document a fact came from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseShowFacts } from '../../src/cli/case-show.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import type { ScreeningResult } from '../../src/domain/screening/index.ts';
import { openCase } from '../../src/services/case/open.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { uploadDocument } from '../../src/services/documents/upload.ts';
import { recordCaseFacts } from '../../src/services/screening/facts-record.ts';
import { getCaseFacts } from '../../src/services/screening/facts-view.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { cleanPdf } from '../helpers/document-files.ts';
import { tempVault } from '../helpers/documents.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let v: ReturnType<typeof tempVault>;
let refSeq = 7300;
const as = (username: string): Promise<Call> => callAsUser(t.app, username);

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  v = tempVault();
  t.app.documents = v.vault;
  await seedDemo(t.system);
}, 120_000);
afterAll(async () => {
  await d.close();
  v.cleanup();
});

/** A case whose warrant gives the charge but not the law cited or the penalty. */
async function openWithoutPenalty() {
  refSeq += 1;
  return openCase(await as('officer'), {
    purpose: 'law_enforcement_action',
    person: {
      familyName: 'Documents',
      givenNames: 'Aziz',
      nationalities: ['TJ'],
      datesOfBirth: ['1980-01-02'],
      languages: ['tg'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: `2025/${refSeq}`,
      issuingCountry: 'TJ',
      issuedOn: '2024-01-10',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Murder', issuedOn: '2023-11-02' }],
    },
    independentBasis: {
      summary: 'Federal records show an overstay of a B-2 visa since 2024 and a final removal order.',
      evidence: [{ description: 'Arrival records', sourceType: 'federal_record', source: 'CBP' }],
    },
    narrative: 'Encountered at a scheduled check-in.',
  });
}

async function upload(caseId: string, kind: string, title: string) {
  return uploadDocument(
    await as('officer'),
    caseId,
    { kind, title },
    { bytes: await cleanPdf(`${title} ${Math.random()}`), fileName: 'document.pdf' },
  );
}

async function latestScreening(caseId: string) {
  const row = await d.db
    .selectFrom('screenings')
    .select(['results', 'trigger'])
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { trigger: row.trigger, result: row.results as ScreeningResult };
}
const indicator = (r: ScreeningResult, id: string) => r.results.find((x) => x.id === id)!;

describe('a warrant, judgment or charging document on file', () => {
  it('is read by the screening: the next step names the document on file instead of a new request, and the indicator stays undetermined until the fact is recorded', async () => {
    const c = await openWithoutPenalty();
    const before = indicator((await latestScreening(c.id)).result, 'IND_BELOW_PENALTY_THRESHOLD');
    expect(before.outcome).toBe('undetermined');
    expect(before.missing[0]).toMatchObject({ requestFrom: 'interpol_washington' });

    // a translation is not a judicial document: the case is not screened again
    await upload(c.id, 'translation', 'Translation of the warrant');
    expect((await latestScreening(c.id)).trigger).toBe('case_opened');

    const doc = await upload(c.id, 'warrant', 'Arrest warrant of the Dushanbe court');
    const after = await latestScreening(c.id);
    expect(after.trigger).toBe('document_added');
    const penalty = indicator(after.result, 'IND_BELOW_PENALTY_THRESHOLD');
    expect(penalty.outcome).toBe('undetermined');
    expect(penalty.missing[0]!.requestFrom).toBe('case_file');
    expect(penalty.missing[0]!.requestDocument).toContain('“Arrest warrant of the Dushanbe court”');
    // the summary of facts can be read from the warrant too; the sentence only from a judgment
    expect(indicator(after.result, 'IND_INSUFFICIENT_JUDICIAL_DATA').missing[0]!.requestFrom).toBe(
      'case_file',
    );
    const view = await getCaseFacts(await as('officer'), c.id);
    expect(view.screeningInput.documentsOnFile).toEqual([
      { kind: 'warrant', title: 'Arrest warrant of the Dushanbe court', documentId: doc.documentId },
    ]);
    expect(view.derived.find((x) => x.path === 'documentsOnFile.0')).toMatchObject({ from: 'document' });

    // recording the penalty from the warrant, with the warrant as its source, decides the indicator
    await recordCaseFacts(await as('officer'), c.id, {
      facts: {
        judicial: {
          warrants: [
            {
              kind: 'arrest_warrant',
              charge: 'Murder',
              lawCited: 'Criminal Code art. 104',
              maxPenaltyMonths: 240,
              source: { document: 'Arrest warrant of the Dushanbe court', documentId: doc.documentId },
            },
          ],
        },
      },
    });
    // the case record's warrants win over typed ones; the typed penalty does not reach the screening here,
    // so the screening still names the warrant on file
    const recorded = await latestScreening(c.id);
    expect(indicator(recorded.result, 'IND_BELOW_PENALTY_THRESHOLD').missing[0]?.requestFrom).toBe(
      'case_file',
    );
  });

  it('cannot be typed as a fact: documents on file come only from the case’s documents', async () => {
    const c = await openWithoutPenalty();
    await expect(
      recordCaseFacts(await as('officer'), c.id, {
        facts: {
          documentsOnFile: [
            { kind: 'warrant', title: 'Invented', documentId: '00000000-0000-4000-8000-000000000001' },
          ],
        },
      }),
    ).rejects.toMatchObject({ status: 422, detail: { fields: [{ field: 'facts.documentsOnFile' }] } });
  });
});

describe('a decision on file', () => {
  it('proposes the prior decision for a user to confirm; only the recorded fact is screened, and the reasons name the document', async () => {
    const c = await openWithoutPenalty();
    const ccf = await upload(c.id, 'interpol_decision', 'CCF decision of 12 March 2024');
    const view = await getCaseFacts(await as('officer'), c.id);
    expect(view.proposed).toEqual([
      expect.objectContaining({
        documentId: ccf.documentId,
        path: 'priorDecisions',
        value: {
          body: 'ccf',
          source: { document: 'CCF decision of 12 March 2024', documentId: ccf.documentId },
        },
      }),
    ]);
    expect(view.proposed[0]!.label).toMatch(/decision of the CCF/);
    // proposed is not confirmed: the screening does not read it
    expect(view.screeningInput.priorDecisions).toBeUndefined();
    expect(
      indicator((await latestScreening(c.id)).result, 'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION').outcome,
    ).toBe('undetermined');

    // the user completes it (what was decided) and records it
    await recordCaseFacts(await as('officer'), c.id, {
      facts: {
        priorDecisions: [
          { ...view.proposed[0]!.value, result: 'deleted', grounds: ['political'], date: '2024-03-12' },
        ],
      },
    });
    const after = await getCaseFacts(await as('officer'), c.id);
    expect(after.proposed).toEqual([]);
    const prior = indicator((await latestScreening(c.id)).result, 'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION');
    expect(prior.outcome).toBe('present');
    expect(prior.triggeredBy[0]).toMatchObject({
      field: 'priorDecisions[0]',
      source: 'document “CCF decision of 12 March 2024”',
    });
    // `redline case show` names the document the fact came from
    expect(await caseShowFacts(d.db, c.id)).toContain(
      'Prior decisions (item 1): from document “CCF decision of 12 March 2024”',
    );
  });

  it("proposes a CCF decision from the CCF's letter (as sent through the counsel portal), whatever its title", async () => {
    const c = await openWithoutPenalty();
    const letter = await upload(c.id, 'ccf_letter', 'Letter of 3 May 2025');
    const view = await getCaseFacts(await as('officer'), c.id);
    expect(view.proposed).toEqual([
      expect.objectContaining({
        documentId: letter.documentId,
        path: 'priorDecisions',
        value: { body: 'ccf', source: { document: 'Letter of 3 May 2025', documentId: letter.documentId } },
      }),
    ]);
    expect(view.screeningInput.priorDecisions).toBeUndefined();
  });

  it('proposes a protection grant from a protection decision, also one recorded as "other" before the kind existed', async () => {
    const c = await openWithoutPenalty();
    const typed = await upload(c.id, 'protection_decision', 'Grant of asylum, USCIS');
    const untyped = await upload(c.id, 'other', 'Refugee status decision, Germany');
    await upload(c.id, 'other', 'Photograph');
    const view = await getCaseFacts(await as('officer'), c.id);
    expect(view.proposed.map((p) => [p.documentId, p.path])).toEqual([
      [typed.documentId, 'subject.protection.grants'],
      [untyped.documentId, 'subject.protection.grants'],
    ]);
    expect(view.screeningInput.subject?.protection).toBeUndefined();
  });
});
