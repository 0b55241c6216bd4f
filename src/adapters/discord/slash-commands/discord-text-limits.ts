/**
 * Discord's bounds on the texts of a slash command, and the fitting of the locales' texts into them.
 * The `/help` lines the descriptions come from were written for the text form: they end with a usage
 * example (`join a committee: /join NAME`) that Discord replaces with typed options, and some run past
 * Discord's 100 characters.
 */

export const MAX_NAME = 32;
export const MAX_DESCRIPTION = 100;
/** Discord's rule for command and option names (its documented regex; lowercase where a case exists). */
export const NAME_PATTERN = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * A description that fits: the usage example after `: /` or a second clause after `;` dropped,
 * then parentheses, then cut at a word with an ellipsis; the first letter capitalized as Discord's
 * own descriptions are.
 */
export function fitDescription(text: string, locale: string): string {
  let fitted = text.trim();
  const usage = fitted.search(/:\s*\//);
  if (usage > 0) fitted = fitted.slice(0, usage);
  const clause = fitted.indexOf(';');
  if (clause > 0) fitted = fitted.slice(0, clause);
  if (fitted.length > MAX_DESCRIPTION) fitted = fitted.replace(/\s*\([^)]*\)/g, '');
  fitted = cutAtWord(fitted.trim(), MAX_DESCRIPTION);
  return capitalize(fitted, locale);
}

/** The text whole when it fits, else cut at the last space that leaves room for an ellipsis. */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space > max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.—–-]+$/u, '')}…`;
}

function capitalize(text: string, locale: string): string {
  const [first = '', ...rest] = [...text];
  return first.toLocaleUpperCase(locale) + rest.join('');
}

/**
 * A translated command name made valid: lowercase in its language, words joined by hyphens, other
 * characters dropped. Undefined when nothing valid remains (Discord then shows the English name).
 */
export function localizedName(text: string, locale: string): string | undefined {
  const name = text
    .trim()
    .toLocaleLowerCase(locale)
    .replace(/\s+/g, '-')
    .replace(/[^-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]/gu, '');
  const fitted = [...name].slice(0, MAX_NAME).join('');
  return NAME_PATTERN.test(fitted) ? fitted : undefined;
}
