import type { OutboundMessage, OutboundTarget } from '../../core/event.ts';
import type { AudienceMember } from './audience-repository.ts';

export interface NudgeOutcome {
  nudged: number;
  /** Members who have not answered and whom the bot cannot write to privately. */
  unreachable: number;
}

export interface Enqueue {
  enqueue(target: OutboundTarget, message: OutboundMessage): Promise<number>;
}

/**
 * Sends a private reminder to each member who has not answered yet and can be reached, and counts
 * those who cannot (never opened a private chat with the bot, or blocked it).
 */
export async function sendNudges(
  messenger: Enqueue,
  pending: readonly AudienceMember[],
  message: (member: AudienceMember) => OutboundMessage,
): Promise<NudgeOutcome> {
  let nudged = 0;
  let unreachable = 0;
  for (const member of pending) {
    if (!member.privateChat) {
      unreachable += 1;
      continue;
    }
    await messenger.enqueue(member.privateChat, message(member));
    nudged += 1;
  }
  return { nudged, unreachable };
}
