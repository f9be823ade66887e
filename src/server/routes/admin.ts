/** Training registry, policy settings and the audit trail. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_POLICY, policySettingsInputSchema } from '../../domain/policy-settings.ts';
import type { PolicySettings } from '../../domain/types.ts';
import { verifyAuditChain } from '../../services/audit.ts';
import { searchAudit } from '../../services/audit-search.ts';
import { type AppContext, auditEvent, authorize, currentPolicy, runAction } from '../../services/context.ts';
import { policyHistory, updatePolicy } from '../../services/policy.ts';
import { listOffices } from '../../services/queries.ts';
import { foldAllReads } from '../../services/read-log.ts';
import { importTraining, parseTrainingCsv, recordTraining } from '../../services/training.ts';
import { userCall } from '../auth.ts';

const isoDate = z.iso.date().describe('YYYY-MM-DD');

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/training',
    {
      schema: {
        tags: ['training'],
        summary:
          'Latest training of every user, with expiry (training coordinators, supervisors, auditors, administrators)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                userId: z.string(),
                username: z.string(),
                role: z.string(),
                completedAt: z.string().nullable(),
                expiresAt: z.string().nullable(),
                current: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      return runAction(
        call,
        { action: 'training.list', permission: 'training.read', entityType: 'training' },
        async (trx, _a, now) => {
          const policy = await currentPolicy(trx);
          const rows = await trx
            .selectFrom('users')
            .leftJoin('training_records', 'training_records.user_id', 'users.id')
            .select(['users.id', 'users.username', 'users.role'])
            .select((eb) => eb.fn.max('training_records.completed_at').as('completed_at'))
            .groupBy(['users.id', 'users.username', 'users.role'])
            .orderBy('users.username')
            .execute();
          return {
            items: rows.map((r) => {
              const completed = r.completed_at ? new Date(r.completed_at as unknown as string) : null;
              const expires = completed
                ? new Date(completed.getTime() + policy.trainingValidityDays * 86_400_000)
                : null;
              return {
                userId: r.id,
                username: r.username,
                role: r.role,
                completedAt: completed?.toISOString() ?? null,
                expiresAt: expires?.toISOString() ?? null,
                current: expires !== null && now.getTime() < expires.getTime(),
              };
            }),
          };
        },
      );
    },
  );

  server.post(
    '/training',
    {
      schema: {
        tags: ['training'],
        summary: 'Record one completion of the annual training',
        body: z.object({
          userId: z.uuid(),
          course: z.string().min(1).max(200),
          completedOn: isoDate,
          certificateRef: z.string().max(100).nullish(),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const r = await recordTraining(userCall(req, ctx), {
        userId: req.body.userId,
        course: req.body.course,
        completedAt: new Date(`${req.body.completedOn}T00:00:00.000Z`),
        certificateRef: req.body.certificateRef ?? null,
      });
      return reply.status(201).send(r);
    },
  );

  server.post(
    '/training/import',
    {
      schema: {
        tags: ['training'],
        summary: 'Import a training CSV (username,course,completed_on[,certificate]); all or nothing',
        body: z.object({ csv: z.string().min(1).max(900_000) }),
        response: { 200: z.object({ imported: z.number(), rows: z.number() }) },
      },
    },
    async (req) => importTraining(userCall(req, ctx), await parseTrainingCsv(req.body.csv)),
  );

  const policyView = policySettingsInputSchema.extend({ version: z.number() });
  server.get(
    '/policy',
    {
      schema: {
        tags: ['policy'],
        summary: 'Current policy settings and earlier versions',
        response: {
          200: z.object({
            current: policyView,
            history: z.array(
              z.object({
                version: z.number(),
                note: z.string().nullable(),
                createdAt: z.string(),
                createdBy: z.string().nullable().describe('Username of the administrator who saved it'),
                settings: policyView,
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const rows = await policyHistory(userCall(req, ctx));
      const newest = rows[0]!; // migration 0002 guarantees version 1
      return {
        // Versions saved before a setting existed show its default (as currentPolicy applies it).
        current: { ...DEFAULT_POLICY, ...(newest.settings as PolicySettings), version: newest.version },
        history: rows.map((r) => ({
          version: r.version,
          note: r.note,
          createdAt: new Date(r.created_at).toISOString(),
          createdBy: r.created_by_username ?? null,
          settings: { ...DEFAULT_POLICY, ...(r.settings as PolicySettings), version: r.version },
        })),
      };
    },
  );

  server.put(
    '/policy',
    {
      schema: {
        tags: ['policy'],
        summary: 'Save new policy settings as the next version (administrators)',
        body: z.object({ settings: policySettingsInputSchema, note: z.string().max(500).nullish() }),
        response: { 200: policyView },
      },
    },
    async (req) => updatePolicy(userCall(req, ctx), req.body.settings, req.body.note ?? null),
  );

  const auditEntry = z.object({
    seq: z.number(),
    at: z.string(),
    actorUsername: z.string(),
    actorName: z
      .string()
      .nullable()
      .describe('The display name (null: the system, or a name no account has)'),
    actorRole: z.string().nullable(),
    action: z.string(),
    actionLabel: z.string().describe('The action in plain words'),
    summary: z.string().nullable().describe('What the answer or decision was, when the entry says'),
    outcome: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    caseId: z.string().nullable(),
    caseNumber: z.string().nullable(),
    officeId: z.string().nullable().describe("The case's office"),
    detail: z.record(z.string(), z.unknown()),
    requestId: z.string().nullable(),
    sourceIp: z.string().nullable(),
    hash: z.string(),
  });
  server.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail (auditors)',
        description:
          'Newest first, in keyset pages (beforeSeq: the smallest seq of the page before). A case number or office that is unknown, or outside your scope, gives no entries.',
        querystring: z.object({
          actor: z.string().max(63).optional().describe('The exact username written in the entry'),
          actorId: z.uuid().optional().describe("The user's id (people by display name: GET /users/names)"),
          action: z.string().max(80).optional(),
          caseId: z.uuid().optional(),
          caseNumber: z
            .string()
            .trim()
            .min(1)
            .max(40)
            .optional()
            .describe('The case number shown on the case page, e.g. RL-2026-000123'),
          officeId: z
            .string()
            .trim()
            .min(1)
            .max(40)
            .optional()
            .describe('Entries about cases of this office'),
          outcome: z.enum(['ok', 'denied', 'failed']).optional(),
          override: z
            .enum(['any', 'true', 'false', 'exigency'])
            .optional()
            .describe(
              'true: only approvals decided against the advice in force (overrides); false: only approvals that were not; exigency: only exigencies approved (reliance before the contest is over); any: both kinds of override',
            ),
          from: isoDate.optional().describe('Entries on or after this date (UTC)'),
          to: isoDate.optional().describe('Entries on or before this date (UTC)'),
          beforeSeq: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(auditEntry) }) },
      },
    },
    async (req) => searchAudit(userCall(req, ctx), req.query),
  );

  server.get(
    '/offices',
    {
      schema: {
        tags: ['reference'],
        summary: 'The offices, by code and name, to show offices by name (any signed-in user)',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async (req) => {
      userCall(req, ctx); // signed-in users only
      return { items: await listOffices(ctx) };
    },
  );

  server.post(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole audit chain and its signed checkpoints (auditors, administrators)',
        response: {
          200: z.object({
            ok: z.boolean(),
            entries: z.number(),
            headSeq: z.number().nullable(),
            checkpointsChecked: z.number(),
            firstBad: z.object({ seq: z.number().nullable(), problem: z.string() }).nullable(),
            problems: z.array(z.object({ seq: z.number().nullable(), problem: z.string() })),
            tail: z
              .object({
                checkpointSeq: z.number().nullable(),
                checkpointSignedAt: z.string().nullable(),
                missing: z.number(),
                unanchored: z.number(),
                pending: z.number(),
              })
              .describe(
                'The head against the latest signed checkpoint: entries it covers that are gone (missing), entries after it dated outside the checkpoint interval (unanchored), and entries after it still within the interval (pending).',
              ),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx);
      // The permission is checked first (a refusal is audited) without holding a transaction while the
      // chain is read; the result is then audited as the one entry of this request.
      await authorize(call, { action: 'audit.verify', permission: 'audit.verify', entityType: 'audit' });
      await foldAllReads(ctx);
      const report = await verifyAuditChain(ctx.db, ctx.signer, undefined, { now: ctx.clock() });
      await auditEvent(call, 'audit.verify', report.ok ? 'ok' : 'failed', {
        entityType: 'audit',
        detail: { ok: report.ok, entries: report.entries, firstBad: report.firstBad, tail: report.tail },
      });
      return report;
    },
  );
};
