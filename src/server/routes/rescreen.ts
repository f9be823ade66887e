/**
 * Bulk re-screening runs: launch, follow, pause, resume, cancel. The runs are driven in this process
 * by a background worker started with the server (a run left running by a stop resumes at start).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../services/context.ts';
import {
  changeRescreenRun,
  getRescreenRun,
  listRescreenRuns,
  MAX_BATCH_SIZE,
  RUN_STATES,
  startRescreenRun,
} from '../../services/screening/bulk.ts';
import { RescreenWorker } from '../../services/screening/bulk-worker.ts';
import { userCall } from '../auth.ts';

const run = z.object({
  id: z.string(),
  state: z.enum(RUN_STATES),
  filter: z.object({
    officeId: z.string().optional(),
    issuingCountry: z.string().optional(),
    status: z.string().optional(),
    legacy: z.union([z.boolean(), z.string()]).optional(),
  }),
  rulesetVersion: z.string(),
  batchSize: z.number(),
  total: z.number(),
  processed: z.number(),
  stored: z.number(),
  changed: z.number(),
  reviewsSuperseded: z.number(),
  batches: z.number(),
  lastError: z.string().nullable(),
  createdBy: z.string().describe('The username of who launched the run'),
  createdByName: z
    .string()
    .describe('The name of who launched the run (the username for a run of no account)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const idParams = z.object({ id: z.uuid() });

export const rescreenRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; worker?: boolean }> = async (
  server,
  { ctx, worker: startWorker = true },
) => {
  const worker = new RescreenWorker(ctx);
  if (startWorker) {
    server.addHook('onReady', async () => worker.kick());
    server.addHook('onClose', async () => worker.stop());
  }

  server.get(
    '/rescreen-runs',
    {
      schema: {
        tags: ['screening'],
        summary: 'The latest bulk re-screening runs with their progress (supervisors: their office)',
        response: { 200: z.object({ runs: z.array(run) }) },
      },
    },
    async (req) => ({ runs: await listRescreenRuns(userCall(req, ctx)) }),
  );

  server.post(
    '/rescreen-runs',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Launch a bulk re-screening of every case or of a filtered set (office, issuing country, state) under the current ruleset',
        body: z.object({
          filter: z
            .object({
              officeId: z.string().max(200).optional(),
              issuingCountry: z.string().max(2).optional(),
              status: z.string().max(40).optional(),
              legacy: z
                .union([z.boolean(), z.string().max(64)])
                .optional()
                .describe('Legacy (imported) cases only: true, or the name of one import source.'),
            })
            .strict()
            .optional(),
          batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE).optional(),
        }),
        response: { 201: run },
      },
    },
    async (req, reply) => {
      const created = await startRescreenRun(userCall(req, ctx), req.body);
      worker.kick();
      return reply.status(201).send(created);
    },
  );

  server.get(
    '/rescreen-runs/:id',
    {
      schema: {
        tags: ['screening'],
        summary: 'One bulk re-screening run and its progress',
        params: idParams,
        response: { 200: run },
      },
    },
    async (req) => getRescreenRun(userCall(req, ctx), req.params.id),
  );

  for (const change of ['pause', 'resume', 'cancel'] as const)
    server.post(
      `/rescreen-runs/:id/${change}`,
      {
        schema: {
          tags: ['screening'],
          summary: `${change.charAt(0).toUpperCase()}${change.slice(1)} a bulk re-screening run`,
          params: idParams,
          response: { 200: run },
        },
      },
      async (req) => {
        const changed = await changeRescreenRun(userCall(req, ctx), req.params.id, change);
        if (change === 'resume') worker.kick();
        return changed;
      },
    );
};
