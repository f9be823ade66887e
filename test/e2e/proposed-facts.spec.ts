/**
 * Proposed facts in the browser: an officer uploads a CCF decision through the case page, finds it proposed
 * as a prior decision on the screening-facts page (not yet a fact: the screening does not read it), completes
 * and records it, and the screening's reasons then name the document as the source. A protection decision
 * left as a proposal changes nothing in the screening.
 */
import { expect, type Page, test } from '@playwright/test';
import { ApiUser } from './api.ts';
import { expectAccessible, signIn } from './helpers.ts';

const PRIOR = 'IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION';
const PRIOR_TITLE = 'INTERPOL or the CCF refused, cancelled or deleted data on the same person and facts';
const CCF_TITLE = 'CCF decision of 12 March 2024';
const ASYLUM_TITLE = 'Grant of asylum, USCIS';

interface Screenings {
  latest: {
    id: string;
    result: {
      results: Array<{
        id: string;
        outcome: string;
        triggeredBy: Array<{ field: string; source?: string }>;
      }>;
    };
  } | null;
  history: unknown[];
}
interface FactsView {
  proposed: Array<{ documentId: string; path: string; title: string }>;
  screeningInput: { priorDecisions?: unknown[]; subject?: { protection?: unknown } };
}

/** A one-page PDF whose text is the title (each upload its own file). */
function pdfWithText(text: string): Buffer {
  const content = `BT /F1 12 Tf 20 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function upload(page: Page, title: string, kind: string) {
  const section = page.getByRole('region', { name: 'Documents' });
  await expect(section.getByRole('heading', { name: 'Upload a document' })).toBeVisible({ timeout: 30_000 });
  await section
    .getByLabel(/File \(drag and drop/)
    .setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: pdfWithText(title) });
  await section.getByLabel('Kind of document').selectOption(kind);
  await section.getByLabel('Title (optional; the file name when empty)').fill(title);
  await section.getByRole('button', { name: 'Upload' }).click();
  await expect(section.getByText(/Uploaded and stored encrypted/)).toBeVisible();
  await expect(section.getByTestId('document-row').filter({ hasText: title })).toHaveCount(1);
}

test('a decision on file is proposed, recorded by the officer and named in the reasons; a proposal left alone changes nothing', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  page.setDefaultTimeout(60_000);
  const officer = await ApiUser.signIn(baseURL!, 'officer');
  const opened = await officer.post<{ id: string; caseNumber: string }>('/cases', {
    purpose: 'law_enforcement_action',
    person: {
      languages: ['tg'],
      familyName: `Proposal${Math.floor(Math.random() * 1e6)}`,
      givenNames: 'Aziz',
      datesOfBirth: ['1980-01-02'],
      nationalities: ['TJ'],
    },
    notice: {
      type: 'red_notice',
      interpolRef: `2026/${Math.floor(100000 + Math.random() * 899999)}`,
      issuingCountry: 'TJ',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Murder', issuedOn: '2023-11-02' }],
    },
    independentBasis: {
      summary:
        'Entered without inspection; no application pending. The custody determination on file finds a flight risk: two missed hearings.',
      evidence: [{ description: 'Biometric encounter record', sourceType: 'federal_record', source: 'CBP' }],
      actions: ['detention', 'admissibility'],
      grounds: ['entry_without_inspection', 'custody_determination'],
      legalAuthority: 'INA 212(a)(6)(A)(i), 8 U.S.C. 1182(a)(6)(A)(i); INA 236(a), 8 U.S.C. 1226(a)',
    },
    narrative: 'Encountered at a scheduled check-in.',
  });
  const id = opened.id;
  const screenings = () => officer.get<Screenings>(`/cases/${id}/screenings`);
  const facts = () => officer.get<FactsView>(`/cases/${id}/facts`);
  const prior = (s: Screenings) => s.latest!.result.results.find((r) => r.id === PRIOR)!;
  expect(prior(await screenings()).outcome).toBe('undetermined');

  // The officer uploads the CCF's decision through the case page.
  await signIn(page, 'officer');
  await page.goto(`/cases/${id}`);
  await upload(page, CCF_TITLE, 'interpol_decision');

  // Proposed, not yet a fact: the screening does not read it.
  const proposedOnly = await screenings();
  expect(prior(proposedOnly).outcome).toBe('undetermined');
  expect(prior(proposedOnly).triggeredBy).toEqual([]);
  expect((await facts()).screeningInput.priorDecisions).toBeUndefined();

  await page.goto(`/cases/${id}/facts`);
  const decisions = page.getByRole('region', { name: 'Prior decisions' });
  const proposal = decisions.getByRole('heading', {
    name: 'Proposed from documents on the case — not yet a fact',
  });
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await expect(decisions).toContainText(/decision of the CCF/);
  await expectAccessible(page, 'screening facts with a proposed fact');

  // The officer completes it (what was decided, and when) and records it.
  await decisions.getByRole('button', { name: `Add it to the form from “${CCF_TITLE}”` }).click();
  await expect(decisions.getByText('Added to the form: complete it and record the facts.')).toBeVisible();
  await expect(decisions.getByRole('heading', { name: 'Decision 1' })).toBeVisible();
  await expect(decisions.getByLabel('Who decided *')).toHaveValue('ccf');
  await decisions.getByLabel('Decision *', { exact: true }).selectOption({ label: 'Deleted the data' });
  await decisions.getByLabel('Date of the decision').fill('2024-03-12');
  await page.getByRole('button', { name: 'Record the facts and screen the case again' }).click();
  const saved = page.getByRole('heading', { name: /Facts recorded \(version \d+\)/ });
  await expect(saved).toBeVisible();
  await expect(page.locator('#facts-saved')).toContainText(PRIOR_TITLE);

  // The screening now reads it, and its reasons name the document.
  const recorded = await screenings();
  expect(prior(recorded).outcome).toBe('present');
  expect(prior(recorded).triggeredBy[0]).toMatchObject({
    field: 'priorDecisions[0]',
    source: `document “${CCF_TITLE}”`,
  });
  expect((await facts()).proposed).toEqual([]);
  await page.goto(`/cases/${id}/review`);
  const start = page.getByRole('button', { name: 'Start the review' });
  await expect(start).toBeVisible({ timeout: 30_000 });
  await start.click();
  const panel = page.getByRole('heading', { name: PRIOR_TITLE, level: 3 }).locator('..');
  await expect(panel).toContainText('What triggered it');
  await expect(panel).toContainText(`(from document “${CCF_TITLE}”)`);

  // A protection decision uploaded and left as a proposal: the screening is as it was.
  const beforeAsylum = await screenings();
  await page.goto(`/cases/${id}`);
  await upload(page, ASYLUM_TITLE, 'protection_decision');
  await page.goto(`/cases/${id}/facts`);
  const protection = page.getByRole('region', { name: 'Protection status and claims' });
  await expect(
    protection.getByRole('heading', { name: 'Proposed from documents on the case — not yet a fact' }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    protection.getByRole('button', { name: `Add it to the form from “${ASYLUM_TITLE}”` }),
  ).toBeVisible();
  const view = await facts();
  expect(view.proposed.map((p) => [p.title, p.path])).toEqual([[ASYLUM_TITLE, 'subject.protection.grants']]);
  expect(view.screeningInput.subject?.protection).toBeUndefined();
  const afterAsylum = await screenings();
  expect(afterAsylum.latest!.id).toBe(beforeAsylum.latest!.id);
  expect(afterAsylum.latest!.result.results).toEqual(beforeAsylum.latest!.result.results);
  expect(afterAsylum.history).toHaveLength(beforeAsylum.history.length);
  await officer.close();
});
