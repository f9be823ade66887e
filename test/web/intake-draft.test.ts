import { describe, expect, it } from 'vitest';
import { checkStep, emptyDraft, fieldLabel, stepOf, toBody } from '../../src/web/intake/draft.ts';

describe('the intake draft', () => {
  it('sends only what was answered, trimmed, with numbers as numbers', () => {
    const d = emptyDraft();
    d.person.familyName = '  Doe ';
    d.person.nationalities = ['FR', ''];
    d.notice.type = 'red_notice';
    d.notice.interpolRef = '2024/123';
    d.notice.issuingCountry = 'FR';
    d.notice.warrants[0]!.charge = 'Fraud';
    d.notice.warrants[0]!.maxPenaltyMonths = '60';
    d.notice.warrants[0]!.sentenceMonths = 'ten';
    d.purpose = 'law_enforcement_action';
    d.inProceedings = 'no';
    d.encounterLocation = ' JFK ';
    const body = toBody(d) as {
      person: Record<string, unknown>;
      notice: { warrants: unknown[] };
      inProceedings?: boolean;
      encounterLocation?: string;
      encounterAt?: string;
      independentBasis?: unknown;
    };
    expect(body.person).toMatchObject({ familyName: 'Doe', nationalities: ['FR'], aliases: [] });
    expect(body.person.givenNames).toBeUndefined();
    expect(body.notice.warrants).toEqual([
      expect.objectContaining({ charge: 'Fraud', maxPenaltyMonths: 60, sentenceMonths: 'ten' }),
    ]);
    expect(body.inProceedings).toBe(false);
    expect(body.encounterLocation).toBe('JFK');
    expect(body.encounterAt).toBeUndefined();
    expect(body.independentBasis).toBeUndefined();
  });

  it('sends the encounter time as an instant, and text it cannot read as typed', () => {
    const d = emptyDraft();
    d.encounterAt = '2026-11-20T08:15';
    expect((toBody(d) as { encounterAt: string }).encounterAt).toBe(
      new Date('2026-11-20T08:15').toISOString(),
    );
    d.encounterAt = 'yesterday';
    expect((toBody(d) as { encounterAt: string }).encounterAt).toBe('yesterday');
  });

  it('names what a step still needs, and finds the step of a server error', () => {
    const d = emptyDraft();
    expect(checkStep(d, 0).map((f) => f.field)).toEqual(['person.familyName', 'person.languages.0']);
    expect(checkStep(d, 1).map((f) => f.field)).toEqual([
      'notice.type',
      'notice.interpolRef',
      'notice.issuingCountry',
      'notice.warrants.0.charge',
    ]);
    expect(checkStep(d, 2).map((f) => f.field)).toEqual(['purpose']);
    expect(stepOf('body.person.aNumber')).toBe(0);
    expect(stepOf('body.notice.warrants.0.charge')).toBe(1);
    expect(stepOf('body.encounterAt')).toBe(2);
    expect(stepOf('body.independentBasis.evidence.1.source')).toBe(3);
    expect(stepOf('body.narrative')).toBe(4);
    expect(fieldLabel('body.independentBasis.evidence.1.sourceType')).toBe('Evidence item 2: source type');
    expect(fieldLabel('encounterAt')).toBe('When you met the person');
  });
});
