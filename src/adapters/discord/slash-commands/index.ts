/**
 * Discord's slash commands, generated from the core's command specs (`core/command.ts`): registration
 * payloads, options decoded into typed values, forms, and suggestions. Nothing here knows a particular
 * command. The Discord adapter's wiring imports from here only.
 */

/** Registration payloads for every command the router knows, with typed options and ru/vi localizations. */
export { buildSlashCommandPayloads, type SlashSourceCommand, type SlashTranslate } from './payload-builder.ts';

/** The slash-command kit generated from the command specs (payloads, typed options, forms, suggestions). */
export { createSlashCommandKit, type SlashKitParts } from './spec-kit.ts';

/** The custom ids of the forms commands declare. */
export { MODAL_ID_PREFIX } from './spec-modal.ts';
