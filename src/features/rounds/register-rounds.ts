import type { Db } from '../../db/prisma-client.ts';
import type { FeatureCore } from '../feature-core.ts';
import type { HolidayService } from '../holidays/holiday-service.ts';
import type { TemplateShelf } from '../templates/template-store.ts';
import { RoundRepository } from './round-repository.ts';
import { RoundService } from './round-service.ts';
import { RoundReportFiles } from './round-report-files.ts';
import { HolidayChaseClock } from './round-chase-clock.ts';
import type { RoundTemplate } from './round-template-schema.ts';

/**
 * The services of report rounds over one database: rounds themselves and their compiled reports. The
 * templates are the template store's shelf (shipped and uploaded ones, problems logged by the store).
 */
export function buildRoundServices(
  db: Db,
  core: FeatureCore,
  holidays: HolidayService,
  templates: TemplateShelf<RoundTemplate>,
): { rounds: RoundService; roundReports: RoundReportFiles } {
  const repo = new RoundRepository(db);
  return {
    rounds: new RoundService(repo, new HolidayChaseClock(holidays), core.logger, templates),
    roundReports: new RoundReportFiles(repo, core.translator),
  };
}
