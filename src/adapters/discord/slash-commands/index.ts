/**
 * Discord's slash commands for the contract's commands: their registration payloads, the conversion
 * of a filled-in command (or a submitted form) into the text command the core reads, the forms of
 * `/share` and `/meeting`, and autocomplete. The Discord adapter imports from here only.
 */

/** Registration payloads for every command the router knows, with typed options and ru/vi localizations. */
export { buildSlashCommandPayloads, type SlashSourceCommand, type SlashTranslate } from './payload-builder.ts';

/** A slash command's typed options → `{ name, args, target? }` for the core; a UserError when a value cannot pass as typed. */
export { commandTextFromOptions, type CommandText } from './command-text.ts';

/** The form `/share` and `/meeting` open without options, its submission → text command, and its id test. */
export { modalForCommand, commandTextFromModal, isSlashModalId, MODAL_ID_PREFIX } from './modals.ts';

/** Suggestions (≤ 25) for an autocompleting option, from a source scoped to the member's community. */
export { autocompleteChoices, type AutocompleteSource, type Suggestion } from './autocomplete.ts';

/** The `AutocompleteSource` over the features' services, for one member in one chat. */
export { createAutocompleteSource } from './autocomplete-source.ts';

/** The slash-command kit generated from the command specs (payloads, typed options, forms, suggestions). */
export { createSlashCommandKit, type SlashKitParts } from './spec-kit.ts';
