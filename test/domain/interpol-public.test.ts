import { describe, expect, it } from 'vitest';
import { prefillFromInterpolPublic } from '../../src/domain/interpol-public.ts';

// Shape of a saved public API detail response (see interpol-rules.md §5.3); names are synthetic.
const sample = {
  arrest_warrants: [
    {
      issuing_country_id: 'RU',
      charge: 'Participation in an  illegal armed formation\r\n',
      charge_translation: null,
    },
  ],
  weight: null,
  forename: 'IVAN',
  date_of_birth: '1985/07/14',
  entity_id: '2019/114539',
  languages_spoken_ids: ['ARA', 'RUS'],
  nationalities: ['RU'],
  height: null,
  sex_id: 'M',
  country_of_birth_id: 'RU',
  name: 'DEMOV',
  distinguishing_marks: null,
  eyes_colors_id: null,
  hairs_id: null,
  place_of_birth: 'Grozny',
  _embedded: { links: [] },
  _links: { self: { href: 'https://example.invalid/notices/v1/red/2019-114539' } },
};

describe('INTERPOL public notice import', () => {
  it('prefills the person and the notice, and always asks for validity and documents', () => {
    const p = prefillFromInterpolPublic(sample);
    expect(p.person).toMatchObject({
      familyName: 'DEMOV',
      givenNames: 'IVAN',
      datesOfBirth: ['1985-07-14'],
      nationalities: ['RU'],
      languages: ['ara', 'rus'],
    });
    expect(p.notice).toMatchObject({ interpolRef: '2019/114539', issuingCountry: 'RU' });
    expect(p.notice.warrants[0]!.charge).toBe('Participation in an  illegal armed formation');
    expect(p.warnings.join(' ')).toMatch(/INTERPOL Washington/);
    expect(p.warnings.join(' ')).toMatch(/no status/);
  });

  it('keeps a partial date of birth out of the dates and says so; "-" is no forename', () => {
    const p = prefillFromInterpolPublic({ ...sample, date_of_birth: '1985', forename: '-' });
    expect(p.person.datesOfBirth).toEqual([]);
    expect(p.person.givenNames).toBeNull();
    expect(p.warnings.some((w) => w.includes('partly known'))).toBe(true);
  });

  it('flags warrants from several countries', () => {
    const p = prefillFromInterpolPublic({
      ...sample,
      arrest_warrants: [
        ...sample.arrest_warrants,
        { issuing_country_id: 'KZ', charge: 'Fraud', charge_translation: null },
      ],
    });
    expect(p.warnings.some((w) => w.includes('2 countries'))).toBe(true);
  });

  it('names the bad fields', () => {
    expect(() =>
      prefillFromInterpolPublic({ ...sample, entity_id: '2019-114539', arrest_warrants: [] }),
    ).toThrow(/entity_id|2023\/12345/);
  });
});
