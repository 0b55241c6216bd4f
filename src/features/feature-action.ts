import { ACTION_PERMISSIONS, type ActionName } from './action-permissions.ts';
import type { AppRouter, Ctx } from './services.ts';

/** Registers a button action with the permissions `action-permissions.ts` declares for it. */
export function addAction(
  router: AppRouter,
  name: ActionName,
  handler: (ctx: Ctx, data: string) => Promise<void>,
): void {
  router.action({ name, audience: ACTION_PERMISSIONS[name], handler });
}
