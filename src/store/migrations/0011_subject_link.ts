import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * How a case's person is linked to each notice on the case (domain/subject-link.ts): `same_person` (the
 * notice was recorded on this person), `matched` (name, date of birth and nationality agree with the
 * notice's subject), `unconfirmed` (they do not: G-VALIDITY stays unmet until an attorney confirms the
 * link) or `confirmed` (by an attorney, with a reason). Links recorded before this check whose notice was
 * recorded on another person are marked unconfirmed: an attorney looks at them once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    alter table case_notices add column subject_link text not null default 'same_person'
      check (subject_link in ('same_person','matched','unconfirmed','confirmed'));
    alter table case_notices add column subject_differences jsonb not null default '[]'::jsonb;
    alter table case_notices add column link_confirmed_by uuid references users(id);
    alter table case_notices add column link_confirmed_at timestamptz;
    alter table case_notices add column link_confirmation_reason text;
    update case_notices cn set subject_link = 'unconfirmed',
      subject_differences = '["The notice was recorded on another person before names, dates of birth and nationalities were compared."]'::jsonb
      from cases c, notices n
      where c.id = cn.case_id and n.id = cn.notice_id and n.person_id is distinct from c.person_id;
    `,
  );
}
