/**
 * The substance rules for reasons, with the API of `domain/substance.ts`: stock phrases, too short,
 * identical to another entry, not naming what it answers, and the wording check (D10).
 */
import { checkWording } from '../domain/wording.ts';

export interface SubstanceSubject {
  id: string;
  title: string;
  citation?: string;
  keywords?: string[];
}

export interface SubstanceInput {
  text: string;
  field: string;
  kind:
    | 'rationale'
    | 'acknowledgement'
    | 'disposition'
    | 'contest_decision'
    | 'legal_review'
    | 'service_note'
    | 'exigency'
    | 'unavailability';
  minChars: number;
  mustAddress?: SubstanceSubject;
  otherEntries?: string[];
}

export interface SubstanceFinding {
  rule: string;
  field: string;
  message: string;
  expected: string;
}

const STOCK = new Set([
  'noted',
  'ok',
  'okay',
  'ok to proceed',
  'approved',
  'agreed',
  'concur',
  'n a',
  'na',
  'none',
  'see file',
  'see attached',
  'see above',
  'as above',
  'not sustained',
  'sustained',
  'denied',
  'reviewed',
  'acknowledged',
  'no issues',
  'no concerns',
  'fine',
  'proceed',
  'per policy',
  'lgtm',
  'test',
]);

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function isStock(text: string): boolean {
  const sentences = text
    .split(/[.!?;\n]+/)
    .map(norm)
    .filter(Boolean);
  return sentences.length > 0 && sentences.every((s) => STOCK.has(s));
}

function addresses(text: string, subject: SubstanceSubject): boolean {
  const t = norm(text);
  const terms = [subject.id, subject.title, subject.citation ?? '', ...(subject.keywords ?? [])]
    .map(norm)
    .filter((x) => x.length > 2);
  if (terms.some((x) => t.includes(x))) return true;
  const words = norm(subject.title)
    .split(' ')
    .filter((w) => w.length > 4);
  const hits = words.filter((w) => t.includes(w.slice(0, Math.max(5, w.length - 2))));
  return words.length > 0 && hits.length >= Math.min(2, words.length);
}

const EXPECTED: Record<SubstanceInput['kind'], string> = {
  rationale: 'Explain in your own words what the record shows and why it supports the decision.',
  acknowledgement:
    'Explain why the case may proceed despite this indicator: what the record shows and why it does or does not bear on the notice.',
  disposition:
    'Explain what the record shows about this indicator and which evidence supports the disposition.',
  contest_decision: 'Answer the ground raised: what the person said, what the record shows, and why.',
  legal_review: 'Analyse the indicator against the rule it cites and state what follows for the case.',
  service_note: 'Say what was served, how, and anything the person said.',
  exigency: 'Explain the emergency: what harm would follow from waiting, and why no other step would do.',
  unavailability: "Give INTERPOL Washington's reason the item cannot be obtained.",
};

export function checkSubstance(input: SubstanceInput): SubstanceFinding[] {
  const text = input.text.trim();
  const out: SubstanceFinding[] = [];
  const expected = EXPECTED[input.kind];
  const f = (rule: string, message: string) => out.push({ rule, field: input.field, message, expected });
  if (!text) {
    f('SUBSTANCE-TOO-SHORT', 'Required: write the reason.');
    return out;
  }
  if (isStock(text)) f('SUBSTANCE-STOCK-PHRASE', `“${text}” is a stock phrase, not a reason.`);
  else if (text.length < input.minChars)
    f('SUBSTANCE-TOO-SHORT', `Too short to be a reason: write at least ${input.minChars} characters.`);
  if ((input.otherEntries ?? []).some((o) => norm(o) === norm(text)))
    f(
      'SUBSTANCE-DUPLICATE',
      'This text is identical to another entry on the case; write a reason for this one.',
    );
  if (input.mustAddress && !addresses(text, input.mustAddress))
    f(
      'SUBSTANCE-NOT-ADDRESSED',
      `The text does not name or quote what it answers: “${input.mustAddress.title}”.`,
    );
  for (const w of checkWording(text, input.field))
    f('SUBSTANCE-WORDING', `“${w.excerpt}”: ${w.explanation} (${w.ruleId})`);
  return out;
}
