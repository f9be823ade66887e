import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable, UNAVAILABLE_TEXT } from '../store/unavailable.ts';
import { problem } from './problem.ts';

/** Seconds a client is told to wait when the database is unavailable, unless configured. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Answers an error that shows the database is unavailable (down, frozen, out of connections, a statement
 * past the statement timeout) with 503, Retry-After and a problem document naming the dependency.
 * Returns undefined for any other error, which the caller handles as before.
 */
export function replyIfDatabaseUnavailable(
  err: unknown,
  req: FastifyRequest,
  reply: FastifyReply,
  retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS,
): FastifyReply | undefined {
  const kind = databaseUnavailable(err);
  if (!kind) return undefined;
  req.log.warn({ err: (err as Error).message, kind }, 'database unavailable');
  reply.header('retry-after', String(retryAfterSeconds));
  return problem(
    reply,
    req,
    503,
    'database_unavailable',
    `The service is unavailable for a moment: ${UNAVAILABLE_TEXT[kind]}. Try again in ${retryAfterSeconds} seconds.`,
    { dependency: 'database', retryAfterSeconds },
  );
}
