import { describe, expect, it } from 'vitest';
import { isSlashModalId, modalForCommand } from '../../../../src/adapters/discord/slash-commands/index.ts';
import { LANGUAGES } from '../../../../src/i18n/languages.ts';
import { Translator } from '../../../../src/i18n/translator.ts';

const translator = new Translator();
const t = (language: (typeof LANGUAGES)[number], key: string, params?: Record<string, unknown>) =>
  translator.t(language, key, params);

describe('commands without a form', () => {
  it('GIVEN a command with no form THEN none', () => {
    expect(modalForCommand('poll', 'en', t)).toBeUndefined();
    expect(isSlashModalId('slash-modal:poll')).toBe(false);
  });
});
