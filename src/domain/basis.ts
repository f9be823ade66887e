/**
 * The independent basis must fit the action (D1): what the agency intends to do with the case needs a
 * basis of its own for that action, with the legal authority for it. Pure: the tables and the check the
 * gate G-INDEPENDENT runs.
 *
 * - `BASIS_ACTIONS`: what a basis can support (detention, removal proceedings, admissibility, evidence).
 * - `BASIS_GROUNDS`: the kind of ground the basis rests on, and the actions each kind supports on its own
 *   (`GROUND_SUPPORTS`), with the reason.
 * - `PURPOSE_REQUIRES`: the case's purpose → the actions one of which the basis must support.
 * - Custody recorded at intake (`in_custody`) needs a basis for detention.
 */
import {
  BASIS_ACTIONS,
  BASIS_GROUNDS,
  type BasisAction,
  type BasisGround,
  type CasePurpose,
  type CustodyStatus,
  type IndependentBasis,
} from './types.ts';

export { BASIS_ACTIONS, BASIS_GROUNDS, type BasisAction, type BasisGround };

export const BASIS_ACTION_LABELS: Record<BasisAction, string> = {
  detention: 'Detention (arrest, custody)',
  removal_proceedings: 'Removal proceedings',
  admissibility: 'Admissibility determination',
  evidence: 'Evidence in proceedings',
};

/** The action as said inside a sentence. */
export const BASIS_ACTION_NOUNS: Record<BasisAction, string> = {
  detention: 'detention',
  removal_proceedings: 'removal proceedings',
  admissibility: 'an admissibility determination',
  evidence: 'use as evidence',
};

export interface GroundSupport {
  label: string;
  /** The ground as said inside a sentence. */
  noun: string;
  actions: readonly BasisAction[];
  /** Why the ground supports these actions and not others, with typical authorities. */
  why: string;
  /** Typical legal authorities, shown as examples. */
  examples: string;
}

/** What each kind of ground supports on its own. */
export const GROUND_SUPPORTS: Record<BasisGround, GroundSupport> = {
  visa_overstay: {
    noun: 'a visa overstay',
    label: 'Visa overstay or violation of status',
    actions: ['removal_proceedings', 'admissibility', 'evidence'],
    why: 'An overstay is a ground of removability (or, on a new application, of inadmissibility); it says nothing about flight risk or danger, so it does not support detention on its own.',
    examples: 'INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B); INA 212(a)(9)(B), 8 U.S.C. 1182(a)(9)(B)',
  },
  entry_without_inspection: {
    noun: 'an entry without inspection',
    label: 'Entry without inspection',
    actions: ['admissibility', 'removal_proceedings', 'evidence'],
    why: 'Presence without admission is a ground of inadmissibility that supports proceedings; detention needs its own determination.',
    examples: 'INA 212(a)(6)(A)(i), 8 U.S.C. 1182(a)(6)(A)(i)',
  },
  fraud_or_misrepresentation: {
    noun: 'fraud or misrepresentation',
    label: 'Fraud or wilful misrepresentation',
    actions: ['admissibility', 'removal_proceedings', 'evidence'],
    why: 'Fraud or misrepresentation is a ground of inadmissibility and removability; detention needs its own determination.',
    examples: 'INA 212(a)(6)(C)(i), 8 U.S.C. 1182(a)(6)(C)(i); INA 237(a)(1)(A)',
  },
  criminal_conviction: {
    noun: 'a criminal conviction',
    label: 'Criminal conviction (United States or foreign, on the record)',
    actions: ['removal_proceedings', 'admissibility', 'detention', 'evidence'],
    why: 'A conviction on the record is a criminal ground of removability or inadmissibility and, for the offences the statute lists, makes detention mandatory.',
    examples: 'INA 237(a)(2), 8 U.S.C. 1227(a)(2); INA 212(a)(2); INA 236(c), 8 U.S.C. 1226(c)',
  },
  us_criminal_process: {
    noun: 'a United States warrant, charge or detainer',
    label: 'United States criminal warrant, charge or detainer',
    actions: ['detention', 'evidence'],
    why: 'A warrant or charge issued in the United States is authority for an arrest of its own; it is not a ground of removability.',
    examples: 'Fed. R. Crim. P. 4; 18 U.S.C. 3041; state warrant and statute',
  },
  final_order_of_removal: {
    noun: 'a final order of removal',
    label: 'Final order of removal',
    actions: ['removal_proceedings', 'detention', 'evidence'],
    why: 'A final order may be executed and supports detention during the removal period.',
    examples: 'INA 241(a), 8 U.S.C. 1231(a); 8 CFR 241.4',
  },
  custody_determination: {
    noun: 'an individual custody determination (flight risk or danger)',
    label: 'Individual custody determination (flight risk or danger)',
    actions: ['detention'],
    why: 'An officer’s individual finding, on the record, that the person is a flight risk or a danger is what supports discretionary detention during proceedings.',
    examples: 'INA 236(a), 8 U.S.C. 1226(a); 8 CFR 236.1(c)(8)',
  },
  security_grounds: {
    noun: 'security or terrorism-related grounds',
    label: 'Security or terrorism-related grounds',
    actions: ['admissibility', 'removal_proceedings', 'detention', 'evidence'],
    why: 'Security grounds are grounds of inadmissibility and removability and carry their own detention authority.',
    examples: 'INA 212(a)(3), 8 U.S.C. 1182(a)(3); INA 237(a)(4); INA 236A, 8 U.S.C. 1226a',
  },
  other: {
    noun: 'another ground',
    label: 'Other (explained in the summary)',
    actions: ['evidence'],
    why: 'A ground the list does not name supports only the use of the independent evidence; for any other action choose the kind of ground that authorizes it.',
    examples: 'the statute or regulation relied on',
  },
};

