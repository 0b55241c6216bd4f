import { z } from 'zod';
import { MEDIA_KINDS } from './interview-template-schema.ts';

/**
 * One answer to one interview question, as stored in Interview.answers (a JSON object by question
 * key). Read back through `readInterviewAnswers`, so a row written by an older version never reaches
 * the code unchecked. Media are kept by their platform's reference, as experience attachments are:
 * nothing is downloaded until someone needs the bytes (an export).
 */
export const mediaFileSchema = z.object({
  /** Where the file lives: `telegram`, `bale`, `discord`. */
  platform: z.string(),
  /** The platform's id of the file (Telegram's `file_id`, Discord's `channel/message/attachment`). */
  fileId: z.string(),
  fileName: z.string().nullable(),
  mimeType: z.string(),
  media: z.enum(MEDIA_KINDS),
  caption: z.string().nullable(),
});
export type MediaFile = z.infer<typeof mediaFileSchema>;

export const interviewAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** A long answer, one part per message, in the order sent. */
  z.object({ kind: z.literal('long-text'), parts: z.array(z.string()) }),
  /** The chosen option's index. */
  z.object({ kind: z.literal('choice'), choice: z.number().int().min(0) }),
  /**
   * A day as the answerer's calendar read it, kept as the ISO (Gregorian) day of the wall calendar, with
   * the time of day when one was given: a date in someone's past belongs to no time zone.
   */
  z.object({
    kind: z.literal('date'),
    day: z.iso.date(),
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .nullable(),
    typed: z.string(),
  }),
  /** A year alone (`۱۳۶۵`, `1986`): a career is often remembered by years. */
  z.object({
    kind: z.literal('year'),
    year: z.number().int(),
    calendar: z.enum(['persian', 'gregorian']),
    typed: z.string(),
  }),
  z.object({ kind: z.literal('media'), files: z.array(mediaFileSchema) }),
  z.object({ kind: z.literal('skipped') }),
]);
export type InterviewAnswer = z.infer<typeof interviewAnswerSchema>;
export type InterviewAnswers = Record<string, InterviewAnswer>;

const answersSchema = z.record(z.string(), interviewAnswerSchema);

/** Answers read from the JSON column; what does not parse is left out (and asked again). */
export function readInterviewAnswers(json: unknown): InterviewAnswers {
  const parsed = answersSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (json === null || typeof json !== 'object') return {};
  const kept: InterviewAnswers = {};
  for (const [key, value] of Object.entries(json)) {
    const one = interviewAnswerSchema.safeParse(value);
    if (one.success) kept[key] = one.data;
  }
  return kept;
}

/** Whether an answer holds something said (a skipped question, or a story begun and emptied, does not). */
export function isGiven(answer: InterviewAnswer | undefined): boolean {
  if (!answer) return false;
  switch (answer.kind) {
    case 'skipped':
      return false;
    case 'long-text':
      return answer.parts.length > 0;
    case 'media':
      return answer.files.length > 0;
    default:
      return true;
  }
}
