import { describe, expect, it } from 'vitest';
import { namesAny } from '../../../src/features/privacy/names-in-text.ts';

describe('a forgotten member named in a queued message', () => {
  it('GIVEN their name as a whole word, in any script, or as JSON stores it THEN it is found', () => {
    expect(namesAny('{"text":"Welcome, Sara Ahmadi!"}', ['Sara Ahmadi'])).toBe(true);
    expect(namesAny('{"text":"سارا‌احمدی می‌آید"}', ['سارا‌احمدی'])).toBe(true);
    expect(namesAny('{"text":"Li: yes"}', ['Li'])).toBe(true);
    expect(namesAny('{"text":"Hi \\"Bob\\" Jr."}', ['"Bob" Jr.'])).toBe(true);
    expect(namesAny('{"data":"12345678"}', ['12345678'])).toBe(true);
  });

  it('GIVEN the name only inside a longer word THEN the message is not taken for theirs', () => {
    expect(namesAny('{"text":"Library hours"}', ['Li'])).toBe(false);
    expect(namesAny('{"text":"Sara Ahmadi Radio hour"}', ['Sara Ahmadi Rad'])).toBe(false);
    expect(namesAny('{"data":"9123456789"}', ['12345678'])).toBe(false);
  });
});
