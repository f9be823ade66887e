/** Reading one case within the actor's office (audited). */
import type { CaseSnapshot, CustodyStatus } from '../../domain/types.ts';
import { type Call, runRead } from '../context.ts';
import { type NamedCaseSnapshot, readCaseForRead, type SnapshotRow, snapshotOf } from '../snapshot.ts';

export interface CaseView extends CaseSnapshot {
  /** The display names of everyone the case mentions. */
  people: NamedCaseSnapshot['people'];
  custodyStatus: CustodyStatus;
  inProceedings: boolean;
  /** When and where the officer met the person (ISO instant; null when the case was opened before). */
  encounterAt: string | null;
  encounterLocation: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** Every authorization of the case, newest first, with the gates it covered (shown on the case page). */
  authorizations: Array<{
    id: string;
    purpose: string;
    status: string;
    authorizedBy: string;
    authorizedByName: string;
    authorizedAt: string;
    caseVersionHash: string;
    policyVersion: number;
    gates: Array<{ gate: string; title: string; status: string }>;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
    /** A contest filed after it suspended it (immigration proceedings) until the contest is decided. */
    suspendedAt: string | null;
    suspendedReason: string | null;
    suspendedContestId: string | null;
    resumedAt: string | null;
  }>;
}

/**
 * Reads one case (audited as `case.read`): one statement, without a transaction; the read's entry goes to
 * the read-log writer when the case is in the caller's scope, and is committed before the answer
 * (context.ts#runRead).
 */
export async function getCase(call: Call, caseId: string): Promise<CaseView> {
  return runRead(call, { action: 'case.read', permission: 'case.read', entityType: 'case' }, async (step) => {
    step.audit.entityId = caseId;
    step.audit.caseId = caseId;
    const { raw, snapshot } = await readCaseForRead(step, call, caseId);
    return caseViewOf(raw, snapshot);
  });
}

/** The case view of a row read by snapshot.ts#readSnapshotRow. */
export function caseViewOf(row: SnapshotRow, snapshot: NamedCaseSnapshot = snapshotOf(row)): CaseView {
  const auths = row.j_authorizations;
  return {
    ...snapshot,
    custodyStatus: row.custody_status as CustodyStatus,
    inProceedings: row.in_proceedings,
    encounterAt: row.encounter_at ? new Date(row.encounter_at).toISOString() : null,
    encounterLocation: row.encounter_location,
    revision: row.revision,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    authorizations: auths.map((a) => ({
      id: a.id,
      purpose: a.purpose,
      status: a.status,
      authorizedBy: a.authorized_by,
      authorizedByName: a.authorized_by_name,
      authorizedAt: new Date(a.authorized_at).toISOString(),
      caseVersionHash: a.case_version_hash,
      policyVersion: a.policy_version,
      gates: ((a.gates ?? []) as Array<{ gate: string; title: string; status: string }>).map((g) => ({
        gate: g.gate,
        title: g.title,
        status: g.status,
      })),
      withdrawnAt: a.withdrawn_at ? new Date(a.withdrawn_at).toISOString() : null,
      withdrawnReason: a.withdrawn_reason,
      suspendedAt: a.suspended_at ? new Date(a.suspended_at).toISOString() : null,
      suspendedReason: a.suspended_reason,
      suspendedContestId: a.suspended_contest_id,
      resumedAt: a.resumed_at ? new Date(a.resumed_at).toISOString() : null,
    })),
  };
}
