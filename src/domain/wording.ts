/**
 * The wording check (Directive D10): finds text that represents a Red Notice or diffusion
 * as an arrest warrant, as legal authority of its own, or as INTERPOL's judgment on probable
 * cause or on the validity of the foreign proceedings. Pure; no I/O.
 */

export interface WordingFinding {
  /** Stable rule id, e.g. `D10-WARRANT`. */
  ruleId: string;
  /** The field the text came from (passed in by the caller). */
  field: string;
  /** Character offsets of the problem span in the text: [start, end). */
  start: number;
  end: number;
  /** The offending words as written. */
  excerpt: string;
  /** Why this is a problem, in plain language. */
  explanation: string;
  /** A compliant rewording of the excerpt (or of its sentence). */
  suggestion: string;
  /** Stable id of this finding: same field + rule + normalised excerpt => same fingerprint. */
  fingerprint: string;
}

export interface WordingRule {
  id: string;
  title: string;
  explanation: string;
}

export declare function checkWording(text: string, field?: string): WordingFinding[];
