/**
 * What the member must hear: a locale key and its parameters, never a sentence. The router's error
 * boundary renders it in the member's language; anything that is not a UserError is logged with the
 * event's context and answered with a short apology.
 */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
    this.name = 'UserError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
