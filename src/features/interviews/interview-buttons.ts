import type { Button } from '../../core/event.ts';
import type { Translate } from '../../i18n/translator.ts';

/** Pressed to begin or go on with an interview (an invitation, a reminder, a pause): shows where it stands. */
export const CONTINUE_INTERVIEW_ACTION = 'itv.go';
/**
 * A move under a question or the consent: `<id>.<position>.<op>`, where position is the question's
 * index (the number of questions at the consent) and op is o<i> choose option i, d done / keep, c clear,
 * k skip, b back, x pause, or at the consent n|a|m|p (named, anonymous, members only, private).
 */
export const INTERVIEW_STEP_ACTION = 'itv.a';

/** The button that opens the interview where it stands, rendered for a message sent outside a handler. */
export function continueButton(t: Translate, interviewId: number, labelKey: string): Button[][] {
  return [[{ label: t(labelKey), action: CONTINUE_INTERVIEW_ACTION, data: String(interviewId) }]];
}
