/**
 * `/share` and `/meeting` called without options in a server open a form (a Discord modal) instead of a
 * step-by-step chat: the member fills in the parts, and the submitted form becomes the same one-line text
 * command the core reads from `/share Title | text` and `/meeting WHEN | Title | link | agenda`. (In the
 * DM, `/share` runs step by step instead, so that photos and documents can come as attachments.)
 */
import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { APIModalInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Language } from '../../../i18n/languages.ts';
import { MAX_TITLE as MAX_EXPERIENCE_TITLE } from '../../../features/experiences/experience-limits.ts';
import { MAX_AGENDA, MAX_TITLE as MAX_MEETING_TITLE } from '../../../features/meetings/meeting-input.ts';
import { meetingLine, shareText, type CommandText } from './command-text.ts';
import { cutAtWord } from './discord-text-limits.ts';
import type { SlashTranslate } from './payload-builder.ts';

/** Discord's bounds: a text input holds at most 4000 characters, a label 45, a placeholder 100, a title 45. */
const MAX_INPUT = 4000;
const MAX_LABEL = 45;
const MAX_PLACEHOLDER = 100;
const MAX_MODAL_TITLE = 45;

/** Custom ids of the forms start with this, so that the adapter can tell them from its buttons. */
export const MODAL_ID_PREFIX = 'slash-modal:';

interface FieldSpec {
  id: string;
  style: TextInputStyle;
  required: boolean;
  maxLength: number;
}

const MODALS: Record<string, readonly FieldSpec[]> = {
  share: [
    { id: 'title', style: TextInputStyle.Short, required: true, maxLength: MAX_EXPERIENCE_TITLE },
    // The feature takes 20 000 characters; a longer story goes through the guided /share in a DM.
    { id: 'text', style: TextInputStyle.Paragraph, required: true, maxLength: MAX_INPUT },
  ],
  meeting: [
    { id: 'when', style: TextInputStyle.Short, required: true, maxLength: 100 },
    { id: 'title', style: TextInputStyle.Short, required: true, maxLength: MAX_MEETING_TITLE },
    { id: 'link', style: TextInputStyle.Short, required: true, maxLength: 500 },
    { id: 'agenda', style: TextInputStyle.Paragraph, required: false, maxLength: MAX_AGENDA },
  ],
};

/** True for the custom id of a form `modalForCommand` built. */
export function isSlashModalId(customId: string): boolean {
  return customId.startsWith(MODAL_ID_PREFIX) && Object.hasOwn(MODALS, customId.slice(MODAL_ID_PREFIX.length));
}

/**
 * The form a command opens when it is called without options, with its labels and placeholders in
 * the member's language; undefined for a command that has none. Built with discord.js's builders,
 * which check Discord's limits.
 */
export function modalForCommand(
  commandName: string,
  language: Language,
  t: SlashTranslate,
): APIModalInteractionResponseCallbackData | undefined {
  const fields = Object.hasOwn(MODALS, commandName) ? MODALS[commandName] : undefined;
  if (!fields) return undefined;
  const text = (key: string, max: number) => cutAtWord(t(language, `discord.modal.${commandName}.${key}`), max);
  const modal = new ModalBuilder()
    .setCustomId(`${MODAL_ID_PREFIX}${commandName}`)
    .setTitle(text('heading', MAX_MODAL_TITLE));
  for (const field of fields) {
    const input = new TextInputBuilder()
      .setCustomId(field.id)
      .setStyle(field.style)
      .setRequired(field.required)
      .setMaxLength(field.maxLength)
      .setPlaceholder(text(`${field.id}.placeholder`, MAX_PLACEHOLDER));
    modal.addLabelComponents(
      new LabelBuilder().setLabel(text(`${field.id}.label`, MAX_LABEL)).setTextInputComponent(input),
    );
  }
  return modal.toJSON();
}

/**
 * A submitted form as the text command it stands for. Values are what the member typed; a part that
 * could not reach the parser as typed (a `|` in a title) is refused with a `UserError`, as in
 * `commandTextFromOptions`.
 */
export function commandTextFromModal(customId: string, fields: Readonly<Record<string, string>>): CommandText {
  const command = customId.slice(MODAL_ID_PREFIX.length);
  if (!isSlashModalId(customId)) throw new Error(`not a slash-command form: ${customId}`);
  const value = (id: string) => (fields[id]?.trim() ? fields[id] : undefined);
  if (command === 'share') return { name: 'share', ...shareText(value('title') ?? '', value('text') ?? '') };
  const args = meetingLine({
    when: value('when') ?? '',
    title: value('title') ?? '',
    link: value('link') ?? '',
    agenda: value('agenda'),
  });
  return { name: 'meeting', args };
}
