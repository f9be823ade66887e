import { describe, expect, it } from 'vitest';
import { humanField } from '../../src/web/components/field-names.ts';

describe('field paths in words', () => {
  it('counts list items from 1 and names the item in the singular', () => {
    expect(humanField('body.documents.1.kind')).toBe('Document 2: kind');
    expect(humanField('independentBasis.evidence.0.sourceType')).toBe(
      'Independent basis: evidence 1: source type',
    );
    expect(humanField('notice.warrants.2.maxPenaltyMonths')).toBe(
      'Notice: warrant 3: maximum penalty, in months',
    );
    expect(humanField('dispositions.0.reason')).toBe('Disposition 1: reason');
    expect(humanField('acknowledgements.3.justification')).toBe('Acknowledgement 4: justification');
  });

  it('drops the part of the request and splits camel case', () => {
    expect(humanField('querystring.include')).toBe('Include');
    expect(humanField('body.familyName')).toBe('Family name');
    expect(humanField('noticeChange.status')).toBe('Notice change: status');
    expect(humanField('person.aNumber')).toBe('Person: A-number');
    expect(humanField('usncbReference')).toBe('INTERPOL Washington reference');
  });

  it('names an indicator by its title, never its id', () => {
    expect(humanField('acknowledgements.IND_PROFILE_DISSIDENT')).toMatch(/^Acknowledgements: “Journalist/);
    expect(humanField('acknowledgements.IND_PROFILE_DISSIDENT')).not.toMatch(/IND_|ind_/);
  });

  it('turns a list of "ies" into its singular', () => {
    expect(humanField('policies.0.name')).toBe('Policy 1: name');
  });
});
