/** Loads a pending request to INTERPOL Washington for an action on it, with the case's scope checked. */
import type { Call, runAction } from '../context.ts';
import { notFound } from '../errors.ts';
import { loadCaseForAction } from '../snapshot.ts';

export async function pendingRequest(
  trx: Parameters<Parameters<typeof runAction>[2]>[0],
  call: Call,
  requestId: string,
) {
  const request = await trx
    .selectFrom('liaison_requests')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!request) throw notFound('The request');
  await loadCaseForAction(trx, call, request.case_id);
  return request;
}

/** Cancels a pending request with a reason. */
