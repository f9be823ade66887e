/** Small checks shared by the use cases: who acts, and required free text. */
import { cleanStrings } from '../domain/text-rules.ts';
import type { Call } from './context.ts';
import { type FieldProblem, invalid, ServiceError } from './errors.ts';

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

/**
 * The text rule (domain/text-rules.ts) for input that does not come through the HTTP edge (the CLI, a
 * file it reads): returns the value with every string in its stored form (NFC, line breaks normalised),
 * or refuses with a 422 naming each field. `root` prefixes the field names (e.g. `csv`).
 */
export function cleanInput<T>(value: T, root = ''): T {
  const r = cleanStrings(value, root);
  if (r.problems.length)
    throw invalid(
      'Some values are not valid text. See errors for each field.',
      r.problems.map(({ field, message, rule }) => ({ field, message, rule })),
    );
  return r.value as T;
}
