import { loadAllLocales, type LocaleMessages } from '../../i18n/locale-files.ts';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import { nameKey } from './library-names.ts';

/**
 * Words a member may type in any of the four languages for a fixed value (a library kind, a CSV
 * column), read from the locales: a CSV from Hanoi and one from Tehran are both understood, whatever
 * language the admin who imports them uses. Each message under such a key is a list separated by commas.
 */
let locales: Record<Language, LocaleMessages> | undefined;

/** The words of `key` in every language, in comparison form (see `nameKey`). */
export function wordsInEveryLanguage(key: string): string[] {
  locales ??= loadAllLocales();
  const words = new Set<string>();
  for (const language of LANGUAGES) {
    for (const word of (locales[language][key] ?? '').split(/[,،]/)) {
      const compared = nameKey(word);
      if (compared) words.add(compared);
    }
  }
  return [...words];
}

/** Which of `values` a typed word names: its own English value, or a word the locales list for it. */
export function valueNamed<V extends string>(
  typed: string,
  values: readonly V[],
  keysOf: (value: V) => string[],
): V | null {
  const compared = nameKey(typed);
  if (!compared) return null;
  for (const value of values) {
    if (nameKey(value) === compared) return value;
    if (keysOf(value).some((key) => wordsInEveryLanguage(key).includes(compared))) return value;
  }
  return null;
}
