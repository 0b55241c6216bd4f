import type { Suggestion } from './command.ts';
import type { Actor, ChatRef } from './event.ts';
import type { ActorResolver } from './ports.ts';
import { roleAllows } from './roles.ts';
import type { Router } from './router.ts';

/** What one request for suggestions names: who types, where, in which command's which argument. */
export interface SuggestionRequest {
  actor: Actor;
  chat: ChatRef;
  command: string;
  argument: string;
  query: string;
}

/**
 * The suggestions of a command's argument as the member types it, from the argument's own `suggest`
 * (inside its feature). A platform lists suggestions to anyone who can type the command, before the
 * bot checks who sends it: what the command would refuse this person, its arguments suggest nothing.
 */
export async function suggestionsFor<S>(
  parts: { router: Router<S>; services: S; resolver: ActorResolver },
  request: SuggestionRequest,
): Promise<Suggestion[]> {
  const command = parts.router.commandNamed(request.command);
  const arg = command?.args.find((a) => a.name === request.argument);
  if (!command || !arg?.suggest) return [];
  if (command.chats !== 'any' && command.chats !== request.chat.kind) return [];
  const viewer = await parts.resolver.view(request.actor, request.chat);
  // Someone not yet registered who types in a bound group becomes its member when the command arrives.
  const role = viewer.role ?? (request.chat.kind === 'group' && viewer.communityId !== null ? 'member' : null);
  if (!roleAllows(command.audience, role, request.actor.isChatAdmin ?? false)) return [];
  return arg.suggest({ services: parts.services, viewer }, request.query);
}
