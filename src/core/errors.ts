import { firstGraphemes } from './grapheme-cut.ts';

/**
 * What the member must hear: a locale key and its parameters, never a sentence. The router's error
 * boundary renders it in the member's language; anything that is not a UserError is logged with the
 * event's context and answered with a short apology.
 */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly options: UserErrorOptions = {},
  ) {
    super(key);
    this.name = 'UserError';
  }
}

export interface UserErrorOptions {
  /**
   * The command to run in the bot's private chat: the answer carries a link that opens it there (for a
   * command that works only in private, or a private reply to someone who never opened that chat).
   */
  openPrivateChat?: string;
  /** Shown to the sender alone where the platform can (see `OutboundMessage.onlyToSender`). */
  onlyToSender?: boolean;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** The most of a member's own input an error message quotes back to them, in graphemes. */
export const MAX_QUOTED_INPUT = 100;

/**
 * The error's parameters with any long text cut to its start and an ellipsis. An error quotes what was
 * wrong (`/lang xyz`), and a 50 KB argument quoted whole would come back as a dozen messages.
 */
export function quotableParams(params: Record<string, unknown>): Record<string, unknown> {
  const cut: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'string') {
      cut[name] = value;
      continue;
    }
    const start = firstGraphemes(value, MAX_QUOTED_INPUT);
    cut[name] = start.cut ? `${firstGraphemes(value, MAX_QUOTED_INPUT - 1).text}…` : value;
  }
  return cut;
}
