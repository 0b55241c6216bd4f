import type { Db } from '../db/prisma-client.ts';
import { Router } from '../core/router.ts';
import { CommunityRepository } from './community/community-repository.ts';
import { CommunityService } from './community/community-service.ts';
import { CommitteeRepository } from './community/committee-repository.ts';
import { CommitteeService } from './community/committee-service.ts';
import { LinkRepository } from './community/link-repository.ts';
import { LinkService } from './community/link-service.ts';
import { MemberResolver } from './community/member-resolver.ts';
import { registerSettingsCommands } from './community/settings-commands.ts';
import { registerSetupCommands } from './community/setup-commands.ts';
import { registerRoleCommand } from './community/role-command.ts';
import { registerCommitteeCommands } from './community/committee-commands.ts';
import { registerLinkCommand } from './community/link-command.ts';
import { ReachabilityRepository } from './community/reachability-repository.ts';
import { ReachabilityService } from './community/reachability-service.ts';
import { registerReachabilityCommand } from './community/reachability-command.ts';
import { registerBotMembership } from './community/bot-membership.ts';
import { ChatMigrationRepository } from './community/chat-migration-repository.ts';
import { registerChatMigration } from './community/chat-migration.ts';
import { PrivacyRepository } from './privacy/privacy-repository.ts';
import { PrivacyService } from './privacy/privacy-service.ts';
import { registerPrivacyCommands } from './privacy/privacy-commands.ts';
import { buildExperienceServices, registerExperienceCommands } from './experiences/register-experiences.ts';
import { registerExportArchiveButtons } from './export-command.ts';
import type { FeatureCore } from './feature-core.ts';
import { AudienceRepository } from './ballots/audience-repository.ts';
import { PollRepository } from './polls/poll-repository.ts';
import { PollService } from './polls/poll-service.ts';
import { processBallotKeys } from './polls/ballot-key.ts';
import { registerPollCommands } from './polls/poll-commands.ts';
import { registerResultsCommands } from './results-command.ts';
import { SurveyRepository } from './surveys/survey-repository.ts';
import { SurveyService } from './surveys/survey-service.ts';
import { registerSurveyCommands } from './surveys/survey-commands.ts';
import { TemplateStore } from './templates/template-store.ts';
import { buildMeetingService, registerMeetingFeature } from './meetings/register-meetings.ts';
import { buildFeedService, registerFeedCommands } from './feeds/register-feeds.ts';
import { ArchiveService } from './archives/archive-service.ts';
import { PollArchiveRepository } from './polls/poll-archive-repository.ts';
import { MeetingArchiveRepository } from './meetings/meeting-archive-repository.ts';
import { LibraryRepository } from './libraries/library-repository.ts';
import { LibraryService } from './libraries/library-service.ts';
import { registerLibraryCommands } from './libraries/library-commands.ts';
import { RoundSubmissionRepository } from './rounds/round-submission-repository.ts';
import { RoundAnswerService } from './rounds/round-answer-service.ts';
import { registerRoundAnswerFlow } from './rounds/round-answer-flow.ts';
import { buildRoundServices } from './rounds/register-rounds.ts';
import { registerRoundCommands } from './rounds/round-commands.ts';
import { HolidayRepository } from './holidays/holiday-repository.ts';
import { HolidayService } from './holidays/holiday-service.ts';
import { registerHolidayCommands } from './holidays/holiday-commands.ts';
import { InterviewArchiveRepository } from './interviews/interview-archive-repository.ts';
import { InterviewArchiveService } from './interviews/interview-archive-service.ts';
import { buildInterviewService } from './interviews/register-interviews.ts';
import { registerInterviewCommands } from './interviews/interview-commands.ts';
import { buildMinutesService, registerMinutesCommands } from './minutes/register-minutes.ts';
import { ActionRepository } from './actions/action-repository.ts';
import { ActionService } from './actions/action-service.ts';
import { registerActionCommands } from './actions/action-commands.ts';
import { DashboardRepository } from './dashboard/dashboard-repository.ts';
import { DashboardService } from './dashboard/dashboard-service.ts';
import { registerDashboardCommands } from './dashboard/dashboard-commands.ts';
import { AdministrationRepository } from './administration/administration-repository.ts';
import { AdministrationService } from './administration/administration-service.ts';
import type { AppRouter, Services } from './services.ts';

/** Builds every feature's services over one database and registers their commands on a new router. */
export function buildFeatures(
  db: Db,
  core: FeatureCore,
): { router: AppRouter; services: Services; resolver: MemberResolver } {
  const router: AppRouter = new Router<Services>();
  const communityRepository = new CommunityRepository(db);
  const audience = new AudienceRepository(db);
  const ballotKeys = core.ballotKeys ?? processBallotKeys();
  // Shipped and uploaded templates; the services read the store's shelves, which a web upload refills.
  const templates = new TemplateStore(core.templatesDir ?? null, core.logger);
  const holidays = new HolidayService(new HolidayRepository(db));
  const meetings = buildMeetingService(db);
  const services: Services = {
    community: new CommunityService(communityRepository, core.translator),
    committees: new CommitteeService(new CommitteeRepository(db)),
    links: new LinkService(new LinkRepository(db)),
    reachability: new ReachabilityService(new ReachabilityRepository(db)),
    privacy: new PrivacyService(new PrivacyRepository(db), ballotKeys),
    experiences: buildExperienceServices(db, core.translator),
    polls: new PollService(new PollRepository(db), audience, core.outbox, core.translator, core.logger, ballotKeys),
    surveys: new SurveyService(
      new SurveyRepository(db),
      audience,
      core.outbox,
      core.translator,
      core.logger,
      templates.shelf('survey'),
    ),
    meetings,
    feeds: buildFeedService(db, core, meetings),
    archives: new ArchiveService(new PollArchiveRepository(db), new MeetingArchiveRepository(db)),
    libraries: new LibraryService(new LibraryRepository(db), core.files),
    holidays,
    roundAnswers: new RoundAnswerService(new RoundSubmissionRepository(db)),
    ...buildRoundServices(db, core, holidays, templates.shelf('round')),
    interviewArchive: new InterviewArchiveService(new InterviewArchiveRepository(db), core.translator, core.files),
    interviews: buildInterviewService(db, core, templates.shelf('interview')),
    minutes: buildMinutesService(db, core.translator),
    actions: new ActionService(new ActionRepository(db), core.translator),
    dashboard: new DashboardService(new DashboardRepository(db)),
    templates,
    administration: new AdministrationService(new AdministrationRepository(db)),
    commandsFor: (role, chat, chatAdmin) => router.commandsFor(role, chat, chatAdmin),
  };

  registerSettingsCommands(router);
  registerSetupCommands(router);
  registerRoleCommand(router);
  registerCommitteeCommands(router);
  registerLinkCommand(router);
  registerReachabilityCommand(router);
  registerBotMembership(router);
  registerChatMigration(router, new ChatMigrationRepository(db));
  registerPrivacyCommands(router);
  registerExperienceCommands(router);
  registerExportArchiveButtons(router);
  registerPollCommands(router);
  registerSurveyCommands(router);
  registerResultsCommands(router);
  registerMeetingFeature(router);
  registerFeedCommands(router);
  registerLibraryCommands(router);
  registerHolidayCommands(router);
  registerRoundAnswerFlow(router);
  registerRoundCommands(router);
  registerInterviewCommands(router);
  registerMinutesCommands(router);
  registerActionCommands(router);
  registerDashboardCommands(router);

  return { router, services, resolver: new MemberResolver(communityRepository) };
}
