import { describe, expect, it } from 'vitest';
import { readSummaryOfFacts } from '../../../src/domain/screening/index.ts';

describe('reading time, place and role from a free-text summary of facts', () => {
  it('reads a complete summary', () => {
    expect(
      readSummaryOfFacts(
        'On 14 March 2023 at about 22:00, in Lyon, France, the subject stabbed Mr Paul Martin three times outside a bar.',
      ),
    ).toEqual({
      time: '14 March 2023',
      place: 'Lyon, France',
      personRole: 'stabbed Mr Paul Martin three times outside a bar',
    });
    expect(
      readSummaryOfFacts(
        'Between 2019 and 2021 in Tashkent the person is alleged to have obtained deposits from 40 buyers for flats never built.',
      ),
    ).toEqual({
      time: 'Between 2019 and 2021',
      place: 'Tashkent',
      personRole: 'obtained deposits from 40 buyers for flats never built',
    });
  });

  it('leaves out what the summary does not say, so the screening sees it missing', () => {
    expect(readSummaryOfFacts('He participated in the activities of an extremist organisation.')).toEqual({
      personRole: 'participated in the activities of an extremist organisation',
    });
    expect(readSummaryOfFacts('In March 2020 he published articles critical of the government.')).toEqual({
      time: 'March 2020',
      personRole: 'published articles critical of the government',
    });
    expect(readSummaryOfFacts('Extremism.')).toEqual({});
  });

  it('does not take a month for a place', () => {
    expect(readSummaryOfFacts('In May 2022 the suspect forged invoices.').place).toBeUndefined();
  });
});
