/** Screening of cases (issue 3): facts, stored screenings, charge corrections, wording check, country context. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseFactsSchema, OFFENCE_CATEGORIES } from '../../domain/screening/index.ts';
import { checkWording } from '../../domain/wording.ts';
import { type AppContext, auditEvent } from '../../services/context.ts';
import { addCountryContext } from '../../services/country-context/add.ts';
import { listCountryContext } from '../../services/country-context/list.ts';
import { updateCountryContext } from '../../services/country-context/update.ts';
import { recordChargeCorrection } from '../../services/screening/charge-correction.ts';
import { recordCaseFacts } from '../../services/screening/facts-record.ts';
import { getCaseFacts } from '../../services/screening/facts-view.ts';
import { listScreenings, rulesetCatalogue } from '../../services/screening/list.ts';
import { runScreening } from '../../services/screening/run.ts';
import { userCall } from '../auth.ts';

const idParams = z.object({ id: z.uuid() });
/** A country-context link: a web address (http or https) only, never javascript: or data:. */
const webAddress = z
  .url({ protocol: /^https?$/, error: 'Enter a web address starting with https:// or http://.' })
  .max(1000);
const strength = z.enum(['strong', 'contextual', 'validity']);
const outcome = z.enum(['present', 'absent', 'undetermined']);

const indicatorResult = z.object({
  id: z.string(),
  title: z.string(),
  strength,
  citation: z.string(),
  explanation: z.string(),
  outcome,
  triggeredBy: z.array(
    z.object({
      field: z.string(),
      value: z.unknown(),
      source: z.string().optional().describe('Where the fact comes from: the document, or who reported it'),
    }),
  ),
  missing: z.array(z.object({ field: z.string(), requestDocument: z.string(), requestFrom: z.string() })),
});

const screeningResult = z.object({
  rulesetVersion: z.string(),
  chargeLexiconVersion: z.string(),
  countryContextVersion: z.string(),
  asOf: z.string(),
  inputsDigest: z.string(),
  offenceCategories: z.array(
    z.object({
      category: z.string(),
      confidence: z.number(),
      firm: z.boolean(),
      origin: z.enum(['confirmed', 'charge_reader']),
      evidence: z.array(z.string()),
    }),
  ),
  chargeReading: z
    .object({
      text: z.string(),
      categories: z.array(
        z.object({
          category: z.string(),
          confidence: z.number(),
          firm: z.boolean(),
          matches: z.array(
            z.object({
              term: z.string(),
              lang: z.string(),
              matched: z.string(),
              via: z.enum(['native', 'transliteration']),
              weight: z.number(),
            }),
          ),
        }),
      ),
      cheque: z.boolean(),
      languages: z.array(z.string()),
    })
    .nullable()
    .describe("The charge reader's reading of the warrant charges (a suggestion for the reviewer), or null"),
  results: z.array(indicatorResult),
  summary: z.object({
    strongPresent: z.array(z.string()),
    contextualPresent: z.array(z.string()),
    validityPresent: z.array(z.string()),
    undetermined: z.array(z.string()),
    recommendation: z.string(),
    recommendationText: z.string(),
  }),
});

const screeningDiff = z.object({
  rulesetVersion: z.object({ from: z.string(), to: z.string() }).nullable(),
  inputsChanged: z.boolean(),
  recommendation: z.object({ from: z.string(), to: z.string() }).nullable(),
  indicators: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['added', 'removed', 'changed']),
      outcome: z.object({ from: outcome.nullable(), to: outcome.nullable() }).optional(),
      changedFields: z.array(z.string()),
    }),
  ),
  unchanged: z.boolean(),
});

const screeningRecord = z.object({
  id: z.string(),
  trigger: z.string(),
  createdAt: z.string(),
  rulesetVersion: z.string(),
  countryContextVersion: z.string(),
  inputsDigest: z.string(),
  result: screeningResult,
  diff: screeningDiff.nullable(),
});

const rescreenOutcome = z.object({
  screeningId: z.string(),
  stored: z.boolean(),
  diff: screeningDiff.nullable(),
  reviewSuperseded: z.object({ from: z.string(), to: z.string() }).nullable(),
  voidedApprovals: z.array(z.string()),
  withdrawnAuthorizations: z.array(z.string()),
});

const countryRow = z.object({
  id: z.string(),
  iso2: z.string(),
  reportYear: z.number(),
  report: z.string(),
  statement: z.string(),
  url: z.string(),
  compiledFrom: z.string(),
  verified: z.boolean(),
  retiredAt: z.string().nullable(),
  retiredReason: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

/** The screening facts of a case (also part of GET /cases/:id?include=facts). */
export const factsResponse = z.object({
  caseId: z.string(),
  version: z.number(),
  facts: z.record(z.string(), z.unknown()),
  recordedBy: z.string().nullable(),
  recordedAt: z.string().nullable(),
  note: z.string().nullable(),
  screeningInput: z.record(z.string(), z.unknown()),
  derived: z.array(
    z.object({
      path: z.string(),
      value: z.unknown(),
      from: z.enum(['intake', 'interpol_washington', 'charge_correction', 'document']),
      label: z.string(),
      overridden: z.boolean(),
      overridable: z.boolean(),
    }),
  ),
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.string(),
      receivedAt: z.string(),
      origin: z.string(),
      hint: z.string().nullable(),
    }),
  ),
  proposed: z
    .array(
      z.object({
        documentId: z.string(),
        title: z.string(),
        path: z.enum(['priorDecisions', 'subject.protection.grants']),
        value: z.record(z.string(), z.unknown()),
        label: z.string(),
      }),
    )
    .describe(
      'Facts that decisions on file suggest (CCF, court, protection decisions), for a user to complete and record; not part of the screening until recorded.',
    ),
  history: z.array(
    z.object({
      version: z.number(),
      recordedBy: z.string(),
      recordedAt: z.string(),
      note: z.string().nullable(),
      sections: z.array(z.string()),
    }),
  ),
});

