/**
 * Writes docs/schemas/legacy-record.schema.json: the JSON Schema of one legacy record (a JSON line, or a
 * CSV row with the same column names). `npx tsx scripts/gen-legacy-schema.ts`. The screening facts part
 * comes from the screening facts schema itself (src/domain/screening/facts.ts).
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { PROTECTION_CODES, REQUIRED_COLUMNS } from '../src/domain/legacy-record.ts';
import { caseFactsSchema } from '../src/domain/screening/index.ts';
import {
  CASE_PURPOSES,
  CUSTODY_STATUSES,
  NOTICE_PURPOSES,
  NOTICE_STATUSES,
  NOTICE_TYPES,
} from '../src/domain/types.ts';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (a real date)' };
const iso2 = { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code' };
const text = (description: string, maxLength = 20000) => ({ type: 'string', maxLength, description });
const list = (item: object, description: string) => ({
  description: `${description} In CSV: values separated by ";".`,
  oneOf: [{ type: 'array', items: item }, { type: 'string' }],
});
const oneOf = (values: readonly string[], description: string) => ({
  type: 'string',
  enum: values,
  description,
});
const months = {
  oneOf: [
    { type: 'integer', minimum: 0, maximum: 9999 },
    { type: 'string', pattern: '^\\d{1,4}$' },
  ],
};

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://redline.example/schemas/legacy-record.schema.json',
  title: 'Redline legacy record',
  description:
    'One record of a legacy file for `redline import` (docs/legacy-import.md). A JSON line is one object with these keys; a CSV file has these column names in its header. Empty strings mean "not recorded".',
  type: 'object',
  additionalProperties: false,
  required: [...REQUIRED_COLUMNS],
  properties: {
    external_id: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$',
      description: 'Stable id of the record in the source system; with the source, the key of the record.',
    },
    source: text("The source system; the import's --source when empty.", 64),
    family_name: text('Family name.', 200),
    given_names: text('Given names.', 200),
    aliases: list({ type: 'string' }, 'Other names.'),
    dates_of_birth: list(date, 'Dates of birth (YYYY-MM-DD).'),
    sex: text('Sex as recorded.', 20),
    place_of_birth: text('Place of birth.', 200),
    nationalities: list(iso2, 'Nationalities (ISO 3166-1 alpha-2).'),
    a_number: { type: 'string', pattern: '^A?\\d{8,9}$', description: 'A-number.' },
    languages: list({ type: 'string' }, 'Languages the person reads (ISO 639-1 code or English name).'),
    notice_type: oneOf(NOTICE_TYPES, 'Red Notice or diffusion.'),
    interpol_ref: {
      type: 'string',
      pattern: '^\\d{4}/\\d{1,7}$',
      description: 'INTERPOL reference, e.g. 2024/123456.',
    },
    issuing_country: iso2,
    requesting_authority: text('Requesting authority.', 500),
    notice_issued_on: date,
    notice_expires_on: date,
    notice_purpose: oneOf(NOTICE_PURPOSES, 'Prosecution or serving a sentence.'),
    notice_status: oneOf(NOTICE_STATUSES, 'The notice status as the agency last knew it (a screening fact).'),
    summary_of_facts: text('Summary of facts of the notice.'),
    warrant_kind: oneOf(
      ['arrest_warrant', 'judgment'],
      'Kind of the judicial decision (default arrest_warrant).',
    ),
    charge: text('The charge, in the language of the issuing country.'),
    charge_translation: text('Translation of the charge.'),
    law_cited: text('The article of law cited.', 500),
    max_penalty_months: months,
    sentence_months: months,
    warrant_issued_on: date,
    purpose: oneOf(CASE_PURPOSES, 'Why the agency holds the case.'),
    custody_status: oneOf(CUSTODY_STATUSES, 'Custody status (default unknown).'),
    in_proceedings: {
      oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['true', 'false', 'yes', 'no', '1', '0', ''] }],
      description: 'Whether the person is in immigration proceedings.',
    },
    encounter_at: {
      type: 'string',
      description: 'Date (YYYY-MM-DD) or ISO 8601 time with zone of the encounter.',
    },
    encounter_location: text('Where the person was encountered.', 500),
    narrative: text('Narrative.'),
    actions: {
      description:
        'What was done and when. In CSV: entries "YYYY-MM-DD: what was done" separated by "|"; in JSON also an array of {on, action}.',
      oneOf: [
        {
          type: 'array',
          items: {
            oneOf: [
              { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}:\\s*.+' },
              {
                type: 'object',
                required: ['on', 'action'],
                properties: { on: date, action: { type: 'string', minLength: 1 } },
                additionalProperties: false,
              },
            ],
          },
        },
        { type: 'string' },
      ],
    },
    protection_status: oneOf(PROTECTION_CODES, "The person's protection status (a screening fact)."),
    asylum_claimed_on: date,
    protection_granting_country: iso2,
    protection_in_respect_of: iso2,
    protection_granted_on: date,
    screening_facts: {
      description:
        'Further screening facts as recorded in the facts form (CSV: the same object as JSON text). Schema: the case facts of src/domain/screening/facts.ts.',
      oneOf: [z.toJSONSchema(caseFactsSchema, { io: 'input', unrepresentable: 'any' }), { type: 'string' }],
    },
  },
};
writeFileSync('docs/schemas/legacy-record.schema.json', `${JSON.stringify(schema, null, 2)}\n`);
console.log('wrote docs/schemas/legacy-record.schema.json');
