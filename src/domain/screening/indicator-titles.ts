/**
 * The title of every screening indicator by id, for what people read (the browser, the CLI): never
 * `IND_ART3_…`. Pure data without the screening's dependencies, so that the web application can import it;
 * test/domain/indicator-titles.test.ts keeps it equal to the titles in indicators.ts.
 */
export const INDICATOR_TITLES: Readonly<Record<string, string>> = {
  IND_REFUGEE_FROM_ISSUING_STATE: 'Refugee or asylee in respect of the issuing state',
  IND_ART3_POLITICAL_CHARACTER: 'Charges or context predominantly political',
  IND_TERRORISM_EXTREMISM_VS_PEACEFUL_GROUP: 'Terrorism or extremism charge without a concrete violent act',
  IND_PROFILE_DISSIDENT:
    'Journalist, human-rights defender, opposition politician, activist, whistle-blower or critic',
  IND_ART83_EXCLUDED_CATEGORY: 'Offence in a category excluded by RPD Article 83',
  IND_BELOW_PENALTY_THRESHOLD: 'Below the RPD Article 83 penalty threshold',
  IND_PRIOR_INTERPOL_REFUSAL_OR_DELETION:
    'INTERPOL or the CCF refused, cancelled or deleted data on the same person and facts',
  IND_FOREIGN_POLITICAL_FINDING: "Another state's court or government found the case political",
  IND_DUE_PROCESS_OR_TORTURE: 'Torture, coerced confession, denial of a fair trial or invalid proceedings',
  IND_EXTRAJUDICIAL_PURSUIT: 'Abduction, rendition or other extra-legal pursuit',
  IND_INSUFFICIENT_JUDICIAL_DATA: 'Summary of facts vague, incomplete or incoherent',
  IND_EVIDENCE_FABRICATION_SIGNS:
    'Signs of fabricated evidence: alibi, recanted or paid witness, collapsed case',
  CTX_TIMING_AFTER_ASYLUM: 'Notice issued after the person claimed or obtained asylum',
  CTX_TIMING_AFTER_CRITICISM: 'Notice issued after public criticism, testimony, reporting or candidacy',
  CTX_TRIAL_IN_ABSENTIA: 'Conviction in absentia',
  CTX_RELATIVES_OR_ASSOCIATES_TARGETED: 'Relatives, colleagues or lawyers also targeted',
  CTX_BUSINESS_ASSET_DISPUTE: 'Economic charges amid a dispute with state-linked actors',
  CTX_REGIME_CHANGE_FORMER_OFFICIAL: 'Former official pursued after a change of government',
  CTX_MINORITY_MEMBER: 'Member of a persecuted religious or ethnic minority',
  CTX_COUNTRY_PATTERN: 'Issuing state named for misuse of INTERPOL',
  CTX_DIFFUSION_NOT_PREVIEWED: 'Diffusion (no INTERPOL review before circulation)',
  CTX_MASS_LISTING_CAMPAIGN: 'Part of a mass listing campaign',
  CTX_LOW_SERIOUSNESS: 'Trivial harm or low international interest',
  CTX_NO_EXTRADITION_FOLLOWUP: 'No extradition follow-up by the requesting state',
  CTX_ASYLUM_PENDING: 'Asylum claim pending',
  CTX_SUBJECT_CLAIM_ONLY: "Subject's own claim, not yet corroborated",
  VAL_NOT_CURRENT: 'Notice not current (suspended, withdrawn, cancelled, deleted, refused or expired)',
};

/** The indicator's title, or a readable form of an unknown id ("IND_SOME_THING" -> "Some thing"). */
export function indicatorTitle(id: string): string {
  return (
    INDICATOR_TITLES[id] ??
    id
      .replace(/^(IND|CTX|VAL)_/, '')
      .toLowerCase()
      .replaceAll('_', ' ')
      .replace(/^./, (c) => c.toUpperCase())
  );
}
