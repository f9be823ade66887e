/**
 * Reads the elements RPD Art. 83(2) asks of a summary of facts — when, where, and what the person is
 * said to have done — from a summary written as free text (the notice's summary entered at intake).
 *
 * Conservative: it takes only an explicit date or period, a capitalised place after "in", "at" or
 * "near", and a clause that says what the person is alleged to have done. What it does not find is
 * left out, so the screening treats that element as missing from the summary. The reading is shown to
 * the reviewer as read from the summary, and a recorded fact replaces it. Pure.
 */

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const DAY_MONTH_YEAR = `\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}`;
const MONTH_DAY_YEAR = `${MONTH}\\s+\\d{1,2},?\\s+\\d{4}`;
const MONTH_YEAR = `${MONTH}\\s+\\d{4}`;
const ISO = '\\d{4}-\\d{2}-\\d{2}';
const NUMERIC = '\\d{1,2}[./]\\d{1,2}[./]\\d{4}';
const YEAR = '(?:19|20)\\d{2}';
const POINT = `(?:${ISO}|${NUMERIC}|${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${MONTH_YEAR}|${YEAR})`;

const TIME_PATTERNS: RegExp[] = [
  new RegExp(`\\b(?:between|from)\\s+${POINT}\\s+(?:and|to|until)\\s+${POINT}`, 'i'),
  new RegExp(`\\b(?:${ISO}|${NUMERIC}|${DAY_MONTH_YEAR}|${MONTH_DAY_YEAR}|${MONTH_YEAR})\\b`, 'i'),
  new RegExp(`\\b(?:in|during|since|throughout)\\s+${YEAR}\\b`, 'i'),
];

const MONTH_WORD = new RegExp(`^${MONTH}$`, 'i');
const PLACE =
  /\b(?:in|at|near)\s+(?:the\s+(?:city|town|village|region|province|district|port)\s+of\s+)?((?:[A-Z][\p{L}'’-]+)(?:[ -](?:[A-Z][\p{L}'’-]+))*(?:,\s*[A-Z][\p{L}'’-]+)?)/gu;

const SUBJECT = '(?:the person|the subject|the accused|the suspect|the defendant|the wanted person|he|she)';
const ROLE_PATTERNS: RegExp[] = [
  new RegExp(
    `\\b${SUBJECT}\\s+(?:is|was|are|were)?\\s*(?:alleged|accused|suspected|said|charged|believed)\\s+(?:to have|of|with)\\s+([^.;]{6,200})`,
    'i',
  ),
  new RegExp(`\\b${SUBJECT}\\s+((?:allegedly\\s+|personally\\s+)?[a-z]{3,}ed\\b[^.;]{3,200})`, 'i'),
];

export interface SummaryReading {
  time?: string;
  place?: string;
  personRole?: string;
}

/** The time, place and the person's role stated in a free-text summary of facts (only those found). */
export function readSummaryOfFacts(text: string): SummaryReading {
  const out: SummaryReading = {};
  for (const p of TIME_PATTERNS) {
    const m = p.exec(text);
    if (m) {
      out.time = m[0].replace(/^(?:in|during|since|throughout)\s+/i, '').trim();
      break;
    }
  }
  for (const m of text.matchAll(PLACE)) {
    const place = m[1]!.trim();
    const first = place.split(/[ ,-]/)[0]!;
    if (MONTH_WORD.test(first)) continue;
    out.place = place;
    break;
  }
  for (const p of ROLE_PATTERNS) {
    const m = p.exec(text);
    if (m) {
      out.personRole = m[1]!.trim();
      break;
    }
  }
  return out;
}
