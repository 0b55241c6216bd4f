import type { Language } from '../../i18n/languages.ts';

const INTL_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

/** `12 (40%)` in the language's digits and percent sign (`۱۲ (۴۰٪)`). */
export function countWithPercent(count: number, percent: number, language: Language): string {
  const locale = INTL_LOCALE[language];
  const n = new Intl.NumberFormat(locale).format(count);
  const p = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
  return `${n} (${p})`;
}
