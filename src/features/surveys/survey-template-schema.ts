import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';

/** A text in every language the bot speaks: a survey is answered by each member in their own. */
export const localized = z.object(
  Object.fromEntries(LANGUAGES.map((language) => [language, z.string().trim().min(1)])) as Record<
    Language,
    z.ZodString
  >,
);
export type LocalizedText = Record<Language, string>;

export const templateKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a key is lower-case letters, digits and dashes');
const choices = z.array(localized).min(2).max(10);

const question = z.discriminatedUnion('type', [
  z.object({ key: templateKey, type: z.literal('single'), text: localized, options: choices }).strict(),
  z.object({ key: templateKey, type: z.literal('multiple'), text: localized, options: choices }).strict(),
  z.object({ key: templateKey, type: z.literal('scale'), text: localized, low: localized, high: localized }).strict(),
  z.object({ key: templateKey, type: z.literal('text'), text: localized }).strict(),
]);

export const surveyTemplateSchema = z
  .object({
    title: localized,
    intro: localized,
    questions: z.array(question).min(1).max(30),
  })
  .strict()
  .superRefine((template, issues) => {
    const seen = new Set<string>();
    for (const [i, q] of template.questions.entries()) {
      if (seen.has(q.key))
        issues.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `key "${q.key}" is used twice` });
      seen.add(q.key);
    }
  });

export type SurveyTemplateBody = z.infer<typeof surveyTemplateSchema>;
export type TemplateQuestion = SurveyTemplateBody['questions'][number];
export type QuestionKind = TemplateQuestion['type'];

/** A template, named after its file (`library-needs.yaml` → `/survey library-needs`). */
export interface SurveyTemplate extends SurveyTemplateBody {
  name: string;
}
