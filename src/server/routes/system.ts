import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import type { SiteConfig } from '../../site.ts';

export const systemRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; site: SiteConfig }> = async (
  server,
  { ctx, site },
) => {
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
    async () => ({ notice: site.systemUseNotice }),
  );

  server.get(
    '/site',
    {
      schema: {
        tags: ['system'],
        summary: "The site's identity: the agency that runs it, its address and the banner to show",
        description:
          'Read before sign-in. From the environment (REDLINE_AGENCY_NAME, REDLINE_PARENT_AGENCY_NAME, REDLINE_SITE_ADDRESS, REDLINE_PRIVACY_POLICY_URL, REDLINE_OFFICIAL_SITE). In demo mode the banner is always `demonstration` and the agency is "Demonstration agency" unless configured.',
        response: {
          200: z.object({
            agencyName: z.string(),
            parentAgencyName: z.string().nullable(),
            siteAddress: z.string().nullable(),
            privacyPolicyUrl: z.string().nullable(),
            banner: z
              .enum(['official', 'demonstration', 'none'])
              .describe(
                '`official`: "An official website of the United States government"; `demonstration`: not an official website',
              ),
            demo: z.boolean(),
          }),
        },
      },
    },
    async () => ({
      agencyName: site.agencyName,
      parentAgencyName: site.parentAgencyName,
      siteAddress: site.siteAddress,
      privacyPolicyUrl: site.privacyPolicyUrl,
      banner: site.banner,
      demo: site.demo,
    }),
  );
};
