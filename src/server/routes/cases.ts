import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BASIS_ACTIONS, BASIS_GROUNDS } from '../../domain/basis.ts';
import { SUBJECT_LINKS } from '../../domain/subject-link.ts';
import {
  APPROVAL_DECISIONS,
  CASE_PURPOSES,
  CASE_STATUSES,
  CONTEST_DECISIONS,
  CONTEST_GROUNDS,
  CUSTODY_STATUSES,
  EVIDENCE_SOURCE_TYPES,
  EXIGENCY_STATUSES,
  INDICATOR_DISPOSITIONS,
  LEGAL_REVIEW_CONCLUSIONS,
  LIAISON_REQUEST_KINDS,
  LIAISON_REQUEST_STATUSES,
  NOTICE_PURPOSES,
  NOTICE_STATUSES,
  NOTICE_TYPES,
  REVIEW_STATUSES,
} from '../../domain/types.ts';
import { decideApproval } from '../../services/approval/decide.ts';
import { authorizeCase } from '../../services/authorization/authorize.ts';
import { confirmSubjectLink } from '../../services/case/confirm-link.ts';
import { A_NUMBER, INTERPOL_REF, isCountryCode, isIsoDate } from '../../services/case/fields.ts';
import { CASE_LIST_SORTS, listCasesPage } from '../../services/case/list.ts';
import { openCase } from '../../services/case/open.ts';
import { getCase } from '../../services/case/read.ts';
import { updateCaseFacts } from '../../services/case/update.ts';
import {
  type CasePagePart,
  getCasePage,
  readCaseSignedIn,
  readGatesSignedIn,
} from '../../services/case-page.ts';
import { decideContest } from '../../services/contest/decide.ts';
import { recordContest } from '../../services/contest/record.ts';
import type { AppContext } from '../../services/context.ts';
import { recordDisclosure } from '../../services/disclosure/record.ts';
import { signOffMissingDocumentation } from '../../services/documentation/sign-off.ts';
import { decideExigency, EXIGENCY_DECISIONS } from '../../services/exigency/approve.ts';
import { requestExigency } from '../../services/exigency/record.ts';
import { recordLegalReview } from '../../services/legal-review/record.ts';
import { requestLiaison } from '../../services/liaison/request.ts';
import { respondLiaison } from '../../services/liaison/respond.ts';
import { recordNoticeStatus } from '../../services/notice/record-status.ts';
import { evaluateCaseNamed } from '../../services/queries.ts';
import { dismissWording } from '../../services/review/dismiss-wording.ts';
import { recordReview } from '../../services/review/record.ts';
import { userCall } from '../auth.ts';
import { keptJson } from '../kept-json.ts';
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
  actions: z
    .array(z.enum(BASIS_ACTIONS))
    .max(BASIS_ACTIONS.length)
    .optional()
    .describe('The actions the basis supports: detention, removal proceedings, admissibility, evidence'),
  legalAuthority: text(1000)
    .optional()
    .describe('The statute or regulation that authorizes the action, e.g. "INA 236(a), 8 U.S.C. 1226(a)"'),
  grounds: z
    .array(z.enum(BASIS_GROUNDS))
    .max(BASIS_GROUNDS.length)
    .optional()
    .describe('The kinds of ground the basis rests on (e.g. visa overstay, criminal conviction)'),
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
  languages: z
    .array(text(50))
    .max(20)
    .optional()
    .describe(
      'The languages the person reads, most familiar first (ISO 639-1 codes such as tg, ru). At least one for a new person.',
    ),
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
const openedCase = z.object({
  id: z.string(),
  caseNumber: z.string(),
  personId: z.string(),
  noticeId: z.string(),
  subjectLink: z
    .enum(SUBJECT_LINKS)
    .describe(
      "How the person is linked to the notice: unconfirmed (name, date of birth or nationality differ from the notice's subject) keeps G-VALIDITY unmet until an attorney confirms",
    ),
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
// Instants the services hold as Date objects (serialised as ISO 8601 strings); typed as strings on the wire.
const instantView = z.any().meta({ type: 'string', format: 'date-time', description: 'ISO 8601 instant' });
const subjectLinkView = z.object({
  status: z.enum(SUBJECT_LINKS),
  differences: z.array(z.string()),
  confirmedBy: z.string().nullable(),
  confirmedAt: instantView.nullable(),
  reason: z.string().nullable(),
});
const warrantView = z.looseObject({
  kind: z.enum(['arrest_warrant', 'judgment']),
  charge: z.string(),
  chargeTranslation: z.string().nullable(),
  lawCited: z.string().nullable(),
  maxPenaltyMonths: z.number().nullable(),
  sentenceMonths: z.number().nullable(),
  remainingMonths: z.number().nullable(),
  inAbsentia: z.boolean().nullable(),
  issuingCourt: z.string().nullable(),
  issuedOn: z.string().nullable(),
  issuingCountry: z.string().nullable(),
});
const noticeView = z.looseObject({
  id: z.string(),
  type: z.enum(NOTICE_TYPES),
  interpolRef: z.string(),
  issuingCountry: z.string(),
  status: z.enum(NOTICE_STATUSES),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  purpose: z.enum(NOTICE_PURPOSES).nullable(),
  warrants: z.array(warrantView),
  summaryOfFacts: z.string().nullable(),
  subjectLink: subjectLinkView.optional(),
});
const reviewIndicatorView = z.looseObject({
  indicatorId: z.string(),
  strength: z.enum(['strong', 'contextual', 'validity']),
  outcome: z.enum(['present', 'absent', 'undetermined']),
  disposition: z.enum(INDICATOR_DISPOSITIONS).nullable(),
  note: z.string().nullable(),
  title: z.string().optional(),
  citation: z.string().optional(),
  liaisonRequestId: z.string().nullable().optional(),
  requestedFrom: z.string().nullable().optional(),
  decidedBy: z.string().nullable().optional(),
  decidedAt: z.string().nullable().optional(),
});
const reviewView = z.looseObject({
  id: z.string(),
  status: z.enum(REVIEW_STATUSES),
  reviewerId: z.string(),
  completedAt: instantView.nullable(),
  indicators: z.array(reviewIndicatorView),
  rulesetVersion: z.string().nullable(),
  recommendation: z.object({
    code: z.enum(['do_not_act_refer_legal_review', 'none']),
    text: z.string(),
    confirmedStrong: z.array(z.string()),
  }),
});
const liaisonRequestView = z.looseObject({
  id: z.string(),
  kind: z.enum(LIAISON_REQUEST_KINDS),
  noticeId: z.string().nullable(),
  status: z.enum(LIAISON_REQUEST_STATUSES),
  requestedAt: instantView,
  dueAt: instantView,
  followUps: z
    .array(z.object({ at: instantView }))
    .optional()
    .describe('The follow-ups (reminders) sent on the request, oldest first'),
  response: z
    .looseObject({
      id: z.string(),
      respondedAt: instantView,
      respondedBy: z.string(),
      outOfBand: z.boolean(),
      outcome: z.string(),
      scope: z.string().nullable(),
      conditions: z.string().nullable(),
      validUntil: z.string().nullable(),
      missingItems: z
        .array(z.object({ item: z.string(), reason: z.string() }))
        .describe('Items INTERPOL Washington could not provide, each with its reason.'),
      disclosureInFull: z.boolean().nullable(),
      scopePurposes: z.array(z.enum(CASE_PURPOSES)).nullable(),
    })
    .nullable(),
});
const authorizationView = z.object({
  id: z.string(),
  purpose: z.string(),
  status: z.string(),
  authorizedBy: z.string(),
  authorizedByName: z.string(),
  authorizedAt: z.string(),
  caseVersionHash: z.string(),
  policyVersion: z.number(),
  gates: z.array(z.object({ gate: z.string(), title: z.string(), status: z.string() })),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  suspendedAt: z
    .string()
    .nullable()
    .describe('When a contest filed after the authorization suspended it (immigration proceedings).'),
  suspendedReason: z.string().nullable().describe('Why it is, or was, suspended.'),
  suspendedContestId: z.string().nullable().describe('The contest that suspended it.'),
  resumedAt: z
    .string()
    .nullable()
    .describe('When the suspension ended (the contest decided, not sustained).'),
});
const caseView = z.looseObject({
  id: z.string(),
  caseNumber: z.string(),
  purpose: z.enum(CASE_PURPOSES),
  status: z.enum(CASE_STATUSES),
  officeId: z.string(),
  personId: z.string(),
  requesterId: z.string(),
  assignedOfficerId: z.string(),
  independentBasis: z.object({
    summary: z.string(),
    evidence: z.array(
      z.object({
        description: z.string(),
        sourceType: z.enum(EVIDENCE_SOURCE_TYPES),
        source: z.string(),
        reference: z.string().nullable(),
        obtainedOn: z.string().nullable(),
      }),
    ),
    actions: z.array(z.enum(BASIS_ACTIONS)).optional(),
    grounds: z.array(z.enum(BASIS_GROUNDS)).optional(),
    legalAuthority: z.string().optional(),
  }),
  narrative: z.string(),
  notices: z.array(noticeView),
  validityConfirmations: z.array(
    z.looseObject({
      id: z.string(),
      noticeId: z.string(),
      result: z.enum(NOTICE_STATUSES),
      expiresOn: z.string().nullable(),
      method: z.string(),
      confirmedAt: instantView,
      recordedBy: z.string(),
    }),
  ),
  review: reviewView.nullable(),
  liaisonRequests: z.array(liaisonRequestView),
  documents: z.array(
    z.looseObject({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      receivedAt: instantView,
      fromLiaison: z.boolean(),
    }),
  ),
  disclosures: z.array(
    z.looseObject({
      id: z.string(),
      servedAt: instantView,
      method: z.string(),
      language: z.string(),
      documentIds: z.array(z.string()),
      restricted: z.boolean(),
      restrictionNote: z.string().nullable(),
      contestDeadline: instantView,
      recordedAt: instantView,
      interpreter: z
        .object({ name: z.string(), language: z.string() })
        .nullable()
        .describe('The interpreter who put the documents into a language the person reads, if any.'),
    }),
  ),
  contests: z.array(
    z.looseObject({
      id: z.string(),
      filedAt: instantView,
      disclosureId: z.string().nullable(),
      grounds: z
        .array(z.object({ ground: z.enum(CONTEST_GROUNDS), statement: z.string() }))
        .describe('The grounds raised, each with the person’s statement.'),
      answers: z
        .array(z.object({ groundIndex: z.number().int(), answer: z.string() }))
        .describe('The decision’s answer to each ground, by its index in grounds.'),
      decisionRationale: z.string().nullable(),
      decision: z.enum(CONTEST_DECISIONS).nullable(),
      decidedAt: instantView.nullable(),
      decidedBy: z.string().nullable(),
    }),
  ),
  documentationSignOffs: z
    .array(
      z.object({
        id: z.string(),
        responseId: z.string(),
        item: z.string(),
        rationale: z.string(),
        signedBy: z.string(),
        signedAt: instantView,
      }),
    )
    .describe("An attorney's sign-offs on going on without an item INTERPOL Washington could not provide."),
  personLanguages: z.array(z.string()).describe('The languages the person reads (ISO 639-1 codes).'),
  exigencies: z
    .array(
      z.object({
        id: z.string(),
        action: z.string(),
        reason: z.string(),
        requestedBy: z.string(),
        requestedAt: instantView,
        status: z.enum(EXIGENCY_STATUSES),
        decidedBy: z.string().nullable(),
        decidedAt: instantView.nullable(),
        decisionReason: z.string().nullable(),
      }),
    )
    .describe('Requests to rely on the notice before the contest is over, and the director’s decisions.'),
  approvals: z.array(
    z.looseObject({
      id: z.string(),
      decision: z.enum(APPROVAL_DECISIONS),
      approverId: z.string(),
      decidedAt: instantView,
      caseVersionHash: z.string(),
      voidedAt: instantView.nullable(),
      voidReason: z.string().nullable(),
      override: z.boolean().optional().describe('Approved against the advice in force'),
      overrideReason: z.string().nullable().optional().describe('What advice the approval went against'),
    }),
  ),
  legalReviews: z
    .array(
      z.object({
        id: z.string(),
        reviewId: z.string().describe('The preliminary review it analysed'),
        attorneyId: z.string(),
        recordedAt: instantView,
        conclusion: z.enum(LEGAL_REVIEW_CONCLUSIONS),
        analyses: z.array(
          z.object({
            indicatorId: z.string(),
            title: z.string(),
            citation: z.string(),
            analysis: z.string(),
          }),
        ),
        conditions: z.string().nullable(),
        reversalReason: z.string().nullable(),
      }),
    )
    .optional()
    .describe('Every legal review of the case, oldest first'),
  texts: z.array(z.object({ field: z.string(), text: z.string() })),
  wordingDismissals: z.array(
    z.looseObject({
      fingerprint: z.string(),
      reason: z.string(),
      dismissedBy: z.string(),
      dismissedAt: instantView,
    }),
  ),
  people: z
    .record(z.string(), personName)
    .optional()
    .describe('Display name and role of every user id on the case (always present)'),
  custodyStatus: z.enum(CUSTODY_STATUSES),
  inProceedings: z.boolean(),
  encounterAt: z.string().nullable(),
  encounterLocation: z.string().nullable(),
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  authorizations: z.array(authorizationView),
});
const affectedCase = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  withdrawnAuthorizations: z.array(z.string()),
  taskId: z.string(),
  priority: z.number(),
  dueAt: z.string().describe('When the re-review task is due'),
  notified: z.number().describe("Users notified: the case's officer and its office's supervisors"),
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
          after: z
            .string()
            .max(500)
            .optional()
            .describe(
              'Keyset paging: the nextCursor of the previous page, unchanged. Valid only with the same sort, order, filters and search words, in the same office scope (otherwise 422 naming `after`); not with offset',
            ),
        }),
        response: {
          200: z.object({
            items: z.array(caseSummary),
            total: z
              .number()
              .describe(
                'Every case that matches the filters, across all pages (a search counts up to 1,000: see totalCapped)',
              ),
            totalCapped: z
              .boolean()
              .describe('True when a search matched more cases than it counts (total is then the cap)'),
            nextCursor: z
              .string()
              .nullable()
              .describe('Give it as `after` for the next page (same query otherwise); null on the last page'),
          }),
        },
      },
    },
    async (req) => listCasesPage(userCall(req, ctx), req.query),
  );

  server.get(
    '/cases/:id',
    {
      config: { sessionInHandler: true },
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
    async (req, reply) => {
      const include = req.query.include ? (req.query.include.split(',') as CasePagePart[]) : null;
      // The session is read in the case's own statement (auth.ts#deferredSession); when that statement
      // does not answer the page (no live session, a refusal, no such case), the usual path below does,
      // with the session it read.
      const deferred = req.deferredSession;
      if (deferred?.token) {
        const meta = { requestId: req.id, sourceIp: req.ip };
        const got = await readCaseSignedIn(ctx, deferred.token, deferred, meta, req.params.id, include);
        req.session = got.session;
        if (got.page) {
          // A kept page (services/page-cache.ts) is the same object on every read that serves it, with the
          // same parts: its JSON is made once (server/kept-json.ts), with each read's evaluation time.
          const evaluation = got.page.gates;
          const body = keptJson(
            (v) => reply.serialize(v),
            got.page,
            got.keptBy,
            include ? [...new Set(include)].sort().join(',') : '',
            evaluation && {
              evaluation,
              mark: (page, at) => ({ ...page, gates: { ...evaluation, evaluatedAt: at } }),
            },
          );
          return reply.type('application/json; charset=utf-8').send(body as never);
        }
      }
      return (include
        ? await getCasePage(userCall(req, ctx), req.params.id, include)
        : await getCase(userCall(req, ctx), req.params.id)) as unknown as z.infer<typeof caseView>;
    },
  );

  server.get(
    '/cases/:id/gates',
    {
      config: { sessionInHandler: true },
      schema: {
        ...caseWrite,
        summary: 'Evaluate the gates of a case now (people named by display name and role)',
        params: idParams,
        response: { 200: gateEvaluation.extend({ people: z.record(z.string(), personName) }) },
      },
    },
    async (req, reply) => {
      // As GET /cases/:id: the session read with the case (or its kept page), the usual path otherwise.
      const deferred = req.deferredSession;
      if (deferred?.token) {
        const meta = { requestId: req.id, sourceIp: req.ip };
        const got = await readGatesSignedIn(ctx, deferred.token, deferred, meta, req.params.id);
        req.session = got.session;
        if (got.gates) {
          const evaluation = got.gates;
          const body = keptJson((v) => reply.serialize(v), evaluation, got.variant, 'gates', {
            evaluation,
            mark: (value, at) => ({ ...value, evaluatedAt: at }),
          });
          return reply.type('application/json; charset=utf-8').send(body as never);
        }
      }
      return evaluateCaseNamed(userCall(req, ctx), req.params.id);
    },
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
            wording: z
              .object({
                findings: z.array(
                  z.object({
                    field: z.string(),
                    ruleId: z.string(),
                    excerpt: z.string(),
                    explanation: z.string(),
                    suggestion: z.string(),
                    dismissed: z.boolean(),
                  }),
                ),
                openFindings: z.number(),
              })
              .describe(
                "The wording check of the case's texts as they now stand: an open finding keeps G-LANGUAGE unmet until the text is rewritten or a supervisor dismisses it",
              ),
            otherCases: z
              .array(
                z.object({
                  caseNumber: z.string(),
                  voidedApprovals: z.number(),
                  withdrawnAuthorizations: z.number(),
                }),
              )
              .describe('Other cases relying on a changed notice, and what the change did to each'),
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
        response: { 201: z.object({ id: z.string(), dueAt: instantView }) },
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
          missingItems: z
            .array(
              z.object({
                item: z.string().min(1).max(300).describe('The missing item, e.g. the charge sheet'),
                reason: z.string().max(5000).describe("INTERPOL Washington's reason the item is unavailable"),
              }),
            )
            .max(50)
            .optional()
            .describe('Documentation provided in part or unavailable: each missing item with its reason'),
          disclosureInFull: z
            .boolean()
            .nullish()
            .describe('Use authorization condition: the documentation must be disclosed in full'),
          scopePurposes: z
            .array(z.enum(CASE_PURPOSES))
            .max(CASE_PURPOSES.length)
            .nullish()
            .describe('Use authorization: the case purposes it covers'),
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
                liaisonRequestId: z.uuid().nullish(),
                requestedFrom: text(500).nullish(),
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
                liaisonRequestId: z.string().nullish(),
                requestedFrom: z.string().nullish(),
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
        response: {
          201: z.object({
            id: z.string(),
            caseVersionHash: z.string(),
            override: z
              .boolean()
              .describe(
                'Approved against the advice in force: recorded as an override, visible to oversight',
              ),
            overrideReason: z.string().nullable().describe('What advice the approval went against'),
          }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await decideApproval(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/legal-reviews',
    {
      schema: {
        tags: ['approval'],
        summary:
          'Record the legal review of a case whose review advises "do not act" (an independent attorney)',
        description:
          'Needed when the completed preliminary review confirms a strong indicator (G-LEGAL-REVIEW). The attorney may be neither the reviewer, nor the approver, nor the case\'s officer. One written analysis per confirmed strong indicator; a conclusion that reverses an earlier "do not proceed" gives its reasons.',
        params: idParams,
        body: z.object({
          analyses: z
            .array(
              z.object({
                indicatorId: z.string().min(1).max(100).describe('The confirmed strong indicator analysed'),
                analysis: z
                  .string()
                  .max(20_000)
                  .describe('The analysis of the indicator against the rule it cites, and what follows'),
              }),
            )
            .max(100)
            .describe('One written analysis per confirmed strong indicator'),
          conclusion: z
            .enum(LEGAL_REVIEW_CONCLUSIONS)
            .describe('proceed, proceed_with_conditions or do_not_proceed'),
          conditions: text(10_000)
            .nullish()
            .describe('The conditions on proceeding (required with proceed_with_conditions)'),
          reversalReason: text(10_000)
            .nullish()
            .describe('Why an earlier "do not proceed" is reversed (required when reversing it)'),
        }),
        response: {
          201: z.object({
            id: z.string(),
            reviewId: z.string(),
            conclusion: z.enum(LEGAL_REVIEW_CONCLUSIONS),
            reverses: z.string().nullable(),
            withdrawnAuthorizations: z
              .array(z.string())
              .describe('Authorizations withdrawn because the conclusion is "do not proceed"'),
          }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordLegalReview(userCall(req, ctx), req.params.id, req.body)),
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
        description:
          'A service counts only in a language the person reads (or through an interpreter into one), and only for documents already on the case. It opens the contest window, counted from the later of the service and its recording.',
        params: idParams,
        body: z.object({
          servedAt: instant.describe(
            'When the person was served. A service older than the policy limit needs a backdating reason.',
          ),
          method: z
            .string()
            .min(1)
            .max(100)
            .describe('How the documents were served, for example in person.'),
          recipient: z.string().min(1).max(300).describe('Who received them: the person or counsel.'),
          language: z
            .string()
            .max(50)
            .optional()
            .describe(
              'The language of the documents served: an ISO 639-1 code such as tg, or its name (the packet’s when a packet is served).',
            ),
          documentIds: z
            .array(id)
            .max(100)
            .optional()
            .describe(
              'The documents served: at least one document on the case, received before the service.',
            ),
          restricted: z.boolean().optional().describe('Some of the documentation was withheld or redacted.'),
          restrictionNote: text(5000)
            .nullish()
            .describe('What was withheld or redacted, and on what grounds.'),
          interpreterName: text(300)
            .nullish()
            .describe('The interpreter, when the documents are not in a language the person reads.'),
          interpreterLanguage: text(50)
            .nullish()
            .describe('The language the interpreter put the documents into: one the person reads.'),
          note: text(5000).nullish().describe('A note on the service (checked for substance and wording).'),
          backdateReason: text(5000)
            .nullish()
            .describe(
              'Why the service is recorded only now, when it happened longer ago than the policy allows.',
            ),
          packetId: id
            .nullish()
            .describe(
              'The disclosure packet served. Its language and documents become the service’s; method is then one of in_person, mail, to_counsel, electronic; not before the packet was generated.',
            ),
          servedBy: text(300).nullish().describe('Who served it; the recording user when left out.'),
          acknowledgement: text(1000)
            .nullish()
            .describe('The person’s acknowledgement: signed receipt, refused to sign, counsel’s receipt…'),
        }),
        response: { 201: z.object({ id: z.string(), contestDeadline: instantView }) },
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
          filedBy: z.string().min(1).max(300).describe('Who filed the contest: the person or counsel.'),
          grounds: z
            .array(
              z.object({
                ground: z.enum(CONTEST_GROUNDS).describe('The ground raised.'),
                statement: z
                  .string()
                  .min(1)
                  .max(10_000)
                  .describe('What the person says on this ground, in their words or a faithful summary.'),
              }),
            )
            .min(1)
            .max(20)
            .describe('Each ground the person raises. The decision must answer each one.'),
          filedAt: instant
            .optional()
            .describe(
              'When the contest was filed; now when left out. Not in the future; older than the backdating window (policy serviceBackdateHours, 72 hours by default) it needs backdateReason.',
            ),
          backdateReason: text(10_000)
            .nullish()
            .describe(
              'Why a contest filed more than the backdating window ago is recorded only now (CONTEST-BACKDATE).',
            ),
          disclosureId: id.nullish().describe('The service the contest answers.'),
          ccfApplication: text(300).nullish().describe('Reference of an application to the CCF, if any.'),
        }),
        response: { 201: idOnly },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordContest(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/subject-link-confirmations',
    {
      schema: {
        tags: ['cases'],
        summary:
          "Confirm that the case's person is the subject of a notice whose identity does not match (attorney)",
        description:
          'When a case joins a person to a notice recorded on another person and the name, date of birth or nationality differ, the link is unconfirmed and G-VALIDITY stays unmet until an attorney confirms it with a reason.',
        params: idParams,
        body: z.object({
          noticeId: id.describe('The notice on this case whose link is unconfirmed'),
          reason: z
            .string()
            .max(10_000)
            .describe(
              "What establishes that the person is the notice's subject, and how each difference is explained",
            ),
        }),
        response: {
          201: z.object({ caseId: z.string(), noticeId: z.string(), subjectLink: z.enum(SUBJECT_LINKS) }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await confirmSubjectLink(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/cases/:id/documentation/sign-offs',
    {
      schema: {
        tags: ['liaison'],
        summary:
          'Sign off on going on without an item of the documentation INTERPOL Washington could not provide (attorney)',
        params: idParams,
        body: z.object({
          responseId: id.describe('The documentation answer that lists the item as missing'),
          item: z.string().min(1).max(300).describe('The missing item, as the answer names it'),
          rationale: z
            .string()
            .max(10_000)
            .describe('Why the case may go on without the item; it must name the item'),
        }),
        response: { 201: idOnly },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await signOffMissingDocumentation(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/contests/:id/decision',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Decide a contest (an attorney independent of the case)',
        description:
          'Decided once, with a written answer to each ground raised. A second decision is refused (409).',
        params: idParams,
        body: z.object({
          decision: z
            .enum(CONTEST_DECISIONS)
            .describe(
              'Sustained (the notice may not be relied on), not sustained, or withdrawn by the person.',
            ),
          answers: z
            .array(
              z.object({
                groundIndex: z
                  .int()
                  .min(0)
                  .max(19)
                  .describe('The ground answered, by its position in the contest (from 0).'),
                answer: z.string().max(10_000).describe('Why this ground does or does not hold, naming it.'),
              }),
            )
            .max(20)
            .optional()
            .describe('One answer per ground raised (not needed for a withdrawal).'),
          rationale: text(10_000).nullish().describe('A summary of the decision; required for a withdrawal.'),
        }),
        response: { 200: idOnly },
      },
    },
    async (req) => decideContest(userCall(req, ctx), req.params.id, req.body),
  );

  server.post(
    '/cases/:id/exigencies',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Request reliance on the notice before the contest is over (exigency)',
        description:
          'The field office director approves or refuses it. An approved exigency lets the contest safeguard be met before the window closes, and oversight sees it on the dashboard.',
        params: idParams,
        body: z.object({
          action: z
            .string()
            .min(1)
            .max(1000)
            .describe('What the reliance is for, for example the hearing and its date.'),
          reason: z
            .string()
            .min(1)
            .max(10_000)
            .describe('Why it cannot wait until the contest window closes or the contest is decided.'),
        }),
        response: { 201: idOnly },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestExigency(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/exigencies/:id/decision',
    {
      schema: {
        tags: ['disclosure'],
        summary: 'Approve or refuse an exigency (field office director)',
        params: idParams,
        body: z.object({
          decision: z.enum(EXIGENCY_DECISIONS).describe('Approved or refused.'),
          reason: z.string().min(1).max(10_000).describe('The reason for the decision.'),
        }),
        response: { 200: z.object({ id: z.string(), status: z.enum(EXIGENCY_DECISIONS) }) },
      },
    },
    async (req) => decideExigency(userCall(req, ctx), req.params.id, req.body),
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
