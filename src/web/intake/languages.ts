// The languages a person reads, as offered at intake and in the service form: the domain's table of ISO 639-1
// codes with plain labels (src/domain/languages.ts is pure data and functions, so the browser uses it as is).
export { LANGUAGES, languageCode, languageLabel, readsLanguage } from '../../domain/languages.ts';
