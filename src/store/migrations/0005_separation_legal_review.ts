import { type Kysely, sql } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Legal review when the screening says "do not act" (G-LEGAL-REVIEW), and overrides visible to oversight.
 *
 * - `legal_reviews`: an attorney's written analysis of each confirmed strong indicator (with its citation)
 *   and a conclusion, tied to the preliminary review it analysed.
 * - `approvals.override` / `override_reason`: an approval decided against the advice in force, and which
 *   advice. Existing approvals that acknowledged confirmed strong indicators were approvals against the
 *   review's "do not act" advice: they are backfilled as overrides. `legal_review_id` is the legal review
 *   the approver had before them (none for existing approvals).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    create table legal_reviews (
      id uuid primary key,
      case_id uuid not null references cases(id),
      review_id uuid not null references reviews(id),
      attorney_id uuid not null references users(id),
      conclusion text not null check (conclusion in ('proceed','proceed_with_conditions','do_not_proceed')),
      analyses jsonb not null default '[]',
      conditions text,
      reversal_reason text,
      reverses_id uuid references legal_reviews(id),
      recorded_at timestamptz not null
    );
    create index legal_reviews_case on legal_reviews(case_id, recorded_at desc);

    alter table approvals add column override boolean not null default false;
    alter table approvals add column override_reason text;
    alter table approvals add column legal_review_id uuid references legal_reviews(id);
    create index approvals_override on approvals(decided_at desc) where override
    `,
  );
  await sql`
    update approvals
       set override = true,
           override_reason = 'Approved against the advice: the preliminary review advised "Do not act; refer for legal review" (confirmed strong indicators acknowledged: '
             || (select string_agg(a.value->>'indicatorId', ', ') from jsonb_array_elements(acknowledgements) a(value))
             || ') and no legal review is recorded.'
     where decision = 'approved' and jsonb_array_length(acknowledgements) > 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop index if exists approvals_override;
    alter table approvals drop column if exists legal_review_id;
    alter table approvals drop column if exists override_reason;
    alter table approvals drop column if exists override;
    drop table if exists legal_reviews
    `,
  );
}