export interface PurposeRequirement {
  /** The basis must support at least one of these actions. */
  anyOf: readonly BasisAction[];
  why: string;
}

/** The case's purpose → the actions its basis must support (one of). */
export const PURPOSE_REQUIRES: Record<CasePurpose, PurposeRequirement> = {
  law_enforcement_action: {
    anyOf: ['detention'],
    why: 'A law-enforcement action (an arrest, a detention, a custody decision) needs the agency’s own authority to take the person into custody; a notice confers none.',
  },
  immigration_proceedings: {
    anyOf: ['removal_proceedings', 'admissibility'],
    why: 'Using the notice in immigration proceedings needs a ground of removability or inadmissibility of the agency’s own; the notice may at most be evidence within them, so a basis for evidence alone is not enough.',
  },
};

export const CUSTODY_REQUIRES: { action: BasisAction; why: string } = {
  action: 'detention',
  why: 'The person is recorded in custody: holding them needs a basis for detention other than the notice.',
};

export const LEGAL_AUTHORITY_MIN_CHARS = 8;

/**
 * Whether a legal authority names a statute or regulation: a reference such as "INA 236(a)",
 * "8 U.S.C. 1226(a)", "8 CFR 236.1", "§ 1227" or "section 212", with a number.
 */
export function isLegalAuthority(text: string | null | undefined): boolean {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length < LEGAL_AUTHORITY_MIN_CHARS) return false;
  return (
    /\d/.test(t) &&
    /(\bINA\b|\bU\.? ?S\.? ?C\b|\bC\.? ?F\.? ?R\b|§|\bsection\b|\bsec\.|\bstat\.|\bR\. ?Crim\. ?P\b|\bPub\. ?L\b|\bAct\b|\bcode\b)/i.test(
      t,
    )
  );
}

export const LEGAL_AUTHORITY_HINT =
  'Name the statute or regulation, e.g. "INA 236(a), 8 U.S.C. 1226(a)" or "INA 237(a)(1)(B), 8 U.S.C. 1227(a)(1)(B)".';

const label = (a: BasisAction) => BASIS_ACTION_NOUNS[a];
const groundNoun = (g: BasisGround) => GROUND_SUPPORTS[g]?.noun ?? g;
const orList = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** The kinds of ground that support an action on their own. */
export function groundsFor(action: BasisAction): BasisGround[] {
  return BASIS_GROUNDS.filter((g) => GROUND_SUPPORTS[g].actions.includes(action));
}

