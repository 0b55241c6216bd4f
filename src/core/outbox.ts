import type { Logger } from '../logger.ts';
import type { OutboundMessage, OutboundTarget } from './event.ts';
import type { OutboxStore, QueuedMessage } from './ports.ts';
import type { PlatformAdapter, SendResult } from './adapter.ts';

export interface OutboxOptions {
  /** How often the dispatcher looks for due messages written by other instances or due for a retry. */
  pollIntervalMs?: number;
  /** How long a claimed message stays hidden from other dispatchers; a dead dispatcher's claims expire. */
  leaseMs?: number;
  batchSize?: number;
  /**
   * How long a message whose sends keep failing for a passing reason (429, 5xx, a network error, the
   * platform down) is retried before it is given up, counted from its first failure. By time, not by
   * count: an outage of an hour must lose nothing, while the backoff (capped at 5 min) keeps the retries
   * cheap. Not by time in the queue either: what waited while the bot was down still goes out.
   */
  giveUpAfterMs?: number;
  /** Told the outcome of every send (the metrics count them). */
  onSendResult?: (platform: string, result: SendResult) => void;
  /**
   * Messages this instance holds for sending at once from `enqueue` (default 100, some 3 s of
   * Telegram's rate). Past them, `enqueue` stores a message unclaimed and the dispatcher's passes send
   * it, a batch at a time: a chair's nudge to 8,000 members otherwise held 8,000 rendered sends waiting
   * for their turn, about 20 KB each (bench/big-network.ts). Not 500: 2,000 votes in a minute queue
   * their confirmations faster than 30 a second, and sends held for many seconds outlive the young
   * generation and grow the old one until its next full collection; the passes, claiming while the
   * last batch still goes out, keep the pacer as busy with fewer.
   */
  maxSendingAtOnce?: number;
}

/**
 * The durable outbound queue. `enqueue` stores a message before any platform call; the dispatcher
 * claims due messages (one claim per message across instances), sends them through the adapter in
 * order per chat, and records the outcome: sent, retry later with backoff, or failed for good.
 */
export class Outbox {
  private readonly adapters = new Map<string, PlatformAdapter>();
  private timer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private running = false;
  private wakeRequested = false;
  private currentPass: Promise<void> | undefined;
  /** The last send in flight per chat (`platform:chatId`). */
  private readonly chatChains = new Map<string, Promise<void>>();
  /**
   * Rows this instance holds in its chains. A big broadcast can wait in the platform's rate limiter
   * longer than a lease; the next pass must not claim and queue those rows a second time.
   */
  private readonly queued = new Set<number>();
  /**
   * Set when `enqueue` stored a message for the passes (too many in hand): later ones wait their turn
   * behind it too, or a chat could read them out of order. Cleared when a pass finds no more due.
   */
  private backlog = false;
  /** Messages `enqueue` left to the passes so far: a pass that began before one does not clear the backlog. */
  private leftToPasses = 0;
  /** Told each time a send in hand is over (see `heldAtMost`). */
  private sendOverWaiters: Array<() => void> = [];
  private readonly options: Required<Omit<OutboxOptions, 'onSendResult'>>;
  private readonly onSendResult: OutboxOptions['onSendResult'];

  constructor(
    private readonly store: OutboxStore,
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.onSendResult = options.onSendResult;
    this.options = {
      pollIntervalMs: 500,
      leaseMs: 60_000,
      batchSize: 50,
      giveUpAfterMs: DEFAULT_GIVE_UP_AFTER_MS,
      maxSendingAtOnce: 100,
      ...options,
    };
  }

