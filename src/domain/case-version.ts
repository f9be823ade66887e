/**
 * Case versions (D6): a supervisor's approval binds to the case as it stood. The material facts of a
 * case are extracted deterministically, serialised canonically and hashed; a change of hash voids
 * the approval, and `describeMaterialChanges` says in plain language what changed.
 *
 * Pure apart from hashing with node:crypto.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import type { CasePurpose, CaseSnapshot, EvidenceItem, MaterialFacts } from './types.ts';

type MaterialNotice = MaterialFacts['notices'][number];
type MaterialWarrant = MaterialNotice['warrants'][number];

/**
 * Canonical JSON (keys sorted, no whitespace, Dates as ISO strings): shared with the audit chain so
 * that every hash in the system uses one serialisation.
 */
export { canonicalJson };

function byCanonical<T>(a: T, b: T): number {
  return compare(canonicalJson(a), canonicalJson(b));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The facts whose change voids an approval, with every array in a deterministic order. */
export function materialFacts(snapshot: CaseSnapshot): MaterialFacts {
  const notices: MaterialNotice[] = snapshot.notices.map((notice) => ({
    interpolRef: notice.interpolRef,
    type: notice.type,
    issuingCountry: notice.issuingCountry,
    purpose: notice.purpose ?? null,
    warrants: notice.warrants
      .map(
        (warrant): MaterialWarrant => ({
          charge: warrant.charge,
          lawCited: warrant.lawCited ?? null,
          maxPenaltyMonths: warrant.maxPenaltyMonths ?? null,
          sentenceMonths: warrant.sentenceMonths ?? null,
          remainingMonths: warrant.remainingMonths ?? null,
          inAbsentia: warrant.inAbsentia ?? null,
        }),
      )
      .sort(byCanonical),
    summaryOfFacts: notice.summaryOfFacts ?? null,
  }));
  notices.sort((a, b) => compare(a.interpolRef, b.interpolRef) || byCanonical(a, b));

  const evidence: EvidenceItem[] = snapshot.independentBasis.evidence
    .map((item) => ({
      description: item.description,
      sourceType: item.sourceType,
      source: item.source,
      reference: item.reference ?? null,
      obtainedOn: item.obtainedOn ?? null,
    }))
    .sort(byCanonical);

  const review = snapshot.review;
  const dispositions = (review?.indicators ?? [])
    .map((indicator) => ({ indicatorId: indicator.indicatorId, disposition: indicator.disposition ?? null }))
    .sort((a, b) => compare(a.indicatorId, b.indicatorId) || byCanonical(a, b));

  return {
    purpose: snapshot.purpose,
    personId: snapshot.personId,
    notices,
    independentBasis: { summary: snapshot.independentBasis.summary, evidence, ...basisFit(snapshot) },
    review: { status: review?.status ?? null, dispositions },
  };
}

/** The action, legal authority and grounds of the basis, when recorded (absent ones leave the hash as it was). */
function basisFit(snapshot: CaseSnapshot) {
  const b = snapshot.independentBasis;
  const actions = [...new Set(b.actions ?? [])].sort();
  const grounds = [...new Set(b.grounds ?? [])].sort();
  const legalAuthority = (b.legalAuthority ?? '').trim();
  return {
    ...(actions.length ? { actions } : {}),
    ...(grounds.length ? { grounds } : {}),
    ...(legalAuthority ? { legalAuthority } : {}),
  };
}

/** SHA-256 (hex) of the canonical JSON of the material facts: the case version an approval binds to. */
export function caseVersionHash(facts: MaterialFacts): string {
  return createHash('sha256').update(canonicalJson(facts), 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------
// Plain-language description of what changed between two versions.
// ---------------------------------------------------------------------------

const PURPOSE_LABELS: Record<CasePurpose, string> = {
  law_enforcement_action: 'law-enforcement action',
  immigration_proceedings: 'immigration proceedings',
};

const NOTICE_TYPE_LABELS: Record<MaterialNotice['type'], string> = {
  red_notice: 'Red Notice',
  diffusion: 'Wanted Person Diffusion',
};

function label(value: string | null): string {
  return value === null ? 'none' : value.replaceAll('_', ' ');
}

function chargeList(notice: MaterialNotice): string {
  const charges = notice.warrants.map((warrant) => warrant.charge);
  return charges.length === 0 ? 'no charges' : charges.map((charge) => `"${charge}"`).join(', ');
}

function describeNoticeChanges(ref: string, before: MaterialNotice, after: MaterialNotice): string[] {
  const changes: string[] = [];
  if (before.type !== after.type) {
    changes.push(
      `the type of notice ${ref} changed from ${NOTICE_TYPE_LABELS[before.type]} to ${NOTICE_TYPE_LABELS[after.type]}`,
    );
  }
  if (before.issuingCountry !== after.issuingCountry) {
    changes.push(
      `the issuing country of notice ${ref} changed from ${before.issuingCountry} to ${after.issuingCountry}`,
    );
  }
  if (before.purpose !== after.purpose) {
    changes.push(
      `the purpose of notice ${ref} changed from ${label(before.purpose)} to ${label(after.purpose)}`,
    );
  }
  const chargesBefore = chargeList(before);
  const chargesAfter = chargeList(after);
  if (chargesBefore !== chargesAfter) {
    changes.push(`the charges on notice ${ref} changed from ${chargesBefore} to ${chargesAfter}`);
  } else if (canonicalJson(before.warrants) !== canonicalJson(after.warrants)) {
    changes.push(
      `the warrant details on notice ${ref} changed (law cited, penalty, sentence or whether tried in absentia)`,
    );
  }
  if (before.summaryOfFacts !== after.summaryOfFacts) {
    changes.push(`the summary of facts on notice ${ref} changed`);
  }
  return changes;
}

function describeNotices(before: MaterialNotice[], after: MaterialNotice[]): string[] {
  const changes: string[] = [];
  const beforeByRef = new Map(before.map((notice) => [notice.interpolRef, notice]));
  const afterByRef = new Map(after.map((notice) => [notice.interpolRef, notice]));
  for (const notice of after) {
    if (!beforeByRef.has(notice.interpolRef)) {
      changes.push(
        `a notice was added to the case: ${NOTICE_TYPE_LABELS[notice.type]} ${notice.interpolRef} (${notice.issuingCountry})`,
      );
    }
  }
  for (const notice of before) {
    const later = afterByRef.get(notice.interpolRef);
    if (later === undefined) {
      changes.push(
        `a notice was removed from the case: ${NOTICE_TYPE_LABELS[notice.type]} ${notice.interpolRef} (${notice.issuingCountry})`,
      );
    } else {
      changes.push(...describeNoticeChanges(notice.interpolRef, notice, later));
    }
  }
  return changes;
}

function describeBasis(before: MaterialFacts['independentBasis'], after: MaterialFacts['independentBasis']) {
  const parts: string[] = [];
  if (before.summary !== after.summary) parts.push('its summary was edited');
  if (canonicalJson(before.actions ?? []) !== canonicalJson(after.actions ?? []))
    parts.push('the actions it supports changed');
  if (canonicalJson(before.grounds ?? []) !== canonicalJson(after.grounds ?? []))
    parts.push('its kind of ground changed');
  if ((before.legalAuthority ?? '') !== (after.legalAuthority ?? ''))
    parts.push('its legal authority changed');
  if (canonicalJson(before.evidence) !== canonicalJson(after.evidence)) {
    const delta = after.evidence.length - before.evidence.length;
    if (delta > 0) parts.push(`${delta} evidence item${delta === 1 ? ' was' : 's were'} added`);
    else if (delta < 0) parts.push(`${-delta} evidence item${delta === -1 ? ' was' : 's were'} removed`);
    else parts.push('its evidence was edited');
  }
  return parts.length === 0 ? [] : [`the independent basis changed: ${parts.join(' and ')}`];
}

function describeReview(before: MaterialFacts['review'], after: MaterialFacts['review']): string[] {
  const parts: string[] = [];
  if (before.status !== after.status) {
    parts.push(`the review status went from ${label(before.status)} to ${label(after.status)}`);
  }
  const beforeById = new Map(before.dispositions.map((d) => [d.indicatorId, d.disposition]));
  const afterById = new Map(after.dispositions.map((d) => [d.indicatorId, d.disposition]));
  for (const { indicatorId, disposition } of after.dispositions) {
    if (!beforeById.has(indicatorId)) {
      parts.push(`indicator ${indicatorId} was added (${label(disposition)})`);
    } else if (beforeById.get(indicatorId) !== disposition) {
      parts.push(
        `indicator ${indicatorId} went from ${label(beforeById.get(indicatorId) ?? null)} to ${label(disposition)}`,
      );
    }
  }
  for (const { indicatorId } of before.dispositions) {
    if (!afterById.has(indicatorId)) parts.push(`indicator ${indicatorId} was removed`);
  }
  return parts.length === 0 ? [] : [`the review outcome changed: ${parts.join('; ')}`];
}

/**
 * What changed between two versions of the material facts, in plain language (one sentence
 * fragment per change, lower case, no trailing full stop). Empty when nothing material changed.
 */
export function describeMaterialChanges(before: MaterialFacts, after: MaterialFacts): string[] {
  const changes: string[] = [];
  if (before.purpose !== after.purpose) {
    changes.push(
      `the purpose changed from ${PURPOSE_LABELS[before.purpose]} to ${PURPOSE_LABELS[after.purpose]}`,
    );
  }
  if (before.personId !== after.personId) {
    changes.push('the person changed: the case now concerns a different person');
  }
  changes.push(...describeNotices(before.notices, after.notices));
  changes.push(...describeBasis(before.independentBasis, after.independentBasis));
  changes.push(...describeReview(before.review, after.review));
  return changes;
}
