/**
 * Measuring the wording check against a labelled set of sentences (sentence level: a sentence
 * counts as flagged when `checkWording` returns any finding for it). Pure; no I/O. Used by
 * `test/domain/wording-eval.test.ts` and by `redline lint-text --evaluate <file.jsonl>`.
 */

import { checkWording, type WordingFinding } from './wording.ts';

/** One line of the labelled set (JSON Lines: one object per line). */
export interface LabelledSentence {
  text: string;
  /** True when the sentence must be flagged. */
  violation: boolean;
  /** For a violation: the rule expected to flag it (reported when a different rule flags it). */
  rule?: string;
  note?: string;
}

export interface ClassifiedSentence extends LabelledSentence {
  line: number;
  findings: Pick<WordingFinding, 'ruleId' | 'excerpt' | 'patternId'>[];
}

export interface WordingEvaluation {
  total: number;
  violations: number;
  neutral: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** TP / (TP + FP); 1 when nothing was flagged. */
  precision: number;
  /** TP / (TP + FN); 1 when there are no violations. */
  recall: number;
  /** Neutral sentences that were flagged. */
  flaggedNeutral: ClassifiedSentence[];
  /** Violations that were not flagged. */
  missedViolations: ClassifiedSentence[];
  /** Violations flagged, but not by the labelled rule (informational; still true positives). */
  otherRule: ClassifiedSentence[];
}

/** Parse a JSON Lines labelled set; blank lines are skipped, a malformed line throws with its number. */
export function parseLabelledSentences(jsonl: string): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  jsonl.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`line ${i + 1}: not valid JSON`);
    }
    const o = value as Partial<LabelledSentence>;
    if (typeof o?.text !== 'string' || typeof o.violation !== 'boolean')
      throw new Error(`line ${i + 1}: needs "text" (string) and "violation" (true or false)`);
    out.push({ text: o.text, violation: o.violation, rule: o.rule, note: o.note });
  });
  return out;
}

export function evaluateWording(items: readonly LabelledSentence[]): WordingEvaluation {
  const e: WordingEvaluation = {
    total: items.length,
    violations: 0,
    neutral: 0,
    truePositives: 0,
    falsePositives: 0,
    trueNegatives: 0,
    falseNegatives: 0,
    precision: 1,
    recall: 1,
    flaggedNeutral: [],
    missedViolations: [],
    otherRule: [],
  };
  items.forEach((item, i) => {
    const findings = checkWording(item.text).map(({ ruleId, excerpt, patternId }) => ({
      ruleId,
      excerpt,
      patternId,
    }));
    const c: ClassifiedSentence = { ...item, line: i + 1, findings };
    const flagged = findings.length > 0;
    if (item.violation) {
      e.violations++;
      if (flagged) {
        e.truePositives++;
        if (item.rule && !findings.some((f) => f.ruleId === item.rule)) e.otherRule.push(c);
      } else {
        e.falseNegatives++;
        e.missedViolations.push(c);
      }
    } else {
      e.neutral++;
      if (flagged) {
        e.falsePositives++;
        e.flaggedNeutral.push(c);
      } else e.trueNegatives++;
    }
  });
  const flagged = e.truePositives + e.falsePositives;
  e.precision = flagged === 0 ? 1 : e.truePositives / flagged;
  e.recall = e.violations === 0 ? 1 : e.truePositives / e.violations;
  return e;
}

/** A plain-text report: the figures, then every misclassified sentence. */
export function formatWordingEvaluation(e: WordingEvaluation): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `sentences: ${e.total} (${e.violations} violations, ${e.neutral} neutral)`,
    `precision: ${pct(e.precision)} (${e.truePositives} of ${e.truePositives + e.falsePositives} flagged are violations)`,
    `recall:    ${pct(e.recall)} (${e.truePositives} of ${e.violations} violations flagged)`,
    `true positives ${e.truePositives}, false positives ${e.falsePositives}, true negatives ${e.trueNegatives}, false negatives ${e.falseNegatives}`,
  ];
  const show = (c: ClassifiedSentence) =>
    `  line ${c.line}: ${c.text}${c.findings.length ? `\n      flagged: ${c.findings.map((f) => `${f.ruleId} "${f.excerpt}"`).join('; ')}` : ''}${c.rule ? `\n      labelled: ${c.rule}` : ''}`;
  if (e.flaggedNeutral.length)
    lines.push('neutral sentences flagged (false positives):', ...e.flaggedNeutral.map(show));
  if (e.missedViolations.length)
    lines.push('violations not flagged (false negatives):', ...e.missedViolations.map(show));
  if (e.otherRule.length) lines.push('violations flagged under another rule:', ...e.otherRule.map(show));
  return lines;
}
