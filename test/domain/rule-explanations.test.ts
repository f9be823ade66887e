import { describe, expect, it } from 'vitest';
import { SEPARATION_RULES } from '../../src/domain/permissions.ts';
import { ruleExplanation } from '../../src/domain/rule-explanations.ts';
import { SUBSTANCE_RULES } from '../../src/domain/substance.ts';

describe('ruleExplanation', () => {
  it('explains every substance and separation rule, and the rules the services name on fields', () => {
    for (const r of [...SUBSTANCE_RULES.map((s) => s.id), ...SEPARATION_RULES.map((s) => s.id)])
      expect(ruleExplanation(r), r).toMatch(/\w{4,}.*\.$/);
    for (const r of [
      'SERVICE-LANGUAGE',
      'SERVICE-DOCUMENTS',
      'SERVICE-BACKDATE',
      'CONTEST-ANSWER-EACH-GROUND',
      'PERSON-LANGUAGES',
      'D3-TRAINING-CURRENT',
      'SCOPE-OWN-OFFICE',
    ])
      expect(ruleExplanation(r), r).toBeTruthy();
  });

  it('names both duties of a separation rule in plain words', () => {
    expect(ruleExplanation('SOD-APPROVER-REVIEWER')).toBe(
      'Separation of duties: one person may not be both the reviewer and the approver on the same case (Directive D5, Directive D6).',
    );
  });

  it('says which roles may take an action refused by role, and nothing for an unknown rule', () => {
    expect(ruleExplanation('ROLE:approval.decide')).toMatch(/^Only some roles may .*supervisor/);
    expect(ruleExplanation('NO-SUCH-RULE')).toBeUndefined();
    expect(ruleExplanation(undefined)).toBeUndefined();
  });
});
