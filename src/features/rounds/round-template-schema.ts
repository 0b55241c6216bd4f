import { z } from 'zod';
import { localized, templateKey, type LocalizedText } from '../surveys/survey-template-schema.ts';

/**
 * A report round's template: the survey template format (YAML or JSON, every text in en, fa, vi and
 * ru) grown by what a periodic report needs: numbers with a unit and bounds, attachments, sections
 * and required questions. Read by the same loader as survey templates (survey-template-loader.ts).
 */

const choices = z.array(localized).min(2).max(10);
const base = { key: templateKey, text: localized, required: z.boolean().default(false) };

const question = z.discriminatedUnion('type', [
  z
    .object({
      ...base,
      type: z.literal('number'),
      /** What is counted, after the number: "visits", "بازدید". */
      unit: localized.optional(),
      min: z.number().finite().default(0),
      max: z.number().finite().optional(),
      /** Counts are whole numbers; a decimal question takes fractions (hours, percentages). */
      integer: z.boolean().default(true),
    })
    .strict(),
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(4000).default(2000) }).strict(),
  z.object({ ...base, type: z.literal('single'), options: choices }).strict(),
  z.object({ ...base, type: z.literal('multi'), options: choices }).strict(),
  z.object({ ...base, type: z.literal('scale'), low: localized, high: localized }).strict(),
  /** Any attachment, kept by its platform reference as experience attachments are. */
  z.object({ ...base, type: z.literal('file') }).strict(),
]);

const section = z
  .object({
    key: templateKey,
    title: localized,
    questions: z.array(question).min(1).max(30),
  })
  .strict();

export const roundTemplateSchema = z
  .object({
    title: localized,
    intro: localized,
    sections: z.array(section).min(1).max(12),
  })
  .strict()
  .superRefine((template, issues) => {
    const seen = new Set<string>();
    for (const [s, part] of template.sections.entries()) {
      for (const [q, item] of part.questions.entries()) {
        if (item.type === 'number' && item.max !== undefined && item.max < item.min) {
          issues.addIssue({
            code: 'custom',
            path: ['sections', s, 'questions', q, 'max'],
            message: 'max is below min',
          });
        }
        if (seen.has(item.key)) {
          issues.addIssue({
            code: 'custom',
            path: ['sections', s, 'questions', q, 'key'],
            message: `key "${item.key}" is used twice`,
          });
        }
        seen.add(item.key);
      }
    }
  });

export type RoundTemplateBody = z.infer<typeof roundTemplateSchema>;
export type RoundSection = RoundTemplateBody['sections'][number];
export type RoundQuestion = RoundSection['questions'][number];
export type RoundQuestionType = RoundQuestion['type'];
export type { LocalizedText };

/** A template, named after its file (`quarterly-activity.yaml` → `/round new quarterly-activity`). */
export interface RoundTemplate extends RoundTemplateBody {
  name: string;
}

/** Every question in the order asked, with the section it belongs to. */
export function questionsOf(
  template: RoundTemplateBody,
): Array<{ section: RoundSection; question: RoundQuestion; position: number }> {
  const all: Array<{ section: RoundSection; question: RoundQuestion; position: number }> = [];
  for (const section of template.sections) {
    for (const question of section.questions) all.push({ section, question, position: all.length });
  }
  return all;
}
