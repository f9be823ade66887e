/** Read endpoints for the web UI: persons, notices, queues, case history, dashboard, display names. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GATE_IDS } from '../../domain/types.ts';
import { INTERPOL_REF } from '../../services/case/fields.ts';
import type { AppContext } from '../../services/context.ts';
import { EXIGENCY_PAGE_MAX, listExigencies } from '../../services/exigency/oversight.ts';
import { recordPersonLanguages } from '../../services/person/languages.ts';
import {
  caseHistory,
  dashboard,
  findNotices,
  getLiaisonRequest,
  getNotice,
  getPerson,
  listQueues,
  listUserNames,
  QUEUE_IDS,
} from '../../services/queries.ts';
import { ATTORNEY_LISTS, attorneyQueue } from '../../services/queues/attorney.ts';
import { whoMayDoWhat } from '../../services/rules-table.ts';
import { userCall } from '../auth.ts';

const exigencyItem = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  officeId: z.string(),
  action: z.string(),
  reason: z.string(),
  status: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
const exigencyPageSchema = z.object({
  items: z.array(exigencyItem).describe('Newest first.'),
  nextCursor: z
    .string()
    .nullable()
    .describe('Give as `after` to GET /exigencies for the next page; null on the last page.'),
});
const exigencyOversightSchema = exigencyPageSchema
  .extend({
    byOffice: z.array(
      z.object({ officeId: z.string(), requested: z.number(), approved: z.number(), refused: z.number() }),
    ),
  })
  .describe(
    'Exigencies per office and the first page of their list: reliance on a notice before the contest was over.',
  );

const idParams = z.object({ id: z.uuid() });
const caseRef = z.object({
  id: z.string(),
  caseNumber: z.string(),
  status: z.string(),
  officeId: z.string(),
});

export const personSchema = z.object({
  id: z.string(),
  familyName: z.string(),
  givenNames: z.string().nullable(),
  aliases: z.array(z.string()),
  datesOfBirth: z.array(z.string()),
  sex: z.string().nullable(),
  placeOfBirth: z.string().nullable(),
  nationalities: z.array(z.string()),
  aNumber: z.string().nullable(),
  languages: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  cases: z.array(caseRef).describe('Cases of this person you may see'),
});

export const noticeSchema = z.object({
  id: z.string(),
  type: z.string(),
  interpolRef: z.string(),
  issuingCountry: z.string(),
  requestingAuthority: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  purpose: z.string().nullable(),
  status: z.string(),
  statusUpdatedAt: z.string().nullable(),
  summaryOfFacts: z.string().nullable(),
  personId: z.string().nullable(),
  subject: z
    .object({
      familyName: z.string(),
      givenNames: z.string().nullable(),
      aliases: z.array(z.string()),
      datesOfBirth: z.array(z.string()),
      sex: z.string().nullable(),
      placeOfBirth: z.string().nullable(),
      nationalities: z.array(z.string()),
    })
    .nullable()
    .describe('The person the notice was recorded on, as recorded'),
  warrants: z.array(
    z.object({
      kind: z.string(),
      charge: z.string(),
      chargeTranslation: z.string().nullable(),
      lawCited: z.string().nullable(),
      issuingCountry: z.string().nullable(),
      issuedOn: z.string().nullable(),
    }),
  ),
  statusChanges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      effectiveAt: z.string(),
      usncbReference: z.string().nullable(),
      note: z.string().nullable(),
      recordedAt: z.string(),
      source: z
        .string()
        .describe(
          'Who reported the change: interpol_washington, interpol_washington_feed, validity_confirmation (an answer to a request) or ccf (a CCF finding confirmed by an attorney)',
        ),
      recordedByName: z.string().nullable().describe('The display name of the user who recorded it'),
    }),
  ),
  cases: z.array(caseRef).describe('The cases that rely on the notice, of the offices you may see'),
});

const queueItem = z.object({
  id: z.string().describe('The item: a case, request, disclosure, contest, task or user id'),
  kind: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  title: z.string().describe('The person concerned (or the user, for training items)'),
  detail: z.string().describe('What is waiting, in plain language'),
  status: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
});

const liaisonRequestSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  caseStatus: z.string(),
  officeId: z.string(),
  notice: z
    .object({
      id: z.string(),
      interpolRef: z.string(),
      type: z.string(),
      status: z.string(),
      expiresOn: z.string().nullable(),
    })
    .nullable(),
  details: z.string().nullable(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  followUps: z.array(z.object({ at: z.string(), note: z.string() })),
  cancelledReason: z.string().nullable(),
  responses: z.array(
    z.object({
      id: z.string(),
      respondedAt: z.string(),
      respondedBy: z.string(),
      outOfBand: z.boolean(),
      usncbReference: z.string().nullable(),
      outcome: z.string(),
      notes: z.string().nullable(),
      scope: z.string().nullable(),
      conditions: z.string().nullable(),
      validUntil: z.string().nullable(),
      disclosureRestrictions: z.string().nullable(),
      documents: z.array(
        z.object({ id: z.string(), title: z.string(), kind: z.string(), language: z.string().nullable() }),
      ),
      missingItems: z
        .array(z.object({ item: z.string(), reason: z.string() }))
        .describe("Documentation items not provided, with INTERPOL Washington's reason"),
      disclosureInFull: z
        .boolean()
        .nullable()
        .describe('Use authorization condition: the documentation must be disclosed in full'),
      scopePurposes: z
        .array(z.string())
        .nullable()
        .describe('Use authorization: the case purposes it covers'),
    }),
  ),
  confirmations: z
    .array(
      z.object({
        result: z.string(),
        expiresOn: z.string().nullable(),
        method: z.string(),
        confirmedAt: z.string(),
      }),
    )
    .describe('Validity confirmations recorded from the answers'),
});

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A case's history in plain language (also part of GET /cases/:id?include=history). */
export const historyResponse = z.object({
  items: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      actorId: z.string().nullable(),
      actorName: z.string(),
      actorRole: z.string().nullable(),
      action: z.string(),
      outcome: z.string(),
      summary: z.string(),
      reasons: z.array(z.string()),
      count: z.number().describe('How many repeated entries this line stands for (1 when alone)'),
      lastAt: z.string().nullable().describe('When the last repeated entry happened (null when alone)'),
    }),
  ),
});

