import type { Db } from '../../db/prisma-client.ts';
import type { FeatureCore } from '../feature-core.ts';
import { describeProblem } from '../surveys/survey-template-loader.ts';
import { InterviewRepository } from './interview-repository.ts';
import { InterviewService } from './interview-service.ts';
import { loadInterviewTemplates } from './interview-templates.ts';

/** The interview service over one database, with the templates read (and their problems logged) at start. */
export function buildInterviewService(db: Db, core: FeatureCore): InterviewService {
  const templates = loadInterviewTemplates();
  for (const problem of templates.problems) {
    core.logger.error({ template: problem.name }, `interview template not usable: ${describeProblem(problem)}`);
  }
  return new InterviewService(new InterviewRepository(db), core.translator, templates.templates, templates.problems);
}
