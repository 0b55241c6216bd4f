import type { InterviewQuestion, InterviewTemplate } from '../../features/interviews/interview-template-schema.ts';
import type { RoundQuestion, RoundTemplate } from '../../features/rounds/round-template-schema.ts';
import type { LocalizedText, SurveyTemplate, TemplateQuestion } from '../../features/surveys/survey-template-schema.ts';
import type { TemplateKind, TemplateOfKind } from '../../features/templates/template-store.ts';
import type { Page } from '../web-pages.ts';

/** What an admin reads of a template before saving it: its title and intro, then every question as asked. */
export interface TemplatePreview {
  title: string;
  intro: string;
  sections: Array<{ title: string | null; questions: PreviewQuestion[] }>;
  count: number;
}

export interface PreviewQuestion {
  number: string;
  key: string;
  text: string;
  type: string;
  /** Required, unit, bounds, the scale's ends, when a follow-up is asked… */
  details: string[];
  options: string[];
}

/** A template of any kind as the preview lists it, in the viewer's language (English where a text lacks it). */
export function templatePreview<K extends TemplateKind>(
  page: Page,
  kind: K,
  template: TemplateOfKind[K],
): TemplatePreview {
  const text = (value: LocalizedText) => value[page.language] || value.en;
  let position = 0;
  const numbered = <Q>(question: Q, view: (q: Q) => Omit<PreviewQuestion, 'number'>) => ({
    number: page.number(++position),
    ...view(question),
  });
  const sections =
    kind === 'survey'
      ? [
          {
            title: null,
            questions: (template as SurveyTemplate).questions.map((q) =>
              numbered(q, (one) => surveyQuestion(page, one)),
            ),
          },
        ]
      : (template as RoundTemplate | InterviewTemplate).sections.map((section) => ({
          title: text(section.title),
          questions: (section.questions as Array<RoundQuestion | InterviewQuestion>).map((q) =>
            numbered(q, (one) =>
              kind === 'round'
                ? roundQuestion(page, one as RoundQuestion)
                : interviewQuestion(page, one as InterviewQuestion),
            ),
          ),
        }));
  return { title: text(template.title), intro: text(template.intro), sections, count: position };
}

function localized(page: Page, value: LocalizedText): string {
  return value[page.language] || value.en;
}

function typeOf(page: Page, type: string): string {
  return page.t(`web.template.type.${type}`);
}

function surveyQuestion(page: Page, q: TemplateQuestion): Omit<PreviewQuestion, 'number'> {
  const base = { key: q.key, text: localized(page, q.text), type: typeOf(page, q.type) };
  switch (q.type) {
    case 'single':
    case 'multiple':
      return { ...base, details: [], options: q.options.map((o) => localized(page, o)) };
    case 'scale':
      return { ...base, details: [scaleEnds(page, q.low, q.high)], options: [] };
    case 'text':
      return { ...base, details: [], options: [] };
  }
}

function roundQuestion(page: Page, q: RoundQuestion): Omit<PreviewQuestion, 'number'> {
  const base = { key: q.key, text: localized(page, q.text), type: typeOf(page, q.type) };
  const required = q.required ? [page.t('web.template.required')] : [];
  switch (q.type) {
    case 'number':
      return {
        ...base,
        details: [
          ...required,
          ...(q.unit ? [page.t('web.template.unit', { unit: localized(page, q.unit) })] : []),
          q.max === undefined
            ? page.t('web.template.at-least', { min: page.number(q.min) })
            : page.t('web.template.range', { min: page.number(q.min), max: page.number(q.max) }),
          page.t(q.integer ? 'web.template.whole' : 'web.template.decimal'),
        ],
        options: [],
      };
    case 'single':
    case 'multi':
      return { ...base, details: required, options: q.options.map((o) => localized(page, o)) };
    case 'scale':
      return { ...base, details: [...required, scaleEnds(page, q.low, q.high)], options: [] };
    case 'text':
      return { ...base, details: [...required, maxLength(page, q.maxLength)], options: [] };
    case 'file':
      return { ...base, details: required, options: [] };
  }
}

function interviewQuestion(page: Page, q: InterviewQuestion): Omit<PreviewQuestion, 'number'> {
  const base = { key: q.key, text: localized(page, q.text), type: typeOf(page, q.type) };
  const when = q.when
    ? [
        page.t('web.template.follow-up', {
          key: q.when.key,
          options: (q.when.in ?? [q.when.equals!]).map((i) => page.number(i + 1)).join(', '),
        }),
      ]
    : [];
  switch (q.type) {
    case 'text':
    case 'long-text':
      return { ...base, details: [...when, maxLength(page, q.maxLength)], options: [] };
    case 'choice':
      return { ...base, details: when, options: q.options.map((o) => localized(page, o)) };
    case 'date':
      return { ...base, details: when, options: [] };
    case 'media':
      return {
        ...base,
        details: [
          ...when,
          page.t('web.template.media', {
            kinds: q.accept.map((kind) => page.t(`web.template.media-kind.${kind}`)).join(', '),
            max: q.max,
          }),
        ],
        options: [],
      };
  }
}

function scaleEnds(page: Page, low: LocalizedText, high: LocalizedText): string {
  return page.t('web.template.scale', { low: localized(page, low), high: localized(page, high) });
}

function maxLength(page: Page, max: number): string {
  return page.t('web.template.max-length', { max });
}
