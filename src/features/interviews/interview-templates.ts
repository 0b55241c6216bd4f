import { fileURLToPath } from 'node:url';
import { loadTemplates, type TemplateProblem } from '../surveys/survey-template-loader.ts';
import { interviewTemplateSchema, type InterviewTemplate } from './interview-template-schema.ts';

/** The interview templates shipped with the bot (`veteran-career.yaml`), copied beside the build's output. */
export const DEFAULT_INTERVIEW_TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/**
 * The interview templates of a folder, read once at start by the survey templates' loader: a broken
 * file does not stop the bot; it is reported by file and line, to the log and to whoever asks for it.
 */
export function loadInterviewTemplates(dir: string = DEFAULT_INTERVIEW_TEMPLATES_DIR): {
  templates: Map<string, InterviewTemplate>;
  problems: TemplateProblem[];
} {
  return loadTemplates(dir, interviewTemplateSchema);
}
