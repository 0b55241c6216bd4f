import type { PageRegistry } from '../web-pages.ts';
import { registerHomePage } from './home-page.ts';
import { registerMyDataPages } from './my-data-pages.ts';
import { registerSessionsPages } from './sessions-pages.ts';
import { registerChairPollPages } from './chair-polls.ts';
import { registerChairSurveyPages } from './chair-surveys.ts';
import { registerChairRoundPages } from './chair-rounds.ts';
import { registerChairExportPages } from './chair-exports.ts';
import { registerAdminHomePage } from './admin-home.ts';
import { registerAdminLibraryPages } from './admin-libraries.ts';
import { registerAdminHolidayPages } from './admin-holidays.ts';
import { registerAdminTemplatePages } from './admin-templates.ts';
import { registerAdminRolePages } from './admin-roles.ts';
import { registerAdminChatPages } from './admin-chats.ts';
import { registerAdminAuditPages } from './admin-audit.ts';
import { registerArchivePages } from './member-archive-pages.ts';
import { registerNewsletterPages } from './member-newsletter-pages.ts';
import { registerMeetingPages } from './member-meetings-pages.ts';
import { registerActionPages } from './member-actions-pages.ts';
import { registerReviewPages } from './curator-review-pages.ts';
import { registerNewsletterCompilePages } from './curator-newsletter-pages.ts';

/** Every page of the dashboard: a feature's pages are added here with one line (see `web-pages.ts`). */
export function registerAllPages(pages: PageRegistry): void {
  registerHomePage(pages);
  registerMyDataPages(pages);
  registerSessionsPages(pages);
  registerChairPollPages(pages);
  registerChairSurveyPages(pages);
  registerChairRoundPages(pages);
  registerChairExportPages(pages);
  registerAdminHomePage(pages);
  registerAdminLibraryPages(pages);
  registerAdminHolidayPages(pages);
  registerAdminTemplatePages(pages);
  registerAdminRolePages(pages);
  registerAdminChatPages(pages);
  registerAdminAuditPages(pages);
  registerArchivePages(pages);
  registerNewsletterPages(pages);
  registerMeetingPages(pages);
  registerActionPages(pages);
  registerReviewPages(pages);
  registerNewsletterCompilePages(pages);
}
