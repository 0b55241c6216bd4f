import { rm } from 'node:fs/promises';
import { makeTestDir } from '../../support/global-setup.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi, type DeliveredMessage } from '../../fakes/telegram/fake-bot-api.ts';
import * as tg from '../../fakes/telegram/updates.ts';
import { BotProcess } from '../bot-process.ts';

export const TOKEN = '123456789:AAHminutes-actions_token-for-the-fake';
/** The bot's REMINDER_TICK_SECONDS: see `spawn`. */
export const REMINDER_TICK_SECONDS = 2;

/** Waits until `check` gives something truthy; fails after `timeoutMs` saying what, with the bot's last log lines. */
export async function until<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  bot: () => BotProcess,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}.\nbot stderr (end):\n${bot().stderr.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `extra` of a message that replies to `original` (an update made with tg.textMessage). */
export function replyingTo(original: Record<string, unknown>): Record<string, unknown> {
  return { reply_to_message: original.message };
}

/**
 * The real bot (`src/main.ts` in its own process, on the real clock) with only a Telegram token, its
 * API pointed at the loopback fake in this process, on a PostgreSQL database of its own that the test
 * reads and writes too. The process can be killed and started again on the same database.
 */
export class TelegramBot {
  private current: BotProcess;

  private constructor(
    readonly fake: FakeBotApi,
    readonly db: TestDatabase,
    private readonly dataDir: string,
  ) {
    this.current = this.spawn();
  }

  static async start(): Promise<TelegramBot> {
    const fake = await FakeBotApi.start({ token: TOKEN });
    const db = await createTestDatabase();
    const dataDir = await makeTestDir();
    const bot = new TelegramBot(fake, db, dataDir);
    try {
      await bot.ready();
    } catch (error) {
      await bot.close();
      throw error;
    }
    return bot;
  }

  /** The bot process running now (a new one after `restart`). */
  get process(): BotProcess {
    return this.current;
  }

  /** For `until`: the process whose log a failure shows. */
  readonly log = (): BotProcess => this.current;

  /** SIGKILL: no clean stop, nothing flushed. */
  async kill(): Promise<void> {
    await this.current.kill('SIGKILL');
  }

  /** A new process on the same database and fake; waits until it polls. */
  async restart(): Promise<void> {
    this.current = this.spawn();
    await this.ready();
  }

  /** Pushes an update and waits until the bot confirmed it (its next getUpdates), i.e. handled it. */
  async update(update: Record<string, unknown>): Promise<void> {
    const { ids } = await this.fake.pushUpdates(update);
    await until(`update ${ids[0]} handled`, () => this.fake.confirmedOffset > ids[0]!, this.log);
  }

  /**
   * `from` writes `text` in `chat` (with `extra`, e.g. `replyingTo`); waits for a new message there that
   * `expected` matches, and returns it.
   */
  async says(
    chat: tg.FakeChat,
    from: tg.FakeUser,
    text: string,
    expected: RegExp,
    extra: Record<string, unknown> = {},
  ): Promise<DeliveredMessage> {
    const before = this.fake.deliveredTo(chat.id).length;
    await this.fake.pushUpdates(tg.textMessage(chat, from, text, extra));
    try {
      return await until(
        `the answer to ${text.split('\n')[0]} in chat ${chat.id}`,
        () =>
          this.fake
            .deliveredTo(chat.id)
            .slice(before)
            .find((m) => expected.test(m.text)),
        this.log,
      );
    } catch (error) {
      const recent = this.fake
        .deliveredTo(chat.id)
        .slice(Math.max(before, this.fake.deliveredTo(chat.id).length - 4))
        .map((m) => m.text.slice(0, 400));
      throw new Error(`${(error as Error).message}\nlast messages in chat ${chat.id}:\n${recent.join('\n---\n')}`);
    }
  }

  /**
   * Moves a meeting (its occurrences, and their reminders still planned) by `byMs`, a whole number of
   * seconds (negative: earlier), as the clock passing would bring it closer, rather than the test waiting
   * for it: the bot, on the real clock, then sees it start or end. Whole seconds: a series' later times
   * are planned from its start to the second (recurrence.ts), so they stay the ones already stored.
   */
  async moveMeeting(meetingId: number, byMs: number): Promise<void> {
    if (!Number.isInteger(byMs / 1000)) throw new Error(`moveMeeting: ${byMs} ms is not a whole number of seconds`);
    const shift = `${byMs} milliseconds`;
    const db = this.db.prisma;
    await db.$transaction([
      db.$executeRaw`UPDATE "Meeting" SET "startsAt" = "startsAt" + ${shift}::interval,
        "plannedUntil" = "plannedUntil" + ${shift}::interval WHERE id = ${meetingId}`,
      db.$executeRaw`UPDATE "MeetingOccurrence" SET "startsAt" = "startsAt" + ${shift}::interval,
        "endsAt" = "endsAt" + ${shift}::interval WHERE "meetingId" = ${meetingId}`,
      db.$executeRaw`UPDATE "Reminder" SET "dueAt" = "dueAt" + ${shift}::interval WHERE status = 'planned'
        AND "occurrenceId" IN (SELECT id FROM "MeetingOccurrence" WHERE "meetingId" = ${meetingId})`,
    ]);
  }

  /** `user` presses the button carrying `payload` on the latest message of their private chat that has it. */
  async press(user: tg.FakeUser, payload: string): Promise<void> {
    const message = [...this.fake.deliveredTo(user.id)]
      .reverse()
      .find((m) => (m.keyboard ?? []).flat().some((b) => b.callback_data === payload));
    if (!message) throw new Error(`no button ${payload} in the private chat of ${user.first_name}`);
    await this.update(tg.buttonPress(tg.privateChatOf(user), user, payload, message.messageId));
  }

  async close(): Promise<void> {
    await this.current.kill('SIGKILL');
    await this.fake.close();
    await this.db.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private spawn(): BotProcess {
    return new BotProcess(this.dataDir, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: this.fake.url,
      DATABASE_URL: this.db.url,
      HTTP_SERVER: 'off',
      LOG_LEVEL: 'info',
      LEADER_RETRY_SECONDS: '1',
      // A meeting moved close in the database (moveMeeting) is seen at the reminder dispatcher's next
      // tick, which then arms its timer for the start: a short tick lets the test move it only seconds
      // ahead, and its start reminder still goes out on time. The test is not about the 15 s default.
      REMINDER_TICK_SECONDS: String(REMINDER_TICK_SECONDS),
    });
  }

  private async ready(): Promise<void> {
    const bot = this.current;
    const polls = this.fake.callsOf('deleteWebhook').length;
    await until('the bot to be ready', () => /"msg":"ready"/.test(bot.stderr), this.log, 120_000);
    // The poller deletes any webhook before its first long poll.
    await until('Telegram polling', () => this.fake.callsOf('deleteWebhook').length > polls, this.log);
  }
}
