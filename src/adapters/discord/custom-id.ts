import { decodeButtonPayload, encodeButtonPayload, type Button } from '../../core/event.ts';

/**
 * A component's `custom_id` carries the button's `action|data`. Discord refuses two components with
 * the same custom id in one message, and a core message may offer one action twice (the same choice
 * in two rows), so each id starts with the button's position: `3:lang.set|fa`. A select menu's id is
 * `menu:N`; its options' values carry the payloads.
 */
export const MAX_CUSTOM_ID_LENGTH = 100;
export const SELECT_MENU_PREFIX = 'menu:';

const POSITION = /^\d+:/;

export function buttonCustomId(position: number, button: Button): string {
  return `${position}:${encodeButtonPayload(button.action, button.data)}`;
}

/** The action of a pressed button or a chosen menu option, or null for an id the adapter never made. */
export function actionOfComponent(
  customId: string,
  values?: readonly string[],
): { action: string; data: string } | null {
  if (customId.startsWith(SELECT_MENU_PREFIX)) {
    const chosen = values?.[0];
    return chosen ? decodeButtonPayload(chosen) : null;
  }
  if (!POSITION.test(customId)) return null;
  return decodeButtonPayload(customId.replace(POSITION, ''));
}
