import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../db/database.ts';
import type { OutboxOptions } from '../core/outbox.ts';
import type { Job } from '../core/scheduler.ts';
import type { InboundEvent } from '../core/event.ts';
import type { RateLimits } from '../core/rate-limiter.ts';
import { PrismaMetricsStore } from '../db/stores/metrics-store.ts';
import { PrismaSendPaceStore } from '../db/stores/send-pace-store.ts';
import { BotMetrics } from './metrics.ts';
import type { HttpRoutes } from './http-routes.ts';
import { WebServer } from '../web/web-server.ts';
import type { DashboardParts } from '../web/web-app.ts';
import { AdvisoryLeader } from './polling-leader.ts';
import { botBudgetKey, SharedSendBudget, sharedLimits } from './shared-send-budget.ts';

/** How long /healthz waits for the database before it says 503. */
const HEALTH_TIMEOUT_MS = 2_000;

/** What one platform bot gets for running beside other instances. */
export interface PlatformOperations {
  /** The shared send budget; unset with the embedded database (one process: the in-process limiter). */
  pacer?: SharedSendBudget;
  /** One poller per bot among instances; unset with the embedded database (this process is the only one). */
  pollingLeadership?: AdvisoryLeader;
}

/**
 * Everything that lets several bot processes work as one and lets operators watch them: metrics,
 * the HTTP server (/healthz, /metrics, webhook paths, feeds, the web dashboard: src/web/), the shared
 * send budgets and the polling leaders.
 * `main.ts` wires it in; with the embedded database only the metrics and the HTTP server apply.
 */
export class Operations {
  readonly metrics: BotMetrics;
  private readonly server: WebServer | undefined;
  private readonly leaders: AdvisoryLeader[] = [];
  private readonly budgets: SharedSendBudget[] = [];
  private readonly shared: boolean;

  constructor(
    private readonly config: Config,
    private readonly database: Database,
    private readonly logger: Logger,
  ) {
    this.metrics = new BotMetrics(new PrismaMetricsStore(database.prisma));
    this.shared = Boolean(config.DATABASE_URL);
    if (config.HTTP_SERVER === 'on') {
      this.server = new WebServer({
        port: config.PORT,
        host: config.HTTP_HOST,
        healthy: () => this.databaseAnswers(),
        metrics: () => this.metrics.render(),
        logger,
      });
    }
  }

  /** Where adapters mount their webhook paths; unset when HTTP_SERVER=off (a webhook then listens alone). */
  get routes(): HttpRoutes | undefined {
    return this.server;
  }

  /** The web dashboard on the HTTP server, at PUBLIC_URL; before `startHttp`. */
  serveDashboard(parts: DashboardParts): void {
    this.server?.serveDashboard(parts, this.config.PUBLIC_URL);
  }

  get outboxOptions(): OutboxOptions {
    return {
      leaseMs: this.config.OUTBOX_LEASE_SECONDS * 1000,
      giveUpAfterMs: this.config.OUTBOX_GIVE_UP_HOURS * 3_600_000,
      onSendResult: (platform, result) => this.metrics.countSend(platform, result),
    };
  }

  /** The pacer and the polling leader of one bot (`platform` + its token's bot id). */
  forPlatform(platform: string, token: string, limits: RateLimits): PlatformOperations {
    if (!this.shared) return {};
    const botKey = botBudgetKey(platform, token);
    const pacer = new SharedSendBudget({
      store: new PrismaSendPaceStore(this.database.prisma),
      botKey,
      limits: sharedLimits(limits),
      logger: this.logger,
    });
    const pollingLeadership = new AdvisoryLeader({
      connection: this.database.connection,
      name: `polling:${botKey}`,
      retryMs: this.config.LEADER_RETRY_SECONDS * 1000,
      logger: this.logger.child({ platform }),
    });
    this.budgets.push(pacer);
    this.leaders.push(pollingLeadership);
    return { pacer, pollingLeadership };
  }

  countUpdates(handle: (event: InboundEvent) => Promise<void>): (event: InboundEvent) => Promise<void> {
    return this.metrics.countUpdates(handle);
  }

  /** Periodic work: forgetting the pacing rows of idle chats. */
  get jobs(): Job[] {
    return this.budgets.map((budget, i) => ({
      name: `send-pace-cleanup-${i}`,
      schedule: '31 */10 * * * *',
      run: async () => void (await budget.forgetIdleChats()),
    }));
  }

  /**
   * Starts the HTTP server, and says whether it listens. When a webhook depends on it (`required`),
   * failing to listen is fatal; otherwise the bot runs on without /healthz, /metrics, calendar feeds
   * and the dashboard, and says so.
   */
  async startHttp(required: boolean): Promise<boolean> {
    if (!this.server) return false;
    try {
      const port = await this.server.start();
      this.logger.info(
        { host: this.config.HTTP_HOST, port, dashboard: this.config.PUBLIC_URL },
        'http server: /healthz, /metrics, /feed/ and the dashboard',
      );
      return true;
    } catch (error) {
      if (required) throw error;
      this.logger.error(
        { err: error, port: this.config.PORT },
        'http server could not listen: no /healthz, /metrics, calendar feeds or dashboard',
      );
      return false;
    }
  }

  /** After the adapters stopped: lets the polling role go to another instance, then closes the server. */
  async stop(): Promise<void> {
    await Promise.allSettled(this.leaders.map((leader) => leader.stop()));
    await this.server?.stop();
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS)));
    const query = this.database.prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
