import type { Kysely } from 'kysely';
import { execStatements } from './exec.ts';

/**
 * Actions that serialise, and time that cannot be backdated (issue 9):
 * - one standing authorization per case: a unique partial index over the authorizations that are active
 *   or suspended. Cases that races left with several keep the latest; the others are withdrawn with a
 *   reason saying why;
 * - an authorization can be suspended (a contest filed after it, on a case for immigration proceedings)
 *   until the contest is decided: when, why, by which contest, and when it resumed;
 * - a contest records when it was recorded (besides when it was filed) and, for a filing time older than
 *   the policy's backdating window, the reason.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    update authorizations a set status = 'withdrawn', withdrawn_at = now(),
      withdrawn_reason = 'Withdrawn when one standing authorization per case became a rule: a later authorization of this case was recorded at the same time.'
    where a.status = 'active' and exists (
      select 1 from authorizations b where b.case_id = a.case_id and b.status = 'active'
        and (b.authorized_at, b.id) > (a.authorized_at, a.id));

    alter table authorizations drop constraint if exists authorizations_status_check;
    alter table authorizations add constraint authorizations_status_check check (status in ('active','suspended','withdrawn'));
    alter table authorizations add column suspended_at timestamptz;
    alter table authorizations add column suspended_reason text;
    alter table authorizations add column suspended_contest_id uuid references contests(id);
    alter table authorizations add column resumed_at timestamptz;
    create unique index authorizations_one_standing on authorizations(case_id) where status in ('active','suspended');

    alter table contests add column recorded_at timestamptz;
    update contests set recorded_at = filed_at where recorded_at is null;
    alter table contests alter column recorded_at set not null;
    alter table contests add column backdate_reason text
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await execStatements(
    db,
    `
    drop index if exists authorizations_one_standing;
    update authorizations set status = 'active' where status = 'suspended';
    alter table authorizations drop constraint if exists authorizations_status_check;
    alter table authorizations drop column suspended_at;
    alter table authorizations drop column suspended_reason;
    alter table authorizations drop column suspended_contest_id;
    alter table authorizations drop column resumed_at;
    alter table contests drop column recorded_at;
    alter table contests drop column backdate_reason
    `,
  );
}
