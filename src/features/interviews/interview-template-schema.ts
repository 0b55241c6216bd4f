import { z } from 'zod';
import { localized, templateKey, type LocalizedText } from '../surveys/survey-template-schema.ts';

/**
 * An interview template: the survey template format (YAML or JSON, every text in en, fa, vi and ru),
 * in sections as report rounds have them, with what a conversation with a veteran needs: long answers
 * told over several messages, dates, voice messages and photos, and follow-up questions asked only
 * when an earlier answer calls for them. Read by the same loader as the other templates
 * (survey-template-loader.ts).
 */

/** What a media question takes: a voice message, a sound file, a picture, any other file. */
export const MEDIA_KINDS = ['voice', 'audio', 'photo', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const choices = z.array(localized).min(2).max(10);
const optionIndex = z.number().int().min(0).max(9);

/**
 * A follow-up's condition: the earlier choice question `key` was answered with option `equals`, or
 * with one of `in` (0-based, in the order the options are written).
 */
const condition = z
  .object({ key: templateKey, equals: optionIndex.optional(), in: z.array(optionIndex).min(1).max(10).optional() })
  .strict()
  .refine((when) => (when.equals === undefined) !== (when.in === undefined), {
    message: 'a condition has either equals or in',
  });
export type InterviewCondition = z.infer<typeof condition>;

const base = { key: templateKey, text: localized, when: condition.optional() };

const question = z.discriminatedUnion('type', [
  /** One message. */
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(4000).default(2000) }).strict(),
  /** As many messages as the story takes, finished with the Done button. */
  z
    .object({ ...base, type: z.literal('long-text'), maxLength: z.number().int().min(1).max(20000).default(12000) })
    .strict(),
  z.object({ ...base, type: z.literal('choice'), options: choices }).strict(),
  /** Any date `/meeting` reads (Jalali or Gregorian), or a year alone. */
  z.object({ ...base, type: z.literal('date') }).strict(),
  /** Files kept by their platform reference; more than one when `max` allows (then Done finishes). */
  z
    .object({
      ...base,
      type: z.literal('media'),
      accept: z.array(z.enum(MEDIA_KINDS)).min(1).max(MEDIA_KINDS.length),
      max: z.number().int().min(1).max(10).default(1),
    })
    .strict(),
]);

const section = z
  .object({
    key: templateKey,
    title: localized,
    questions: z.array(question).min(1).max(30),
  })
  .strict();

export const interviewTemplateSchema = z
  .object({
    title: localized,
    intro: localized,
    sections: z.array(section).min(1).max(12),
  })
  .strict()
  .superRefine((template, issues) => {
    const earlier = new Map<string, InterviewQuestion>();
    for (const [s, part] of template.sections.entries()) {
      for (const [q, item] of part.questions.entries()) {
        const path = ['sections', s, 'questions', q];
        if (earlier.has(item.key)) {
          issues.addIssue({ code: 'custom', path: [...path, 'key'], message: `key "${item.key}" is used twice` });
        }
        const problem = item.when ? conditionProblem(item.when, earlier) : null;
        if (problem) issues.addIssue({ code: 'custom', path: [...path, 'when'], message: problem });
        earlier.set(item.key, item);
      }
    }
  });

/** A follow-up may only look back, at a choice question, at options it has. */
function conditionProblem(when: InterviewCondition, earlier: ReadonlyMap<string, InterviewQuestion>): string | null {
  const target = earlier.get(when.key);
  if (!target) return `when: "${when.key}" is not a question asked before this one`;
  if (target.type !== 'choice') return `when: "${when.key}" is not a choice question`;
  const wanted = when.in ?? [when.equals!];
  const missing = wanted.find((i) => i >= target.options.length);
  return missing === undefined ? null : `when: "${when.key}" has no option ${missing}`;
}

export type InterviewTemplateBody = z.infer<typeof interviewTemplateSchema>;
export type InterviewSection = InterviewTemplateBody['sections'][number];
export type InterviewQuestion = InterviewSection['questions'][number];
export type InterviewQuestionType = InterviewQuestion['type'];
export type { LocalizedText };

/** A template, named after its file (`veteran-career.yaml` → `/interview veteran-career`). */
export interface InterviewTemplate extends InterviewTemplateBody {
  name: string;
}

/** A question in the order asked, with its section and its place among all of the template's questions. */
export interface PlacedQuestion {
  section: InterviewSection;
  question: InterviewQuestion;
  index: number;
}

/** Every question of the template in order, follow-ups included (whether they are asked depends on answers). */
export function questionsOf(template: InterviewTemplateBody): PlacedQuestion[] {
  const all: PlacedQuestion[] = [];
  for (const section of template.sections) {
    for (const question of section.questions) all.push({ section, question, index: all.length });
  }
  return all;
}

/**
 * The template kept with an interview (Interview.template), read back through zod: an interview goes on
 * with the questions it began with, whatever became of the file since.
 */
export function readInterviewTemplate(json: unknown): InterviewTemplateBody {
  return interviewTemplateSchema.parse(json);
}
