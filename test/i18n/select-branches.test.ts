import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, it, expect } from 'vitest';
import { LANGUAGES, type Language } from '../../src/i18n/languages.ts';
import { loadAllLocales } from '../../src/i18n/locale-files.ts';
import { Translator } from '../../src/i18n/translator.ts';

/**
 * Every `select` and `plural` branch of every message, in every language, rendered through the
 * translator with the value that picks it, must show that branch's own words. Persian once isolated
 * every inserted value, selectors too, so `{told, select, yes {…} other {…}}` always took `other`.
 */

const locales = loadAllLocales();
const translator = new Translator(locales);
const INTL: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };
const RLM = /\u200F/g;

interface Branch {
  /** The choices of the enclosing branches, then this one's. */
  path: [string, string | number][];
  words: string[];
  label: string;
}

/** The literal words directly in a branch (not in its nested branches), trimmed, non-empty. */
function wordsOf(nodes: MessageFormatElement[]): string[] {
  return nodes.flatMap((n) => (n.type === TYPE.literal && n.value.trim() ? [n.value.trim()] : []));
}

/** A count that takes plural category `key` in `locale` and matches none of the exact `=N` keys. */
function countFor(key: string, keys: string[], locale: string): number | undefined {
  if (key.startsWith('=')) return Number(key.slice(1));
  const rules = new Intl.PluralRules(locale);
  for (let n = 0; n <= 200; n++) {
    if (!keys.includes(`=${n}`) && rules.select(n) === key) return n;
  }
  return undefined;
}

function branches(nodes: MessageFormatElement[], locale: string, path: Branch['path'] = []): Branch[] {
  const found: Branch[] = [];
  for (const node of nodes) {
    if (node.type !== TYPE.select && node.type !== TYPE.plural) continue;
    const keys = Object.keys(node.options);
    for (const [key, option] of Object.entries(node.options)) {
      const value = node.type === TYPE.plural ? countFor(key, keys, locale) : key === 'other' ? 'something-else' : key;
      if (value === undefined) continue; // a category this language never uses
      const here: Branch['path'] = [...path, [node.value, value]];
      found.push({ path: here, words: wordsOf(option.value), label: `{${node.value}, ${key}}` });
      found.push(...branches(option.value, locale, here));
    }
  }
  return found;
}

/** A value for every argument: numbers where a number is needed, a date for dates, else a word. */
function defaults(nodes: MessageFormatElement[], out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const node of nodes) {
    if (node.type === TYPE.plural || node.type === TYPE.number) out[node.value] = 2;
    else if (node.type === TYPE.date || node.type === TYPE.time) out[node.value] = new Date(Date.UTC(2026, 0, 5));
    else if ((node.type === TYPE.argument || node.type === TYPE.select) && !(node.value in out)) out[node.value] = 'Ω';
    if (node.type === TYPE.select || node.type === TYPE.plural)
      for (const option of Object.values(node.options)) defaults(option.value, out);
    if (node.type === TYPE.tag) defaults(node.children, out);
  }
  return out;
}

describe('select and plural branches', () => {
  for (const language of LANGUAGES) {
    it(`GIVEN every ${language} message with select or plural WHEN rendered with each branch's value THEN that branch's words are shown`, () => {
      let checked = 0;
      for (const [key, message] of Object.entries(locales[language])) {
        const ast = parse(message);
        for (const branch of branches(ast, INTL[language])) {
          const names = branch.path.map(([name]) => name);
          if (new Set(names).size !== names.length) continue; // the same selector chosen twice: unreachable
          const params = { ...defaults(ast), ...Object.fromEntries(branch.path) };
          const text = translator.t(language, key, params).replace(RLM, '');
          for (const words of branch.words) expect(text, `${language} ${key} ${branch.label}`).toContain(words);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(30);
    });
  }

  it('GIVEN a Persian curator approves WHEN the author was told THEN the reply says so', () => {
    const text = translator.t('fa', 'review.done-approve', { id: '1', title: 'Title', told: 'yes' });
    expect(text).toContain(locales.fa['review.done-approve']!.match(/yes \{([^}]*)\}/)![1]);
  });
});
