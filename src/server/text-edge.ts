/**
 * The text rule at the edge (domain/text-rules.ts), applied to the body, query string and path
 * parameters of every request before the route's schema validates them. It is a hook on the whole
 * server, so a new route is covered without anyone remembering to. A string that breaks the rule is
 * refused with a 422 naming the field, in the same shape as a schema validation error; the strings that
 * pass are replaced by their stored form (line breaks normalised, NFC), so lengths are checked on it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { textRuleCode } from '../domain/portal-problems.ts';
import { cleanStrings, type TextProblem } from '../domain/text-rules.ts';
import { ServiceError } from '../services/errors.ts';

/** The request parts, named as a schema validation error names them (`body.x`, `querystring.q`, `params.id`). */
const PARTS = [
  ['body', 'body'],
  ['query', 'querystring'],
  ['params', 'params'],
] as const;

export function cleanRequestText(req: FastifyRequest): void {
  const problems: TextProblem[] = [];
  for (const [prop, where] of PARTS) {
    const value = req[prop];
    if (value === undefined || value === null) continue;
    const r = cleanStrings(value, where);
    problems.push(...r.problems);
    if (r.problems.length === 0) (req as unknown as Record<string, unknown>)[prop] = r.value;
  }
  if (problems.length)
    throw new ServiceError(
      422,
      'invalid_input',
      'Some values are missing or not valid. See errors for each field.',
      {
        fields: problems.map(({ field, message, rule }) => ({
          field,
          message,
          rule,
          code: textRuleCode(rule),
        })),
      },
    );
}

export function registerTextRule(server: FastifyInstance): void {
  server.addHook('preValidation', async (req) => {
    cleanRequestText(req);
  });
}
