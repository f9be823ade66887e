import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  APPROVAL_DECISIONS,
  CASE_PURPOSES,
  CONTEST_DECISIONS,
  CUSTODY_STATUSES,
  EVIDENCE_SOURCE_TYPES,
  INDICATOR_DISPOSITIONS,
  LIAISON_REQUEST_KINDS,
  NOTICE_PURPOSES,
  NOTICE_STATUSES,
  NOTICE_TYPES,
} from '../../domain/types.ts';
import { decideApproval } from '../../services/approval/decide.ts';
import { authorizeCase } from '../../services/authorization/authorize.ts';
import { A_NUMBER, INTERPOL_REF, isCountryCode, isIsoDate } from '../../services/case/fields.ts';
import { CASE_LIST_SORTS, listCasesPage } from '../../services/case/list.ts';
import { openCase } from '../../services/case/open.ts';
import { getCase } from '../../services/case/read.ts';
import { updateCaseFacts } from '../../services/case/update.ts';
import { type CasePagePart, getCasePage } from '../../services/case-page.ts';
import { decideContest } from '../../services/contest/decide.ts';
import { recordContest } from '../../services/contest/record.ts';
import type { AppContext } from '../../services/context.ts';
import { recordDisclosure } from '../../services/disclosure/record.ts';
import { requestLiaison } from '../../services/liaison/request.ts';
import { respondLiaison } from '../../services/liaison/respond.ts';
import { recordNoticeStatus } from '../../services/notice/record-status.ts';
import { evaluateCaseNamed } from '../../services/queries.ts';
import { dismissWording } from '../../services/review/dismiss-wording.ts';
import { recordReview } from '../../services/review/record.ts';
import { userCall } from '../auth.ts';
import { historyResponse } from './queries.ts';
import { factsResponse } from './screening.ts';

const id = z.uuid();
const idParams = z.object({ id });
const date = z.string().refine(isIsoDate, 'Enter a real date as YYYY-MM-DD.');
const country = z.string().refine(isCountryCode, 'Use an ISO 3166 alpha-2 country code, e.g. FR.');
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const text = (max: number) => z.string().max(max);

const warrant = z.object({
  kind: z.enum(['arrest_warrant', 'judgment']),
  charge: z.string().min(1).max(500),
  chargeTranslation: text(500).nullish(),
  lawCited: text(500).nullish(),
  maxPenaltyMonths: z.int().min(0).max(2000).nullish(),
  sentenceMonths: z.int().min(0).max(2000).nullish(),
  remainingMonths: z.int().min(0).max(2000).nullish(),
  inAbsentia: z.boolean().nullish(),
  issuingCourt: text(300).nullish(),
  issuedOn: date.nullish(),
  issuingCountry: country.nullish(),
});

const independentBasis = z.object({
  summary: text(10_000),
  evidence: z
    .array(
      z.object({
        description: z.string().min(1).max(2000),
        sourceType: z.enum(EVIDENCE_SOURCE_TYPES),
        source: text(300),
        reference: text(300).nullish(),
        obtainedOn: date.nullish(),
      }),
    )
    .max(100),
});

const person = z.object({
  familyName: z.string().min(1).max(200),
  givenNames: text(200).nullish(),
  aliases: z.array(text(200)).max(50).optional(),
  datesOfBirth: z.array(date).max(10).optional(),
  sex: text(20).nullish(),
  placeOfBirth: text(200).nullish(),
  nationalities: z.array(country).max(10).optional(),
  aNumber: z.string().regex(A_NUMBER, 'An A-number is 8 or 9 digits, optionally after A.').nullish(),
  languages: z.array(text(50)).max(20).optional(),
  protectionStatus: z
    .object({
      status: z
        .enum(['none', 'asylum_pending', 'refugee', 'asylee', 'withholding', 'cat', 'naturalised'])
        .nullish(),
      asylumClaimedOn: date.nullish(),
      grantingCountry: country.nullish(),
      inRespectOfCountry: country.nullish(),
      grantedOn: date.nullish(),
      note: text(2000).nullish(),
    })
    .nullish()
    .describe('Asylum claimed or protection granted, as known at intake (used by screening)'),
});

const notice = z.object({
  type: z.enum(NOTICE_TYPES),
  interpolRef: z.string().regex(INTERPOL_REF, 'An INTERPOL reference looks like 2024/123456.'),
  issuingCountry: country,
  requestingAuthority: text(300).nullish(),
  issuedOn: date.nullish(),
  expiresOn: date.nullish(),
  purpose: z.enum(NOTICE_PURPOSES).nullish(),
  summaryOfFacts: text(20_000).nullish(),
  warrants: z.array(warrant).max(50).optional(),
});

