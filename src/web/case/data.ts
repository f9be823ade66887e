// Shapes and queries of a case, shared by the case page, the review screen and the approval screen.
// The shapes are names for parts of the generated API types (src/web/api/schema.gen.ts; see api/types.ts).
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { get } from '../api/client.ts';
import type { Body, Item, Res } from '../api/types.ts';

export type CaseView = Res<'/cases/{id}', 'get'>;
export type PersonName = NonNullable<CaseView['people']>[string];
export type NoticeView = Item<CaseView['notices']>;
export type Warrant = Item<NoticeView['warrants']>;
export type ReviewView = NonNullable<CaseView['review']>;
export type ReviewIndicator = Item<ReviewView['indicators']>;
export type LiaisonRequestView = Item<CaseView['liaisonRequests']>;
export type AuthorizationView = Item<CaseView['authorizations']>;

export type GateEvaluation = Res<'/cases/{id}/gates', 'get'>;
export type GateResult = Item<GateEvaluation['gates']>;
export type CaseHistory = Res<'/cases/{id}/history', 'get'>;
export type HistoryItem = Item<CaseHistory['items']>;

export type Screenings = Res<'/cases/{id}/screenings', 'get'>;
export type ScreeningRecord = NonNullable<Screenings['latest']>;
export type IndicatorResult = Item<ScreeningRecord['result']['results']>;

export type PersonView = Res<'/persons/{id}', 'get'>;
export type CaseFactsView = Res<'/cases/{id}/facts', 'get'>;
/**
 * The screening facts of a case. The facts view types them as a free-form record; they are the CaseFacts that
 * PUT /cases/{id}/facts accepts (src/domain/screening/facts.ts), so the request body names their shape.
 */
export type CaseFacts = Body<'/cases/{id}/facts', 'put'>['facts'];

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
    queryFn: () => get<CaseHistory>(`/cases/${id}/history`),
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
  void get<CaseView>(`/cases/${id}?include=gates,history,facts`)
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
  information_requested: 'Information requested (still open)',
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

export type ExigencyView = Item<CaseView['exigencies']>;

/** The grounds on which a person may contest a notice, in plain words (the server's CONTEST_GROUNDS). */
export const CONTEST_GROUND_LABELS: Record<Item<Item<CaseView['contests']>['grounds']>['ground'], string> = {
  political_character: 'The case is political in character',
  private_or_family_matter: 'A private or family matter, not a crime',
  refugee_status: 'The person is a refugee or asylum seeker',
  due_process_or_torture: 'Due process or risk of torture',
  insufficient_judicial_data: 'Insufficient judicial data',
  not_the_person: 'Not the person named in the notice',
  notice_not_current: 'The notice is not current',
  other: 'Other ground',
};
