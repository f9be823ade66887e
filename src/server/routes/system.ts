import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';

export const SYSTEM_USE_NOTICE =
  'You are accessing a U.S. Government information system. Use of this system is for authorized purposes only, ' +
  'may be monitored, recorded and audited, and unauthorized or improper use may result in disciplinary action and ' +
  'civil and criminal penalties. By using this system you consent to such monitoring. Data in this system is ' +
  'Law Enforcement Sensitive.';

export const systemRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database health',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            time: z.string(),
          }),
          503: z.object({ status: z.literal('unavailable'), database: z.string(), problem: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await Promise.race([
          sql`select 1`.execute(ctx.db),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('database did not answer within 2 s')), 2000),
          ),
        ]);
        return { status: 'ok' as const, database: ctx.dbKind, time: ctx.clock().toISOString() };
      } catch (err) {
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: ctx.dbKind,
          problem: String((err as Error).message),
        });
      }
    },
  );

  server.get(
    '/system-use-notice',
    {
      schema: {
        tags: ['system'],
        summary: 'The notice shown before sign-in',
        response: { 200: z.object({ notice: z.string() }) },
      },
    },
    async () => ({ notice: SYSTEM_USE_NOTICE }),
  );
};
