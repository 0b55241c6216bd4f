import { describe, expect, it } from 'vitest';
import { ModalBuilder } from 'discord.js';
import {
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APITextInputComponent,
} from 'discord-api-types/v10';
import { decodeOptions } from '../../../../src/adapters/discord/slash-commands/spec-options.ts';
import { modalForSpec, valuesFromForm } from '../../../../src/adapters/discord/slash-commands/spec-modal.ts';
import { checkValues } from '../../../../src/core/command.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { MAX_TITLE } from '../../../../src/features/experiences/experience-limits.ts';
import { newsletterCommand } from '../../../../src/features/experiences/newsletter-commands.ts';
import { reviewCommand } from '../../../../src/features/experiences/review-commands.ts';
import { searchCommand } from '../../../../src/features/experiences/search-commands.ts';
import { shareCommand } from '../../../../src/features/experiences/share-commands.ts';
import { topicsCommand } from '../../../../src/features/experiences/topic-commands.ts';
import { LANGUAGES } from '../../../../src/i18n/languages.ts';
import { Translator } from '../../../../src/i18n/translator.ts';
import { filledOptions } from './interactions.ts';

/**
 * The experience commands' declarations as Discord sees them: `/share`'s form, options decoded into
 * typed values, and the text grammars members type elsewhere. Through the core: test/features/experiences/typed-commands.test.ts.
 */
const translator = new Translator();
const t = (language: (typeof LANGUAGES)[number], key: string, params?: Record<string, unknown>) =>
  translator.t(language, key, params);

function inputs(modal: APIModalInteractionResponseCallbackData | undefined) {
  return (modal?.components ?? []).map((component) => {
    expect(component.type).toBe(ComponentType.Label);
    const label = component as APILabelComponent;
    expect(label.component.type).toBe(ComponentType.TextInput);
    return { label: label.label, input: label.component as APITextInputComponent };
  });
}

function refusal(read: () => unknown): UserError {
  try {
    read();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('/share on Discord', () => {
  it('GIVEN /share in each language THEN a form with a title and a paragraph, within Discord’s limits and the feature’s', () => {
    for (const language of LANGUAGES) {
      const modal = modalForSpec(shareCommand, language, t)!;
      expect(modal.custom_id).toBe('slash-modal:share');
      expect(modal.title.length).toBeGreaterThan(0);
      expect(modal.title.length).toBeLessThanOrEqual(45);
      const fields = inputs(modal);
      expect(fields.map((f) => f.input.custom_id)).toEqual(['title', 'text']);
      expect(fields[0]!.input).toMatchObject({ style: TextInputStyle.Short, required: true, max_length: MAX_TITLE });
      expect(fields[1]!.input).toMatchObject({ style: TextInputStyle.Paragraph, required: true, max_length: 4000 });
      for (const { label, input } of fields) {
        expect(label.length).toBeGreaterThan(0);
        expect(label.length).toBeLessThanOrEqual(45);
        expect((input.placeholder ?? '').length).toBeLessThanOrEqual(100);
      }
      expect(new ModalBuilder(modal).toJSON()).toEqual(modal);
    }
    expect(modalForSpec(shareCommand, 'fa', t)!.title).toContain('ثبت یک تجربه');
    expect(modalForSpec(shareCommand, 'ru', t)!.title).toBe('Поделиться опытом');
  });

  it('GIVEN a submitted form or the options, with “|” in the title and the text THEN the same values, kept as typed', () => {
    const typed = { title: 'Loans | returns', text: 'Week 1 | poetry\nWeek 2 | prose --weekly' };
    expect(valuesFromForm(shareCommand, typed)).toEqual(typed);
    expect(decodeOptions(shareCommand.args, filledOptions('share', typed))).toEqual(typed);
    expect(checkValues(shareCommand.args, typed)).toEqual(typed);
  });

  it('GIVEN the text form THEN the title ends at the first “|”, and a line without one is the usage', () => {
    expect(shareCommand.parse('Reading club | Week 1 | poetry', {})).toEqual({
      title: 'Reading club ',
      text: ' Week 1 | poetry',
    });
    expect(shareCommand.parse('', {})).toEqual({});
    expect(refusal(() => shareCommand.parse('Just a title', {})).key).toBe('share.usage');
  });
});

describe('/topics, /newsletter, /search, /review', () => {
  it('GIVEN /topics add or remove typed THEN one of the two values; anything else is the usage', () => {
    expect(topicsCommand.parse('add cataloguing, outreach', {})).toEqual({ add: 'cataloguing, outreach' });
    expect(topicsCommand.parse('REMOVE outreach', {})).toEqual({ remove: 'outreach' });
    expect(topicsCommand.parse('', {})).toEqual({});
    for (const text of ['add', 'remove   ', 'rename x', 'outreach']) {
      expect(refusal(() => topicsCommand.parse(text, {})).key, text).toBe('experience.topics.usage');
    }
    expect(decodeOptions(topicsCommand.args, filledOptions('topics', { add: 'a | b' }))).toEqual({ add: 'a | b' });
    expect(refusal(() => checkValues(topicsCommand.args, { remove: 'x'.repeat(101) })).key).toBe(
      'error.option-too-long',
    );
  });

  it('GIVEN /newsletter typed THEN the whole text is the start, read with the dates; the options are from and to', () => {
    expect(newsletterCommand.parse('1404/01/01 | 1404/03/31', {})).toEqual({ from: '1404/01/01 | 1404/03/31' });
    expect(
      decodeOptions(newsletterCommand.args, filledOptions('newsletter', { from: '2025-01-01', to: '2025-02-01' })),
    ).toEqual({ from: '2025-01-01', to: '2025-02-01' });
  });

  it('GIVEN /search typed THEN the whole text is the words; /review takes none', () => {
    expect(searchCommand.parse('کتابخانه دیجیتال', {})).toEqual({ words: 'کتابخانه دیجیتال' });
    expect(searchCommand.parse('', {})).toEqual({});
    expect(reviewCommand.args).toEqual([]);
    expect(reviewCommand.parse('anything', {})).toEqual({});
  });
});
