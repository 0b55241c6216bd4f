import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { SendResult } from '../core/adapter.ts';
import type { InboundEvent } from '../core/event.ts';

/** What the gauges read from the shared database (`db/stores/metrics-store.ts`). */
export interface MetricsStore {
  pendingOutboxByPlatform(): Promise<Array<{ platform: string; count: number }>>;
  /** The longest due-to-hand-over delay among reminders handed over in the last `windowMinutes`; null if none. */
  reminderLagSeconds(windowMinutes: number): Promise<number | null>;
  /** How long the oldest due reminder not yet handed over has waited; null if none. */
  reminderOverdueSeconds(): Promise<number | null>;
}

/** Handed-over reminders this recent count for `hamkar_reminder_lag_seconds`. */
const LAG_WINDOW_MINUTES = 5;

/**
 * The bot's Prometheus metrics (`GET /metrics`). Counters count what this process did; the gauges
 * read the shared database when scraped, so every instance reports the same queue depth and reminder
 * lag (aggregate them with `max`, the counters with `sum`).
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly updates: Counter<'platform' | 'kind'>;
  private readonly sends: Counter<'platform' | 'result'>;

  constructor(store: MetricsStore) {
    collectDefaultMetrics({ register: this.registry });
    this.updates = new Counter({
      name: 'hamkar_updates_handled_total',
      help: 'Inbound updates handled by this process, by platform and kind (command, text, action, file, …)',
      labelNames: ['platform', 'kind'],
      registers: [this.registry],
    });
    this.sends = new Counter({
      name: 'hamkar_sends_total',
      help: 'Outbox send attempts by this process, by platform and result (ok, retry, permanent, rejected)',
      labelNames: ['platform', 'result'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'hamkar_outbox_pending',
      help: 'Messages waiting in the outbox (all instances), by platform',
      labelNames: ['platform'],
      registers: [this.registry],
      async collect() {
        const rows = await store.pendingOutboxByPlatform();
        this.reset();
        for (const row of rows) this.set({ platform: row.platform }, row.count);
      },
    });
    new Gauge({
      name: 'hamkar_reminder_lag_seconds',
      help: `Longest delay between a reminder's due time and its hand-over to the outbox, over the reminders handed over in the last ${LAG_WINDOW_MINUTES} minutes`,
      registers: [this.registry],
      async collect() {
        this.set(Math.max(0, (await store.reminderLagSeconds(LAG_WINDOW_MINUTES)) ?? 0));
      },
    });
    new Gauge({
      name: 'hamkar_reminder_overdue_seconds',
      help: 'How long the oldest reminder that is due has waited to be handed over (0: none is waiting)',
      registers: [this.registry],
      async collect() {
        this.set(Math.max(0, (await store.reminderOverdueSeconds()) ?? 0));
      },
    });
  }

  /** Wraps the bot's event handler so that each handled update is counted. */
  countUpdates(handle: (event: InboundEvent) => Promise<void>): (event: InboundEvent) => Promise<void> {
    return async (event) => {
      try {
        await handle(event);
      } finally {
        this.updates.inc({ platform: event.chat.platform, kind: event.payload.type });
      }
    };
  }

  /** The outbox reports each send's outcome here. */
  countSend(platform: string, result: SendResult): void {
    this.sends.inc({ platform, result: result.ok ? 'ok' : result.kind });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
