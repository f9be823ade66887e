/** Small checks shared by the use cases: who acts, and required free text. */
import type { Call } from './context.ts';
import { type FieldProblem, ServiceError } from './errors.ts';

export const DAY_MS = 86_400_000;

/** The acting user's id: these actions are always attributed to a named user. */
export function actingUser(call: Call): string {
  if (!call.actor.userId)
    throw new ServiceError(
      400,
      'user_required',
      'This action must be taken by a named user, not the system.',
    );
  return call.actor.userId;
}

export function requireText(
  value: string | null | undefined,
  field: string,
  message: string,
  fields: FieldProblem[],
) {
  if (!value?.trim()) fields.push({ field, message });
}
