import type { PolicySettingsInput } from '../domain/policy-settings.ts';
import type { PolicySettings } from '../domain/types.ts';
import { type Call, currentPolicy, runAction } from './context.ts';

/** Saves new policy settings as the next version. Earlier versions stay, so old evaluations can be explained. */
export async function updatePolicy(
  call: Call,
  settings: PolicySettingsInput,
  note: string | null,
): Promise<PolicySettings> {
  return runAction(
    call,
    { action: 'policy.update', permission: 'policy.update', entityType: 'policy' },
    async (trx, audit) => {
      const before = await currentPolicy(trx);
      const version = before.version + 1;
      const next: PolicySettings = { ...settings, version };
      await trx
        .insertInto('policy_versions')
        .values({ version, settings: JSON.stringify(next), note, created_by: call.actor.userId })
        .execute();
      Object.assign(audit, { entityId: String(version), before, after: next, detail: { note } });
      return next;
    },
  );
}

export async function policyHistory(call: Call) {
  return runAction(call, { action: 'policy.read', permission: 'policy.read', entityType: 'policy' }, (trx) =>
    trx
      .selectFrom('policy_versions')
      .leftJoin('users', 'users.id', 'policy_versions.created_by')
      .selectAll('policy_versions')
      .select('users.username as created_by_username')
      .orderBy('policy_versions.version', 'desc')
      .execute(),
  );
}
