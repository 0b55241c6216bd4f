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

/**
 * Read and checked once per folder and process: the translator, the library words and the minutes'
 * privacy notes each ask for them (a test run builds an app per test). Frozen, since they are shared.
 */
const loadedLocales = new Map<string, Readonly<Record<Language, Readonly<LocaleMessages>>>>();

export function loadAllLocales(dir = LOCALES_DIR): Readonly<Record<Language, Readonly<LocaleMessages>>> {
  const cached = loadedLocales.get(dir);
  if (cached) return cached;
  const all = Object.freeze(
    Object.fromEntries(LANGUAGES.map((language) => [language, Object.freeze(loadLocale(language, dir))])) as Record<
      Language,
      LocaleMessages
    >,
  );
  loadedLocales.set(dir, all);
  return all;
}
