import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import * as m0001 from './migrations/0001_core.ts';
import * as m0002 from './migrations/0002_initial_policy.ts';
import * as m0003 from './migrations/0003_screening.ts';
import * as m0004 from './migrations/0004_case_numbers.ts';
import * as m0005 from './migrations/0005_policy_min_reason_chars.ts';
import * as m0005b from './migrations/0005_separation_legal_review.ts';
import * as m0006 from './migrations/0006_contest_service.ts';
import * as m0007 from './migrations/0007_documentation_basis.ts';
import * as m0009 from './migrations/0009_search_and_task_due.ts';
import * as m0010 from './migrations/0010_serialised_actions.ts';
import * as m0011 from './migrations/0011_subject_link.ts';
import * as m0012 from './migrations/0012_audit_anchoring.ts';
import * as m0013 from './migrations/0013_sign_in_mfa.ts';
import * as m0014 from './migrations/0014_stored_documents.ts';
import * as m0015 from './migrations/0015_disclosure_packets.ts';
import * as m0016 from './migrations/0016_counsel_portal.ts';
import * as m0017 from './migrations/0017_jobs_notifications.ts';
import * as m0018 from './migrations/0018_legacy_import.ts';
import * as m0019 from './migrations/0019_stored_gate_status.ts';
import * as m0020 from './migrations/0020_rescreen_runs.ts';
import * as m0021 from './migrations/0021_rereview_queue.ts';
import * as m0022 from './migrations/0022_office_counters.ts';
import * as m0024 from './migrations/0024_email_delivery.ts';
import { migration as m0025, type SecretSealer } from './migrations/0025_sealed_secrets_webauthn.ts';
import * as m0026 from './migrations/0026_ccf_letters.ts';
import * as m0027 from './migrations/0027_search_terms_covering.ts';
import * as m0028 from './migrations/0028_report_facts.ts';
import * as m0029 from './migrations/0029_exigency_order.ts';
import * as m0031 from './migrations/0031_task_role_counts.ts';
import * as m0034 from './migrations/0034_report_day_counts.ts';
import * as m0035 from './migrations/0035_rereview_set_based.ts';
import * as m0037 from './migrations/0037_shared_request_limits.ts';
import * as m0038 from './migrations/0038_authorization_hours.ts';
import * as m0042 from './migrations/0042_report_authorization_buckets.ts';
import * as m0046 from './migrations/0046_report_day_counts_hashed.ts';
import * as m0047 from './migrations/0047_audit_override_index.ts';
import * as m0048 from './migrations/0048_screening_lz4.ts';
import * as m0050 from './migrations/0050_audit_at_index.ts';
import * as m0051 from './migrations/0051_my_cases_order.ts';
import * as m0052 from './migrations/0052_rereview_pending_count.ts';
import * as m0053 from './migrations/0053_queue_due_indexes.ts';
import * as m0054 from './migrations/0054_disclosures_due.ts';
import * as m0055 from './migrations/0055_contest_window_indexes.ts';
import * as m0056 from './migrations/0056_awaiting_approval.ts';
import * as m0057 from './migrations/0057_review_indicator_counts.ts';
import * as m0058 from './migrations/0058_case_page_stamps.ts';
import * as m0059 from './migrations/0059_case_part_stamps.ts';
import * as m0060 from './migrations/0060_new_case_derivations.ts';
import * as m0061 from './migrations/0061_screening_derivations.ts';
import * as m0062 from './migrations/0062_screening_inline.ts';

/** What a migration needs from outside the database: the sealer of secrets (0025) holds the master key. */
export interface MigrationOptions {
  sealSecrets?: SecretSealer;
}

/** The one list of migrations, applied identically on PGlite and PostgreSQL. */
const migrations = (options: MigrationOptions): Record<string, Migration> => ({
  '0001_core': m0001,
  '0002_initial_policy': m0002,
  '0003_screening': m0003,
  '0004_case_numbers': m0004,
  '0005_policy_min_reason_chars': m0005,
  '0005_separation_legal_review': m0005b,
  '0006_contest_service': m0006,
  '0007_documentation_basis': m0007,
  '0009_search_and_task_due': m0009,
  '0010_serialised_actions': m0010,
  '0011_subject_link': m0011,
  '0012_audit_anchoring': m0012,
  '0013_sign_in_mfa': m0013,
  '0014_stored_documents': m0014,
  '0015_disclosure_packets': m0015,
  '0016_counsel_portal': m0016,
  '0017_jobs_notifications': m0017,
  '0018_legacy_import': m0018,
  '0019_stored_gate_status': m0019,
  '0020_rescreen_runs': m0020,
  '0021_rereview_queue': m0021,
  '0022_office_counters': m0022,
  '0024_email_delivery': m0024,
  '0025_sealed_secrets_webauthn': m0025(options.sealSecrets),
  '0026_ccf_letters': m0026,
  '0027_search_terms_covering': m0027,
  '0028_report_facts': m0028,
  '0029_exigency_order': m0029,
  '0031_task_role_counts': m0031,
  '0034_report_day_counts': m0034,
  '0035_rereview_set_based': m0035,
  '0037_shared_request_limits': m0037,
  '0038_authorization_hours': m0038,
  '0042_report_authorization_buckets': m0042,
  '0046_report_day_counts_hashed': m0046,
  '0047_audit_override_index': m0047,
  '0048_screening_lz4': m0048,
  '0050_audit_at_index': m0050,
  '0051_my_cases_order': m0051,
  '0052_rereview_pending_count': m0052,
  '0053_queue_due_indexes': m0053,
  '0054_disclosures_due': m0054,
  '0055_contest_window_indexes': m0055,
  '0056_awaiting_approval': m0056,
  '0057_review_indicator_counts': m0057,
  '0058_case_page_stamps': m0058,
  '0059_case_part_stamps': m0059,
  '0060_new_case_derivations': m0060,
  '0061_screening_derivations': m0061,
  '0062_screening_inline': m0062,
});

/** Applies the migrations up to and including `name` (tests of a migration on data recorded before it). */
export async function migrateTo(
  // biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database shape
  db: Kysely<any>,
  name: string,
  options: MigrationOptions = {},
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(options) },
    migrationTableName: 'redline_migrations',
    migrationLockTableName: 'redline_migrations_lock',
  });
  const result = await migrator.migrateTo(name);
  if (result.error) throw result.error;
}

export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database shape
  db: Kysely<any>,
  options: MigrationOptions = {},
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(options) },
    migrationTableName: 'redline_migrations',
    migrationLockTableName: 'redline_migrations_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
