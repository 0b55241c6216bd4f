import type { Audience } from '../../core/roles.ts';

/**
 * Who reviews submissions: `/review` declares it, and an experience's file buttons let them open the
 * files of one not yet approved. Its own file, as review-commands.ts imports attachment-commands.ts.
 */
export const REVIEW_AUDIENCE = ['curator'] as const satisfies Audience;