  register(adapter: PlatformAdapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  /**
   * Stores the message, then sends it. When this instance has the platform, the row is stored already
   * claimed and sent at once (no wait for a dispatcher pass); if the process dies before it is marked
   * sent, the claim expires and any instance's dispatcher sends it. With `maxSendingAtOnce` messages
   * in hand already, it is stored unclaimed for the passes instead.
   */
  async enqueue(target: OutboundTarget, message: OutboundMessage): Promise<number> {
    const ours = this.running && this.adapters.has(target.platform);
    const sendHere = ours && !this.backlog && this.queued.size < this.options.maxSendingAtOnce;
    if (ours && !sendHere) this.backlog = true; // those enqueued while this one is stored wait too
    const id = await this.store.enqueue(target, message, sendHere ? this.options.leaseMs : undefined);
    if (sendHere) {
      this.sendInChatOrder({ id, target, message, attempts: 0, firstFailedAt: null });
    } else {
      if (ours) {
        // Again: a pass that claimed while the row was being written may have cleared it.
        this.backlog = true;
        this.leftToPasses += 1;
      }
      this.wake();
    }
    return id;
  }

  /**
   * Messages a caller wrote to the store itself, in its own transaction (a nudge to thousands, due
   * reminders), for the passes to send: later messages wait behind them too, as behind a burst that
   * `enqueue` left to the passes, so that a chat still reads in order.
   */
  handOver(count: number): void {
    if (count <= 0) return;
    if (this.running) {
      this.backlog = true;
      this.leftToPasses += count;
    }
    this.wake();
  }

  /** Sends after whatever this instance is already sending to the same chat, so that a chat reads in order. */
  private sendInChatOrder(item: QueuedMessage): Promise<void> {
    const key = `${item.target.platform}:${item.target.chatId}`;
    const previous = this.chatChains.get(key) ?? Promise.resolve();
    this.queued.add(item.id);
    const next = previous.then(() => this.sendOne(item));
    this.chatChains.set(key, next);
    void next.finally(() => {
      if (this.chatChains.get(key) === next) this.chatChains.delete(key);
    });
    return next;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    // Renewed well before they run out: another instance takes over this one's messages only when it died.
    this.leaseTimer = setInterval(() => void this.renewLeases(), this.options.leaseMs / 3);
    this.wake();
  }

  private async renewLeases(): Promise<void> {
    try {
      await this.store.extendClaims([...this.queued], new Date(Date.now() + this.options.leaseMs));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not renew the outbox leases');
    }
  }

  /**
   * After a crash, with a database no other process uses (the embedded one): the dead process's claims
   * are released at once instead of after their lease, so that its queue goes out right after a restart.
   */
  async releaseClaims(): Promise<void> {
    const released = await this.store.releaseClaims();
    if (released > 0) this.logger.info({ released }, 'outbox claims of a stopped process released');
  }

  /**
   * Forgets messages sent before `before`, and failed ones queued before it: the outbox is a queue, not
   * an archive, and a message that never went out keeps its words no longer than one that did.
   */
  forgetFinishedBefore(before: Date): Promise<number> {
    return this.store.forgetFinishedBefore(before);
  }

  /** The platform's id of the message that outbox row `id` became (null until it is sent). */
  sentMessageId(id: number): Promise<string | null> {
    return this.store.sentMessageId(id);
  }

  /** Stops claiming new messages and waits for the sends in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await Promise.all([this.currentPass, ...this.chatChains.values()]);
  }

  /** Resolves once nothing is left to send for the registered platforms (used by the piped console). */
  async drain(): Promise<void> {
    while ((await this.store.countUnsent([...this.adapters.keys()])) > 0) {
      this.wake();
      const inFlight = [this.currentPass, ...this.chatChains.values()].filter(Boolean);
      await (inFlight.length > 0 ? Promise.all(inFlight) : new Promise((resolve) => setTimeout(resolve, 20)));
    }
  }

  /** Runs dispatch passes until no due message is left; a wake during a pass schedules another. */
  wake(): void {
    if (!this.running) return;
    if (this.currentPass) {
      this.wakeRequested = true;
      return;
    }
    this.currentPass = this.loop().finally(() => {
      this.currentPass = undefined;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.wakeRequested = false;
      try {
        const sent = await this.pass();
        if (sent > 0) this.wakeRequested = true;
      } catch (error) {
        this.logger.error({ err: error }, 'outbox pass failed');
      }
    } while (this.wakeRequested && this.running);
  }

  /** One pass: claim a batch and send it (chats in parallel, each chat in order). */
  private async pass(): Promise<number> {
    const platforms = [...this.adapters.keys()];
    if (platforms.length === 0) return 0;
    for (const { id, target } of await this.store.settleInDoubt(platforms, new Date())) {
      this.logger.warn({ outboxId: id, target }, 'message in doubt: the bot stopped while sending it; not sent again');
    }
    // Edits of one message (a live tally) coalesce: only the latest content still needs to go out.
    await this.store.supersedeEdits(platforms, new Date());
    const left = this.leftToPasses;
    const claimed = await this.store.claimDue(platforms, new Date(), this.options.batchSize, this.options.leaseMs);
    if (claimed.length < this.options.batchSize && left === this.leftToPasses) this.backlog = false;
    const batch = claimed.filter((item) => !this.queued.has(item.id));
    for (const item of batch) void this.sendInChatOrder(item);
    // The next claim is made while the last batch is still going out, not after it: waiting for the
    // whole batch left the pacer idle for the length of a pass's queries every 50 messages, which cost
    // a backlog of 18,000 a fifth of the platform's rate (bench/big-network.ts). At most two batches are
    // in hand from the passes this way.
    await this.heldAtMost(this.options.batchSize);
    return batch.length;
  }

  /** Resolves once this instance holds at most `count` sends (or has stopped: its sends end then). */
  private async heldAtMost(count: number): Promise<void> {
    while (this.queued.size > count && this.running) {
      await new Promise<void>((resolve) => this.sendOverWaiters.push(resolve));
    }
  }

  private sendOver(): void {
    const waiters = this.sendOverWaiters;
    this.sendOverWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async sendOne(item: QueuedMessage): Promise<void> {
    const adapter = this.adapters.get(item.target.platform);
    if (!adapter) {
      this.queued.delete(item.id); // claimed only for registered platforms
      this.sendOver();
      return;
    }
    let result: SendResult;
    try {
      const hooks = { beforeDelivery: () => this.store.markDelivering(item.id, new Date()) };
      result = await adapter.send(item.target.chatId, item.message, hooks);
    } catch (error) {
      result = { ok: false, kind: 'retry', error: error instanceof Error ? error.message : String(error) };
    } finally {
      // Before the outcome is recorded: from then on the row may be claimed again (a retry), and must be.
      this.queued.delete(item.id);
      this.sendOver();
    }
    this.onSendResult?.(item.target.platform, result);
    try {
      await this.record(item, result);
    } catch (error) {
      // The claim expires and the message is sent again: better twice than never.
      this.logger.error({ err: error, outboxId: item.id }, 'could not record a send');
    }
  }

  private async record(item: QueuedMessage, result: SendResult): Promise<void> {
    if (result.ok) return this.store.markSent(item.id, new Date(), result.messageId);
    const attempts = item.attempts + 1;
    const delay = result.kind === 'retry' ? (result.retryAfterMs ?? backoffMs(attempts)) : 0;
    const nextAttemptAt = new Date(Date.now() + delay);
    const firstFailedAt = item.firstFailedAt ?? new Date();
    const failingTooLong = nextAttemptAt.getTime() - firstFailedAt.getTime() > this.options.giveUpAfterMs;
    if (result.kind !== 'retry' || failingTooLong) {
      this.logger.warn({ outboxId: item.id, target: item.target, error: result.error }, 'message failed for good');
      // The chat first: once the row is no longer pending, whoever waits for the queue to drain may look.
      if (result.kind === 'permanent') await this.store.markUnreachable(item.target, result.error);
      await this.store.markFailed(item.id, result.error);
      return;
    }
    this.logger.info({ outboxId: item.id, attempts, delay, error: result.error }, 'message will be retried');
    return this.store.retryLater(item.id, nextAttemptAt, result.error, firstFailedAt);
  }
}

/** A day of failing: longer than any platform outage seen so far. */
export const DEFAULT_GIVE_UP_AFTER_MS = 24 * 3_600_000;

/** 1 s, 2 s, 4 s … capped at 5 min, with jitter so that many retries do not arrive together. */
export function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 1000 * 2 ** (attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
