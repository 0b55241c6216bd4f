import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import type { SurveyQuestionRow } from './survey-repository.ts';
import type { LocalizedText, QuestionKind } from './survey-template-schema.ts';

/** A survey question as the service uses it: its JSON columns read back through zod. */
export interface Question {
  id: number;
  position: number;
  key: string;
  kind: QuestionKind;
  text: LocalizedText;
  options: LocalizedText[];
  scale: { low: LocalizedText; high: LocalizedText } | null;
}

export const SCALE_POINTS = [1, 2, 3, 4, 5] as const;

const localized = z.object(Object.fromEntries(LANGUAGES.map((l) => [l, z.string()])) as Record<Language, z.ZodString>);
const kind = z.enum(['single', 'multiple', 'scale', 'text']);

export function toQuestion(row: SurveyQuestionRow): Question {
  return {
    id: row.id,
    position: row.position,
    key: row.key,
    kind: kind.parse(row.kind),
    text: localized.parse(row.text),
    options: z.array(localized).parse(row.options),
    scale: row.scale === null ? null : z.object({ low: localized, high: localized }).parse(row.scale),
  };
}

export function localize(text: LocalizedText, language: Language): string {
  return text[language] || text.en;
}

export function readTitle(title: unknown): LocalizedText {
  return localized.parse(title);
}
