/**
 * The languages a person reads, as ISO 639-1 codes with plain labels. Intake records them; a service of
 * the documentation counts only in one of them, or with an interpreter (D9). Pure; no I/O.
 */

/** ISO 639-1 code, English label, ISO 639-2/T code (INTERPOL's public data uses three-letter codes). */
const TABLE: ReadonlyArray<readonly [string, string, string]> = [
  ['af', 'Afrikaans', 'afr'],
  ['am', 'Amharic', 'amh'],
  ['ar', 'Arabic', 'ara'],
  ['az', 'Azerbaijani', 'aze'],
  ['be', 'Belarusian', 'bel'],
  ['bg', 'Bulgarian', 'bul'],
  ['bn', 'Bengali', 'ben'],
  ['bs', 'Bosnian', 'bos'],
  ['cs', 'Czech', 'ces'],
  ['da', 'Danish', 'dan'],
  ['de', 'German', 'deu'],
  ['el', 'Greek', 'ell'],
  ['en', 'English', 'eng'],
  ['es', 'Spanish', 'spa'],
  ['et', 'Estonian', 'est'],
  ['fa', 'Persian (Farsi, Dari)', 'fas'],
  ['fi', 'Finnish', 'fin'],
  ['fr', 'French', 'fra'],
  ['ha', 'Hausa', 'hau'],
  ['he', 'Hebrew', 'heb'],
  ['hi', 'Hindi', 'hin'],
  ['hr', 'Croatian', 'hrv'],
  ['ht', 'Haitian Creole', 'hat'],
  ['hu', 'Hungarian', 'hun'],
  ['hy', 'Armenian', 'hye'],
  ['id', 'Indonesian', 'ind'],
  ['ig', 'Igbo', 'ibo'],
  ['it', 'Italian', 'ita'],
  ['ja', 'Japanese', 'jpn'],
  ['ka', 'Georgian', 'kat'],
  ['kk', 'Kazakh', 'kaz'],
  ['km', 'Khmer', 'khm'],
  ['ko', 'Korean', 'kor'],
  ['ku', 'Kurdish', 'kur'],
  ['ky', 'Kyrgyz', 'kir'],
  ['lt', 'Lithuanian', 'lit'],
  ['lv', 'Latvian', 'lav'],
  ['mk', 'Macedonian', 'mkd'],
  ['mn', 'Mongolian', 'mon'],
  ['ms', 'Malay', 'msa'],
  ['my', 'Burmese', 'mya'],
  ['ne', 'Nepali', 'nep'],
  ['nl', 'Dutch', 'nld'],
  ['no', 'Norwegian', 'nor'],
  ['pa', 'Punjabi', 'pan'],
  ['pl', 'Polish', 'pol'],
  ['ps', 'Pashto', 'pus'],
  ['pt', 'Portuguese', 'por'],
  ['ro', 'Romanian', 'ron'],
  ['ru', 'Russian', 'rus'],
  ['sk', 'Slovak', 'slk'],
  ['sl', 'Slovenian', 'slv'],
  ['so', 'Somali', 'som'],
  ['sq', 'Albanian', 'sqi'],
  ['sr', 'Serbian', 'srp'],
  ['sv', 'Swedish', 'swe'],
  ['sw', 'Swahili', 'swa'],
  ['ta', 'Tamil', 'tam'],
  ['tg', 'Tajik', 'tgk'],
  ['th', 'Thai', 'tha'],
  ['ti', 'Tigrinya', 'tir'],
  ['tk', 'Turkmen', 'tuk'],
  ['tl', 'Tagalog (Filipino)', 'tgl'],
  ['tr', 'Turkish', 'tur'],
  ['uk', 'Ukrainian', 'ukr'],
  ['ur', 'Urdu', 'urd'],
  ['uz', 'Uzbek', 'uzb'],
  ['vi', 'Vietnamese', 'vie'],
  ['wo', 'Wolof', 'wol'],
  ['yo', 'Yoruba', 'yor'],
  ['zh', 'Chinese', 'zho'],
  ['zu', 'Zulu', 'zul'],
];

/** The languages offered in forms: [ISO 639-1 code, plain label], by label. */
export const LANGUAGES: ReadonlyArray<readonly [string, string]> = TABLE.map(
  ([code, label]) => [code, label] as const,
).sort((a, b) => a[1].localeCompare(b[1]));

const BY_CODE = new Map(TABLE.map(([code, label]) => [code, label]));
const ALIASES = new Map<string, string>([
  ...TABLE.map(([code, , three]) => [three, code] as [string, string]),
  ...TABLE.map(([code, label]) => [label.toLowerCase(), code] as [string, string]),
  // bibliographic ISO 639-2 codes and common names
  ['ger', 'de'],
  ['fre', 'fr'],
  ['chi', 'zh'],
  ['per', 'fa'],
  ['farsi', 'fa'],
  ['dari', 'fa'],
  ['persian', 'fa'],
  ['arm', 'hy'],
  ['geo', 'ka'],
  ['alb', 'sq'],
  ['mac', 'mk'],
  ['may', 'ms'],
  ['bur', 'my'],
  ['cze', 'cs'],
  ['slo', 'sk'],
  ['rum', 'ro'],
  ['dut', 'nl'],
  ['gre', 'el'],
  ['tagalog', 'tl'],
  ['filipino', 'tl'],
  ['fil', 'tl'],
  ['mandarin', 'zh'],
  ['cantonese', 'zh'],
]);

/** The ISO 639-1 code of a language given as a code (two or three letters) or an English name; null if unknown. */
export function languageCode(value: string | null | undefined): string | null {
  const v = (value ?? '').trim().toLowerCase();
  if (!v) return null;
  if (BY_CODE.has(v)) return v;
  return ALIASES.get(v) ?? null;
}

/** The plain label of a language code ("tg" → "Tajik"); unknown values are returned as given. */
export function languageLabel(value: string): string {
  const code = languageCode(value);
  return code ? (BY_CODE.get(code) ?? value) : value;
}

/** Whether `language` is one of `languages` (codes or names, compared as ISO 639-1 codes). */
export function readsLanguage(languages: readonly string[], language: string): boolean {
  const code = languageCode(language);
  return code !== null && languages.some((l) => languageCode(l) === code);
}
