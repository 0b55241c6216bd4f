import { describe, expect, it } from 'vitest';
import { ModalBuilder } from 'discord.js';
import {
  ComponentType,
  TextInputStyle,
  type APILabelComponent,
  type APITextInputComponent,
} from 'discord-api-types/v10';
import {
  commandTextFromModal,
  commandTextFromOptions,
  isSlashModalId,
  modalForCommand,
} from '../../../../src/adapters/discord/slash-commands/index.ts';
import { UserError } from '../../../../src/core/errors.ts';
import { parseMeetingLine } from '../../../../src/features/meetings/meeting-line-parser.ts';
import { MAX_AGENDA } from '../../../../src/features/meetings/meeting-input.ts';
import { LANGUAGES } from '../../../../src/i18n/languages.ts';
import { Translator } from '../../../../src/i18n/translator.ts';
import { filledOptions } from './interactions.ts';

const translator = new Translator();
const t = (language: (typeof LANGUAGES)[number], key: string, params?: Record<string, unknown>) =>
  translator.t(language, key, params);

function inputs(modal: ReturnType<typeof modalForCommand>): Array<{ label: string; input: APITextInputComponent }> {
  return (modal?.components ?? []).map((component) => {
    expect(component.type).toBe(ComponentType.Label);
    const label = component as APILabelComponent;
    expect(label.component.type).toBe(ComponentType.TextInput);
    return { label: label.label, input: label.component as APITextInputComponent };
  });
}

describe('the /share and /meeting forms', () => {
  it('GIVEN /meeting THEN when, title, link and an optional agenda paragraph, at most five rows', () => {
    const modal = modalForCommand('meeting', 'en', t)!;
    const fields = inputs(modal);
    expect(fields.length).toBeLessThanOrEqual(5);
    expect(fields.map((f) => [f.input.custom_id, f.input.style, f.input.required])).toEqual([
      ['when', TextInputStyle.Short, true],
      ['title', TextInputStyle.Short, true],
      ['link', TextInputStyle.Short, true],
      ['agenda', TextInputStyle.Paragraph, false],
    ]);
    expect(fields[3]!.input.max_length).toBe(MAX_AGENDA);
    expect(fields.map((f) => f.label)).toEqual(['When', 'Title', 'Link', 'Agenda (optional)']);
  });

  it('GIVEN a built form THEN discord.js’s ModalBuilder takes it back and validates it unchanged', () => {
    for (const command of ['meeting']) {
      for (const language of LANGUAGES) {
        const json = modalForCommand(command, language, t)!;
        expect(new ModalBuilder(json).toJSON()).toEqual(json);
      }
    }
  });

  it('GIVEN a command with no form THEN none', () => {
    expect(modalForCommand('poll', 'en', t)).toBeUndefined();
    expect(isSlashModalId('slash-modal:poll')).toBe(false);
    expect(isSlashModalId('slash-modal:meeting')).toBe(true);
  });

  it('GIVEN a submitted meeting form THEN the same text and the same parse as the typed options', () => {
    const fields = {
      when: 'فردا ساعت ۱۰',
      title: 'Orientation for new library heads',
      link: 'https://www.skyroom.online/ch/lib/orient',
      agenda: 'Welcome\n- the new catalogue\n- questions',
    };
    const fromForm = commandTextFromModal('slash-modal:meeting', fields);
    const fromOptions = commandTextFromOptions('meeting', filledOptions('meeting', fields));
    expect(fromForm).toEqual(fromOptions);
    expect(parseMeetingLine(fromForm.args)).toEqual({ ok: true, value: fields });
  });

  it('GIVEN a meeting form without an agenda THEN the three-part line', () => {
    const fromForm = commandTextFromModal('slash-modal:meeting', {
      when: '2030-01-01 10:00',
      title: 'T',
      link: 'https://x.org',
      agenda: ' ',
    });
    expect(fromForm).toEqual({ name: 'meeting', args: '2030-01-01 10:00 | T | https://x.org' });
  });

  it('GIVEN an agenda line starting with -- THEN the form is refused rather than the line read as an option', () => {
    const submit = () =>
      commandTextFromModal('slash-modal:meeting', {
        when: 'tomorrow 10:00',
        title: 'T',
        link: 'https://x.org',
        agenda: 'Intro\n--weekly review',
      });
    expect(submit).toThrow(UserError);
    expect(submit).toThrow(
      expect.objectContaining({
        key: 'discord.error.flag-like',
        params: expect.objectContaining({ option: 'agenda' }),
      }),
    );
  });
});
