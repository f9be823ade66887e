/** The re-review queue (retrospective review of past cases) and the oversight report. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REREVIEW_OUTCOMES } from '../../domain/rereview.ts';
import type { AppContext } from '../../services/context.ts';
import { oversightReport } from '../../services/report/oversight.ts';
import { publishable, reportCsv, reportPdf } from '../../services/report/publish.ts';
import { listRereviewQueue } from '../../services/rereview/list.ts';
import { recordRereviewOutcome } from '../../services/rereview/outcome.ts';
import { releaseCase, takeNextCase } from '../../services/rereview/take.ts';
import { userCall } from '../auth.ts';

const idParams = z.object({ id: z.uuid() });

const queueItem = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  officeId: z.string(),
  caseStatus: z.string(),
  person: z.string(),
  tier: z.number().describe('The stored priority key: 1 comes first, 32 last (docs/rereview.md)'),
  since: z
    .string()
    .describe('The last retrospective review, or the opening of the case when it never had one'),
  state: z.string(),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assignedAt: z.string().nullable(),
  lastReviewedAt: z.string().nullable(),
  reasons: z.array(z.string()).describe('Why the case is where it is, most important first'),
});

const reportQuery = z.object({
  from: z.string().describe('First day of the period, YYYY-MM-DD'),
  to: z.string().describe('Last day of the period, YYYY-MM-DD'),
  office: z.string().min(1).max(50).optional(),
  country: z.string().min(1).max(10).optional(),
});

const countTable = z.object({
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  cells: z.array(z.array(z.number())),
});
const publishedTable = z.object({
  cells: z.array(z.array(z.number().nullable())),
  rowTotals: z.array(z.number().nullable()),
  colTotals: z.array(z.number().nullable()),
  total: z.number().nullable(),
});
const timeStat = z.object({
  group: z.string(),
  n: z.number(),
  medianHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
});

const filename = (q: { from: string; to: string }, ext: string) =>
  `oversight-report-${q.from.replace(/[^0-9-]/g, '')}-${q.to.replace(/[^0-9-]/g, '')}.${ext}`;

export const rereviewRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/rereview/queue',
    {
      schema: {
        tags: ['rereview'],
        summary:
          'The re-review queue from the top (keyset pages), with why each case is where it is, and the cases you have taken',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(500).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(queueItem),
            next: z.string().nullable(),
            pending: z.number(),
            mine: z.array(queueItem),
          }),
        },
      },
    },
    async (req) => listRereviewQueue(userCall(req, ctx), req.query),
  );

  server.post(
    '/rereview/next',
    {
      schema: {
        tags: ['rereview'],
        summary:
          'Take the next case from the top of the queue (assigned to you; two reviewers never get the same case)',
        response: { 200: z.object({ taken: queueItem.nullable() }) },
      },
    },
    async (req) => takeNextCase(userCall(req, ctx)),
  );

  server.post(
    '/rereview/cases/:id/release',
    {
      schema: {
        tags: ['rereview'],
        summary: 'Give a case you took back to the queue',
        params: idParams,
        response: { 200: z.object({ caseId: z.string(), state: z.literal('pending') }) },
      },
    },
    async (req) => releaseCase(userCall(req, ctx), req.params.id),
  );

  server.post(
    '/rereview/cases/:id/outcome',
    {
      schema: {
        tags: ['rereview'],
        summary: 'Record the outcome of the retrospective review of a case you took, with its reasons',
        description:
          "authorization_withdrawn withdraws every standing authorization of the case (supervisors only) and is refused (409 no_authorization) when there is none. referral_counsel and referral_oversight raise a task for the attorneys of the case's office or for oversight (auditors), due within the policy's referralDueDays.",
        params: idParams,
        body: z.object({ outcome: z.enum(REREVIEW_OUTCOMES), reasons: z.string().trim().min(1).max(10_000) }),
        response: {
          200: z.object({
            id: z.string(),
            caseId: z.string(),
            outcome: z.enum(REREVIEW_OUTCOMES),
            withdrawnAuthorizations: z.array(z.string()),
            task: z
              .object({ id: z.string(), kind: z.string(), forRole: z.string(), dueAt: z.string() })
              .nullable()
              .describe('The task a referral raised, or null'),
          }),
        },
      },
    },
    async (req) => recordRereviewOutcome(userCall(req, ctx), req.params.id, req.body),
  );

  server.get(
    '/reports/oversight',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The oversight report for a period (counts for readers inside the agency, and the published form)',
        querystring: reportQuery,
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            officeId: z.string().nullable(),
            country: z.string().nullable(),
            generatedAt: z.string(),
            tables: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                counts: z.string(),
                rowLabel: z.string(),
                colLabel: z.string(),
                table: countTable,
                published: publishedTable.describe(
                  'The same table as the PDF and CSV publish it (null = withheld)',
                ),
              }),
            ),
            timeToAuthorization: z.array(timeStat),
            publishedTimeToAuthorization: z.array(timeStat),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const report = await oversightReport(
        userCall(req, ctx),
        { from: q.from, to: q.to, officeId: q.office, country: q.country },
        'json',
      );
      const p = publishable(report);
      return {
        ...report,
        tables: p.tables.map((t) => ({
          id: t.id,
          title: t.title,
          counts: t.counts,
          rowLabel: t.rowLabel,
          colLabel: t.colLabel,
          table: t.table,
          published: {
            cells: t.published.cells,
            rowTotals: t.published.rowTotals,
            colTotals: t.published.colTotals,
            total: t.published.total,
          },
        })),
        publishedTimeToAuthorization: p.timeToAuthorization,
      };
    },
  );

  server.get(
    '/reports/oversight.csv',
    {
      schema: {
        tags: ['reports'],
        summary: 'The publishable oversight report as CSV (small counts withheld)',
        querystring: reportQuery,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const report = await oversightReport(
        userCall(req, ctx),
        { from: q.from, to: q.to, officeId: q.office, country: q.country },
        'csv',
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename(q, 'csv')}"`)
        .send(reportCsv(report));
    },
  );

  server.get(
    '/reports/oversight.pdf',
    {
      schema: {
        tags: ['reports'],
        summary: 'The publishable oversight report as PDF (small counts withheld)',
        querystring: reportQuery,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const report = await oversightReport(
        userCall(req, ctx),
        { from: q.from, to: q.to, officeId: q.office, country: q.country },
        'pdf',
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${filename(q, 'pdf')}"`)
        .send(await reportPdf(report));
    },
  );
};
