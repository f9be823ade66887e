// Plain labels for what people read: country names instead of ISO codes, language names instead of codes,
// indicator titles instead of ids (IND_ART3_…).
import { indicatorTitle } from '../../domain/screening/indicator-titles.ts';
import { countryName } from '../intake/countries.ts';

export { countryName, indicatorTitle };

const languages = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Russian" for ru, "Tajik" for tg; the text itself when it is not a language code. */
export function languageName(code: string | null | undefined): string {
  if (!code) return '';
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code)) return code;
  try {
    return languages.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Country names of a list of codes, joined. */
export const countryNames = (codes: readonly string[]): string => codes.map(countryName).join(', ');

const INDICATOR_ID = /^(IND|CTX|VAL)_[A-Z0-9_]+$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * A value shown to a person under a key: indicator ids become titles, and a two-letter code under a key
 * about a country or nationality becomes the country's name.
 */
export function plainValue(key: string, value: string): string {
  if (INDICATOR_ID.test(value)) return indicatorTitle(value);
  if (COUNTRY_CODE.test(value) && /countr|nationalit|state|naturalised/i.test(key)) return countryName(value);
  if (/language/i.test(key)) return languageName(value);
  return value;
}
