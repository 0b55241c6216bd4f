import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, it, expect } from 'vitest';
import { Translator } from '../../src/i18n/translator.ts';
import { parseWhen } from '../../src/i18n/when-parser.ts';

/**
 * The translated locale files against the English reference: same keys in the same order, messages that
 * parse, the same argument names, the plural categories each language needs, Persian orthography, and
 * rendering through the project's translator.
 */

const LOCALES_DIR = fileURLToPath(new URL('../../locales/', import.meta.url));
const TRANSLATED = ['fa', 'vi', 'ru'] as const;
type Translated = (typeof TRANSLATED)[number];
type Messages = Record<string, string>;

const rawFile = (language: string): string => readFileSync(`${LOCALES_DIR}${language}.json`, 'utf8');
const load = (language: string): Messages => JSON.parse(rawFile(language)) as Messages;

const en = load('en');
const locales: Record<Translated, Messages> = { fa: load('fa'), vi: load('vi'), ru: load('ru') };

const ZWNJ = '\u200C';
const RLM = '\u200F';

/** The parts of the ICU AST that name arguments (intl-messageformat's TYPE enum, by number). */
interface AstNode {
  type: number;
  value?: unknown;
  options?: Record<string, { value: AstNode[] }>;
  children?: AstNode[];
}
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;
const NAMED = new Set([ARGUMENT, NUMBER, DATE, TIME, SELECT, PLURAL]);

function ast(message: string, locale: string): AstNode[] {
  return new IntlMessageFormat(message, locale).getAst() as unknown as AstNode[];
}

function walk(nodes: AstNode[], visit: (node: AstNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if ((node.type === SELECT || node.type === PLURAL) && node.options) {
      for (const option of Object.values(node.options)) walk(option.value, visit);
    }
    if (node.type === TAG && node.children) walk(node.children, visit);
  }
}

function argumentNames(message: string, locale: string): string[] {
  const names = new Set<string>();
  walk(ast(message, locale), (node) => {
    if (NAMED.has(node.type) && typeof node.value === 'string') names.add(node.value);
  });
  return [...names].sort();
}

/** Each plural argument's option keys (`one`, `few`, `=0`, …), by argument name. */
function pluralOptions(message: string, locale: string): Map<string, string[]> {
  const plurals = new Map<string, string[]>();
  walk(ast(message, locale), (node) => {
    if (node.type === PLURAL && typeof node.value === 'string' && node.options) {
      plurals.set(node.value, Object.keys(node.options));
    }
  });
  return plurals;
}

const exact = (option: string): boolean => option.startsWith('=');

