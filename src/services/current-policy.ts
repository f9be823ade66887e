// The policy settings in force: the newest version, with defaults for settings saved before they existed.
import { DEFAULT_POLICY } from '../domain/policy-settings.ts';
import type { PolicySettings } from '../domain/types.ts';
import type { DbOrTrx } from '../store/db.ts';

export async function currentPolicy(db: DbOrTrx): Promise<PolicySettings> {
  const row = await db
    .selectFrom('policy_versions')
    .select(['version', 'settings'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow(); // migration 0002 writes version 1
  // Settings saved before a setting existed take its default (e.g. reReviewDueDays).
  return { ...DEFAULT_POLICY, ...(row.settings as PolicySettings), version: row.version };
}