export const screeningRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (server, { ctx }) => {
  server.get(
    '/cases/:id/facts',
    {
      schema: {
        tags: ['screening'],
        summary: 'The screening facts recorded for a case, the merged screening input, and their history',
        params: idParams,
        response: {
          200: factsResponse,
        },
      },
    },
    async (req) => getCaseFacts(userCall(req, ctx), req.params.id),
  );

  server.put(
    '/cases/:id/facts',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Record the screening facts of a case (a new version; every fact names its source document) and screen it again',
        params: idParams,
        body: z.object({ facts: caseFactsSchema, note: z.string().max(2000).nullish() }),
        response: { 200: z.object({ version: z.number(), screening: rescreenOutcome }) },
      },
    },
    async (req) => recordCaseFacts(userCall(req, ctx), req.params.id, req.body),
  );

  server.get(
    '/cases/:id/screenings',
    {
      schema: {
        tags: ['screening'],
        summary: 'The latest screening of a case with every indicator, and the history with what changed',
        params: idParams,
        response: {
          200: z.object({ latest: screeningRecord.nullable(), history: z.array(screeningRecord) }),
        },
      },
    },
    async (req) => listScreenings(userCall(req, ctx), req.params.id),
  );

  server.post(
    '/cases/:id/screenings',
    {
      schema: {
        tags: ['screening'],
        summary: 'Screen the case again now (a new screening is stored only when something changed)',
        params: idParams,
        response: { 200: rescreenOutcome },
      },
    },
    async (req) => runScreening(userCall(req, ctx), req.params.id),
  );

  server.get(
    '/screening/ruleset',
    {
      schema: {
        tags: ['screening'],
        summary: 'The screening ruleset version and its indicator catalogue',
        response: {
          200: z.object({
            rulesetVersion: z.string(),
            indicators: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                strength,
                citation: z.string(),
                explanation: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      userCall(req, ctx); // signed-in users only
      return rulesetCatalogue();
    },
  );

  server.post(
    '/cases/:id/charge-corrections',
    {
      schema: {
        tags: ['screening'],
        summary: "Confirm or correct the charge reader's offence categories for one warrant charge",
        params: idParams,
        body: z.object({
          noticeId: z.uuid(),
          warrantPosition: z.int().min(0).max(1000),
          decision: z.enum(['confirmed', 'corrected']),
          categories: z.array(z.enum(OFFENCE_CATEGORIES)).max(20).optional(),
          reason: z.string().min(1).max(5000),
        }),
        response: {
          201: z.object({ id: z.string(), categories: z.array(z.string()), screening: rescreenOutcome }),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordChargeCorrection(userCall(req, ctx), req.params.id, req.body)),
  );

  server.post(
    '/wording-check',
    {
      schema: {
        tags: ['screening'],
        summary:
          'Check any text for wording that treats a notice as an arrest warrant (D10); nothing is stored',
        body: z.object({ text: z.string().max(100_000), field: z.string().max(200).optional() }),
        response: {
          200: z.object({
            findings: z.array(
              z.object({
                ruleId: z.string(),
                field: z.string(),
                start: z.number(),
                end: z.number(),
                excerpt: z.string(),
                explanation: z.string(),
                suggestion: z.string(),
                fingerprint: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const call = userCall(req, ctx); // any signed-in user
      const findings = checkWording(req.body.text, req.body.field ?? 'text');
      // audited as an event; the text itself is not kept
      await auditEvent(call, 'wording.check', 'ok', {
        entityType: 'wording_check',
        detail: { length: req.body.text.length, findings: findings.map((f) => f.ruleId) },
      });
      return { findings };
    },
  );

  server.get(
    '/admin/country-context',
    {
      schema: {
        tags: ['screening'],
        summary: 'The country-context table used by CTX_COUNTRY_PATTERN (contextual only), with its version',
        response: { 200: z.object({ version: z.string(), rows: z.array(countryRow) }) },
      },
    },
    async (req) => listCountryContext(userCall(req, ctx)),
  );

  server.post(
    '/admin/country-context',
    {
      schema: {
        tags: ['screening'],
        summary: 'Add a country-context row (administrators; audited; a new version)',
        body: z.object({
          iso2: z.string().length(2),
          reportYear: z.int().min(1990).max(2100),
          report: z.string().min(1).max(500),
          statement: z.string().min(1).max(5000),
          url: webAddress,
          compiledFrom: z.string().max(1000).optional(),
          verified: z.boolean().optional(),
          note: z.string().max(2000).nullish(),
        }),
        response: { 201: z.object({ id: z.string(), version: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await addCountryContext(userCall(req, ctx), req.body)),
  );

  server.put(
    '/admin/country-context/:id',
    {
      schema: {
        tags: ['screening'],
        summary: 'Change or retire a country-context row (administrators; audited; a new version)',
        params: idParams,
        body: z.object({
          report: z.string().min(1).max(500).optional(),
          statement: z.string().min(1).max(5000).optional(),
          url: webAddress.optional(),
          compiledFrom: z.string().max(1000).optional(),
          verified: z.boolean().optional(),
          retired: z.boolean().optional(),
          retiredReason: z.string().max(2000).nullish(),
          note: z.string().max(2000).nullish(),
        }),
        response: { 200: z.object({ id: z.string(), version: z.string() }) },
      },
    },
    async (req) => updateCountryContext(userCall(req, ctx), req.params.id, req.body),
  );
};
