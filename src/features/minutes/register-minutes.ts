import type { Db } from '../../db/prisma-client.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { AppRouter } from '../services.ts';
import { registerActionCommand } from './action-command.ts';
import { registerDecisionsCommand } from './decisions-command.ts';
import { registerEntryCommands } from './entry-commands.ts';
import { registerHereCommand } from './here-command.ts';
import { registerMinutesCommand } from './minutes-command.ts';
import { MinutesRepository } from './minutes-repository.ts';
import { MinutesService } from './minutes-service.ts';

export function buildMinutesService(db: Db, translator: Translator): MinutesService {
  return new MinutesService(new MinutesRepository(db), translator);
}

/** `/minutes`, `/note`, `/decision`, `/action`, `/topic`, `/undo`, `/here`, `/decisions`, and their buttons. */
export function registerMinutesCommands(router: AppRouter): void {
  registerMinutesCommand(router);
  registerEntryCommands(router);
  registerActionCommand(router);
  registerHereCommand(router);
  registerDecisionsCommand(router);
}
