// The plain names of screening facts, by their path: shared by the web application's forms and review and by
// `redline case show`. Pure.

export const FACT_LABELS: Record<string, string> = {
  'notice.type': 'Type of notice',
  'notice.interpolRef': 'INTERPOL reference',
  'notice.issuingCountry': 'Issuing country',
  'notice.status': 'Status as INTERPOL Washington reported it',
  'notice.statusCheckedOn': 'Status checked on',
  'notice.issuedOn': 'Issued on',
  'notice.expiresOn': 'Expires on',
  'notice.purpose': 'Purpose (prosecution or sentence)',
  'notice.afterRefusedRedNotice': 'Issued after a Red Notice was refused',
  'subject.profileTags': "The person's profile",
  'subject.protection': 'Protection status',
  'subject.protection.asylumClaimedOn': 'Asylum claimed on',
  'subject.protection.asylumClaimedIn': 'Asylum claimed in',
  'subject.protection.asylumClaimStatus': 'Outcome of the asylum claim',
  'subject.protection.grants.status': 'Protection granted',
  'subject.protection.grants.grantingCountry': 'Granted by',
  'subject.protection.grants.inRespectOf': 'Protects from',
  'subject.protection.grants.grantedOn': 'Granted on',
  'subject.protection.naturalisedIn': 'Naturalised in',
  'subject.publicActivities': 'Public activities',
  'subject.claims': 'What the person says',
  'context.assetDispute': 'Business or asset dispute with state-linked actors',
  'context.governmentChange': 'Change of government',
  'context.massListingCampaign': 'Mass listing campaign',
  'context.politicalEvent': 'Election, coup allegation or protest',
  'context.relatedPersons': 'Related persons',
  priorDecisions: 'Prior decisions',
  evidence: 'Evidence',
  'judicial.warrants': 'Warrants and judgments',
  'judicial.warrants.kind': 'Kind of warrant',
  'judicial.warrants.charge': 'Charge',
  'judicial.warrants.chargeTranslation': 'Charge (translation)',
  'judicial.warrants.lawCited': 'Law cited',
  'judicial.warrants.maxPenaltyMonths': 'Maximum penalty (months)',
  'judicial.warrants.sentenceMonths': 'Sentence imposed (months)',
  'judicial.warrants.remainingMonths': 'Sentence remaining (months)',
  'judicial.warrants.inAbsentia': 'In absentia',
  'judicial.warrants.issuedOn': 'Issued on',
  'judicial.warrants.confirmedCategories': 'Offence categories confirmed by a reviewer',
  'judicial.summaryOfFacts': 'Summary of facts',
  'judicial.summaryOfFacts.text': 'Summary of facts',
  'judicial.summaryOfFacts.time': 'When it happened',
  'judicial.summaryOfFacts.place': 'Where it happened',
  'judicial.summaryOfFacts.personRole': 'What the person is said to have done',
  'judicial.summaryOfFacts.assessedDeficient': 'Summary found vague or inconsistent',
  'judicial.damageValue': 'Damage value',
  'judicial.damageValue.amountUsd': 'Damage value (US dollars)',
  'judicial.confirmedCategories': 'Offence categories confirmed by a reviewer',
  'evidence.basis': 'Evidence: what it rests on',
  'evidence.tag': 'Evidence: what it shows',
  'subject.profileTags.basis': "The person's profile: how it is known",
  'priorDecisions.grounds': 'Prior decision: its grounds',
  'extradition.requests': 'Extradition requests',
  'extradition.subjectLocatedOn': 'Date the person was located',
  'extradition.treatyExists': 'Extradition treaty with the requesting country',
  countryContext: 'Country context (the screening’s table of countries)',
  'judicial.organisation': 'Organisation',
  'judicial.organisation.designatedByUnOrUs': 'Designated by the UN or the United States',
  'judicial.seriousCrimeLink': 'Link to organised or serious crime',
  'judicial.repetitiveCheques': 'Unfunded cheques issued repeatedly',
  extradition: 'Extradition',
};

/** A fact's path in plain words: `judicial.warrants.0.charge` → "Charge (warrant 1)". */
export function factLabel(path: string): string {
  // the screening names facts as "subject.profileTags[0]", "evidence[].basis" or
  // "subject.protection (earliest claim or grant)": the same paths as the form's "subject.profileTags.0"
  const note = /\s*\(([^)]*)\)\s*$/.exec(path);
  const clean = path
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\[\]/g, '')
    .replace(/\[(\d+)\]/g, '.$1');
  const label = factLabelOf(clean);
  return note ? `${label} (${note[1]})` : label;
}

function factLabelOf(clean: string): string {
  const index = /\.(\d+)(?=\.|$)/.exec(clean)?.[1];
  const generic = clean.replace(/\.\d+(?=\.|$)/g, '');
  const base = FACT_LABELS[generic] ?? FACT_LABELS[generic.split('.').slice(0, 2).join('.')] ?? generic;
  if (index === undefined) return base;
  const item = generic.startsWith('judicial.warrants')
    ? 'warrant'
    : generic.startsWith('subject.protection.grants')
      ? 'grant'
      : 'item';
  return `${base} (${item} ${Number(index) + 1})`;
}
