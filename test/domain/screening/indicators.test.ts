import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../../../src/domain/screening/facts.ts';
import { INDICATORS, INDICATORS_BY_ID } from '../../../src/domain/screening/indicators.ts';
import { prepareCase, screenCase } from '../../../src/domain/screening/screen.ts';
import { AS_OF, baseFacts, mutate } from './helpers.ts';

function outcomeOf(id: string, facts: CaseFacts) {
  const def = INDICATORS_BY_ID.get(id);
  if (!def) throw new Error(`unknown indicator ${id}`);
  return def.evaluate(prepareCase(facts, { asOf: AS_OF }));
}

interface Spec {
  present: CaseFacts;
  undetermined: CaseFacts;
  /** Optional extra absent case (besides the base facts). */
  absent?: CaseFacts;
}

const SPECS: Record<string, Spec> = {
  IND_REFUGEE_FROM_ISSUING_STATE: {
    present: mutate((x) => {
      x.subject!.protection = {
        grants: [{ status: 'refugee', grantingCountry: 'DE', inRespectOf: 'IN', grantedOn: '2020-01-01' }],
      };
    }),
    undetermined: mutate((x) => {
      delete x.subject!.protection;
    }),
    absent: mutate((x) => {
      x.subject!.protection = { grants: [{ status: 'refugee', grantingCountry: 'DE', inRespectOf: 'SY' }] };
    }),
  },
  IND_ART3_POLITICAL_CHARACTER: {
    present: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Spreading false information about the armed forces';
    }),
    undetermined: mutate((x) => {
      x.judicial!.warrants = [];
    }),
    absent: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Murder of a journalist';
    }),
  },
  IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP: {
    present: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Membership of a terrorist organisation';
      x.judicial!.summaryOfFacts = {
        text: 'The subject was a member of the organisation.',
        personRole: 'member',
      };
    }),
    undetermined: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Membership of a terrorist organisation';
      delete x.judicial!.summaryOfFacts;
    }),
    absent: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Membership of a terrorist organisation';
      x.judicial!.summaryOfFacts = {
        text: 'The subject detonated an explosive device at the market, killing four people.',
        time: '2019-04-02',
        place: 'Gaziantep',
        personRole: 'perpetrator',
      };
    }),
  },
  IND_PROFILE_DISSIDENT: {
    present: mutate((x) => {
      x.subject!.profileTags = [{ tag: 'journalist', detail: 'investigative reporter', basis: 'documented' }];
    }),
    undetermined: mutate((x) => {
      delete x.subject!.profileTags;
    }),
    absent: mutate((x) => {
      x.subject!.profileTags = [{ tag: 'businessperson', basis: 'documented' }];
    }),
  },
  IND_ART83_EXCLUDED_CATEGORY: {
    present: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Criminal defamation';
    }),
    undetermined: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Issuing a bounced cheque';
    }),
    absent: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Issuing a bounced cheque';
      x.judicial!.damageValue = { amountUsd: 250_000 };
    }),
  },
  IND_BELOW_PENALTY_THRESHOLD: {
    present: mutate((x) => {
      x.judicial!.warrants![0]!.maxPenaltyMonths = 12;
    }),
    undetermined: mutate((x) => {
      delete x.judicial!.warrants![0]!.maxPenaltyMonths;
    }),
    absent: mutate((x) => {
      x.notice!.purpose = 'sentence';
      x.judicial!.warrants = [
        { kind: 'judgment', charge: 'Murder', sentenceMonths: 120, remainingMonths: 100, inAbsentia: false },
      ];
    }),
  },
  IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION: {
    present: mutate((x) => {
      x.priorDecisions = [{ body: 'ccf', result: 'deleted', grounds: ['article_3'], date: '2019-05-01' }];
    }),
    undetermined: mutate((x) => {
      delete x.priorDecisions;
    }),
    absent: mutate((x) => {
      x.priorDecisions = [{ body: 'ccf', result: 'compliant' }];
    }),
  },
  IND_FOREIGN_POLITICAL_FINDING: {
    present: mutate((x) => {
      x.priorDecisions = [
        { body: 'foreign_court', result: 'extradition_refused', grounds: ['political'], country: 'ES' },
      ];
    }),
    undetermined: mutate((x) => {
      x.priorDecisions = [{ body: 'foreign_court', result: 'extradition_refused', country: 'ES' }];
    }),
    absent: mutate((x) => {
      x.priorDecisions = [
        { body: 'foreign_court', result: 'extradition_refused', grounds: ['dual_criminality'] },
      ];
    }),
  },
  IND_DUE_PROCESS_OR_TORTURE: {
    present: mutate((x) => {
      x.evidence = [{ tag: 'coerced_confession', basis: 'documented', description: 'medical report' }];
    }),
    undetermined: mutate((x) => {
      x.evidence = [{ tag: 'torture_allegation', basis: 'self_reported' }];
    }),
  },
  IND_EXTRAJUDICIAL_PURSUIT: {
    present: mutate((x) => {
      x.evidence = [{ tag: 'abduction_attempt', basis: 'documented' }];
    }),
    undetermined: mutate((x) => {
      delete x.evidence;
    }),
  },
  IND_INSUFFICIENT_JUDICIAL_DATA: {
    present: mutate((x) => {
      x.judicial!.summaryOfFacts = { text: 'The subject committed crimes against the state.' };
    }),
    undetermined: mutate((x) => {
      delete x.judicial!.summaryOfFacts;
    }),
  },
  IND_EVIDENCE_FABRICATION_SIGNS: {
    present: mutate((x) => {
      x.evidence = [{ tag: 'alibi', basis: 'documented', description: 'televised match at the time' }];
    }),
    undetermined: mutate((x) => {
      x.evidence = [{ tag: 'witness_recantation', basis: 'self_reported' }];
    }),
  },
  CTX_TIMING_AFTER_ASYLUM: {
    present: mutate((x) => {
      x.subject!.protection = { asylumClaimedOn: '2023-01-10', asylumClaimStatus: 'pending' };
    }),
    undetermined: mutate((x) => {
      x.subject!.protection = { asylumClaimedOn: '2023-01-10', asylumClaimStatus: 'pending' };
      delete x.notice!.issuedOn;
    }),
    absent: mutate((x) => {
      x.subject!.protection = { asylumClaimedOn: '2025-01-10', asylumClaimStatus: 'pending' };
    }),
  },
  CTX_TIMING_AFTER_CRITICISM: {
    present: mutate((x) => {
      x.subject!.publicActivities = [{ type: 'testimony', date: '2023-06-01' }];
    }),
    undetermined: mutate((x) => {
      delete x.subject!.publicActivities;
    }),
    absent: mutate((x) => {
      x.subject!.publicActivities = [{ type: 'criticism', date: '2010-01-01' }];
    }),
  },
  CTX_TRIAL_IN_ABSENTIA: {
    present: mutate((x) => {
      x.notice!.purpose = 'sentence';
      x.judicial!.warrants = [
        { kind: 'judgment', charge: 'Murder', sentenceMonths: 240, remainingMonths: 240, inAbsentia: true },
      ];
    }),
    undetermined: mutate((x) => {
      x.notice!.purpose = 'sentence';
      x.judicial!.warrants = [
        { kind: 'judgment', charge: 'Murder', sentenceMonths: 240, remainingMonths: 240 },
      ];
    }),
  },
  CTX_RELATIVES_OR_ASSOCIATES_TARGETED: {
    present: mutate((x) => {
      x.context!.relatedPersons = [{ relation: 'family', targeted: true, description: 'brother detained' }];
    }),
    undetermined: mutate((x) => {
      delete x.context!.relatedPersons;
    }),
  },
  CTX_BUSINESS_ASSET_DISPUTE: {
    present: mutate((x) => {
      x.context!.assetDispute = { value: true, description: 'company seized by state bank' };
    }),
    undetermined: mutate((x) => {
      delete x.context!.assetDispute;
    }),
  },
  CTX_REGIME_CHANGE_FORMER_OFFICIAL: {
    present: mutate((x) => {
      x.subject!.profileTags = [{ tag: 'former_official', detail: 'former minister' }];
      x.context!.governmentChange = { value: true };
    }),
    undetermined: mutate((x) => {
      x.subject!.profileTags = [{ tag: 'former_official' }];
      delete x.context!.governmentChange;
    }),
  },
  CTX_MINORITY_MEMBER: {
    present: mutate((x) => {
      x.subject!.profileTags = [{ tag: 'ethnic_minority', detail: 'Uyghur' }];
    }),
    undetermined: mutate((x) => {
      delete x.subject!.profileTags;
    }),
  },
  CTX_COUNTRY_PATTERN: {
    present: mutate((x) => {
      x.notice!.issuingCountry = 'RU';
    }),
    undetermined: mutate((x) => {
      delete x.notice!.issuingCountry;
    }),
  },
  CTX_DIFFUSION_NOT_PREVIEWED: {
    present: mutate((x) => {
      x.notice!.type = 'diffusion';
    }),
    undetermined: mutate((x) => {
      delete x.notice!.type;
    }),
  },
  CTX_MASS_LISTING_CAMPAIGN: {
    present: mutate((x) => {
      x.context!.massListingCampaign = { value: true };
    }),
    undetermined: mutate((x) => {
      delete x.context!.massListingCampaign;
    }),
  },
  CTX_LOW_SERIOUSNESS: {
    present: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Theft of a mobile phone';
      x.judicial!.damageValue = { amountUsd: 150 };
    }),
    undetermined: mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Theft';
    }),
  },
  CTX_NO_EXTRADITION_FOLLOWUP: {
    present: mutate((x) => {
      x.extradition = { subjectLocatedOn: '2024-01-01', requests: [] };
    }),
    undetermined: mutate((x) => {
      delete x.extradition;
    }),
    absent: mutate((x) => {
      x.extradition = { subjectLocatedOn: '2025-12-01', requests: [] };
    }),
  },
  CTX_ASYLUM_PENDING: {
    present: mutate((x) => {
      x.subject!.protection = { asylumClaimedOn: '2023-01-10', asylumClaimStatus: 'pending' };
    }),
    undetermined: mutate((x) => {
      x.subject!.protection = { asylumClaimedOn: '2023-01-10' };
    }),
  },
  CTX_SUBJECT_CLAIM_ONLY: {
    present: mutate((x) => {
      x.subject!.claims = [{ type: 'political_motive', corroborated: false }];
    }),
    undetermined: mutate((x) => {
      delete x.subject!.claims;
    }),
    absent: mutate((x) => {
      x.subject!.claims = [{ type: 'political_motive', corroborated: true }];
    }),
  },
  VAL_NOT_CURRENT: {
    present: mutate((x) => {
      x.notice!.status = 'cancelled';
    }),
    undetermined: mutate((x) => {
      delete x.notice!.status;
    }),
    absent: mutate((x) => {
      x.notice!.expiresOn = '2026-01-15';
    }),
  },
};

