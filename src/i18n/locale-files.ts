import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { LANGUAGES, type Language } from './languages.ts';

/** A locale file is one flat object of dotted keys to ICU MessageFormat strings. */
const localeFileSchema = z.record(z.string(), z.string());

export type LocaleMessages = Record<string, string>;

const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));

export function loadLocale(language: Language, dir = LOCALES_DIR): LocaleMessages {
  const raw: unknown = JSON.parse(readFileSync(`${dir}${language}.json`, 'utf8'));
  return localeFileSchema.parse(raw);
}

export function loadAllLocales(dir = LOCALES_DIR): Record<Language, LocaleMessages> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, loadLocale(language, dir)])) as Record<
    Language,
    LocaleMessages
  >;
}
