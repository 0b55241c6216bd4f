import { isGiven, type InterviewAnswers } from './interview-answers.ts';
import type { InterviewCondition, PlacedQuestion } from './interview-template-schema.ts';

/**
 * Where an interview stands, from its questions and the answers given so far, as small pure
 * functions: which questions are asked (a follow-up only when the earlier answer matches), which one
 * comes next, which one Back returns to, and how far along it is. Nothing here is stored but the
 * current question's key and the answers (Interview.currentKey, Interview.answers): the rest is
 * worked out again each time, so a restart or another platform goes on from the same place.
 */

/** Whether an earlier choice was answered with one of the options the follow-up asks about. */
export function conditionHolds(when: InterviewCondition, answers: InterviewAnswers): boolean {
  const answer = answers[when.key];
  if (answer?.kind !== 'choice') return false;
  return (when.in ?? [when.equals!]).includes(answer.choice);
}

/**
 * The questions asked with these answers, in order: a follow-up when the question it looks at is
 * asked itself and was answered as it asks (an answer left from a branch not taken counts for nothing).
 */
export function askedQuestions(questions: readonly PlacedQuestion[], answers: InterviewAnswers): PlacedQuestion[] {
  const asked = new Set<string>();
  const result: PlacedQuestion[] = [];
  for (const placed of questions) {
    const { when, key } = placed.question;
    if (when && !(asked.has(when.key) && conditionHolds(when, answers))) continue;
    asked.add(key);
    result.push(placed);
  }
  return result;
}

/**
 * The first question after `afterIndex` (-1: from the start) that is asked and not answered yet; null
 * when none is left (the consent comes next). A question answered before and revisited with Back is
 * not asked again on the way forward.
 */
export function nextQuestion(
  questions: readonly PlacedQuestion[],
  answers: InterviewAnswers,
  afterIndex: number,
): PlacedQuestion | null {
  return (
    askedQuestions(questions, answers).find(
      ({ question, index }) => index > afterIndex && answers[question.key] === undefined,
    ) ?? null
  );
}

/** The asked question before `index` (null: the consent, i.e. after the last one); null at the first. */
export function previousQuestion(
  questions: readonly PlacedQuestion[],
  answers: InterviewAnswers,
  index: number | null,
): PlacedQuestion | null {
  const before = askedQuestions(questions, answers).filter((q) => index === null || q.index < index);
  return before.at(-1) ?? null;
}

/**
 * The answers without those to follow-ups no longer asked (the earlier choice was changed): what is
 * kept is what the interview says, nothing from a branch it did not take.
 */
export function withoutUnasked(questions: readonly PlacedQuestion[], answers: InterviewAnswers): InterviewAnswers {
  const kept: InterviewAnswers = {};
  for (const { question } of askedQuestions(questions, answers)) {
    const answer = answers[question.key];
    if (answer !== undefined) kept[question.key] = answer;
  }
  return kept;
}

/** `answered` of `count` asked questions have an answer (skipped ones do not count as answered). */
export function progressCount(
  questions: readonly PlacedQuestion[],
  answers: InterviewAnswers,
): { answered: number; count: number } {
  const asked = askedQuestions(questions, answers);
  return { answered: asked.filter(({ question }) => isGiven(answers[question.key])).length, count: asked.length };
}

/**
 * How many questions have been dealt with (answered or skipped): a new silence begins after each
 * one, and gets a reminder of its own (InterviewReminder.stage `silence-<n>`).
 */
export function dealtWith(questions: readonly PlacedQuestion[], answers: InterviewAnswers): number {
  return askedQuestions(questions, answers).filter(({ question }) => answers[question.key] !== undefined).length;
}
