import { type Kysely, sql } from 'kysely';
import { type KeptCounter, keptCounterDown, keptCounterUp } from './counter-trigger.ts';
import {
  dropStatementTriggers,
  refreshFunction,
  refreshTriggerFunction,
  statementTriggers,
} from './refresh-trigger.ts';

/**
 * The dashboard's indicators confirmed present by the reviews, by issuing country. The dashboard expanded the
 * indicators of every current review of the office and looked up each case's notices on every call: at a
 * million cases (400,000 reviews) 650–920 ms for one office and 5.6 s for every office (docs/benchmarks.md).
 *
 * Now the oversight report's per-case facts (migration 0028) also hold `review_present`: the indicators the
 * case's current review confirmed present, recomputed by statement-level triggers on reviews for the cases
 * a statement changed, and filled when a facts row is written for a case that already has a review. With
 * the issuing countries already kept there, the counts by country and indicator are kept per office in
 * `office_counts` (counter `review_indicators`, key `country|indicator`, one per case) by the counter
 * triggers on `report_case_facts`; `redline gates verify` recounts them from the reviews, cases and notices
 * themselves, and `--repair` recomputes the column first (services/queue-columns.ts).
 */
const PRESENT_OF = (caseId: string) => `
  select distinct i.value ->> 'indicatorId' from reviews r cross join lateral jsonb_array_elements(r.indicators) i(value)
  where r.case_id = ${caseId} and r.superseded_at is null and i.value ->> 'outcome' = 'present'`;

const refresh = (source: string) => `
       with t as (select x.case_id, redline_review_present(x.case_id) as present from ${source}),
       u as (update report_case_facts g set review_present = t.present from t
             where g.case_id = t.case_id and g.review_present <> t.present returning 1)
       select count(*) into n from u;`;

const COUNTER: KeptCounter = {
  counter: 'review_indicators',
  fn: 'redline_counts_review_indicators',
  table: 'report_case_facts',
  triggerPrefix: 'report_case_facts_review_indicators',
  viewSuffix: '0057',
  contrib: (r) => `
    select ${r}.office_id, 'review_indicators'::text as counter, c || '|' || ind as key, 1::bigint as n
    from ${r} cross join unnest(${r}.countries) c cross join unnest(${r}.review_present) ind
    where cardinality(${r}.review_present) > 0`,
  recount: `
    select office_id, 'review_indicators'::text as counter, country || '|' || ind as key, 1::bigint as n
    from (select distinct c.id, c.office_id, n.issuing_country as country, i.value ->> 'indicatorId' as ind
          from reviews r join cases c on c.id = r.case_id
          cross join lateral jsonb_array_elements(r.indicators) i(value)
          join case_notices cn on cn.case_id = c.id join notices n on n.id = cn.notice_id
          where r.superseded_at is null and i.value ->> 'outcome' = 'present') d`,
};

const UP: string[] = [
  `alter table report_case_facts add column review_present text[] not null default '{}'`,
  `create function redline_review_present(p_case uuid) returns text[] language sql stable as $fn$
     select coalesce(array_agg(x order by x), '{}') from (${PRESENT_OF('p_case')}) s(x)
   $fn$`,
  refreshFunction('redline_review_present_refresh', 'report_case_facts', 'case_id', refresh),
  refreshTriggerFunction('redline_review_present_by_rows', 'redline_review_present_refresh'),
  ...statementTriggers('reviews', 'reviews_review_present', 'redline_review_present_by_rows'),
  // A facts row written for a case that already has a review (a refill of the facts) starts with its indicators.
  `create function redline_review_present_on_facts() returns trigger language plpgsql as $fn$
   begin
     new.review_present := redline_review_present(new.case_id);
     return new;
   end
   $fn$`,
  `create trigger report_case_facts_review_present before insert on report_case_facts
     for each row execute function redline_review_present_on_facts()`,
  // The cases recorded so far: those whose current review confirmed an indicator.
  `update report_case_facts f set review_present = x.present
   from (select r.case_id, array_agg(distinct i.value ->> 'indicatorId' order by i.value ->> 'indicatorId') as present
         from reviews r cross join lateral jsonb_array_elements(r.indicators) i(value)
         where r.superseded_at is null and i.value ->> 'outcome' = 'present' group by r.case_id) x
   where f.case_id = x.case_id`,
];

const DOWN: string[] = [
  `drop trigger if exists report_case_facts_review_present on report_case_facts`,
  `drop function if exists redline_review_present_on_facts()`,
  ...dropStatementTriggers('reviews', 'reviews_review_present'),
  `drop function if exists redline_review_present_by_rows()`,
  `drop function if exists redline_review_present_refresh(uuid[])`,
  `drop function if exists redline_review_present(uuid)`,
  `alter table report_case_facts drop column if exists review_present`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
  for (const statement of keptCounterUp(COUNTER)) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of keptCounterDown(COUNTER)) await sql.raw(statement).execute(db);
  for (const statement of DOWN) await sql.raw(statement).execute(db);
}
