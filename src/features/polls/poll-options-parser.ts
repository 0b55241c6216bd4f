/**
 * `/poll Question | A | B … [--multi] [--anon] [--hide] [--until WHEN] [--everywhere] [--committee NAME]`
 * as typed, into
 * a draft. Pure: it reads the syntax only; counts and lengths are the rules' (poll-rules.ts), and
 * WHEN is read by the date parser later. Returns the draft or the locale key of what is wrong.
 */

export interface PollDraft {
  question: string;
  options: string[];
  multi: boolean;
  anonymous: boolean;
  hideResults: boolean;
  everywhere: boolean;
  /** WHEN as typed after `--until`: a date in any form the date parser reads, or a duration (`3d`). */
  until?: string;
  /** The committee's name as typed after `--committee`: only its members vote. Looked up when posted. */
  committee?: string;
}

export interface PollInputError {
  key: string;
  params?: Record<string, string | number>;
}

export type PollParseResult = { ok: true; draft: PollDraft } | { ok: false; error: PollInputError };

const SWITCHES = { multi: 'multi', anon: 'anonymous', hide: 'hideResults', everywhere: 'everywhere' } as const;
type SwitchFlag = keyof typeof SWITCHES;

/**
 * Phones turn `--` into an em or en dash as it is typed; `—until` means `--until`. Only a dash at the
 * start of a word is a flag, so that `A - B` or `2020–2023` in an option stays as it is.
 */
const FLAG_START = /(^|\s)(?:--|—|–)(?=\p{L})/gu;
const FLAG = /(?:^|\s)--(\p{L}[\p{L}\p{N}-]*)/gu;

export function parsePollInput(input: string): PollParseResult {
  const text = input.replace(FLAG_START, '$1--').trim();
  const flags = [...text.matchAll(FLAG)];
  const body = flags.length > 0 ? text.slice(0, flags[0]!.index) : text;
  const draft: PollDraft = {
    question: '',
    options: [],
    multi: false,
    anonymous: false,
    hideResults: false,
    everywhere: false,
  };

  for (const [i, match] of flags.entries()) {
    const name = match[1]!.toLowerCase();
    const valueStart = match.index + match[0].length;
    const valueEnd = i + 1 < flags.length ? flags[i + 1]!.index : text.length;
    const value = text.slice(valueStart, valueEnd).trim();
    if (value.includes('|')) return fail('poll.error.flags-last');
    if (name === 'until') {
      if (!value) return fail('poll.error.until-missing');
      draft.until = value;
    } else if (name === 'committee') {
      if (!value) return fail('poll.error.committee-missing');
      draft.committee = value;
    } else if (name in SWITCHES) {
      if (value) return fail('poll.error.flag-no-value', { flag: `--${name}`, text: value });
      draft[SWITCHES[name as SwitchFlag]] = true;
    } else {
      return fail('poll.error.unknown-flag', { flag: `--${name}` });
    }
  }

  const [question = '', ...options] = body.split('|').map(collapseSpaces);
  draft.question = question;
  // `A || B` is a slip of the finger, not an empty option.
  draft.options = options.filter((option) => option !== '');
  if (!draft.question) return fail('poll.error.no-question');
  return { ok: true, draft };
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function fail(key: string, params?: Record<string, string | number>): PollParseResult {
  return { ok: false, error: params ? { key, params } : { key } };
}
