// Field paths from the server's problem documents, said in words for the error summary.
import { indicatorTitle } from '../../domain/screening/indicator-titles.ts';

/**
 * A field path from the server as words: "documents.1.kind" → "Document 2: kind". List items are counted
 * from 1, as the form shows them, and a plural list name becomes singular before its number.
 */
const NAMES: Record<string, string> = {
  aNumber: 'A-number',
  usncbReference: 'INTERPOL Washington reference',
  interpolRef: 'INTERPOL reference',
  ccfApplication: 'CCF application',
  iso2: 'country code',
  maxPenaltyMonths: 'maximum penalty, in months',
  sentenceMonths: 'sentence imposed, in months',
  remainingMonths: 'time remaining to serve, in months',
  inAbsentia: 'tried in absentia',
};

export function humanField(path: string): string {
  // an indicator named in a path (e.g. acknowledgements.IND_PROFILE_DISSIDENT) is said by its title
  const words = (s: string) =>
    NAMES[s] ??
    (/^(IND|CTX|VAL)_[A-Z0-9_]+$/.test(s)
      ? `“${indicatorTitle(s)}”`
      : s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
  const parts = path.replace(/^(body|query|querystring|params)\./, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (next !== undefined && /^\d+$/.test(next)) {
      out.push(`${words(part).replace(/ies$/, 'y').replace(/s$/, '')} ${Number(next) + 1}`);
      i++;
    } else out.push(words(part));
  }
  const text = out.filter(Boolean).join(': ');
  return text.replace(/^./, (c) => c.toUpperCase());
}
