import type { Db } from '../../db/prisma-client.ts';
import type { FeatureCore } from '../feature-core.ts';
import type { TemplateShelf } from '../templates/template-store.ts';
import { InterviewRepository } from './interview-repository.ts';
import { InterviewService } from './interview-service.ts';
import type { InterviewTemplate } from './interview-template-schema.ts';

/** The interview service over one database, with the template store's shelf of interview templates. */
export function buildInterviewService(
  db: Db,
  core: FeatureCore,
  templates: TemplateShelf<InterviewTemplate>,
): InterviewService {
  return new InterviewService(new InterviewRepository(db), core.translator, templates);
}
