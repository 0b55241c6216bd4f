import { fileURLToPath } from 'node:url';
import { loadTemplates, type TemplateProblem } from '../surveys/survey-template-loader.ts';
import { roundTemplateSchema, type RoundTemplate } from './round-template-schema.ts';

/** The round templates shipped with the bot (`quarterly-activity.yaml`), copied beside the build's output. */
export const DEFAULT_ROUND_TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/**
 * The round templates of a folder, read once at start by the survey templates' loader: a broken file
 * does not stop the bot; it is reported by file and line, to the log and to chairs.
 */
export function loadRoundTemplates(dir: string = DEFAULT_ROUND_TEMPLATES_DIR): {
  templates: Map<string, RoundTemplate>;
  problems: TemplateProblem[];
} {
  return loadTemplates(dir, roundTemplateSchema);
}
