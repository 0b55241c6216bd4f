import { IntlMessageFormat } from 'intl-messageformat';
import { isolate, rightToLeftParagraphs } from './bidi.ts';
import { DEFAULT_LANGUAGE, type Language } from './languages.ts';
import { loadAllLocales, type LocaleMessages } from './locale-files.ts';

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

export class Translator {
  private readonly compiled = new Map<string, IntlMessageFormat>();

  constructor(
    private readonly messages: Record<Language, LocaleMessages> = loadAllLocales(),
    private readonly onMissing: (language: Language, key: string) => void = () => {},
  ) {}

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
    return new Intl.ListFormat(INTL_LOCALE[language], { type: 'conjunction' }).format(items);
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
      this.onMissing(language, key);
      source = this.messages[DEFAULT_LANGUAGE][key];
      if (source === undefined) return undefined;
      language = DEFAULT_LANGUAGE;
    }
    const format = new IntlMessageFormat(source, INTL_LOCALE[language]);
    this.compiled.set(cacheKey, format);
    return format;
  }

  /**
   * Persian: inserted strings are isolated so a Latin name does not flip the sentence around it. Their
   * digits stay as they are (a code to type back, a link); numbers stay numbers, so that ICU writes them
   * with the language's digits and plural rules still see them.
   */
  private prepareParams(language: Language, params: MessageParams): Record<string, string | number | Date> {
    const out: Record<string, string | number | Date> = {};
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'number' || value instanceof Date) {
        out[name] = value;
      } else if (value instanceof Rendered) {
        out[name] = value.text;
      } else {
        const text = value === undefined || value === null ? '' : String(value);
        out[name] = language === 'fa' && text.length > 0 ? isolate(text) : text;
      }
    }
    return out;
  }
}
