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
import {
  A_NUMBER,
  evaluateCase,
  getCase,
  INTERPOL_REF,
  isCountryCode,
  isIsoDate,
  listCases,
  openCase,
  updateCaseFacts,
} from '../../services/cases.ts';
import type { AppContext } from '../../services/context.ts';
import {
  authorizeCase,
  decideApproval,
  decideContest,
  recordContest,
  recordDisclosure,
  recordNoticeStatus,
  recordReview,
  requestLiaison,
  respondLiaison,
} from '../../services/workflow.ts';
import { userCall } from '../auth.ts';

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
      },
    },
    async (req, reply) => reply.status(201).send(await openCase(userCall(req, ctx), req.body)),
  );

  server.get(
    '/cases',
    {
      schema: {
        ...caseWrite,
        summary: 'List cases of your office (every office for liaison and auditors)',
        querystring: z.object({
          status: z.enum(['open', 'authorized', 'closed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
    },
    async (req) => ({ items: await listCases(userCall(req, ctx), req.query) }),
  );

  server.get(
    '/cases/:id',
    { schema: { ...caseWrite, summary: 'Read a case (audited)', params: idParams } },
    async (req) => getCase(userCall(req, ctx), req.params.id),
  );

  server.get(
    '/cases/:id/gates',
    { schema: { ...caseWrite, summary: 'Evaluate the gates of a case now', params: idParams } },
    async (req) => evaluateCase(userCall(req, ctx), req.params.id),
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
        summary: 'Start the preliminary review, record dispositions, or complete it',
        params: idParams,
        body: z.object({
          indicators: z
            .array(
              z.object({
                indicatorId: z.string().min(1).max(100),
                strength: z.enum(['strong', 'contextual', 'validity']),
                outcome: z.enum(['present', 'absent', 'undetermined']),
              }),
            )
            .max(200)
            .optional(),
          dispositions: z
            .array(
              z.object({
                indicatorId: z.string().min(1).max(100),
                disposition: z.enum(INDICATOR_DISPOSITIONS),
                note: text(5000).nullish(),
              }),
            )
            .max(200)
            .optional(),
          complete: z.boolean().optional(),
          summary: text(10_000).nullish(),
        }),
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
      },
    },
    async (req, reply) =>
      reply.status(201).send(await decideApproval(userCall(req, ctx), req.params.id, req.body)),
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
      },
    },
    async (req) => recordNoticeStatus(userCall(req, ctx), req.params.id, req.body),
  );
};
