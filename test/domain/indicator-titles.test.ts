import { describe, expect, it } from 'vitest';
import { INDICATOR_TITLES, indicatorTitle } from '../../src/domain/screening/indicator-titles.ts';
import { INDICATORS } from '../../src/domain/screening/indicators.ts';

describe('indicator titles for people', () => {
  it('has the title of every indicator, as the indicator table says', () => {
    expect(INDICATOR_TITLES).toEqual(Object.fromEntries(INDICATORS.map((i) => [i.id, i.title])));
  });
  it('never shows an id', () => {
    expect(indicatorTitle('IND_ART3_POLITICAL_CHARACTER')).not.toMatch(/IND_/);
    expect(indicatorTitle('IND_NEW_THING')).toBe('New thing');
  });
});
