/** Training registry, policy settings and the audit trail. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { DEFAULT_POLICY, policySettingsInputSchema } from '../../domain/policy-settings.ts';
import type { PolicySettings } from '../../domain/types.ts';
import { verifyAuditChain } from '../../services/audit.ts';
import { type AppContext, auditEvent, authorize, currentPolicy, runAction } from '../../services/context.ts';
import { policyHistory, updatePolicy } from '../../services/policy.ts';
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
    actorRole: z.string().nullable(),
    action: z.string(),
    outcome: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    caseId: z.string().nullable(),
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
        querystring: z.object({
          actor: z.string().max(63).optional(),
          action: z.string().max(80).optional(),
          caseId: z.uuid().optional(),
          outcome: z.enum(['ok', 'denied', 'failed']).optional(),
          override: z
            .enum(['true', 'false'])
            .optional()
            .describe(
              'true: only approvals decided against the advice in force (overrides); false: only approvals that were not',
            ),
          from: isoDate.optional().describe('Entries on or after this date (UTC)'),
          to: isoDate.optional().describe('Entries on or before this date (UTC)'),
          beforeSeq: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(auditEntry) }) },
      },
    },
    async (req) => {
      const q = req.query;
      await foldAllReads(ctx); // reads recorded since the last fold appear in the search (read-log.ts)
      const rows = await runAction(
        userCall(req, ctx),
        { action: 'audit.search', permission: 'audit.read', entityType: 'audit' },
        (trx, audit) => {
          audit.detail = { query: q };
          let query = trx.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
          if (q.actor) query = query.where('actor_username', '=', q.actor);
          if (q.action) query = query.where('action', '=', q.action);
          if (q.caseId) query = query.where('case_id', '=', q.caseId);
          if (q.outcome) query = query.where('outcome', '=', q.outcome);
          if (q.override === 'true')
            query = query
              .where('action', '=', 'approval.decide')
              .where(sql`detail->>'override'`, '=', 'true');
          if (q.override === 'false')
            query = query
              .where('action', '=', 'approval.decide')
              .where(sql`coalesce(detail->>'override', 'false')`, '=', 'false');
          if (q.from) query = query.where('at', '>=', new Date(`${q.from}T00:00:00.000Z`));
          if (q.to)
            query = query.where(
              'at',
              '<',
              new Date(new Date(`${q.to}T00:00:00.000Z`).getTime() + 86_400_000),
            );
          if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
          return query.execute();
        },
      );
      return {
        items: rows.map((r) => ({
          seq: Number(r.seq),
          at: new Date(r.at).toISOString(),
          actorUsername: r.actor_username,
          actorRole: r.actor_role,
          action: r.action,
          outcome: r.outcome,
          entityType: r.entity_type,
          entityId: r.entity_id,
          caseId: r.case_id,
          detail: r.detail,
          requestId: r.request_id,
          sourceIp: r.source_ip,
          hash: r.hash,
        })),
      };
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
