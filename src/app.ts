import type { Logger } from './logger.ts';
import type { Db } from './db/prisma-client.ts';
import { Bot } from './core/bot.ts';
import { Outbox, type OutboxOptions } from './core/outbox.ts';
import { Scheduler } from './core/scheduler.ts';
import type { ConversationStore } from './core/ports.ts';
import { expireConversations } from './core/flow-expiry.ts';
import { Translator } from './i18n/translator.ts';
import { PrismaConversationStore } from './db/stores/conversation-store.ts';
import { PrismaEventGate } from './db/stores/event-gate-store.ts';
import { PrismaOutboxStore } from './db/stores/outbox-store.ts';
import { buildFeatures } from './features/register-features.ts';
import { pollJobs } from './features/polls/poll-jobs.ts';
import { reindexStaleEntries } from './features/experiences/search-reindex-repository.ts';
import { createMeetingJobs, type ReminderJobOptions } from './features/meetings/meeting-jobs.ts';
import { createRoundJobs } from './features/rounds/round-jobs.ts';
import { createInterviewJobs } from './features/interviews/interview-jobs.ts';
import { minutesJobs } from './features/minutes/minutes-jobs.ts';
import { createActionJobs } from './features/actions/action-jobs.ts';
import type { Services } from './features/services.ts';
import type { MemberResolver } from './features/community/member-resolver.ts';
import { isDatabaseUnavailable } from './db/connection-failure.ts';
import { BallotKeys } from './features/polls/ballot-key.ts';
import { FileSources } from './core/stored-files.ts';

/** A person sends at most this many commands a minute before being slowed down. */
export const DEFAULT_FLOOD_LIMIT_PER_MINUTE = 20;

/** How long the outbox remembers where a sent message went. */
const SENT_MESSAGE_MEMORY_MS = 7 * 24 * 3600_000;

/** How long inbound event ids are remembered: far longer than any platform redelivers an update. */
const DEDUPE_MEMORY_MS = 7 * 24 * 3600_000;

export interface App {
  bot: Bot<Services>;
  outbox: Outbox;
  conversations: ConversationStore;
  scheduler: Scheduler;
  services: Services;
  resolver: MemberResolver;
  translator: Translator;
  /** The platforms' file downloads features may use: `main.ts` adds each adapter that can fetch files. */
  files: FileSources;
  /**
   * Starts the outbox dispatcher and the periodic jobs, and runs each job once at once (work that fell
   * due while the bot was down) unless `catchUp` is false: then `catchUp()` runs them when the caller
   * chooses (main.ts: once the platforms are connected, so that their first queries, whose plans
   * Prisma compiles on this thread, do not hold up the connections).
   */
  start(options?: { catchUp?: boolean }): Promise<void>;
  /** Each periodic job once, now; resolves when all have finished. */
  catchUp(): Promise<void>;
  /** Stops the jobs and the dispatcher; the database is the caller's. */
  stop(): Promise<void>;
}

/**
 * The bot core over one database, without adapters: what `main.ts` runs and what feature tests drive.
 */
export function createApp(
  db: Db,
  logger: Logger,
  options: {
    outbox?: OutboxOptions;
    floodLimitPerMinute?: number;
    unlimitedPlatforms?: readonly string[];
    /** REMINDER_GRACE_HOURS and REMINDER_TICK_SECONDS. */
    reminders?: ReminderJobOptions;
    /** The instance secret (src/instance-secret.ts); unset: a random one for this process (tests). */
    secret?: Buffer;
    /** Where templates uploaded from the dashboard are kept (`DATA_DIR/templates`); unset: in memory. */
    templatesDir?: string;
  } = {},
): App {
  const translator = new Translator(undefined, (language, key) =>
    logger.warn({ language, key }, 'missing translation'),
  );
  const outbox = new Outbox(new PrismaOutboxStore(db), logger, options.outbox);
  const conversations = new PrismaConversationStore(db);
  const gate = new PrismaEventGate(db);
  const ballotKeys = options.secret ? new BallotKeys(options.secret) : undefined;
  const files = new FileSources();
  const { router, services, resolver } = buildFeatures(db, {
    outbox,
    translator,
    logger,
    files,
    ...(ballotKeys ? { ballotKeys } : {}),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
  });
  const floodLimitPerMinute = options.floodLimitPerMinute ?? DEFAULT_FLOOD_LIMIT_PER_MINUTE;
  const bot = new Bot({
    router,
    services,
    resolver,
    gate,
    floodLimitPerMinute,
    unlimitedPlatforms: new Set(options.unlimitedPlatforms ?? []),
    conversations,
    outbox,
    translator,
    logger,
    isDatabaseUnavailable,
  });
  const scheduler = new Scheduler(logger);
  const meetingJobs = createMeetingJobs(
    { db, meetings: services.meetings, outbox, translator, logger },
    options.reminders,
  );
  const roundJobs = createRoundJobs({ db, services, translator, outbox, logger });
  const interviewJobs = createInterviewJobs({ db, services, translator, outbox, logger });
  const actionJobs = createActionJobs({ db, services, translator, outbox, logger });
  const jobs = [
    {
      name: 'flow-expiry',
      schedule: '*/20 * * * * *',
      run: async () => void (await expireConversations(conversations, outbox, translator)),
    },
    {
      name: 'dedupe-cleanup',
      schedule: '17 * * * *',
      run: async () => void (await gate.forgetBefore(new Date(Date.now() - DEDUPE_MEMORY_MS))),
    },
    {
      // A week keeps recent messages editable (live tallies) while nothing older says who got what; a
      // failed message goes after the same week, text and all.
      name: 'outbox-retention',
      schedule: '23 * * * *',
      run: async () => void (await outbox.forgetFinishedBefore(new Date(Date.now() - SENT_MESSAGE_MEMORY_MS))),
    },
    {
      // Rewrites at start what an older search normalizer indexed; hourly it finds nothing (cheap, indexed).
      name: 'search-reindex',
      schedule: '41 * * * *',
      run: async () => void (await reindexStaleEntries(db)),
    },
    ...pollJobs(services),
    ...meetingJobs.jobs,
    ...roundJobs.jobs,
    ...interviewJobs.jobs,
    ...minutesJobs(services.minutes),
    ...actionJobs.jobs,
  ];

  const runCatchUp = async () => {
    await Promise.all(jobs.map((job) => scheduler.runOnce(job)));
  };

  return {
    bot,
    outbox,
    conversations,
    scheduler,
    services,
    resolver,
    translator,
    files,
    async start({ catchUp = true } = {}) {
      // Before any event: a wrong instance secret stops the start here, and old ballots are re-keyed.
      await services.polls.prepareBallotKeys();
      outbox.start();
      for (const job of jobs) scheduler.add(job);
      if (catchUp) void runCatchUp();
    },
    catchUp: runCatchUp,
    async stop() {
      await meetingJobs.stop();
      await roundJobs.stop();
      await interviewJobs.stop();
      await actionJobs.stop();
      await scheduler.stop();
      await outbox.stop();
    },
  };
}