const caseWrite = { tags: ['cases'] };

// Response schemas. Instants are ISO 8601 strings on the wire (services return Date objects, which
// serialise as such). Case views are loose objects: fields added later pass through unchanged.
const instantOut = z.any().describe('ISO 8601 instant');
const openedCase = z.object({
  id: z.string(),
  caseNumber: z.string(),
  personId: z.string(),
  noticeId: z.string(),
});
const caseSummary = z.object({
  id: z.string(),
  caseNumber: z.string(),
  purpose: z.string(),
  status: z.string(),
  officeId: z.string(),
  assignedOfficerId: z.string(),
  custodyStatus: z.string(),
  createdAt: z.string(),
  personName: z.string().describe("The person's name as recorded: family name, given names"),
});
const gateResult = z.object({
  gate: z.string(),
  title: z.string(),
  status: z.enum(['met', 'unmet', 'not_applicable']),
  clauses: z.array(z.string()),
  reason: z.string(),
  nextStep: z.string(),
  facts: z.record(z.string(), z.unknown()),
});
const personName = z.object({ displayName: z.string(), role: z.string(), roleLabel: z.string() });
const gateEvaluation = z.object({
  caseId: z.string(),
  purpose: z.string(),
  evaluatedAt: z.string(),
  policyVersion: z.number(),
  caseVersionHash: z.string(),
  gates: z.array(gateResult),
  allMet: z.boolean(),
  blocking: z.array(z.string()),
});
const caseView = z.looseObject({
  id: z.string(),
  caseNumber: z.string(),
  purpose: z.string(),
  status: z.string(),
  officeId: z.string(),
  personId: z.string(),
  requesterId: z.string(),
  assignedOfficerId: z.string(),
  independentBasis: z.unknown(),
  narrative: z.string(),
  notices: z.array(z.looseObject({ id: z.string(), interpolRef: z.string(), status: z.string() })),
  validityConfirmations: z.array(z.looseObject({ id: z.string() })),
  review: z.looseObject({ id: z.string(), status: z.string() }).nullable(),
  liaisonRequests: z.array(z.looseObject({ id: z.string(), kind: z.string(), status: z.string() })),
  documents: z.array(z.looseObject({ id: z.string() })),
  disclosures: z.array(z.looseObject({ id: z.string() })),
  contests: z.array(z.looseObject({ id: z.string() })),
  approvals: z.array(z.looseObject({ id: z.string(), decision: z.string() })),
  texts: z.array(z.object({ field: z.string(), text: z.string() })),
  wordingDismissals: z.array(z.looseObject({ fingerprint: z.string() })),
  people: z
    .record(z.string(), personName)
    .optional()
    .describe('Display name and role of every user id on the case (always present)'),
  custodyStatus: z.string(),
  inProceedings: z.boolean(),
  encounterAt: z.string().nullable(),
  encounterLocation: z.string().nullable(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const affectedCase = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  withdrawnAuthorizations: z.array(z.string()),
  taskId: z.string(),
  priority: z.number(),
  dueAt: z.string().describe('When the re-review task is due'),
});
const idOnly = z.object({ id: z.string() });

export const caseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.post(
    '/cases',
    {
      schema: {
        ...caseWrite,
        summary: 'Open a case on a person who is the subject of a Red Notice or diffusion',
        body: z.object({
          purpose: z.enum(CASE_PURPOSES),
          person: person.optional(),
          personId: id.optional(),
          notice: notice.optional(),
          noticeId: id.optional(),
          assignedOfficerId: id.optional(),
          independentBasis: independentBasis.optional(),
          narrative: text(20_000).optional(),
          custodyStatus: z.enum(CUSTODY_STATUSES).optional(),
          inProceedings: z.boolean().optional(),
          encounterAt: instant.nullish(),
          encounterLocation: text(300).nullish(),
        }),
        response: { 201: openedCase },
      },
    },
    async (req, reply) => reply.status(201).send(await openCase(userCall(req, ctx), req.body)),
  );

  server.get(
    '/cases',
    {
      schema: {
        ...caseWrite,
        summary:
          'List cases of your office (every office for liaison and auditors): filtered, sorted and paged',
        querystring: z.object({
          q: z
            .string()
            .max(200)
            .optional()
            .describe(
              "Find cases by the person's name or alias (any script or transliteration: Mukhammad, Muhammad and Мухаммад find each other), A-number, notice reference or case number; every word must match",
            ),
          status: z.enum(['open', 'authorized', 'closed']).optional(),
          purpose: z.enum(CASE_PURPOSES).optional(),
          sort: z.enum(CASE_LIST_SORTS).optional(),
          order: z.enum(['asc', 'desc']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(caseSummary),
            total: z.number().describe('Every case that matches the filters, across all pages'),
          }),
        },
      },
    },
    async (req) => listCasesPage(userCall(req, ctx), req.query),
  );

  server.get(
    '/cases/:id',
    {
      schema: {
        ...caseWrite,
        summary:
          'Read a case (audited); `include` adds its gates, history and screening facts in the same read',
        description:
          'With `include=gates,history,facts` the answer carries what GET /cases/:id/gates, …/history and …/facts would, read in one transaction and audited as one case.read: what the case page needs on its first load.',
        params: idParams,
        querystring: z.object({
          include: z
            .string()
            .regex(
              /^(gates|history|facts)(,(gates|history|facts))*$/,
              'List any of gates, history and facts, separated by commas.',
            )
            .optional(),
        }),
        response: {
          200: caseView.extend({
            gates: gateEvaluation.extend({ people: z.record(z.string(), personName) }).optional(),
            history: historyResponse.optional(),
            facts: factsResponse.optional(),
          }),
        },
      },
    },
    // The service's interfaces have no index signature; the loose schema still checks the value.
    async (req) =>
      (req.query.include
        ? await getCasePage(userCall(req, ctx), req.params.id, req.query.include.split(',') as CasePagePart[])
        : await getCase(userCall(req, ctx), req.params.id)) as unknown as z.infer<typeof caseView>,
  );

  server.get(
    '/cases/:id/gates',
    {
      schema: {
        ...caseWrite,
        summary: 'Evaluate the gates of a case now (people named by display name and role)',
        params: idParams,
        response: { 200: gateEvaluation.extend({ people: z.record(z.string(), personName) }) },
      },
    },
    async (req) => evaluateCaseNamed(userCall(req, ctx), req.params.id),
  );

  server.patch(
    '/cases/:id',
    {
      schema: {
        ...caseWrite,
        summary: 'Change the facts of a case (a material change voids approvals and authorizations)',
        params: idParams,
        body: z.object({
          purpose: z.enum(CASE_PURPOSES).optional(),
          narrative: text(20_000).optional(),
          independentBasis: independentBasis.optional(),
          custodyStatus: z.enum(CUSTODY_STATUSES).optional(),
          inProceedings: z.boolean().optional(),
          notice: z
            .object({
              noticeId: id,
              warrants: z.array(warrant).max(50).optional(),
              summaryOfFacts: text(20_000).nullish(),
              purpose: z.enum(NOTICE_PURPOSES).nullish(),
              expiresOn: date.nullish(),
            })
            .optional(),
        }),
        response: {
          200: z.object({
            changed: z.boolean(),
            changes: z.array(z.string()),
            voidedApprovals: z.array(z.string()),
            withdrawnAuthorizations: z.array(z.string()),
            revision: z.number(),
          }),
        },
      },
    },
    async (req) => updateCaseFacts(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/cases/:id/liaison-requests',
    {
      schema: {
        tags: ['liaison'],
        summary: 'Send a request to INTERPOL Washington',
        params: idParams,
        body: z.object({
          kind: z.enum(LIAISON_REQUEST_KINDS),
          noticeId: id.nullish(),
          details: text(5000).nullish(),
        }),
        response: { 201: z.object({ id: z.string(), dueAt: instantOut }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestLiaison(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/liaison-requests/:id/response',
    {
      schema: {
        tags: ['liaison'],
        summary: "Record INTERPOL Washington's answer (liaison, or out of band with its reference)",
        params: idParams,
        body: z.object({
          outOfBand: z.boolean().optional(),
          usncbReference: text(100).nullish(),
          outcome: text(50).optional(),
          notes: text(5000).nullish(),
          result: z.enum(NOTICE_STATUSES).optional(),
          expiresOn: date.nullish(),
          method: text(100).optional(),
          documents: z
            .array(
              z.object({
                title: z.string().min(1).max(300),
                kind: z.string().min(1).max(100),
                language: text(20).nullish(),
              }),
            )
            .max(50)
            .optional(),
          disclosureRestrictions: text(5000).nullish(),
          scope: text(2000).nullish(),
          conditions: text(5000).nullish(),
          validUntil: date.nullish(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            validityConfirmationId: z.string().nullable(),
            documentIds: z.array(z.string()),
            affectedCases: z.array(affectedCase),
          }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await respondLiaison(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/review',
    {
      schema: {
        tags: ['review'],
        summary:
          'Start the preliminary review from the latest stored screening, record dispositions, or complete it',
        params: idParams,
        body: z.object({
          start: z.boolean().optional(),
          dispositions: z
            .array(
              z.object({
                indicatorId: z.string().min(1).max(100),
                disposition: z.enum(INDICATOR_DISPOSITIONS),
                explanation: text(5000).nullish(),
                evidence: text(5000).nullish(),
                reason: text(5000).nullish(),
              }),
            )
            .max(200)
            .optional(),
          complete: z.boolean().optional(),
          summary: text(10_000).nullish(),
        }),
        response: {
          200: z.object({
            id: z.string(),
            status: z.enum(['in_progress', 'complete']),
            screeningId: z.string().nullable(),
            rulesetVersion: z.string().nullable(),
            reviewerId: z.string(),
            indicators: z.array(
              z.object({
                indicatorId: z.string(),
                title: z.string().optional(),
                citation: z.string().optional(),
                strength: z.enum(['strong', 'contextual', 'validity']),
                outcome: z.enum(['present', 'absent', 'undetermined']),
                disposition: z.enum(INDICATOR_DISPOSITIONS).nullable(),
                note: z.string().nullable(),
                evidence: z.string().nullish(),
                decidedBy: z.string().nullish(),
                decidedAt: z.string().nullish(),
              }),
            ),
            recommendation: z.object({
              code: z.enum(['do_not_act_refer_legal_review', 'none']),
              text: z.string(),
              confirmedStrong: z.array(z.string()),
            }),
          }),
        },
      },
    },
    async (req) => recordReview(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/cases/:id/approvals',
    {
      schema: {
        tags: ['approval'],
        summary: 'Approve, deny or return a case (a supervisor other than the requester)',
        params: idParams,
        body: z.object({
          decision: z.enum(APPROVAL_DECISIONS),
          rationale: z.string().min(1).max(10_000),
          acknowledgements: z
            .array(
              z.object({
                indicatorId: z.string().min(1).max(100),
                justification: z.string().min(1).max(5000),
              }),
            )
            .max(200)
            .optional(),
        }),
        response: { 201: z.object({ id: z.string(), caseVersionHash: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await decideApproval(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/wording-dismissals',
    {
      schema: {
        tags: ['review'],
        summary: 'Dismiss a wording finding with a reason (a supervisor)',
        description:
          'The finding is named by its fingerprint (from the G-LANGUAGE gate facts). A dismissed finding no longer keeps G-LANGUAGE unmet; the dismissal, its reason and its author are kept with the case.',
        params: idParams,
        body: z.object({
          fingerprint: z.string().min(1).max(200),
          reason: z.string().min(1).max(5000),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await dismissWording(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/disclosures',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Record service of the documentation on the person',
        params: idParams,
        body: z.object({
          servedAt: instant,
          method: z.string().min(1).max(100),
          recipient: z.string().min(1).max(300),
          language: z.string().min(1).max(20),
          documentIds: z.array(id).max(100).optional(),
          restricted: z.boolean().optional(),
          restrictionNote: text(5000).nullish(),
        }),
        response: { 201: z.object({ id: z.string(), contestDeadline: instantOut }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordDisclosure(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/contests',
    {
      schema: {
        tags: ['disclosure'],
        summary: "Record the person's contest",
        params: idParams,
        body: z.object({
          filedBy: z.string().min(1).max(300),
          grounds: z.string().min(1).max(20_000),
          filedAt: instant.optional(),
          disclosureId: id.nullish(),
          ccfApplication: text(300).nullish(),
        }),
        response: { 201: idOnly },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordContest(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/contests/:id/decision',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Decide a contest (an attorney independent of the case)',
        params: idParams,
        body: z.object({ decision: z.enum(CONTEST_DECISIONS), rationale: z.string().min(1).max(10_000) }),
        response: { 200: idOnly },
      },
    },
    async (req) => decideContest(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/cases/:id/authorizations',
    {
      schema: {
        tags: ['authorization'],
        summary: 'Authorize the case: refused with the gates unless every gate is met',
        params: idParams,
        response: { 201: z.object({ id: z.string(), evaluation: gateEvaluation }) },
      },
    },
    async (req, reply) => reply.status(201).send(await authorizeCase(userCall(req, ctx), req.params.id)),
  );

  server.post(
    '/notices/:id/status',
    {
      schema: {
        tags: ['liaison'],
        summary: "Record a change of a notice's status reported by INTERPOL Washington",
        params: idParams,
        body: z.object({
          status: z.enum(NOTICE_STATUSES),
          effectiveAt: instant.optional(),
          usncbReference: text(100).nullish(),
          note: text(5000).nullish(),
        }),
        response: { 200: z.object({ affectedCases: z.array(affectedCase) }) },
      },
    },
    async (req) => recordNoticeStatus(userCall(req, ctx), req.params.id, req.body),
  );
};
