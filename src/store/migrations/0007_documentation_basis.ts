import { type Kysely, sql } from 'kysely';

/**
 * Documentation that is complete or explained, conditions of a use authorization, and an independent
 * basis that fits the action.
 *
 * - `liaison_responses.missing_items`: the items a documentation answer could not provide, each with
 *   INTERPOL Washington's reason (`[{ item, reason }]`).
 * - `liaison_responses.disclosure_in_full` and `scope_purposes`: the structured conditions of a use
 *   authorization. Existing grants: the flag is set when the free-text conditions say "disclosed in
 *   full"; the scope is immigration proceedings (a use-authorization request asks for exactly that).
 * - `documentation_sign_offs`: an attorney's sign-off that the case may go on without a missing item.
 * - `cases.independent_basis` gains `actions` (from the case's purpose), `legalAuthority` (the statute
 *   references found in the summary, else empty: the gate then asks for it) and `grounds` (the kinds of
 *   ground the summary names plainly, else none: the gate asks for them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table liaison_responses
      add column missing_items jsonb not null default '[]'::jsonb,
      add column disclosure_in_full boolean,
      add column scope_purposes jsonb
  `.execute(db);
  await sql`
    update liaison_responses r set
      disclosure_in_full = coalesce(r.conditions, '') ~* 'disclosed\\s+in\\s+full',
      scope_purposes = case when r.outcome = 'granted' then '["immigration_proceedings"]'::jsonb else null end
    from liaison_requests q
    where q.id = r.request_id and q.kind = 'use_authorization'
  `.execute(db);
  await sql`
    create table documentation_sign_offs (
      id uuid primary key,
      case_id uuid not null references cases(id),
      liaison_response_id uuid not null references liaison_responses(id),
      item text not null,
      rationale text not null,
      signed_by uuid not null references users(id),
      signed_at timestamptz not null,
      unique (liaison_response_id, item)
    )
  `.execute(db);
  await sql`create index documentation_sign_offs_case on documentation_sign_offs(case_id)`.execute(db);

  const cases = await sql<{ id: string; purpose: string; basis: Record<string, unknown> | null }>`
    select id, purpose, independent_basis as basis from cases`.execute(db);
  for (const row of cases.rows) {
    const basis = { ...(row.basis ?? {}) } as Record<string, unknown>;
    if (Array.isArray(basis.actions)) continue;
    const summary = typeof basis.summary === 'string' ? basis.summary : '';
    basis.actions = row.purpose === 'immigration_proceedings' ? ['removal_proceedings'] : ['detention'];
    basis.legalAuthority = authorityIn(summary);
    basis.grounds = groundsIn(summary);
    await sql`update cases set independent_basis = ${JSON.stringify(basis)}::jsonb where id = ${row.id}`.execute(
      db,
    );
  }
}

/** The statute and regulation references in a text, e.g. "INA 236(a)", "8 U.S.C. 1226(a)", "8 CFR 236.1". */
function authorityIn(text: string): string {
  const refs =
    text.match(
      /\b(?:INA\s*(?:§\s*)?\d+[A-Za-z]?(?:\([0-9A-Za-z]+\))*|\d+\s*U\.?\s?S\.?\s?C\.?\s*(?:§\s*)?\d+[a-z]?(?:\([0-9A-Za-z]+\))*|\d+\s*C\.?\s?F\.?\s?R\.?\s*(?:§\s*)?[\d.]+(?:\([0-9A-Za-z]+\))*)/g,
    ) ?? [];
  return [...new Set(refs.map((r) => r.replace(/\s+/g, ' ').trim()))].join('; ');
}

/** The kinds of ground a summary names plainly; none when unsure (the gate then asks). */
function groundsIn(text: string): string[] {
  const t = text.toLowerCase();
  const grounds: string[] = [];
  if (/overst(a|ay)/.test(t)) grounds.push('visa_overstay');
  if (/without inspection|\bewi\b/.test(t)) grounds.push('entry_without_inspection');
  if (/final order of removal/.test(t)) grounds.push('final_order_of_removal');
  if (/\bconvict(ed|ion)\b/.test(t)) grounds.push('criminal_conviction');
  return grounds;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists documentation_sign_offs`.execute(db);
  await sql`
    alter table liaison_responses
      drop column if exists missing_items,
      drop column if exists disclosure_in_full,
      drop column if exists scope_purposes
  `.execute(db);
  await sql`
    update cases set independent_basis = independent_basis - 'actions' - 'legalAuthority' - 'grounds'
  `.execute(db);
}
