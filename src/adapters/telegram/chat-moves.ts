import { TelegramError } from 'telegraf';

/** Telegram's `parameters.migrate_to_chat_id` in a refusal: the group became a supergroup with this id. */
export function movedTo(error: unknown): string | undefined {
  if (!(error instanceof TelegramError)) return undefined;
  const to = error.parameters?.migrate_to_chat_id;
  return to === undefined ? undefined : String(to);
}

/**
 * Groups that now live under another id (upgraded to supergroups), as Telegram said while refusing a
 * send: later sends to the old id go to the new one at once. The database learns of the move from the
 * group's service message (`chat-migrated`); this covers what was already queued or on its way.
 */
export class ChatMoves {
  private readonly moves = new Map<string, string>();

  record(from: string, to: string): void {
    if (from !== to) this.moves.set(from, to);
  }

  /** Where a chat lives now (a chain of moves is followed; a loop is not possible but is bounded). */
  current(chatId: string): string {
    let id = chatId;
    for (let hops = 0; hops < 5; hops++) {
      const next = this.moves.get(id);
      if (next === undefined) return id;
      id = next;
    }
    return id;
  }
}