describe('locale files', () => {
  it('GIVEN en.json THEN every message parses', () => {
    for (const [key, message] of Object.entries(en)) {
      expect(() => new IntlMessageFormat(message, 'en'), key).not.toThrow();
    }
  });

  for (const language of TRANSLATED) {
    const messages = locales[language];

    describe(language, () => {
      it(`GIVEN ${language}.json THEN it is one flat object of strings`, () => {
        for (const [key, value] of Object.entries(messages)) expect(typeof value, key).toBe('string');
      });

      it(`GIVEN ${language}.json THEN it has every key of en.json and no other`, () => {
        const missing = Object.keys(en).filter((key) => !(key in messages));
        const extra = Object.keys(messages).filter((key) => !(key in en));
        expect(missing, 'missing keys').toEqual([]);
        expect(extra, 'keys not in en.json').toEqual([]);
      });

      it(`GIVEN ${language}.json THEN its keys come in the order of en.json`, () => {
        expect(Object.keys(messages)).toEqual(Object.keys(en).filter((key) => key in messages));
      });

      it(`GIVEN ${language}.json THEN every message parses with IntlMessageFormat`, () => {
        for (const [key, message] of Object.entries(messages)) {
          expect(() => new IntlMessageFormat(message, language), key).not.toThrow();
        }
      });

      it(`GIVEN ${language}.json THEN every message has the same argument names as in en.json`, () => {
        for (const [key, message] of Object.entries(messages)) {
          const reference = en[key];
          if (reference === undefined) continue; // reported by the key test
          expect(argumentNames(message, language), key).toEqual(argumentNames(reference, 'en'));
        }
      });

      it(`GIVEN a plural in en.json THEN ${language} keeps it as a plural with its exact =N matches`, () => {
        for (const [key, reference] of Object.entries(en)) {
          const message = messages[key];
          if (message === undefined) continue;
          const translated = pluralOptions(message, language);
          for (const [name, options] of pluralOptions(reference, 'en')) {
            const ours = translated.get(name);
            expect(ours, `${key}: {${name}, plural}`).toBeDefined();
            expect(ours, `${key}: {${name}, plural} needs other`).toContain('other');
            for (const option of options.filter(exact)) expect(ours, `${key}: {${name}, plural}`).toContain(option);
          }
        }
      });

      it(`GIVEN ${language}.json THEN it has no RIGHT-TO-LEFT MARK (the translator adds it)`, () => {
        for (const [key, message] of Object.entries(messages)) expect(message.includes(RLM), key).toBe(false);
      });
    });
  }

  it('GIVEN a Russian plural THEN it has one, few and many, unless en uses only =N and other', () => {
    for (const [key, reference] of Object.entries(en)) {
      const message = locales.ru[key];
      if (message === undefined) continue;
      const russian = pluralOptions(message, 'ru');
      for (const [name, options] of pluralOptions(reference, 'en')) {
        if (options.every((option) => exact(option) || option === 'other')) continue;
        for (const category of ['one', 'few', 'many', 'other']) {
          expect(russian.get(name), `${key}: {${name}, plural}`).toContain(category);
        }
      }
    }
  });

  it('GIVEN a Persian or Vietnamese plural THEN it uses only the categories of that language', () => {
    const allowed: Record<'fa' | 'vi', string[]> = { fa: ['one', 'other'], vi: ['other'] };
    for (const language of ['fa', 'vi'] as const) {
      for (const [key, message] of Object.entries(locales[language])) {
        for (const [name, options] of pluralOptions(message, language)) {
          const unexpected = options.filter((option) => !exact(option) && !allowed[language].includes(option));
          expect(unexpected, `${language} ${key}: {${name}, plural}`).toEqual([]);
        }
      }
    }
  });

  it('GIVEN the language.* keys THEN each is the native name, identical in all four files', () => {
    const names = Object.keys(en).filter((key) => key.startsWith('language.'));
    expect(names.length).toBeGreaterThan(0);
    for (const key of names) {
      for (const language of TRANSLATED) expect(locales[language][key], `${language} ${key}`).toBe(en[key]);
    }
  });

  it('GIVEN fa.json THEN Persian words keep their ZERO WIDTH NON-JOINER', () => {
    const broken = [
      'میکنم',
      'میکند',
      'میشود',
      'میتوانید',
      'نمیتوانم',
      'نمیتوانید',
      'نمیشناسم',
      'کمیتهها',
      'کمیتههای',
      'کتابخانهها',
      'پیامها',
      'پیامرسان',
      'انجمنها',
      'نقشها',
      'آنها',
      'اینها',
    ];
    for (const [key, message] of Object.entries(locales.fa)) {
      for (const form of broken) expect(message.includes(form), `${key} contains ${form}`).toBe(false);
    }
    expect(Object.values(locales.fa).some((message) => message.includes(ZWNJ))).toBe(true);
    expect(rawFile('fa')).not.toMatch(/\\u200c/i); // the real character, not an escape
  });

  it('GIVEN fa.json and ru.json THEN quotations use « » rather than “ ”', () => {
    for (const language of ['fa', 'ru'] as const) {
      for (const [key, message] of Object.entries(locales[language])) {
        expect(/[“”]/.test(message), `${language} ${key}`).toBe(false);
      }
    }
  });

  it('GIVEN the date examples in date.error.* THEN each is in the message and the parser accepts it', () => {
    const examples: Record<'en' | Translated, string[]> = {
      en: ['1402/03/23 10:00', '3 Tir 1402 10:00', '2023-06-13 10:00', 'tomorrow 10:00'],
      fa: ['۱۴۰۲/۰۳/۲۳ ۱۰:۰۰', '۳ تیر ۱۴۰۲ ساعت ۱۰', 'فردا ساعت ۱۰'],
      ru: ['10 ноября 2025 10:00', '10.11.2025 10:00', '2025-11-10 10:00', 'завтра 10:00'],
      vi: ['02/9/2025 10:00', '2025-09-02 10:00', 'ngày mai 10:00'],
    };
    const all: Record<'en' | Translated, Messages> = { en, ...locales };
    const now = new Date('2025-06-01T08:00:00Z');
    for (const [language, list] of Object.entries(examples) as ['en' | Translated, string[]][]) {
      const text = `${all[language]['date.error.empty']} ${all[language]['date.error.unrecognized']}`;
      for (const example of list) {
        expect(text, `${language}: ${example}`).toContain(example);
        const result = parseWhen(example, { timeZone: 'Asia/Tehran', now });
        expect(result.ok, `${language}: ${example}`).toBe(true);
      }
    }
  });
});

