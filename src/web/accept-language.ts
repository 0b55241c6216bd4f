import { DEFAULT_LANGUAGE, languageFromHint, type Language } from '../i18n/languages.ts';

/**
 * The language a browser prefers among ours (`Accept-Language: fa-IR,fa;q=0.9,en;q=0.8`), for pages
 * shown before anyone is known (an unknown sign-in link); English when none of its languages is ours.
 */
export function acceptedLanguage(header: string | undefined): Language {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = languageFromHint(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}
