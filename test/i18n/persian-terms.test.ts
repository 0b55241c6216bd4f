import { describe, expect, it } from 'vitest';
import { loadLocale } from '../../src/i18n/locale-files.ts';

/**
 * One Persian word per idea, so a member never wonders whether two words mean two people or two
 * things: the curator is «دبیر» (the role's own name in /role and /help), never «کارشناس»; a chat is
 * «گفت‌وگو» (with its ZERO WIDTH NON-JOINER, as the Academy writes it), never «گفتگو».
 */
const fa = loadLocale('fa');

const CHOSEN: { idea: string; word: string; not: RegExp }[] = [
  { idea: 'curator', word: 'دبیر', not: /کارشناس/ },
  { idea: 'chat, conversation', word: 'گفت\u200Cوگو', not: /گفتگو|گفت وگو|گفت و گو/ },
];

describe('Persian terms', () => {
  it('GIVEN fa.json THEN the curator role is named «دبیر»', () => {
    expect(fa['role.curator']).toBe('دبیر');
  });

  for (const { idea, word, not } of CHOSEN) {
    it(`GIVEN fa.json THEN "${idea}" is always «${word}», never another spelling or word`, () => {
      const other = Object.entries(fa).filter(([, message]) => not.test(message));
      expect(other.map(([key]) => key)).toEqual([]);
      expect(Object.values(fa).some((message) => message.includes(word))).toBe(true);
    });
  }
});
