/** Closing cases, re-review tasks, and follow-up of requests to INTERPOL Washington. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { closeCase } from '../../services/case/close.ts';
import type { AppContext } from '../../services/context.ts';
import { cancelLiaisonRequest } from '../../services/liaison/cancel.ts';
import { followUpLiaisonRequest } from '../../services/liaison/follow-up.ts';
import { completeTask, RE_REVIEW_OUTCOMES } from '../../services/tasks/complete.ts';
import { listTasksPage } from '../../services/tasks/list.ts';
import { userCall } from '../auth.ts';

const idParams = z.object({ id: z.uuid() });

export const taskRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.post(
    '/cases/:id/close',
    {
      schema: {
        tags: ['cases'],
        summary: 'Close a case with a reason (supervisors)',
        description:
          'Refused (409 authorization_active) while an authorization is active, unless withdrawAuthorization is true: then the authorization is withdrawn with the same reason in the same transaction. Pending INTERPOL Washington requests are cancelled; re-review tasks stay open.',
        params: idParams,
        body: z.object({
          reason: z.string().trim().min(1).max(5000),
          withdrawAuthorization: z.boolean().optional(),
        }),
        response: {
          200: z.object({
            id: z.string(),
            caseNumber: z.string(),
            withdrawnAuthorizations: z.array(z.string()),
            cancelledRequests: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => closeCase(userCall(req, ctx), req.params.id, req.body),
  );

  server.get(
    '/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Re-review tasks of your office (every office for liaison and auditors): open first, soonest due first, keyset-paged',
        description:
          'A task raised for one role (a referral to counsel or to oversight) is listed to that role only. `mine=true` lists only the tasks raised for your role (oversight referrals for an auditor).',
        querystring: z.object({
          status: z.enum(['open', 'done']).optional(),
          mine: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('Only the tasks raised for your role (referrals)'),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          after: z
            .string()
            .max(500)
            .optional()
            .describe(
              'Keyset paging: the nextCursor of the previous page, unchanged, with the same filters (otherwise 422 naming `after`)',
            ),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                caseId: z.string(),
                caseNumber: z.string(),
                officeId: z.string(),
                kind: z.string(),
                forRole: z
                  .string()
                  .nullable()
                  .describe('The role the task is for (a referral to counsel or oversight), or null'),
                reason: z.string(),
                priority: z.number(),
                status: z.string(),
                createdAt: z.string(),
                dueAt: z.string().nullable().describe('When the re-review is due (policy reReviewDueDays)'),
                overdue: z.boolean().describe('Open and past its due date'),
                closedAt: z.string().nullable(),
                closedBy: z.string().nullable(),
                closedByName: z.string().nullable(),
                resolution: z.string().nullable(),
              }),
            ),
            nextCursor: z
              .string()
              .nullable()
              .describe('Give it as `after` for the next page (same filters); null on the last page'),
          }),
        },
      },
    },
    async (req) => listTasksPage(userCall(req, ctx), req.query),
  );

  server.post(
    '/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Complete a re-review task with its outcome and a note (supervisors and attorneys; a referral by the role it is for)',
        description:
          'The note must say something of its own (the substance check every written reason passes: 422 naming `note`). A task raised for one role (a referral to counsel or to oversight) is completed by that role only (403, rule TASK-FOR-ROLE).',
        params: idParams,
        body: z.object({ outcome: z.enum(RE_REVIEW_OUTCOMES), note: z.string().trim().min(1).max(10_000) }),
        response: { 200: z.object({ id: z.string(), outcome: z.enum(RE_REVIEW_OUTCOMES) }) },
      },
    },
    async (req) => completeTask(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/liaison-requests/:id/cancel',
    {
      schema: {
        tags: ['liaison'],
        summary: 'Cancel a pending request to INTERPOL Washington, with a reason',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(5000) }),
        response: { 200: z.object({ id: z.string(), status: z.literal('cancelled') }) },
      },
    },
    async (req) => cancelLiaisonRequest(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/liaison-requests/:id/follow-ups',
    {
      schema: {
        tags: ['liaison'],
        summary: 'Record a follow-up (reminder) on an overdue request to INTERPOL Washington',
        params: idParams,
        body: z.object({ note: z.string().trim().min(1).max(5000) }),
        response: { 201: z.object({ id: z.string(), followUps: z.number(), dueAt: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await followUpLiaisonRequest(userCall(req, ctx), req.params.id, req.body)),
  );
};
