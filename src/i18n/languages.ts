/** The languages the bot speaks. English is the reference locale: every key exists there first. */
export const LANGUAGES = ['en', 'fa', 'vi', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** `fa-IR`, `ru`, `vi-VN` → a language we speak, or undefined (a client's hint is only a guess). */
export function languageFromHint(hint: string | undefined): Language | undefined {
  const base = hint?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/** Languages written right to left. */
export function isRightToLeft(language: Language): boolean {
  return language === 'fa';
}
