import { defineCommand, type ArgSpec, type CommandDefinition, type CommandSpec } from '../core/command.ts';
import type { Services } from './services.ts';

/** An argument of a feature's command: its suggestions can reach every feature's services. */
export type FeatureArg = ArgSpec<Services>;

/**
 * Declares one of the bot's commands (see `core/command.ts`): the features' form of `defineCommand`,
 * with the services every handler reaches through `ctx.services`.
 */
export function featureCommand<const Args extends readonly ArgSpec<Services>[]>(
  definition: CommandDefinition<Services, Args>,
): CommandSpec<Services> {
  return defineCommand<Services, Args>(definition);
}