describe('rendering through the translator', () => {
  const translator = new Translator();

  it('GIVEN Russian committee.line THEN the noun agrees with the count', () => {
    const forms: [number, string][] = [
      [1, 'участник'],
      [2, 'участника'],
      [5, 'участников'],
      [11, 'участников'],
      [21, 'участник'],
      [22, 'участника'],
    ];
    for (const [count, noun] of forms) {
      expect(translator.t('ru', 'committee.line', { name: 'X', count })).toBe(`• X (${count} ${noun})`);
    }
  });

  it('GIVEN Russian messages with =0 and minutes THEN the exact match and genitive forms are used', () => {
    expect(translator.t('ru', 'poll.voters', { voters: 0 })).toBe('Пока никто не проголосовал.');
    expect(translator.t('ru', 'forgetme.kept.audit-entries', { count: 3 })).toContain('3 записи журнала');
    expect(translator.t('ru', 'link.code', { code: 'AB12', minutes: 10 })).toContain('в течение 10 минут.');
  });

  it('GIVEN Persian THEN the output begins with RIGHT-TO-LEFT MARK and numbers use Persian digits', () => {
    const line = translator.t('fa', 'committee.line', { name: 'X', count: 3 });
    expect(line.startsWith(RLM)).toBe(true);
    expect(line).toContain('۳');
    expect(line).not.toMatch(/[0-9]/);
    const code = translator.t('fa', 'link.code', { code: 'AB12', minutes: 10 });
    expect(code).toContain('۱۰ دقیقه');
    expect(code).toContain('AB12'); // a code to type back keeps its own digits
  });

  it('GIVEN Vietnamese committee.line THEN one plural form serves every count', () => {
    expect(translator.t('vi', 'committee.line', { name: 'X', count: 1 })).toBe('• X (1 thành viên)');
    expect(translator.t('vi', 'committee.line', { name: 'X', count: 5 })).toBe('• X (5 thành viên)');
  });

  it('GIVEN any key of en.json THEN every language renders it without falling back to the key', () => {
    for (const [key, reference] of Object.entries(en)) {
      // Every argument as a number: plain arguments print it, plurals and numbers need one.
      const params = Object.fromEntries(argumentNames(reference, 'en').map((name) => [name, 2]));
      for (const language of TRANSLATED) {
        expect(translator.t(language, key, params), `${language} ${key}`).not.toBe(key);
      }
    }
  });
});
