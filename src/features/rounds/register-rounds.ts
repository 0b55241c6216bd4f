import type { Db } from '../../db/prisma-client.ts';
import type { FeatureCore } from '../feature-core.ts';
import type { HolidayService } from '../holidays/holiday-service.ts';
import { describeProblem } from '../surveys/survey-template-loader.ts';
import { RoundRepository } from './round-repository.ts';
import { RoundService } from './round-service.ts';
import { RoundReportFiles } from './round-report-files.ts';
import { HolidayChaseClock } from './round-chase-clock.ts';
import { loadRoundTemplates } from './round-templates.ts';

/** The services of report rounds over one database: rounds themselves and their compiled reports. */
export function buildRoundServices(
  db: Db,
  core: FeatureCore,
  holidays: HolidayService,
): { rounds: RoundService; roundReports: RoundReportFiles } {
  const repo = new RoundRepository(db);
  const templates = loadRoundTemplates();
  for (const problem of templates.problems) {
    core.logger.error({ template: problem.name }, `round template not usable: ${describeProblem(problem)}`);
  }
  return {
    rounds: new RoundService(
      repo,
      new HolidayChaseClock(holidays),
      core.logger,
      templates.templates,
      templates.problems,
    ),
    roundReports: new RoundReportFiles(repo, core.translator),
  };
}