export const queryRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: 'Read a person (audited; visible when one of their cases is in your office)',
        params: idParams,
        response: { 200: personSchema },
      },
    },
    async (req) => getPerson(userCall(req, ctx), req.params.id),
  );

  server.put(
    '/persons/:id/languages',
    {
      schema: {
        tags: ['persons'],
        summary:
          'Record the languages the person reads (officers and supervisors of an office with their case)',
        description:
          'Documents count as served only in one of these languages or through an interpreter. The audit entry keeps the list before and after.',
        params: idParams,
        body: z.object({
          languages: z
            .array(z.string().max(50))
            .min(1)
            .max(20)
            .describe(
              'The languages the person reads, the one they read best first (ISO 639-1 codes or names).',
            ),
          source: z
            .string()
            .min(1)
            .max(1000)
            .describe('Who gave the information, for example the person at the interview, or counsel.'),
        }),
        response: { 200: z.object({ id: z.string(), languages: z.array(z.string()) }) },
      },
    },
    async (req) => recordPersonLanguages(userCall(req, ctx), req.params.id, req.body),
  );

  server.get(
    '/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: 'Read a notice with its warrants and status history (audited; office scoped)',
        params: idParams,
        response: { 200: noticeSchema },
      },
    },
    async (req) => getNotice(userCall(req, ctx), req.params.id),
  );

  server.get(
    '/notices',
    {
      schema: {
        tags: ['notices'],
        summary: 'Find notices by INTERPOL reference (audited; notices of other offices are left out)',
        querystring: z.object({
          reference: z.string().regex(INTERPOL_REF, 'An INTERPOL reference looks like 2023/12345.'),
        }),
        response: { 200: z.object({ items: z.array(noticeSchema) }) },
      },
    },
    async (req) => ({ items: await findNotices(userCall(req, ctx), req.query.reference) }),
  );

  server.get(
    '/queues',
    {
      schema: {
        tags: ['queues'],
        summary: 'Your work queues, by role; each with its total count and one page of items',
        description:
          'Queues: my_cases, awaiting_my_approval (supervisors; never cases you opened or are assigned to), liaison_requests (pending, with the due date set by the policy deadline), disclosures_due, contest_windows, re_review_tasks, trainings_expiring (training coordinators). `count` is the total after filtering; `items` is the page.',
        querystring: z.object({
          queue: z.enum(QUEUE_IDS).optional(),
          status: z.enum(['open', 'authorized', 'closed']).optional().describe('Filter my_cases by state'),
          overdue: bool.optional(),
          caseNumber: z
            .string()
            .regex(/^RL-\d{4}-\d{6}$/, 'A case number looks like RL-2026-000001.')
            .optional(),
          sort: z.enum(['due', 'created', 'case_number']).default('due'),
          order: z.enum(['asc', 'desc']).default('asc'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: {
          200: z.object({
            queues: z.array(
              z.object({
                id: z.enum(QUEUE_IDS),
                label: z.string(),
                count: z.number(),
                items: z.array(queueItem),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ queues: await listQueues(userCall(req, ctx), req.query) }),
  );

  server.get(
    '/who-may-do-what',
    {
      schema: {
        tags: ['rules'],
        summary:
          'Who may do what: the roles allowed each action, and the duties one person may not combine on a case',
        description:
          'Any signed-in user. The permission table and the separation-of-duties table of domain/permissions.ts, with plain descriptions.',
        response: {
          200: z.object({
            separation: z.array(
              z.object({
                rule: z.string(),
                duties: z.tuple([z.string(), z.string()]),
                clauses: z.array(z.string()),
                reason: z.string(),
                summary: z.string(),
              }),
            ),
            permissions: z.array(
              z.object({
                action: z.string(),
                describe: z.string(),
                roles: z.array(z.string()),
                training: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      userCall(req, ctx); // signed-in users only
      return whoMayDoWhat();
    },
  );

  server.get(
    '/attorney-queue',
    {
      schema: {
        tags: ['queues'],
        summary:
          "The attorney's work: legal reviews to do, contests to decide, documentation sign-offs to do",
        description:
          'Attorneys only. Without `list`, the first page of each list; with `list`, one page of that list from `after` (the `next` cursor of the previous page). Oldest first. Work the attorney may not do under the separation-of-duties table is left out.',
        querystring: z.object({
          list: z.enum(ATTORNEY_LISTS).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(10),
          after: z.string().max(200).optional().describe('The `next` cursor of the previous page'),
        }),
        response: {
          200: z.object({
            lists: z.array(
              z.object({
                list: z.enum(ATTORNEY_LISTS),
                label: z.string(),
                items: z.array(
                  z.object({
                    id: z.string().describe('The case, or the contest for the list `contests`'),
                    caseId: z.string(),
                    caseNumber: z.string(),
                    title: z.string().describe('The person concerned'),
                    detail: z.string().describe('What waits, in plain language'),
                    waitingSince: z.string(),
                  }),
                ),
                next: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ lists: await attorneyQueue(userCall(req, ctx), req.query) }),
  );

  server.get(
    '/liaison-requests/:id',
    {
      schema: {
        tags: ['liaison'],
        summary: 'Read a request to INTERPOL Washington with its answers (audited; office scoped)',
        params: idParams,
        response: { 200: liaisonRequestSchema },
      },
    },
    async (req) => getLiaisonRequest(userCall(req, ctx), req.params.id),
  );

  server.get(
    '/cases/:id/history',
    {
      schema: {
        tags: ['cases'],
        summary: "The case's audit trail in plain language: who (name and role), what, when, and reasons",
        params: idParams,
        querystring: z.object({ includeReads: bool.optional() }),
        response: {
          200: historyResponse,
        },
      },
    },
    async (req) => ({
      items: await caseHistory(userCall(req, ctx), req.params.id, { includeReads: req.query.includeReads }),
    }),
  );

  server.get(
    '/exigencies',
    {
      schema: {
        tags: ['oversight'],
        summary:
          "Further pages of the dashboard's list of exigencies (same readers and scope as the dashboard)",
        querystring: z.object({
          after: z.string().max(100).optional().describe('The nextCursor of the previous page.'),
          limit: z.coerce.number().int().min(1).max(EXIGENCY_PAGE_MAX).optional(),
        }),
        response: { 200: exigencyPageSchema },
      },
    },
    async (req) => listExigencies(userCall(req, ctx), { after: req.query.after, limit: req.query.limit }),
  );

  server.get(
    '/dashboard',
    {
      schema: {
        tags: ['oversight'],
        summary: 'Oversight dashboard (supervisors: own office; auditors: every office)',
        response: {
          200: z.object({
            generatedAt: z.string(),
            scope: z.string(),
            casesByStateAndOffice: z.array(
              z.object({ officeId: z.string(), status: z.string(), count: z.number() }),
            ),
            blockingGates: z.array(
              z.object({ gate: z.enum(GATE_IDS), title: z.string(), count: z.number() }),
            ),
            openCasesEvaluated: z.number(),
            indicatorsByCountry: z.array(
              z.object({ country: z.string(), indicatorId: z.string(), present: z.number() }),
            ),
            timeToAuthorization: z.object({
              cases: z.number(),
              medianHours: z.number().nullable(),
              p90Hours: z.number().nullable(),
            }),
            contests: z.object({
              filed: z.number(),
              undecided: z.number(),
              outcomes: z.array(z.object({ decision: z.string(), count: z.number() })),
            }),
            // --- exigencies (reliance before the contest is over): own block ---
            exigencies: exigencyOversightSchema,
            // --- end exigencies ---
            overrides: z
              .object({
                byOffice: z.array(z.object({ officeId: z.string(), count: z.number() })),
                items: z.array(
                  z.object({
                    approvalId: z.string(),
                    caseId: z.string(),
                    caseNumber: z.string(),
                    officeId: z.string(),
                    approverId: z.string(),
                    approverName: z.string(),
                    decidedAt: z.string(),
                    indicators: z.array(z.object({ id: z.string(), title: z.string() })),
                    legalConclusion: z.string().nullable(),
                    legalConclusionLabel: z.string().nullable(),
                    reason: z.string(),
                    voided: z.boolean(),
                  }),
                ),
              })
              .describe('Approvals against the advice in force, per office and as a list (newest first)'),
          }),
        },
      },
    },
    async (req) => dashboard(userCall(req, ctx)),
  );

  server.get(
    '/users/names',
    {
      schema: {
        tags: ['users'],
        summary: 'Display names and roles of every account, to show people by name (any signed-in user)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                username: z.string(),
                displayName: z.string(),
                role: z.string(),
                roleLabel: z.string(),
                officeId: z.string().nullable(),
                disabled: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await listUserNames(userCall(req, ctx)) }),
  );
};
