/**
 * Documentation that is complete or explained (G-DOCS-RECEIVED with an attorney's sign-off per missing
 * item), the conditions of a use authorization checked against the case (G-USE-AUTH), and an independent
 * basis that fits the action (G-INDEPENDENT), through the services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import type { CasePurpose, CustodyStatus, GateEvaluation, IndependentBasis } from '../../src/domain/types.ts';
import { evaluateCase } from '../../src/services/case/evaluate.ts';
import { openCase } from '../../src/services/case/open.ts';
import { updateCaseFacts } from '../../src/services/case/update.ts';
import { type Call, callAsUser } from '../../src/services/context.ts';
import { recordDisclosure } from '../../src/services/disclosure/record.ts';
import { signOffMissingDocumentation } from '../../src/services/documentation/sign-off.ts';
import { requestLiaison } from '../../src/services/liaison/request.ts';
import { respondLiaison } from '../../src/services/liaison/respond.ts';
import type { Database } from '../../src/store/db.ts';
import { testApp } from '../helpers/app.ts';
import { auditCount, once as onceAudited } from '../helpers/calls.ts';
import { testDatabase } from '../helpers/db.ts';
import { expectDirectoryReads } from '../helpers/people-directory.ts';

let d: Database;
let t: ReturnType<typeof testApp>;
let refSeq = 7700;

const as = (username: string): Promise<Call> => callAsUser(t.app, username);
const once = <T>(fn: () => Promise<T>): Promise<T> => onceAudited(d, fn);

const OVERSTAY_AND_CONVICTION: IndependentBasis = {
  summary:
    'Arrival records show the person overstayed a B-2 visa since 2022, and a federal court record shows a 2023 conviction for wire fraud.',
  evidence: [
    {
      description: 'Arrival and departure records showing the overstay since 2022.',
      sourceType: 'federal_record',
      source: 'CBP arrival records',
    },
  ],
  actions: ['removal_proceedings', 'detention'],
  grounds: ['visa_overstay', 'criminal_conviction'],
  legalAuthority: 'INA 237(a)(1)(B) and (a)(2)(A)(i), 8 U.S.C. 1227(a); INA 236(c), 8 U.S.C. 1226(c)',
};

const CHARGE_SHEET_REASON =
  'The prosecutor has not yet filed the charge sheet: it is filed only when the investigating judge closes the file, which the court expects next year.';
const SIGN_OFF =
  'The arrest warrant on file states the offence, the law cited, the penalty and the facts, so the missing charge sheet adds nothing the person needs to contest the notice.';

async function open(
  opts: { purpose?: CasePurpose; custody?: CustodyStatus; basis?: IndependentBasis } = {},
): Promise<string> {
  refSeq += 1;
  const c = await openCase(await as('officer'), {
    purpose: opts.purpose ?? 'immigration_proceedings',
    person: { languages: ['fr'], familyName: 'Sample', givenNames: 'Robin', nationalities: ['FR'] },
    notice: {
      type: 'red_notice',
      interpolRef: `2024/${refSeq}`,
      issuingCountry: 'FR',
      expiresOn: '2030-01-01',
      purpose: 'prosecution',
      warrants: [{ kind: 'arrest_warrant', charge: 'Fraud', maxPenaltyMonths: 60 }],
    },
    independentBasis: opts.basis ?? OVERSTAY_AND_CONVICTION,
    narrative: 'The person was encountered at a routine check-in and identified from federal records.',
    custodyStatus: opts.custody ?? 'not_in_custody',
  });
  return c.id;
}

async function gates(caseId: string): Promise<GateEvaluation> {
  return evaluateCase(await as('officer'), caseId);
}
const gate = (e: GateEvaluation, id: string) => e.gates.find((g) => g.gate === id)!;

async function documentationRequest(caseId: string): Promise<string> {
  return (await requestLiaison(await as('officer'), caseId, { kind: 'documentation' })).id;
}

async function partialAnswer(caseId: string): Promise<string> {
  const requestId = await documentationRequest(caseId);
  const r = await once(async () =>
    respondLiaison(await as('liaison'), requestId, {
      outcome: 'partially_provided',
      documents: [{ title: 'Arrest warrant of the Paris court', kind: 'arrest_warrant', language: 'fr' }],
      missingItems: [{ item: 'Charge sheet', reason: CHARGE_SHEET_REASON }],
    }),
  );
  return r.id;
}

async function grant(caseId: string, extra: Record<string, unknown> = {}) {
  const request = await requestLiaison(await as('officer'), caseId, { kind: 'use_authorization' });
  return respondLiaison(await as('liaison'), request.id, {
    outcome: 'granted',
    scope: 'Removal proceedings before the immigration court',
    scopePurposes: ['immigration_proceedings'],
    validUntil: '2027-06-01',
    ...extra,
  });
}

beforeAll(async () => {
  d = await testDatabase();
  t = testApp(d);
  await seedDemo(t.system);
});
afterAll(async () => d.close());

describe('documentation complete or explained (G-DOCS-RECEIVED)', () => {
  it('partial documentation (charge sheet missing) with its reason does not meet the gate until an attorney signs off', async () => {
    const caseId = await open();
    const responseId = await partialAnswer(caseId);
    const before = gate(await gates(caseId), 'G-DOCS-RECEIVED');
    expect(before.status).toBe('unmet');
    expect(before.reason).toContain('Charge sheet');
    expect(before.reason).toContain('No attorney has signed off');

    await once(async () =>
      signOffMissingDocumentation(await as('attorney'), caseId, {
        responseId,
        item: 'Charge sheet',
        rationale: SIGN_OFF,
      }),
    );
    const after = gate(await gates(caseId), 'G-DOCS-RECEIVED');
    expect(after.status).toBe('met');
    expect(after.reason).toContain('signed off');

    const again = await signOffMissingDocumentation(await as('attorney'), caseId, {
      responseId,
      item: 'charge sheet',
      rationale: `${SIGN_OFF} Confirmed again.`,
    }).catch((e) => e);
    expect(again).toMatchObject({ status: 409, code: 'already_signed_off' });
  });

  it('refuses a partial answer that lists no missing item, and an "n/a" reason', async () => {
    const caseId = await open();
    const requestId = await documentationRequest(caseId);
    const liaison = await as('liaison');
    const none = await respondLiaison(liaison, requestId, {
      outcome: 'partially_provided',
      documents: [{ title: 'Arrest warrant', kind: 'arrest_warrant' }],
    }).catch((e) => e);
    expect(none).toMatchObject({ status: 422 });
    expect(none.detail.fields.map((f: { field: string }) => f.field)).toContain('missingItems');

    const na = await respondLiaison(liaison, requestId, {
      outcome: 'partially_provided',
      documents: [{ title: 'Arrest warrant', kind: 'arrest_warrant' }],
      missingItems: [{ item: 'Charge sheet', reason: 'n/a' }],
    }).catch((e) => e);
    expect(na).toMatchObject({ status: 422 });
    expect(na.detail.fields.map((f: { field: string }) => f.field)).toContain('missingItems.0.reason');

    const full = await respondLiaison(liaison, requestId, {
      outcome: 'provided',
      documents: [{ title: 'Arrest warrant', kind: 'arrest_warrant' }],
      missingItems: [{ item: 'Charge sheet', reason: CHARGE_SHEET_REASON }],
    }).catch((e) => e);
    expect(full).toMatchObject({ status: 422 });
    // nothing was written: the request is still pending
    const row = await d.db
      .selectFrom('liaison_requests')
      .select('status')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('refuses a sign-off by a non-attorney, a stock rationale, one that does not name the item, and an item not listed', async () => {
    const caseId = await open();
    const responseId = await partialAnswer(caseId);
    const denied = await auditCount(d, 'denied');
    const officer = await signOffMissingDocumentation(await as('officer'), caseId, {
      responseId,
      item: 'Charge sheet',
      rationale: SIGN_OFF,
    }).catch((e) => e);
    expect(officer).toMatchObject({ status: 403 });
    expect(await auditCount(d, 'denied')).toBe(denied + 1);

    const attorney = await as('attorney');
    const stock = await signOffMissingDocumentation(attorney, caseId, {
      responseId,
      item: 'Charge sheet',
      rationale: 'OK to proceed.',
    }).catch((e) => e);
    expect(stock).toMatchObject({ status: 422 });
    expect(stock.detail.fields[0].field).toBe('rationale');

    const unnamed = await signOffMissingDocumentation(attorney, caseId, {
      responseId,
      item: 'Charge sheet',
      rationale:
        'The warrant on file states the offence, the law and the facts; nothing further is needed for the person to contest.',
    }).catch((e) => e);
    expect(unnamed).toMatchObject({ status: 422 });
    expect(unnamed.detail.fields.some((f: { message: string }) => f.message.includes('Charge sheet'))).toBe(
      true,
    );

    const other = await signOffMissingDocumentation(attorney, caseId, {
      responseId,
      item: 'Summary of facts',
      rationale: `The summary of facts is on the warrant itself. ${SIGN_OFF}`,
    }).catch((e) => e);
    expect(other).toMatchObject({ status: 422 });
    expect(gate(await gates(caseId), 'G-DOCS-RECEIVED').status).toBe('unmet');
  });

  it('refuses a sign-off identical to another one on the case', async () => {
    const caseId = await open();
    const requestId = await documentationRequest(caseId);
    const r = await respondLiaison(await as('liaison'), requestId, {
      outcome: 'partially_provided',
      documents: [{ title: 'Arrest warrant of the Paris court', kind: 'arrest_warrant' }],
      missingItems: [
        { item: 'Charge sheet', reason: CHARGE_SHEET_REASON },
        {
          item: 'Summary of facts',
          reason:
            'The court holds the summary of facts under seal until the hearing; INTERPOL Washington cannot obtain a copy before then.',
        },
      ],
    });
    const both =
      'The arrest warrant on file states the offence and the facts, so neither the charge sheet nor the summary of facts adds anything the person needs to contest.';
    const attorney = await as('attorney');
    await signOffMissingDocumentation(attorney, caseId, {
      responseId: r.id,
      item: 'Charge sheet',
      rationale: both,
    });
    const copy = await signOffMissingDocumentation(attorney, caseId, {
      responseId: r.id,
      item: 'Summary of facts',
      rationale: both,
    }).catch((e) => e);
    expect(copy).toMatchObject({ status: 422 });
    // refused once, as a copy of another entry on the case (the form shows one message, not the same twice)
    const problems = copy.detail.fields as Array<{ field: string; message: string; rule?: string }>;
    expect(problems.map((f) => [f.field, f.rule])).toEqual([['rationale', 'SUBSTANCE-DUPLICATE']]);
  });

  it('documentation unavailable as a whole also needs the sign-off', async () => {
    const caseId = await open();
    const requestId = await documentationRequest(caseId);
    const r = await respondLiaison(await as('liaison'), requestId, {
      outcome: 'unavailable',
      missingItems: [
        {
          item: 'National arrest warrant',
          reason:
            'The issuing court reports the national arrest warrant file was destroyed in a 2021 fire and cannot be reissued.',
        },
      ],
    });
    expect(gate(await gates(caseId), 'G-DOCS-RECEIVED').status).toBe('unmet');
    await signOffMissingDocumentation(await as('attorney'), caseId, {
      responseId: r.id,
      item: 'National arrest warrant',
      rationale:
        'Without the national arrest warrant the agency relies only on its own conviction record; the notice is cited solely as background and the person is told so.',
    });
    expect(gate(await gates(caseId), 'G-DOCS-RECEIVED').status).toBe('met');
  });
});

describe('conditions of a use authorization (G-USE-AUTH)', () => {
  it('refuses a grant without the purposes it covers', async () => {
    const caseId = await open();
    const refused = await grant(caseId, { scopePurposes: [] }).catch((e) => e);
    expect(refused).toMatchObject({ status: 422 });
    expect(refused.detail.fields[0].field).toBe('scopePurposes');
  });

  it('a grant to be disclosed in full conflicts with a restricted service', async () => {
    const caseId = await open();
    await grant(caseId, { conditions: 'The documentation must be disclosed in full to the person.' });
    expect(gate(await gates(caseId), 'G-USE-AUTH').status).toBe('met');
    const row = await d.db
      .selectFrom('liaison_responses')
      .innerJoin('liaison_requests', 'liaison_requests.id', 'liaison_responses.request_id')
      .select('liaison_responses.disclosure_in_full')
      .where('liaison_requests.case_id', '=', caseId)
      .where('liaison_requests.kind', '=', 'use_authorization')
      .executeTakeFirstOrThrow();
    expect(row.disclosure_in_full).toBe(true);

    // the documentation is received on the case, then served with part of it withheld
    const docs = await respondLiaison(await as('liaison'), await documentationRequest(caseId), {
      outcome: 'provided',
      documents: [
        { title: 'Arrest warrant of the Paris court', kind: 'arrest_warrant', language: 'fr' },
        { title: 'Witness statements of the investigating judge', kind: 'other', language: 'fr' },
      ],
    });
    await recordDisclosure(await as('officer'), caseId, {
      servedAt: t.clock.now(),
      method: 'in person',
      recipient: 'Robin Sample',
      language: 'fr',
      documentIds: docs.documentIds.slice(0, 1),
      restricted: true,
      restrictionNote: 'Witness statements withheld at the request of the issuing country.',
    });
    const useAuth = gate(await gates(caseId), 'G-USE-AUTH');
    expect(useAuth.status).toBe('unmet');
    expect(useAuth.reason).toContain('disclosed in full');
    expect(useAuth.reason).toContain('restricted');
  });

  it('a purpose outside the scope blocks; an expired grant blocks', async () => {
    const caseId = await open();
    await grant(caseId, { scopePurposes: ['law_enforcement_action'] });
    const outside = gate(await gates(caseId), 'G-USE-AUTH');
    expect(outside.status).toBe('unmet');
    expect(outside.reason).toContain('this case is for immigration proceedings');

    const expiring = await open();
    await grant(expiring, { validUntil: '2026-06-05' });
    expect(gate(await gates(expiring), 'G-USE-AUTH').status).toBe('met');
    t.clock.advance(10 * 86_400_000);
    const expired = gate(await gates(expiring), 'G-USE-AUTH');
    expect(expired.status).toBe('unmet');
    expect(expired.reason).toContain('expired');
  });
});

describe('an independent basis that fits the action (G-INDEPENDENT)', () => {
  it('a legitimate basis for the purpose meets the gate', async () => {
    const caseId = await open({ custody: 'in_custody' });
    const g = gate(await gates(caseId), 'G-INDEPENDENT');
    expect(g.status, g.reason).toBe('met');
    expect(g.reason).toContain('INA 236(c)');
  });

  it('a visa overstay does not support detention; an in-custody case without a detention basis is blocked', async () => {
    const caseId = await open({
      custody: 'in_custody',
      basis: {
        ...OVERSTAY_AND_CONVICTION,
        summary:
          'Arrival records show the person overstayed a B-2 visa since 2022 with no application pending.',
        grounds: ['visa_overstay'],
        actions: ['removal_proceedings', 'detention'],
        legalAuthority: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)',
      },
    });
    const g = gate(await gates(caseId), 'G-INDEPENDENT');
    expect(g.status).toBe('unmet');
    expect(g.reason).toContain('does not support it on its own');
    expect(g.reason).toContain('recorded in custody');

    // The officer corrects the basis through the ordinary update path.
    await updateCaseFacts(await as('officer'), caseId, {
      independentBasis: {
        ...OVERSTAY_AND_CONVICTION,
        summary:
          'Arrival records show the person overstayed a B-2 visa since 2022; the custody determination on file finds a flight risk after two missed hearings.',
        grounds: ['visa_overstay', 'custody_determination'],
        actions: ['removal_proceedings', 'detention'],
        legalAuthority: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B); INA 236(a), 8 U.S.C. 1226(a)',
      },
    });
    expect(gate(await gates(caseId), 'G-INDEPENDENT').status).toBe('met');
  });

  it('refuses an action without a legal authority, an authority that names no statute, and a formal summary', async () => {
    const officer = await as('officer');
    const caseId = await open();
    const noAuthority = await updateCaseFacts(officer, caseId, {
      independentBasis: { ...OVERSTAY_AND_CONVICTION, legalAuthority: '' },
    }).catch((e) => e);
    expect(noAuthority).toMatchObject({ status: 422 });
    expect(noAuthority.detail.fields[0].field).toBe('independentBasis.legalAuthority');

    const vague = await updateCaseFacts(officer, caseId, {
      independentBasis: { ...OVERSTAY_AND_CONVICTION, legalAuthority: 'immigration law generally' },
    }).catch((e) => e);
    expect(vague).toMatchObject({ status: 422 });
    expect(vague.detail.fields[0].message).toContain('statute or regulation');

    const formal = await updateCaseFacts(officer, caseId, {
      independentBasis: { ...OVERSTAY_AND_CONVICTION, summary: 'See file.' },
    }).catch((e) => e);
    expect(formal).toMatchObject({ status: 422 });
    expect(formal.detail.fields[0].field).toBe('independentBasis.summary');
  });
});

describe('every case these tests left, read through the directory of people', () => {
  it('is the case read by the statement that looks its people up itself', async () => {
    expect(await expectDirectoryReads(d.db, 'documentation-basis')).toBeGreaterThan(0);
  });
});