describe('indicator table', () => {
  it('has every indicator of interpol-rules.md §3 plus VAL_NOT_CURRENT, each fully described', () => {
    expect(INDICATORS.filter((i) => i.strength === 'strong')).toHaveLength(12);
    expect(INDICATORS.filter((i) => i.strength === 'contextual')).toHaveLength(14);
    expect(INDICATORS.filter((i) => i.strength === 'validity').map((i) => i.id)).toEqual(['VAL_NOT_CURRENT']);
    for (const i of INDICATORS) {
      expect(i.title.length, i.id).toBeGreaterThan(5);
      expect(i.citation.length, i.id).toBeGreaterThan(20);
      expect(i.explanation.length, i.id).toBeGreaterThan(40);
    }
    expect(Object.keys(SPECS).sort()).toEqual(INDICATORS.map((i) => i.id).sort());
  });

  it('base facts: every indicator absent, recommendation no_indicators', () => {
    const r = screenCase(baseFacts(), { asOf: AS_OF });
    const notAbsent = r.results.filter((x) => x.outcome !== 'absent').map((x) => `${x.id}:${x.outcome}`);
    expect(notAbsent).toEqual([]);
    expect(r.summary.recommendation).toBe('no_indicators');
  });
});

for (const [id, spec] of Object.entries(SPECS)) {
  describe(id, () => {
    it('present, with the triggering facts', () => {
      const r = outcomeOf(id, spec.present);
      expect(r.outcome).toBe('present');
      expect(r.triggeredBy.length).toBeGreaterThan(0);
      expect(r.missing).toEqual([]);
    });
    it('absent', () => {
      expect(outcomeOf(id, baseFacts()).outcome).toBe('absent');
      if (spec.absent) expect(outcomeOf(id, spec.absent).outcome).toBe('absent');
    });
    it('undetermined, naming the missing facts and the document to request', () => {
      const r = outcomeOf(id, spec.undetermined);
      expect(r.outcome).toBe('undetermined');
      expect(r.missing.length).toBeGreaterThan(0);
      for (const m of r.missing) {
        expect(m.field.length).toBeGreaterThan(0);
        expect(m.requestDocument.length).toBeGreaterThan(10);
      }
    });
  });
}

