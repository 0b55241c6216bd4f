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
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
