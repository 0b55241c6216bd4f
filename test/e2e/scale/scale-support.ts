import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Db } from '../../../src/db/prisma-client.ts';
import { makeTestDir } from '../../support/global-setup.ts';
import { BotProcess } from '../bot-process.ts';
import type { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';

/**
 * Several real bot processes (`src/main.ts`) of one Telegram bot on one PostgreSQL database, each
 * talking to the fake Bot API under its own path prefix (`/p1`, `/p2` …), which the fake records as
 * the caller: the way a test tells processes apart when they share one token.
 */
export class BotFleet {
  readonly bots = new Map<string, BotProcess>();
  private readonly dirs: string[] = [];

  constructor(
    private readonly fake: FakeBotApi,
    private readonly env: Record<string, string>,
  ) {}

  async start(name: string, extraEnv: Record<string, string> = {}): Promise<BotProcess> {
    const dir = await makeTestDir();
    this.dirs.push(dir);
    const bot = new BotProcess(dir, { ...this.env, TELEGRAM_API_ROOT: `${this.fake.url}/${name}`, ...extraEnv });
    this.bots.set(name, bot);
    return bot;
  }

  get(name: string): BotProcess {
    const bot = this.bots.get(name);
    if (!bot) throw new Error(`no bot process ${name}`);
    return bot;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.bots.values()].map((bot) => bot.kill('SIGKILL')));
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * Meetings whose reminders come due together: one planned reminder per (meeting, chat), every one
 * due at `dueAt`, to private chats `firstChatId …`. Written straight into the database, as the
 * meeting service's planner would have written them days before.
 */
export async function seedDueReminders(
  db: Db,
  options: { meetings: string[]; chats: number; firstChatId: number; dueAt: Date },
): Promise<number> {
  const startsAt = new Date(options.dueAt.getTime() + 3600_000);
  const community = await db.community.create({
    data: { name: 'Scale test', joinCode: 'SCALE01', reminderOffsets: [60] },
  });
  let count = 0;
  for (const title of options.meetings) {
    const meeting = await db.meeting.create({
      data: {
        communityId: community.id,
        title,
        link: 'https://meet.example.org/scale',
        timeZone: 'Asia/Tehran',
        startsAt,
        durationMinutes: 60,
        audience: 'community',
        occurrences: { create: { startsAt, endsAt: new Date(startsAt.getTime() + 3600_000) } },
      },
      select: { occurrences: { select: { id: true } } },
    });
    const occurrenceId = meeting.occurrences[0]!.id;
    const rows = Array.from({ length: options.chats }, (_, i) => ({
      occurrenceId,
      offsetMinutes: 60,
      targetPlatform: 'telegram',
      targetChatId: String(options.firstChatId + i),
      dueAt: options.dueAt,
    }));
    await db.reminder.createMany({ data: rows });
    count += rows.length;
  }
  return count;
}

/** Resolves once no message has reached the fake for `quietMs` (anything sent twice would have come by then). */
export async function waitUntilQuiet(fake: FakeBotApi, quietMs: number, timeoutMs = 60_000): Promise<void> {
  await fake.waitFor(
    `${quietMs} ms without a delivery`,
    () => Date.now() - (fake.delivered.at(-1)?.at ?? 0) > quietMs,
    timeoutMs,
  );
}

/** A TCP port free right now on loopback (for PORT: the bot's HTTP server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
