import type { PollInputError } from './poll-options-parser.ts';

/** Discord allows at most 10 answers to a poll; a poll needs two to be one. */
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;

/**
 * The longest option each platform shows whole on a button: Discord cuts button labels at 80
 * characters; Telegram and Bale poll options stop at 100. Unknown platforms get the strictest.
 */
const OPTION_LIMITS: Record<string, number> = { discord: 80, telegram: 100, bale: 100, console: 100 };
const DEFAULT_OPTION_LIMIT = 80;
/** Telegram's limit for a poll question; a longer one is an essay, not a question. */
export const MAX_QUESTION = 300;

/** The longest option that every one of these platforms shows whole. */
export function optionLimit(platforms: readonly string[]): number {
  const limits = platforms.map((p) => OPTION_LIMITS[p] ?? DEFAULT_OPTION_LIMIT);
  return limits.length > 0 ? Math.min(...limits) : DEFAULT_OPTION_LIMIT;
}

/** The question and options checked against the limits of the platforms the poll goes to. */
export function checkPollContent(
  question: string,
  options: readonly string[],
  platforms: readonly string[],
): PollInputError | null {
  return checkQuestion(question) ?? checkOptions(options, platforms, { complete: true });
}

export function checkQuestion(question: string): PollInputError | null {
  if (!question.trim()) return { key: 'poll.error.no-question' };
  if ([...question].length > MAX_QUESTION)
    return { key: 'poll.error.question-too-long', params: { max: MAX_QUESTION } };
  return null;
}

/** The options so far (`complete` false while the guided form still collects them). */
export function checkOptions(
  options: readonly string[],
  platforms: readonly string[],
  { complete }: { complete: boolean },
): PollInputError | null {
  if (complete && options.length < MIN_OPTIONS) {
    return { key: 'poll.error.too-few', params: { min: MIN_OPTIONS, count: options.length } };
  }
  if (options.length > MAX_OPTIONS)
    return { key: 'poll.error.too-many', params: { max: MAX_OPTIONS, count: options.length } };
  const max = optionLimit(platforms);
  const long = options.find((option) => [...option].length > max);
  if (long !== undefined) return { key: 'poll.error.option-too-long', params: { option: shorten(long), max } };
  const seen = new Set<string>();
  for (const option of options) {
    const folded = option.toLocaleLowerCase();
    if (seen.has(folded)) return { key: 'poll.error.duplicate-option', params: { option } };
    seen.add(folded);
  }
  return null;
}

function shorten(text: string): string {
  const chars = [...text];
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : text;
}
