import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import type { SiteConfig } from '../../site.ts';
import { databaseUnavailable, UNAVAILABLE_TEXT } from '../../store/unavailable.ts';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../unavailable.ts';

type Dependency = { name: 'database' | 'audit_keys'; status: 'ok' | 'failed'; problem: string | null };

const HEALTH_DATABASE_WAIT_MS = 2000;

async function checkDatabase(ctx: AppContext): Promise<Dependency> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Error(`the database did not answer within ${HEALTH_DATABASE_WAIT_MS / 1000} s`);
  try {
    await Promise.race([
      sql`select 1`.execute(ctx.db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(slow), HEALTH_DATABASE_WAIT_MS);
      }),
    ]);
    return { name: 'database', status: 'ok', problem: null };
  } catch (err) {
    const kind = databaseUnavailable(err);
    ctx.log?.warn({ err: (err as Error).message }, 'health check: database failed');
    return {
      name: 'database',
      status: 'failed',
      // Unauthenticated: plain words only, never the driver's message (addresses, SQL).
      problem:
        err === slow
          ? slow.message
          : kind
            ? UNAVAILABLE_TEXT[kind]
            : 'the database answered the health query with an error',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The signing key must be readable and its directory writable (checkpoints are mirrored beside it). */
async function checkAuditKeys(ctx: AppContext): Promise<Dependency> {
  const signer = ctx.signer;
  if (!signer) return { name: 'audit_keys', status: 'ok', problem: null };
  try {
    await access(signer.keyFile, constants.R_OK);
    await access(dirname(signer.mirrorPath), constants.W_OK);
    return { name: 'audit_keys', status: 'ok', problem: null };
  } catch {
    return {
      name: 'audit_keys',
      status: 'failed',
      problem: 'the audit signing key cannot be read, or its directory cannot be written',
    };
  }
}

export const systemRoutes: FastifyPluginAsyncZod<{
  ctx: AppContext;
  site: SiteConfig;
  retryAfterSeconds?: number;
}> = async (server, { ctx, site, retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS }) => {
  const dependency = z.object({
    name: z
      .enum(['database', 'audit_keys'])
      .describe('`audit_keys`: the signing key and the checkpoint mirror'),
    status: z.enum(['ok', 'failed']),
    problem: z.string().nullable(),
  });
  server.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and the health of each dependency (database, audit signing key)',
        description:
          'Answers 503 with Retry-After when a dependency failed; `failed` names which. The database is asked `select 1` and given 2 seconds.',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            time: z.string(),
            dependencies: z.array(dependency),
          }),
          503: z.object({
            status: z.literal('unavailable'),
            database: z.string(),
            problem: z.string(),
            failed: z.array(dependency.shape.name),
            dependencies: z.array(dependency),
          }),
        },
      },
    },
    async (_req, reply) => {
      const dependencies = [await checkDatabase(ctx), await checkAuditKeys(ctx)];
      const failed = dependencies.filter((d) => d.status === 'failed');
      if (failed.length === 0)
        return { status: 'ok' as const, database: ctx.dbKind, time: ctx.clock().toISOString(), dependencies };
      reply.header('retry-after', String(retryAfterSeconds));
      return reply.status(503).send({
        status: 'unavailable' as const,
        database: ctx.dbKind,
        problem: failed.map((d) => `${d.name}: ${d.problem}`).join('; '),
        failed: failed.map((d) => d.name),
        dependencies,
      });
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
