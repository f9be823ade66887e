/**
 * Reads a notice from INTERPOL's public notice web service (detail format: `entity_id`, `name`, `forename`,
 * `date_of_birth`, `nationalities`, `arrest_warrants[]` …) into a prefill for case intake. Pure.
 * The public extract carries no status, issue or expiry date, so validity must still be confirmed
 * through INTERPOL Washington: the prefill always says so.
 */
import { z } from 'zod';

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');

export const interpolPublicNoticeSchema = z.object({
  entity_id: z.string().regex(/^\d{4}\/\d{1,7}$/, 'must look like 2023/12345'),
  name: z.string().min(1).max(200),
  forename: z.string().max(200).nullish(),
  date_of_birth: z.string().max(10).nullish(),
  nationalities: z.array(countryCode).nullish(),
  sex_id: z.string().max(1).nullish(),
  place_of_birth: z.string().max(200).nullish(),
  country_of_birth_id: countryCode.nullish(),
  languages_spoken_ids: z.array(z.string().max(3)).nullish(),
  arrest_warrants: z
    .array(
      z.object({
        charge: z.string().min(1).max(5000),
        issuing_country_id: countryCode,
        charge_translation: z.string().max(5000).nullish(),
      }),
    )
    .min(1, 'a Red Notice extract lists at least one arrest warrant')
    .max(50),
});
export type InterpolPublicNotice = z.infer<typeof interpolPublicNoticeSchema>;

export interface NoticePrefill {
  person: {
    familyName: string;
    givenNames: string | null;
    datesOfBirth: string[];
    nationalities: string[];
    sex: string | null;
    placeOfBirth: string | null;
    languages: string[];
  };
  notice: {
    type: 'red_notice';
    interpolRef: string;
    issuingCountry: string;
    warrants: Array<{
      kind: 'arrest_warrant';
      charge: string;
      chargeTranslation: string | null;
      issuingCountry: string;
    }>;
  };
  /** What the extract cannot tell and the officer must still establish. */
  warnings: string[];
}

/** Turns the public JSON into intake fields. Throws a ZodError naming the bad fields. */
export function prefillFromInterpolPublic(input: unknown): NoticePrefill {
  const n = interpolPublicNoticeSchema.parse(input);
  const warnings = [
    'The public extract has no status, issue date or expiry date. Confirm the notice is valid and unexpired through INTERPOL Washington before relying on it (Directive D4).',
    'The public extract has no summary of facts, law cited or penalty. Request the underlying documentation through INTERPOL Washington (Directive D7).',
  ];
  const datesOfBirth: string[] = [];
  const dob = n.date_of_birth?.trim();
  if (dob) {
    const full = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(dob);
    if (full) datesOfBirth.push(`${full[1]}-${full[2]}-${full[3]}`);
    else warnings.push(`The date of birth is only partly known ("${dob}"); record it once established.`);
  }
  const countries = [...new Set(n.arrest_warrants.map((w) => w.issuing_country_id))];
  if (countries.length > 1) {
    warnings.push(
      `The warrants come from ${countries.length} countries (${countries.join(', ')}); the first is taken as the issuing country. Check with INTERPOL Washington.`,
    );
  }
  const forename = n.forename?.trim();
  return {
    person: {
      familyName: n.name.trim(),
      givenNames: forename && forename !== '-' ? forename : null,
      datesOfBirth,
      nationalities: n.nationalities ?? [],
      sex: n.sex_id && n.sex_id !== 'U' ? n.sex_id : null,
      placeOfBirth: n.place_of_birth?.trim() || null,
      languages: (n.languages_spoken_ids ?? []).map((l) => l.toLowerCase()),
    },
    notice: {
      type: 'red_notice',
      interpolRef: n.entity_id,
      issuingCountry: countries[0]!,
      warrants: n.arrest_warrants.map((w) => ({
        kind: 'arrest_warrant',
        charge: w.charge.replace(/\r\n/g, '\n').trim(),
        chargeTranslation: w.charge_translation?.trim() || null,
        issuingCountry: w.issuing_country_id,
      })),
    },
    warnings,
  };
}
