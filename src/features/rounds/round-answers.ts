import { z } from 'zod';

/**
 * One answer to one round question, as stored in RoundSubmission.answers and RoundDraft.answers (a
 * JSON object by question key). Read back through `readAnswers`, so a row written by an older version
 * never reaches the code unchecked.
 */
export const fileReferenceSchema = z.object({
  platform: z.string(),
  fileId: z.string(),
  fileName: z.string().nullable(),
  mimeType: z.string(),
});
export type FileReference = z.infer<typeof fileReferenceSchema>;

export const roundAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), value: z.number().finite() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** single and multi: the chosen options' indexes. */
  z.object({ kind: z.literal('choice'), choices: z.array(z.number().int().min(0)) }),
  z.object({ kind: z.literal('scale'), value: z.number().int().min(1).max(5) }),
  z.object({ kind: z.literal('file'), file: fileReferenceSchema }),
  z.object({ kind: z.literal('skipped') }),
]);
export type RoundAnswer = z.infer<typeof roundAnswerSchema>;

export type RoundAnswers = Record<string, RoundAnswer>;

const answersSchema = z.record(z.string(), roundAnswerSchema);

/** Answers read from a JSON column; what does not parse is left out (and asked again). */
export function readAnswers(json: unknown): RoundAnswers {
  const parsed = answersSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (json === null || typeof json !== 'object') return {};
  const kept: RoundAnswers = {};
  for (const [key, value] of Object.entries(json)) {
    const one = roundAnswerSchema.safeParse(value);
    if (one.success) kept[key] = one.data;
  }
  return kept;
}
