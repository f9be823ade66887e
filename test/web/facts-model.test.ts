import { describe, expect, it } from 'vitest';
import {
  changedIndicators,
  choiceFromSource,
  factLabel,
  namesIndicator,
  pruneFacts,
  sectionForFact,
  sourceFromChoice,
} from '../../src/web/case/facts/model.ts';

const docs = [{ id: '8f9d2a52-6c1e-4f7a-9b0e-1d2c3b4a5f60', title: 'CCF decision of 2024' }];

describe('the screening facts form', () => {
  it('sends the field a screening misses to its section of the form', () => {
    expect(sectionForFact('subject.profileTags')).toBe('profile');
    expect(sectionForFact('subject.protection.asylumClaimedOn')).toBe('protection');
    expect(sectionForFact('priorDecisions')).toBe('decisions');
    expect(sectionForFact('judicial.warrants[].maxPenaltyMonths')).toBe('judicial');
    expect(sectionForFact('context.relatedPersons')).toBe('related');
    expect(sectionForFact('context.assetDispute')).toBe('context');
    expect(sectionForFact('evidence')).toBe('evidence');
    expect(sectionForFact('extradition')).toBe('extradition');
  });

  it('names facts in plain words, items counted from 1', () => {
    expect(factLabel('judicial.warrants.0.charge')).toBe('Charge (warrant 1)');
    expect(factLabel('judicial.summaryOfFacts.personRole')).toBe('What the person is said to have done');
    expect(factLabel('subject.protection.grants.1.inRespectOf')).toBe('Protects from (grant 2)');
    expect(factLabel('judicial.warrants[].maxPenaltyMonths')).toBe('Maximum penalty (months)');
    expect(factLabel('notice.status')).toBe('Status as INTERPOL Washington reported it');
  });

  it('labels every fact path the screening reports, never showing the path itself', () => {
    expect(factLabel('subject.profileTags[0]')).toBe("The person's profile (item 1)");
    expect(factLabel('subject.profileTags[1].basis')).toBe("The person's profile: how it is known (item 2)");
    expect(factLabel('judicial.warrants[0].inAbsentia')).toBe('In absentia (warrant 1)');
    expect(factLabel('subject.protection (earliest claim or grant)')).toBe(
      'Protection status (earliest claim or grant)',
    );
    expect(factLabel('evidence[].basis')).toBe('Evidence: what it rests on');
    expect(factLabel('judicial.damageValue.amountUsd')).toBe('Damage value (US dollars)');
    // every path the screening's rules name (src/domain/screening) has a label of its own
    for (const path of [
      'context.governmentChange',
      'countryContext',
      'evidence[2].tag',
      'extradition.requests',
      'extradition.subjectLocatedOn',
      'extradition.treatyExists',
      'judicial.confirmedCategories',
      'judicial.organisation',
      'judicial.repetitiveCheques',
      'judicial.summaryOfFacts.assessedDeficient',
      'judicial.warrants[].charge',
      'notice.afterRefusedRedNotice',
      'priorDecisions[0].grounds',
      'priorDecisions[0]',
      'subject.claims[0]',
      'subject.protection.asylumClaimStatus',
      'subject.protection.grants[0]',
      'subject.publicActivities[3]',
      'context.relatedPersons[0]',
    ])
      expect(factLabel(path), path).not.toMatch(/[.[\]]|^[a-z]/);
  });

  it('writes a source as a case document, another document, or who reported it, and reads it back', () => {
    expect(sourceFromChoice({ kind: docs[0]!.id, text: '' }, docs)).toEqual({
      document: 'CCF decision of 2024',
      documentId: docs[0]!.id,
    });
    expect(sourceFromChoice({ kind: 'reported', text: 'Counsel, letter of 2 May' }, docs)).toEqual({
      reportedBy: 'Counsel, letter of 2 May',
    });
    expect(sourceFromChoice({ kind: 'other', text: 'Court record' }, docs)).toEqual({
      document: 'Court record',
    });
    expect(sourceFromChoice({ kind: '', text: '' }, docs)).toBeUndefined();
    expect(choiceFromSource({ document: 'CCF decision of 2024', documentId: docs[0]!.id })).toEqual({
      kind: docs[0]!.id,
      text: '',
    });
    expect(choiceFromSource({ reportedBy: '' })).toEqual({ kind: 'reported', text: '' });
  });

  it('lists the indicators whose outcome changed after a save, by title', () => {
    const titles = new Map([['IND_PROFILE_DISSIDENT', 'Journalist or dissident']]);
    expect(
      changedIndicators(
        {
          indicators: [
            { id: 'IND_PROFILE_DISSIDENT', outcome: { from: 'undetermined', to: 'present' } },
            { id: 'CTX_COUNTRY_PATTERN' },
          ],
        },
        titles,
      ),
    ).toEqual([
      { id: 'IND_PROFILE_DISSIDENT', title: 'Journalist or dissident', from: 'undetermined', to: 'present' },
    ]);
  });

  it('drops empty facts and keeps "none known" lists before sending', () => {
    expect(
      pruneFacts({
        subject: { profileTags: [], protection: {} },
        judicial: { summaryOfFacts: {} },
        note: ' x ',
      }),
    ).toEqual({ subject: { profileTags: [] }, note: 'x' });
  });

  it('tells whether a shared reason names an indicator', () => {
    const ind = {
      id: 'CTX_BUSINESS_ASSET_DISPUTE',
      title: 'Economic charges amid a dispute with state-linked actors',
    };
    expect(namesIndicator('Economic charges amid a dispute with state-linked actors: none.', ind)).toBe(true);
    expect(namesIndicator('The file shows an ordinary fraud.', ind)).toBe(false);
  });
});
