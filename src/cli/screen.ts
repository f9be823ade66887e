/** `redline screen` and `redline lint-text`: the screening and the wording check from the command line. */
import { readFileSync } from 'node:fs';
import { caseFactsSchema, RULESET_VERSION, screenCase } from '../domain/screening/index.ts';
import { checkWording } from '../domain/wording.ts';

interface Record_ {
  id: string;
  facts: unknown;
}

/** Reads a JSON file (one case, or an array of cases) or a JSON-lines file (one case per line). */
export function readCases(text: string): {
  records: Record_[];
  errors: Array<{ id: string; error: string }>;
} {
  const records: Record_[] = [];
  const errors: Array<{ id: string; error: string }> = [];
  const push = (value: unknown, fallbackId: string) => {
    const v = value as { id?: unknown; facts?: unknown };
    if (v && typeof v === 'object' && 'facts' in v)
      records.push({ id: String(v.id ?? fallbackId), facts: v.facts });
    else records.push({ id: fallbackId, facts: value });
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n{'))) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) {
        for (const [i, v] of parsed.entries()) push(v, `#${i + 1}`);
      } else push(parsed, '#1');
      return { records, errors };
    } catch {
      // fall through to JSON lines
    }
  }
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      push(JSON.parse(line), `line ${i + 1}`);
    } catch (err) {
      errors.push({ id: `line ${i + 1}`, error: `not valid JSON: ${(err as Error).message}` });
    }
  });
  return { records, errors };
}

export function runScreen(
  file: string,
  opts: { asOf?: string },
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const { records, errors } = readCases(readFileSync(file, 'utf8'));
  for (const e of errors) out(JSON.stringify({ id: e.id, error: e.error }));
  const tally: Record<string, number> = {};
  let invalid = errors.length;
  const started = process.hrtime.bigint();
  for (const r of records) {
    const parsed = caseFactsSchema.safeParse(r.facts);
    if (!parsed.success) {
      invalid++;
      out(
        JSON.stringify({
          id: r.id,
          error: 'invalid case facts',
          fields: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        }),
      );
      continue;
    }
    const result = screenCase(parsed.data, opts.asOf ? { asOf: opts.asOf } : {});
    tally[result.summary.recommendation] = (tally[result.summary.recommendation] ?? 0) + 1;
    out(
      JSON.stringify({
        id: r.id,
        rulesetVersion: result.rulesetVersion,
        inputsDigest: result.inputsDigest,
        recommendation: result.summary.recommendation,
        strongPresent: result.summary.strongPresent,
        contextualPresent: result.summary.contextualPresent,
        undetermined: result.summary.undetermined,
        indicators: result.results
          .filter((x) => x.outcome !== 'absent')
          .map((x) => ({
            id: x.id,
            strength: x.strength,
            outcome: x.outcome,
            citation: x.citation,
            triggeredBy: x.triggeredBy,
            missing: x.missing,
          })),
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const screened = records.length - (invalid - errors.length);
  err(
    `Screened ${screened} case(s) with ruleset ${RULESET_VERSION} in ${seconds.toFixed(2)} s` +
      `${invalid ? `; ${invalid} invalid` : ''}. ` +
      Object.entries(tally)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') +
      '. The screening is advice for the reviewer, never a decision.',
  );
  return invalid ? 2 : 0;
}

export function runLintText(text: string, field: string, out: (line: string) => void): number {
  const findings = checkWording(text, field);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return `${line + 1}:${offset - lineStarts[line]! + 1}`;
  };
  for (const f of findings) {
    out(`${field}:${position(f.start)}  ${f.ruleId}  "${f.excerpt}"`);
    out(`  why: ${f.explanation}`);
    out(f.suggestion ? `  suggested: ${f.suggestion}` : '  replace it with the actual fact from the record');
  }
  out(
    findings.length
      ? `${findings.length} wording problem(s) found (Directive D10).`
      : 'No wording problems found.',
  );
  return findings.length ? 1 : 0;
}