export interface BasisAssessment {
  problems: string[];
  steps: string[];
  /** Actions the basis supports (claimed and backed by a ground). */
  supported: BasisAction[];
  facts: Record<string, unknown>;
}

/** Pure: whether the basis names its actions, authority and grounds, and fits the purpose and custody. */
export function assessBasisFit(
  basis: IndependentBasis,
  purpose: CasePurpose,
  custodyStatus: CustodyStatus | null | undefined,
): BasisAssessment {
  const actions = [...new Set(basis.actions ?? [])];
  const grounds = [...new Set(basis.grounds ?? [])];
  const authority = (basis.legalAuthority ?? '').trim();
  const problems: string[] = [];
  const steps: string[] = [];
  const unsupported: BasisAction[] = [];
  const supported = actions.filter((a) => {
    const ok = grounds.some((g) => GROUND_SUPPORTS[g]?.actions.includes(a));
    if (!ok) unsupported.push(a);
    return ok;
  });
  const requirement = PURPOSE_REQUIRES[purpose];
  const inCustody = custodyStatus === 'in_custody';
  const facts: Record<string, unknown> = {
    actions,
    grounds,
    legalAuthority: authority,
    purposeRequiresOneOf: requirement.anyOf,
    custodyStatus: custodyStatus ?? null,
    supportedActions: supported,
    unsupportedActions: unsupported,
  };

  if (actions.length === 0) {
    problems.push('The independent basis does not say which action it supports.');
    steps.push(
      `Record the action the basis supports (${orList(requirement.anyOf.map(label))} for this case).`,
    );
  }
  if (grounds.length === 0) {
    problems.push('The independent basis does not say what kind of ground it rests on.');
    steps.push(
      'Record the kind of ground (e.g. visa overstay, criminal conviction, final order of removal).',
    );
  }
  if (authority.length === 0) {
    problems.push('The independent basis names no legal authority.');
    steps.push(`Record the legal authority for the action. ${LEGAL_AUTHORITY_HINT}`);
  } else if (!isLegalAuthority(authority)) {
    problems.push(`The legal authority "${authority}" does not name a statute or regulation.`);
    steps.push(LEGAL_AUTHORITY_HINT);
  }
  if (grounds.length > 0) {
    for (const a of unsupported) {
      const named = grounds.map(groundNoun).join(' and ');
      const why = grounds.map((g) => GROUND_SUPPORTS[g]?.why).join(' ');
      problems.push(`The basis claims ${label(a)}, but ${named} does not support it on its own. ${why}`);
      steps.push(
        `Add the ground for ${label(a)} (${orList(groundsFor(a).map(groundNoun))}) with its legal authority${a === 'detention' ? ', e.g. "INA 236(a), 8 U.S.C. 1226(a)" for a custody determination' : ''}, or remove ${label(a)} from the basis.`,
      );
    }
  }
  if (actions.length > 0 && grounds.length > 0 && !requirement.anyOf.some((a) => supported.includes(a))) {
    problems.push(
      `The case's purpose is ${purpose.replaceAll('_', ' ')}, which needs a basis for ${orList(requirement.anyOf.map(label))}; the basis supports ${supported.length ? supported.map(label).join(', ') : 'none of them'}. ${requirement.why}`,
    );
    steps.push(
      `Document a basis for ${orList(requirement.anyOf.map(label))}, with its ground and legal authority, or change the purpose of the case.`,
    );
  }
  if (inCustody && !supported.includes(CUSTODY_REQUIRES.action)) {
    problems.push(
      'The person is recorded in custody, but the independent basis supports no detention: holding them needs a basis for detention other than the notice.',
    );
    steps.push(
      unsupported.includes('detention')
        ? 'If the person is not in custody, correct the custody status.'
        : `Document the basis for detention (${orList(groundsFor('detention').map(groundNoun))}) with its legal authority, e.g. "INA 236(a), 8 U.S.C. 1226(a)"; or correct the custody status.`,
    );
  }
  return { problems, steps: [...new Set(steps)], supported, facts };
}
