/**
 * The packet's translation files (src/i18n/packet/<lang>.json), read through i18next on the server. Each
 * file's SHA-256 identifies the text a coordinator or attorney approved: a changed file is a new text and
 * needs a new approval. The directory can be moved with REDLINE_PACKET_I18N_DIR (a deployment's own
 * reviewed translations).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

/** The packet's languages (ISO 639-1), English first. */
export const PACKET_LANGUAGES = ['en', 'es', 'ru', 'zh', 'ar', 'tr', 'fa', 'fr', 'uk', 'ht'] as const;
export type PacketLanguage = (typeof PACKET_LANGUAGES)[number];

/** Laid out right to left. */
export const RTL_LANGUAGES: readonly string[] = ['ar', 'fa'];

export const isPacketLanguage = (code: string | null | undefined): code is PacketLanguage =>
  (PACKET_LANGUAGES as readonly string[]).includes(code ?? '');

const DEFAULT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../i18n/packet');

export function translationsDir(): string {
  return process.env.REDLINE_PACKET_I18N_DIR || DEFAULT_DIR;
}

export interface TranslationFile {
  language: PacketLanguage;
  /** SHA-256 (hex) of the file's bytes: what an approval is tied to. */
  sha256: string;
  strings: Record<string, string>;
}

/** Reads one language's file as it is now (never cached: a changed file shows at once). */
export function readTranslation(language: PacketLanguage): TranslationFile {
  const bytes = readFileSync(join(translationsDir(), `${language}.json`));
  const strings = JSON.parse(bytes.toString('utf8')) as Record<string, string>;
  return { language, sha256: createHash('sha256').update(bytes).digest('hex'), strings };
}

/** An i18next translator for one language, English as the fallback for a key the file lacks. */
export async function translator(file: TranslationFile): Promise<TFunction> {
  const en = file.language === 'en' ? file : readTranslation('en');
  const instance = i18next.createInstance();
  await instance.init({
    lng: file.language,
    fallbackLng: 'en',
    resources: { [file.language]: { translation: file.strings }, en: { translation: en.strings } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}
