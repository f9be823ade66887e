/**
 * "Who may do what": the permission table and the separation-of-duties table (domain/permissions.ts), in
 * plain words for every signed-in user. The browser shows what this returns; it keeps no copy of the rules.
 * A read of the rules themselves, not of any case: not audited.
 */
import { permissionTable, separationTable } from '../domain/permissions.ts';
import { ruleExplanation } from '../domain/rule-explanations.ts';
import { ROLE_LABELS, type Role } from '../domain/types.ts';

export interface RulesTable {
  separation: Array<{
    rule: string;
    /** The two duties one person may not both hold on a case, in plain words. */
    duties: [string, string];
    clauses: string[];
    /** Why, in plain words. */
    reason: string;
    /** The rule in one sentence (as refusals explain it). */
    summary: string;
  }>;
  permissions: Array<{ action: string; describe: string; roles: string[]; training: boolean }>;
}

export function whoMayDoWhat(): RulesTable {
  return {
    separation: separationTable().map((r) => ({
      rule: r.rule,
      duties: r.labels,
      clauses: r.clauses,
      reason: r.reason,
      summary: ruleExplanation(r.rule) ?? r.reason,
    })),
    permissions: permissionTable().map((p) => ({
      action: p.action,
      describe: p.describe,
      roles: p.roles.map((r: Role) => ROLE_LABELS[r] ?? r),
      training: p.training,
    })),
  };
}
