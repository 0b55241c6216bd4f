import type { Language } from '../../i18n/languages.ts';

const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
/** Letters only Vietnamese uses among our languages (horn, breve, đ, and the stacked tone marks). */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;

/**
 * The language a poll is written in, from its own words (kept with the poll; its chart is labelled in
 * the language of whoever reads it, like the text beside it). Latin text without
 * Vietnamese letters is taken as the chair's language when that is written in Latin, else English.
 */
export function detectPollLanguage(texts: readonly string[], chairLanguage: Language): Language {
  const all = texts.join(' ');
  if (ARABIC_SCRIPT.test(all)) return 'fa';
  if (CYRILLIC.test(all)) return 'ru';
  if (VIETNAMESE.test(all)) return 'vi';
  return chairLanguage === 'vi' ? 'vi' : 'en';
}
