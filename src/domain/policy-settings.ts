/**
 * Policy settings: the tunable numbers behind the gates (freshness of a validity check, how long
 * training lasts, the contest window, INTERPOL Washington's deadlines, the shortest acceptable
 * written reason). Every gate evaluation
 * records the settings version it used (D11). Pure; no I/O.
 */
import { z } from 'zod';
import { type PolicySettings, ROLES } from './types.ts';

/** The settings a new installation starts with (version 1). */
export const DEFAULT_POLICY: PolicySettings = {
  version: 1,
  validityFreshnessHours: 24,
  trainingValidityDays: 365,
  contestWindowDays: 30,
  liaisonDeadlineDays: {
    validity: 2,
    documentation: 30,
    use_authorization: 14,
  },
  liaisonFollowUpDays: 7,
  minReasonChars: 40,
  // serviceBackdateHours is not set: 72 hours (domain/types.ts#serviceBackdateHours)
  reReviewDueDays: { inCustody: 2, notInCustody: 14 },
  auditCheckpointEveryEntries: 50,
  auditCheckpointEverySeconds: 60,
};

const deadlineDays = (kind: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(180)
    .describe(`Days INTERPOL Washington has to answer a ${kind} request before it is overdue (1 to 180).`);

/**
 * The settings an administrator submits. The version number is not part of the input: the store
 * assigns the next version when the settings are saved.
 */
export const policySettingsInputSchema = z
  .object({
    validityFreshnessHours: z
      .number()
      .int()
      .min(1)
      .max(168)
      .describe(
        'Hours a validity confirmation from INTERPOL Washington stays fresh (1 to 168). An older confirmation is stale and the validity gate is unmet.',
      ),
    trainingValidityDays: z
      .number()
      .int()
      .min(30)
      .max(730)
      .describe(
        'Days the mandatory annual training stays current after completion (30 to 730). Officers, reviewers and approvers must hold current training when they act.',
      ),
    contestWindowDays: z
      .number()
      .int()
      .min(7)
      .max(180)
      .describe('Days the person has to contest the notice after being served the documentation (7 to 180).'),
    liaisonDeadlineDays: z
      .object({
        validity: deadlineDays('validity confirmation'),
        documentation: deadlineDays('underlying documentation'),
        use_authorization: deadlineDays('use authorization'),
      })
      .describe('Deadlines for each kind of request sent to INTERPOL Washington.'),
    liaisonFollowUpDays: z
      .number()
      .int()
      .min(1)
      .max(180)
      .describe(
        'Days after which an unanswered request to INTERPOL Washington should get a follow-up (1 to 180).',
      ),
    minReasonChars: z
      .number()
      .int()
      .min(20)
      .max(500)
      .default(40)
      .describe(
        'Fewest characters a written reason may have (20 to 500; 40 when not given): rationales, acknowledgements of indicators, dispositions, contest decisions, legal reviews and service notes. Shorter text is refused as not saying enough.',
      ),
    serviceBackdateHours: z
      .number()
      .int()
      .min(1)
      .max(720)
      .optional()
      .describe(
        'Hours after a service within which it may be recorded without a reason (1 to 720; 72 when not set). A service recorded later needs a written reason for the delay.',
      ),
    portalAccessDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe(
        'Days a counsel portal access code, and its one-time link, stay usable after issue (1 to 365; 90 when not set). Staff can revoke it sooner.',
      ),
    referralDueDays: z
      .object({
        counsel: z
          .number()
          .int()
          .min(1)
          .max(180)
          .describe('Days counsel has to act on a referral from the retrospective review (1 to 180).'),
        oversight: z
          .number()
          .int()
          .min(1)
          .max(180)
          .describe('Days oversight has to act on a referral from the retrospective review (1 to 180).'),
      })
      .optional()
      .describe(
        'Days a referral task from the retrospective review has before it is overdue (7 for counsel and 14 for oversight when not set).',
      ),
    reReviewDueDays: z
      .object({
        inCustody: z
          .number()
          .int()
          .min(1)
          .max(90)
          .describe('Days to re-review a case whose person is in custody (priority 1; 1 to 90).'),
        notInCustody: z
          .number()
          .int()
          .min(1)
          .max(180)
          .describe('Days to re-review any other case (priority 2; 1 to 180).'),
      })
      .default({ inCustody: 2, notInCustody: 14 })
      .describe(
        "Days a re-review task has, after a notice's status changes, before it is overdue. Settings saved before this existed use 2 and 14.",
      ),
    auditCheckpointEveryEntries: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(50)
      .describe(
        'A signed checkpoint of the audit trail is written at least every this many entries (1 to 1000; 50 when not given).',
      ),
    auditCheckpointEverySeconds: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(60)
      .describe(
        'A signed checkpoint of the audit trail is written at most this many seconds after an entry (5 to 3600; 60 when not given). Verification reports entries older than this (plus one minute) that no checkpoint covers.',
      ),
    passphraseMinChars: z
      .number()
      .int()
      .min(8)
      .max(64)
      .optional()
      .describe(
        'Fewest characters a new passphrase may have (8 to 64; 12 when not set). Every passphrase is also checked against lists of common and breached passwords.',
      ),
    mfaRequiredRoles: z
      .array(z.enum(ROLES))
      .optional()
      .describe(
        'Roles that must sign in with a second factor (an authenticator app code). When not set: administrator, auditor, director, supervisor, attorney and liaison. Everyone else may enrol.',
      ),
    documentMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .optional()
      .describe(
        'Largest document file that may be uploaded, in bytes (1 KiB to 200 MiB; 25 MiB when not set). A larger file is refused and nothing of it is stored.',
      ),
  })
  .describe('Policy settings that govern the Directive 15006.1 gates.');

export type PolicySettingsInput = z.infer<typeof policySettingsInputSchema>;

/** A complete, versioned settings record (as stored). */
export const policySettingsSchema = policySettingsInputSchema
  .extend({
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version number of these settings; every evaluation records it.'),
  })
  .describe('Versioned policy settings that govern the Directive 15006.1 gates.');

// Compile-time guarantees that the schemas and the domain type stay in step.
type Equals<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inputMatchesType: Equals<PolicySettingsInput, Omit<PolicySettings, 'version'>> = true;
const settingsMatchType: Equals<z.infer<typeof policySettingsSchema>, PolicySettings> = true;
void inputMatchesType;
void settingsMatchType;
