/** Field checks shared by the case use cases and the HTTP layer. */
import countries from 'i18n-iso-countries';

export const INTERPOL_REF = /^\d{4}\/\d{1,7}$/;
export const A_NUMBER = /^A?\d{8,9}$/;

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** ISO 3166-1 alpha-2 country code. */
export function isCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}
