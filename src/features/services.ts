import type { Context } from '../core/context.ts';
import type { Router, CommandSpec } from '../core/router.ts';
import type { ChatKind } from '../core/event.ts';
import type { Role } from '../core/roles.ts';
import type { CommunityService } from './community/community-service.ts';
import type { CommitteeService } from './community/committee-service.ts';
import type { LinkService } from './community/link-service.ts';
import type { ReachabilityService } from './community/reachability-service.ts';
import type { ArchiveService } from './archives/archive-service.ts';
import type { PrivacyService } from './privacy/privacy-service.ts';
import type { ExperienceServices } from './experiences/register-experiences.ts';
import type { PollService } from './polls/poll-service.ts';
import type { SurveyService } from './surveys/survey-service.ts';
import type { MeetingService } from './meetings/meeting-service.ts';
import type { FeedService } from './feeds/feed-service.ts';
import type { LibraryService } from './libraries/library-service.ts';
import type { HolidayService } from './holidays/holiday-service.ts';
import type { RoundAnswerService } from './rounds/round-answer-service.ts';
import type { RoundService } from './rounds/round-service.ts';
import type { RoundReportFiles } from './rounds/round-report-files.ts';
import type { DashboardService } from './dashboard/dashboard-service.ts';
import type { InterviewArchiveService } from './interviews/interview-archive-service.ts';
import type { InterviewService } from './interviews/interview-service.ts';
import type { MinutesService } from './minutes/minutes-service.ts';
import type { ActionService } from './actions/action-service.ts';
import type { TemplateStore } from './templates/template-store.ts';
import type { AdministrationService } from './administration/administration-service.ts';

/** What every feature handler can reach through `ctx.services`. */
export interface Services {
  community: CommunityService;
  committees: CommitteeService;
  links: LinkService;
  reachability: ReachabilityService;
  privacy: PrivacyService;
  experiences: ExperienceServices;
  polls: PollService;
  surveys: SurveyService;
  meetings: MeetingService;
  feeds: FeedService;
  archives: ArchiveService;
  libraries: LibraryService;
  holidays: HolidayService;
  roundAnswers: RoundAnswerService;
  rounds: RoundService;
  roundReports: RoundReportFiles;
  /** A finished interview into curation, search and newsletters; withdrawn, out of them; its export. */
  interviewArchive: InterviewArchiveService;
  /** Structured interviews of veteran librarians: templates, led and self-paced answering, consent. */
  interviews: InterviewService;
  minutes: MinutesService;
  actions: ActionService;
  /** The web dashboard's sign-in links and sessions (`/dashboard`, src/web/). */
  dashboard: DashboardService;
  /** Survey, round and interview templates: shipped ones and those uploaded from the dashboard. */
  templates: TemplateStore;
  /** What an admin reads of the community on the dashboard: members and roles, bound chats, the audit log. */
  administration: AdministrationService;
  /** The commands a person may use here, for /help. */
  commandsFor(role: Role | null, chat: ChatKind, chatAdmin: boolean): ReadonlyArray<CommandSpec<Services>>;
}

export type Ctx = Context<Services>;
export type AppRouter = Router<Services>;
