// Shapes and queries of a case, shared by the case page, the review screen and the approval screen.
// The server is the reference (src/server/routes/cases.ts, screening.ts, queries.ts); these types name only
// the fields the screens read.
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { get } from '../api/client.ts';

export interface PersonName {
  displayName: string;
  role: string;
  roleLabel: string;
}

export interface Warrant {
  kind: string;
  charge: string;
  chargeTranslation: string | null;
  lawCited: string | null;
  maxPenaltyMonths: number | null;
  sentenceMonths: number | null;
  remainingMonths: number | null;
  inAbsentia: boolean | null;
}

export interface NoticeView {
  id: string;
  interpolRef: string;
  status: string;
  type: string;
  issuingCountry: string;
  issuedOn: string | null;
  expiresOn: string | null;
  purpose: string | null;
  warrants: Warrant[];
  summaryOfFacts: string | null;
}

export interface ReviewIndicator {
  indicatorId: string;
  strength: 'strong' | 'contextual' | 'validity';
  outcome: 'present' | 'absent' | 'undetermined';
  disposition: 'concern_confirmed' | 'resolved' | 'not_applicable' | null;
  note: string | null;
  evidence?: string | null;
  decidedBy?: string | null;
  decidedAt?: string | null;
}

export interface ReviewView {
  id: string;
  status: 'in_progress' | 'complete';
  reviewerId: string;
  completedAt?: string | null;
  indicators: ReviewIndicator[];
  rulesetVersion: string | null;
  recommendation: { code: string; text: string; confirmedStrong: string[] };
  summary?: string | null;
}

export interface LiaisonRequestView {
  id: string;
  kind: 'validity' | 'documentation' | 'use_authorization';
  status: string;
  noticeId: string | null;
  requestedAt: string;
  dueAt: string;
  response: {
    id: string;
    respondedAt: string;
    respondedBy: string;
    outOfBand: boolean;
    outcome: string | null;
    scope: string | null;
    conditions: string | null;
    validUntil: string | null;
  } | null;
}

export interface AuthorizationView {
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
}

export interface CaseView {
  id: string;
  caseNumber: string;
  purpose: 'law_enforcement_action' | 'immigration_proceedings';
  status: 'open' | 'authorized' | 'closed';
  officeId: string;
  personId: string;
  requesterId: string;
  assignedOfficerId: string;
  independentBasis: {
    summary: string;
    evidence: Array<{ description: string; sourceType: string; source: string; reference?: string | null }>;
  } | null;
  narrative: string;
  notices: NoticeView[];
  validityConfirmations: Array<{ id: string; noticeId: string; result: string; confirmedAt: string }>;
  review: ReviewView | null;
  liaisonRequests: LiaisonRequestView[];
  documents: Array<{ id: string; title: string; kind: string; receivedAt: string; fromLiaison: boolean }>;
  disclosures: Array<{
    id: string;
    servedAt: string;
    method: string;
    language: string;
    restricted: boolean;
    restrictionNote?: string | null;
    documentIds?: string[];
    contestDeadline: string;
  }>;
  contests: Array<{
    id: string;
    filedAt: string;
    decision: string | null;
    decidedAt: string | null;
    decidedBy: string | null;
  }>;
  approvals: Array<{
    id: string;
    decision: string;
    approverId: string;
    decidedAt: string;
    caseVersionHash: string;
    voidedAt: string | null;
    voidReason: string | null;
  }>;
  texts: Array<{ field: string; text: string }>;
  wordingDismissals: Array<{ fingerprint: string }>;
  people?: Record<string, PersonName>;
  custodyStatus: string;
  inProceedings: boolean;
  encounterAt?: string | null;
  encounterLocation?: string | null;
  revision: number;
  authorizations?: AuthorizationView[];
}

export interface GateResult {
  gate: string;
  title: string;
  status: 'met' | 'unmet' | 'not_applicable';
  clauses: string[];
  reason: string;
  nextStep: string;
  facts: Record<string, unknown>;
}

export interface GateEvaluation {
  caseId: string;
  purpose: string;
  evaluatedAt: string;
  policyVersion: number;
  caseVersionHash: string;
  gates: GateResult[];
  allMet: boolean;
  blocking: string[];
  people: Record<string, PersonName>;
}

export interface HistoryItem {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  action: string;
  outcome: string;
  summary: string;
  reasons: string[];
  /** How many repeated entries this line stands for (1 when alone). */
  count?: number;
  /** When the last repeated entry happened. */
  lastAt?: string | null;
}

export interface IndicatorResult {
  id: string;
  title: string;
  strength: 'strong' | 'contextual' | 'validity';
  citation: string;
  explanation: string;
  outcome: 'present' | 'absent' | 'undetermined';
  triggeredBy: Array<{ field: string; value: unknown }>;
  missing: Array<{ field: string; requestDocument: string; requestFrom: string }>;
}

export interface ChargeMatch {
  via: string;
  lang: string;
  term: string;
  matched: string;
}

