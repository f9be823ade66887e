/** Loads a pending request to INTERPOL Washington for an action on it, with the case's scope checked. */
import type { Call, runAction } from '../context.ts';
import { notFound } from '../errors.ts';
import { requireInScope } from '../scope.ts';
import { loadCaseForAction } from '../snapshot.ts';

export async function pendingRequest(
  trx: Parameters<Parameters<typeof runAction>[2]>[0],
  call: Call,
  requestId: string,
) {
  // Another office's request answers as an unknown one (scope.ts).
  await requireInScope(trx, call, 'liaison_request', requestId, { label: 'The request' });
  const found = await trx
    .selectFrom('liaison_requests')
    .select('case_id')
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!found) throw notFound('The request');
  // The case row first, then the request's (the order every action takes); the request is read again
  // under its lock, so two actions on one request run one after the other and the second sees the first.
  await loadCaseForAction(trx, call, found.case_id, { lock: true });
  return trx
    .selectFrom('liaison_requests')
    .selectAll()
    .where('id', '=', requestId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Cancels a pending request with a reason. */
