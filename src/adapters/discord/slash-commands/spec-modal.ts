/**
 * The form (a Discord modal) a command declares for when it is called bare in a server (`form` in
 * `core/command.ts`): one text input per argument, labelled in the member's language, and its
 * submission as the same typed values the command's options give.
 */
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { ArgValues, CommandSpec } from '../../../core/command.ts';
import type { Language } from '../../../i18n/languages.ts';
import { cutAtWord } from './discord-text-limits.ts';
import type { SlashTranslate } from './spec-options.ts';

/** Discord's bounds: a text input holds at most 4000 characters, a label 45, a placeholder 100, a title 45. */
const MAX_INPUT = 4000;
const MAX_LABEL = 45;
const MAX_PLACEHOLDER = 100;
const MAX_MODAL_TITLE = 45;

/** Custom ids of the forms start with this, so that the adapter can tell them from its buttons. */
export const MODAL_ID_PREFIX = 'slash-modal:';

type FormCommand = Pick<CommandSpec<never>, 'name' | 'args' | 'form'>;

/** The command a form's custom id names, or undefined for an id the adapter did not make. */
export function formCommandName(customId: string): string | undefined {
  return customId.startsWith(MODAL_ID_PREFIX) ? customId.slice(MODAL_ID_PREFIX.length) : undefined;
}

/**
 * The command's form with labels and placeholders (`discord.modal.<command>.<field>.label|placeholder`)
 * in the member's language; undefined for a command without one. Built with discord.js's builders,
 * which check Discord's limits.
 */
export function modalForSpec(
  command: FormCommand,
  language: Language,
  t: SlashTranslate,
): APIModalInteractionResponseCallbackData | undefined {
  const form = command.form;
  if (!form) return undefined;
  const text = (key: string, max: number) => cutAtWord(t(language, `discord.modal.${command.name}.${key}`), max);
  const modal = new ModalBuilder()
    .setCustomId(`${MODAL_ID_PREFIX}${command.name}`)
    .setTitle(text('heading', MAX_MODAL_TITLE));
  for (const name of form.fields) {
    const arg = command.args.find((a) => a.name === name);
    if (!arg) throw new Error(`/${command.name}'s form names “${name}”, which is not one of its arguments`);
    const long = 'multiline' in arg && arg.multiline;
    const maxLength = Math.min(('maxLength' in arg ? arg.maxLength : undefined) ?? MAX_INPUT, MAX_INPUT);
    const input = new TextInputBuilder()
      .setCustomId(name)
      .setStyle(long ? TextInputStyle.Paragraph : TextInputStyle.Short)
      .setRequired(!form.optional?.includes(name))
      .setMaxLength(maxLength)
      .setPlaceholder(text(`${name}.placeholder`, MAX_PLACEHOLDER));
    modal.addLabelComponents(
      new LabelBuilder().setLabel(text(`${name}.label`, MAX_LABEL)).setTextInputComponent(input),
    );
  }
  return modal.toJSON();
}

/** A submitted form's fields as argument values: the form's own fields only, blank ones left out. */
export function valuesFromForm(command: FormCommand, fields: Readonly<Record<string, string>>): ArgValues {
  const values: ArgValues = {};
  for (const name of command.form?.fields ?? []) {
    const value = fields[name];
    if (value !== undefined && value.trim() !== '') values[name] = value;
  }
  return values;
}
