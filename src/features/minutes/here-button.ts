/**
 * The "I'm here" button under the starting-now reminder (meetings/reminder-dispatcher.ts): the data is
 * the occurrence id alone, far below Telegram's 64 bytes of callback data.
 */
export const HERE_ACTION = 'min.here';

export function hereButton(occurrenceId: number, label: string): { label: string; action: string; data: string } {
  return { label, action: HERE_ACTION, data: String(occurrenceId) };
}
