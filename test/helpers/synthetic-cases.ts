/**
 * Synthetic cases written straight into the tables (no workflow), for tests of reads over many cases:
 * the re-review queue's order and the oversight report's counts. The triggers of migration 0021 keep the
 * queue key as they do for cases recorded through the services.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';

export interface SyntheticCase {
  office: 'NYC' | 'MIA';
  status: 'open' | 'authorized' | 'closed';
  custody: 'in_custody' | 'not_in_custody' | 'released' | 'unknown';
  inProceedings: boolean;
  strongIndicators: string[];
  contextualIndicators: string[];
  categories: string[];
  noticeStatus: 'valid' | 'withdrawn' | 'cancelled' | 'expired' | 'suspended';
  issuingCountry: string;
  disclosed: boolean;
  createdAt: Date;
  /** Hours from opening to authorization, when authorized. */
  authorizedAfterHours: number | null;
  contest: null | 'pending' | 'sustained' | 'not_sustained' | 'withdrawn';
}

let serial = 0;

/** Writes the cases; returns their ids in the same order. */
export async function insertSyntheticCases(db: Db, cases: SyntheticCase[]): Promise<string[]> {
  const users = await db.selectFrom('users').select(['id', 'username']).execute();
  const by = (u: string) => users.find((x) => x.username === u)!.id;
  const officer = by('officer');
  const ids: string[] = [];
  for (const c of cases) {
    serial += 1;
    const personId = randomUUID();
    const caseId = randomUUID();
    const noticeId = randomUUID();
    const at = c.createdAt;
    await db
      .insertInto('persons')
      .values({
        id: personId,
        family_name: `SYNTH-${serial}`,
        created_by: officer,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('notices')
      .values({
        id: noticeId,
        type: 'red_notice',
        interpol_ref: `SYN/${serial}/${randomUUID().slice(0, 8)}`,
        issuing_country: c.issuingCountry,
        status: c.noticeStatus,
        created_by: officer,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('cases')
      .values({
        id: caseId,
        case_number: `SYN-${serial}-${randomUUID().slice(0, 6)}`,
        person_id: personId,
        purpose: 'law_enforcement_action',
        office_id: c.office,
        assigned_officer_id: officer,
        created_by: officer,
        status: c.status,
        custody_status: c.custody,
        in_proceedings: c.inProceedings,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('case_notices')
      .values({ case_id: caseId, notice_id: noticeId, added_at: at })
      .execute();
    const results = {
      summary: {
        strongPresent: c.strongIndicators,
        contextualPresent: c.contextualIndicators,
        validityPresent: [],
        undetermined: [],
      },
      offenceCategories: c.categories.map((category) => ({
        category,
        confidence: 1,
        firm: true,
        origin: 'confirmed',
        evidence: [],
      })),
      results: [],
    };
    await db
      .insertInto('screenings')
      .values({
        id: randomUUID(),
        case_id: caseId,
        ruleset_version: 'test',
        country_context_version: 'test',
        inputs_digest: 'x',
        results: JSON.stringify(results),
        trigger: 'manual',
        created_at: at,
      })
      .execute();
    let disclosureId: string | null = null;
    if (c.disclosed) {
      disclosureId = randomUUID();
      await db
        .insertInto('disclosures')
        .values({
          id: disclosureId,
          case_id: caseId,
          served_at: at,
          method: 'in_person',
          recipient: 'the person',
          restricted: false,
          language: 'en',
          contest_deadline: new Date(at.getTime() + 30 * 86_400_000),
          recorded_by: officer,
          recorded_at: at,
        })
        .execute();
    }
    if (c.authorizedAfterHours !== null) {
      await db
        .insertInto('authorizations')
        .values({
          id: randomUUID(),
          case_id: caseId,
          purpose: 'law_enforcement_action',
          authorized_by: by('supervisor'),
          authorized_at: new Date(at.getTime() + c.authorizedAfterHours * 3_600_000),
          case_version_hash: 'x',
          policy_version: 1,
          gates: '[]',
          status: c.status === 'authorized' ? 'active' : 'withdrawn',
        })
        .execute();
    }
    if (c.contest) {
      const decided = c.contest !== 'pending';
      await db
        .insertInto('contests')
        .values({
          id: randomUUID(),
          case_id: caseId,
          disclosure_id: disclosureId,
          filed_at: at,
          filed_by: 'the person',
          grounds: 'other',
          received_by: officer,
          decision: decided ? c.contest : null,
          decided_by: decided ? by('attorney') : null,
          decided_at: decided ? at : null,
          recorded_at: at,
        })
        .execute();
    }
    ids.push(caseId);
  }
  return ids;
}

/** The queue key as stored. */
export async function storedKeys(db: Db) {
  const r = await sql<{ id: string; rereview_tier: number; rereview_since: Date; rereview_state: string }>`
    select id, rereview_tier, rereview_since, rereview_state from cases`.execute(db);
  return r.rows;
}