export interface ScreeningRecord {
  id: string;
  trigger: string;
  createdAt: string;
  rulesetVersion: string;
  result: {
    offenceCategories: Array<{
      category: string;
      confidence: number;
      firm: boolean;
      origin: 'confirmed' | 'charge_reader';
      evidence: string[];
    }>;
    chargeReading: unknown;
    results: IndicatorResult[];
    summary: {
      strongPresent: string[];
      contextualPresent: string[];
      validityPresent: string[];
      undetermined: string[];
      recommendation: string;
      recommendationText: string;
    };
  };
}

export interface Screenings {
  latest: ScreeningRecord | null;
  history: ScreeningRecord[];
}

export interface PersonView {
  id: string;
  familyName: string;
  givenNames: string | null;
  aliases: string[];
  datesOfBirth: string[];
  nationalities: string[];
  languages: string[];
}

export interface CaseFactsView {
  screeningInput: { subject?: { protection?: { status?: string; grantedBy?: string } | null } };
}

export const caseKey = (id: string) => ['case', id] as const;

// The case page's reads, as query options, so that a direct load of a case page can start them while the
// session is still being checked (see prefetchCasePage).
export const caseQuery = (id: string) =>
  queryOptions({ queryKey: [...caseKey(id), 'view'], queryFn: () => get<CaseView>(`/cases/${id}`) });
export const gatesQuery = (id: string) =>
  queryOptions({
    queryKey: [...caseKey(id), 'gates'],
    queryFn: () => get<GateEvaluation>(`/cases/${id}/gates`),
  });
export const historyQuery = (id: string) =>
  queryOptions({
    queryKey: [...caseKey(id), 'history'],
    queryFn: () => get<{ items: HistoryItem[] }>(`/cases/${id}/history`),
  });
export const factsQuery = (id: string) =>
  queryOptions({
    queryKey: [...caseKey(id), 'facts'],
    queryFn: () => get<CaseFactsView>(`/cases/${id}/facts`),
  });
export const personQuery = (personId: string | undefined) =>
  queryOptions({
    queryKey: ['person', personId],
    queryFn: () => get<PersonView>(`/persons/${personId}`),
    enabled: !!personId,
  });

export const useCase = (id: string) => useQuery(caseQuery(id));
export const useGates = (id: string) => useQuery(gatesQuery(id));
export const useHistory = (id: string) => useQuery(historyQuery(id));
export const useFacts = (id: string) => useQuery(factsQuery(id));

/**
 * Reads everything a case page shows in one request (GET /cases/:id?include=gates,history,facts: one
 * transaction, one audit entry) and files each part where the page's hooks look for it; then the person.
 */
export function prefetchCasePage(qc: QueryClient, id: string): void {
  void get<CaseView & { gates: GateEvaluation; history: { items: HistoryItem[] }; facts: CaseFactsView }>(
    `/cases/${id}?include=gates,history,facts`,
  )
    .then(({ gates, history, facts, ...view }) => {
      qc.setQueryData(caseQuery(id).queryKey, view);
      qc.setQueryData(gatesQuery(id).queryKey, gates);
      qc.setQueryData(historyQuery(id).queryKey, history);
      qc.setQueryData(factsQuery(id).queryKey, facts);
      return qc.prefetchQuery(personQuery(view.personId));
    })
    // Without a session (or access) the page's own reads ask again and show the answer.
    .catch(() => undefined);
}

export function useScreenings(id: string) {
  return useQuery({
    queryKey: [...caseKey(id), 'screenings'],
    queryFn: () => get<Screenings>(`/cases/${id}/screenings`),
  });
}
export const usePerson = (personId: string | undefined) => useQuery(personQuery(personId));

/** After any change to a case: everything about it is read again. */
export function refreshCase(qc: QueryClient, id: string) {
  return qc.invalidateQueries({ queryKey: caseKey(id) });
}

export const PURPOSE_LABELS: Record<string, string> = {
  law_enforcement_action: 'Law-enforcement action',
  immigration_proceedings: 'Immigration proceedings',
};
export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  authorized: 'Authorized',
  closed: 'Closed',
};
export const OUTCOME_LABELS: Record<string, string> = {
  present: 'Present',
  absent: 'Absent',
  undetermined: 'Cannot be determined',
};
export const STRENGTH_LABELS: Record<string, string> = {
  strong: 'Strong indicator',
  contextual: 'Contextual indicator',
  validity: 'Validity indicator',
};
export const DISPOSITION_LABELS: Record<string, string> = {
  concern_confirmed: 'Concern confirmed',
  resolved: 'Resolved',
  not_applicable: 'Not applicable',
};
export const KIND_LABELS: Record<string, string> = {
  validity: 'Confirm the notice is valid',
  documentation: 'Send the underlying documentation',
  use_authorization: 'Authorize use in immigration proceedings',
};

export function personName(c: { people?: Record<string, PersonName> }, id: string | null | undefined) {
  if (!id) return '—';
  const p = c.people?.[id];
  return p ? `${p.displayName} (${p.roleLabel})` : 'another user';
}

export function humanize(s: string): string {
  return s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
