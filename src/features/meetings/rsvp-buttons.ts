import type { ButtonSpec } from '../../core/context.ts';

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;

/**
 * Yes / No / Maybe for one occurrence. The data is the occurrence id alone: `rsvp.maybe|1234567` stays
 * far below Telegram's 64 bytes of callback data.
 */
export function rsvpButtons(occurrenceId: number): Array<ButtonSpec & { labelKey: string; data: string }> {
  return RSVP_ANSWERS.map((answer) => ({
    labelKey: `rsvp.button-${answer}`,
    action: `rsvp.${answer}`,
    data: String(occurrenceId),
  }));
}
