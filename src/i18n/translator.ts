import { IntlMessageFormat } from 'intl-messageformat';
import { isolate, rightToLeftParagraphs, withoutParagraphMarks } from './bidi.ts';
import { localizeDigits } from './digits.ts';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { loadAllLocales, type LocaleMessages } from './locale-files.ts';
import { SHOWN, withShownArguments } from './shown-arguments.ts';

export type MessageParams = Record<string, unknown>;

/**
 * Text already rendered in the message's language (a list of translated lines) to insert as it is:
 * not isolated as foreign text, since isolation would also swallow its line breaks.
 */
export class Rendered {
  constructor(readonly text: string) {}
}

/** Renders a locale key in one language. */
export type Translate = (key: string, params?: MessageParams) => string;

/** ICU locale tags: plural rules and digits come from these (fa → Persian digits in `{n, number}`). */
const INTL_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

/**
 * Compiled messages, shared by the translators of one set of locales (the process's, loaded once): a
 * compiled format holds no state of its own. A translator told about missing keys keeps its own, so
 * that it hears of each key it misses.
 */
const compiledByLocales = new WeakMap<object, Map<string, IntlMessageFormat>>();

export class Translator {
  private readonly compiled: Map<string, IntlMessageFormat>;

  constructor(
    private readonly messages: Readonly<Record<Language, Readonly<LocaleMessages>>> = loadAllLocales(),
    private readonly onMissing?: (language: Language, key: string) => void,
  ) {
    let shared = onMissing ? undefined : compiledByLocales.get(messages);
    if (!shared) {
      shared = new Map();
      if (!onMissing) compiledByLocales.set(messages, shared);
    }
    this.compiled = shared;
  }

  has(key: string): boolean {
    return key in this.messages[DEFAULT_LANGUAGE];
  }

  t(language: Language, key: string, params: MessageParams = {}): string {
    const format = this.format(language, key);
    if (!format) return key;
    const text = String(format.format(this.prepareParams(language, params)));
    return language === 'fa' ? rightToLeftParagraphs(text) : text;
  }

  /** `a, b and c` in the language's own words and punctuation (Persian: `a، b و c`). */
  list(language: Language, items: readonly string[]): string {
    return new Intl.ListFormat(INTL_LOCALE[language], { type: 'conjunction' }).format(items.map(withoutParagraphMarks));
  }

  /** A `Translate` bound to one language: what handlers get as `ctx.t`. */
  forLanguage(language: Language): Translate {
    return (key, params) => this.t(language, key, params);
  }

  private format(language: Language, key: string): IntlMessageFormat | undefined {
    const cacheKey = `${language}\u0000${key}`;
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    let source = this.messages[language][key];
    if (source === undefined) {
      this.onMissing?.(language, key);
      source = this.messages[DEFAULT_LANGUAGE][key];
      if (source === undefined) return undefined;
      language = DEFAULT_LANGUAGE;
    }
    const parsed = new IntlMessageFormat(source, INTL_LOCALE[language]);
    const format =
      language === 'fa' ? new IntlMessageFormat(withShownArguments(parsed.getAst()), INTL_LOCALE[language]) : parsed;
    this.compiled.set(cacheKey, format);
    return format;
  }

  /**
   * Persian: a value is shown (see shown-arguments.ts) isolated, so a Latin name does not flip the
   * sentence around it, with one exception: a number, or an id given as a string of digits, is written
   * in Persian digits like every other number of the reply, without grouping, since an id is typed back
   * (commands read Persian digits). Codes and links keep their own characters. Selectors, plurals and
   * `{n, number}` read the value itself. In every language, a value loses the paragraph marks a Persian
   * rendering gave it (see withoutParagraphMarks).
   */
  private prepareParams(language: Language, params: MessageParams): Record<string, string | number | Date> {
    const out: Record<string, string | number | Date> = {};
    for (const [name, value] of Object.entries(params)) {
      const plain =
        typeof value === 'number' || value instanceof Date
          ? value
          : value instanceof Rendered
            ? withoutParagraphMarks(value.text)
            : value === undefined || value === null
              ? ''
              : withoutParagraphMarks(String(value));
      out[name] = plain;
      if (language === 'fa') out[`${name}${SHOWN}`] = persianShown(value, plain);
    }
    return out;
  }
}

const DIGITS_ONLY = /^[0-9]+$/;

function persianShown(value: unknown, plain: string | number | Date): string | number | Date {
  if (typeof plain === 'number') return Number.isInteger(plain) ? localizeDigits(String(plain), 'fa') : plain;
  if (plain instanceof Date || value instanceof Rendered || plain.length === 0) return plain;
  return DIGITS_ONLY.test(plain) ? localizeDigits(plain, 'fa') : isolate(plain);
}