describe('indicator details', () => {
  it('asks INTERPOL Washington for the maximum penalty when it is unknown (Art. 83 threshold)', () => {
    const r = outcomeOf('IND_BELOW_PENALTY_THRESHOLD', SPECS.IND_BELOW_PENALTY_THRESHOLD!.undetermined);
    expect(r.missing[0]!.requestFrom).toBe('interpol_washington');
    expect(r.missing[0]!.requestDocument).toMatch(/maximum penalty/);
  });
  it('sentence purpose: fewer than six months remaining is below the threshold', () => {
    const f = mutate((x) => {
      x.notice!.purpose = 'sentence';
      x.judicial!.warrants = [{ kind: 'judgment', charge: 'Theft', sentenceMonths: 24, remainingMonths: 3 }];
    });
    expect(outcomeOf('IND_BELOW_PENALTY_THRESHOLD', f).outcome).toBe('present');
  });
  it('unfunded cheque under USD 10,000 is excluded; repetitive cheques are not', () => {
    const small = mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Issuing a bounced cheque';
      x.judicial!.damageValue = { amountUsd: 4_000 };
    });
    expect(outcomeOf('IND_ART83_EXCLUDED_CATEGORY', small).outcome).toBe('present');
    small.judicial!.repetitiveCheques = true;
    expect(outcomeOf('IND_ART83_EXCLUDED_CATEGORY', small).outcome).toBe('absent');
  });
  it('an excluded offence linked to serious crime is not excluded', () => {
    const f = mutate((x) => {
      x.judicial!.warrants = [
        { charge: 'Defamation' },
        { charge: 'Drug trafficking', maxPenaltyMonths: 240 },
      ];
    });
    expect(outcomeOf('IND_ART83_EXCLUDED_CATEGORY', f).outcome).toBe('absent');
  });
  it("a reviewer's confirmed categories override the charge reader", () => {
    const f = mutate((x) => {
      x.judicial!.confirmedCategories = { categories: ['political_speech'], confirmedBy: 'reviewer-7' };
    });
    const r = outcomeOf('IND_ART3_POLITICAL_CHARACTER', f);
    expect(r.outcome).toBe('present');
    expect(r.triggeredBy[0]!.field).toBe('judicial.confirmedCategories');
  });
  it('profile from self-report only does not fire the strong indicator but shows as a bare claim', () => {
    const f = mutate((x) => {
      x.subject!.profileTags = [{ tag: 'activist', basis: 'self_reported' }];
    });
    expect(outcomeOf('IND_PROFILE_DISSIDENT', f).outcome).toBe('undetermined');
    expect(outcomeOf('CTX_SUBJECT_CLAIM_ONLY', f).outcome).toBe('present');
  });
  it('the victim being a journalist does not make the charge political', () => {
    const f = mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Murder of a journalist';
    });
    const r = screenCase(f, { asOf: AS_OF });
    expect(r.summary.strongPresent).toEqual([]);
  });
  it('an expired notice is not current even if reported valid', () => {
    const f = mutate((x) => {
      x.notice!.expiresOn = '2025-12-31';
    });
    expect(outcomeOf('VAL_NOT_CURRENT', f).outcome).toBe('present');
  });
  it('terrorism charge against an organisation not designated by the UN or US is present even with a summary', () => {
    const f = mutate((x) => {
      x.judicial!.warrants![0]!.charge = 'Membership of an extremist organisation';
      x.judicial!.organisation = { name: 'peaceful religious movement', designatedByUnOrUs: false };
    });
    expect(outcomeOf('IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP', f).outcome).toBe('present');
  });
  it('former refugee who naturalised keeps the protection indicator', () => {
    const f = mutate((x) => {
      x.subject!.protection = {
        grants: [{ status: 'asylee', grantingCountry: 'US', inRespectOf: 'IN' }],
        naturalisedIn: 'US',
      };
    });
    const r = outcomeOf('IND_REFUGEE_FROM_ISSUING_STATE', f);
    expect(r.outcome).toBe('present');
    expect(r.triggeredBy.map((t) => t.field)).toContain('subject.protection.naturalisedIn');
  });
});
