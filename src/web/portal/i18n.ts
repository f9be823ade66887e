// The portal's languages (i18next): one translation file per language in ./locales. Every language but
// English is marked "translation pending certified review" until a certified review approves it.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fa from './locales/fa.json';
import fr from './locales/fr.json';
import ht from './locales/ht.json';
import ru from './locales/ru.json';
import tr from './locales/tr.json';
import uk from './locales/uk.json';
import zh from './locales/zh.json';

export const PORTAL_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'es', name: 'Español' },
  { code: 'ru', name: 'Русский' },
  { code: 'zh', name: '简体中文' },
  { code: 'ar', name: 'العربية' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'fa', name: 'فارسی' },
  { code: 'fr', name: 'Français' },
  { code: 'uk', name: 'Українська' },
  { code: 'ht', name: 'Kreyòl ayisyen' },
] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number]['code'];

const RTL = new Set<string>(['ar', 'fa']);
export const directionOf = (lang: string): 'rtl' | 'ltr' => (RTL.has(lang) ? 'rtl' : 'ltr');
/** The BCP 47 tag for the page's lang attribute (Chinese is Simplified). */
export const langTag = (lang: string) => (lang === 'zh' ? 'zh-Hans' : lang);

const resources = { ar, en, es, fa, fr, ht, ru, tr, uk, zh };

export function initPortalI18n(lang: string) {
  void i18next.use(initReactI18next).init({
    resources: Object.fromEntries(Object.entries(resources).map(([k, v]) => [k, { translation: v }])),
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18next;
}

/** Sets the page's language and direction (Arabic and Persian right to left). */
export function applyLanguage(lang: string) {
  document.documentElement.lang = langTag(lang);
  document.documentElement.dir = directionOf(lang);
  void i18next.changeLanguage(lang);
}
