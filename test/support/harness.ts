import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import type { ChatRef, EventPayload, InboundEvent } from '../../src/core/event.ts';
import { createTestDatabase, type TestDatabaseOptions } from './test-database.ts';
import { MemoryAdapter, type SentMessage } from './memory-adapter.ts';

export const GROUP: ChatRef = { platform: 'test', chatId: 'group-1', kind: 'group', title: 'Librarians' };
export const OTHER_GROUP: ChatRef = { platform: 'test', chatId: 'group-2', kind: 'group', title: 'Committee' };

export function privateChat(userId: string): ChatRef {
  return { platform: 'test', chatId: `dm-${userId}`, kind: 'private' };
}

/**
 * A bot core over a fresh real database, driven by events as an adapter would make them; replies are
 * what the outbox hands to an in-memory platform. `restart()` builds a new core over the same database.
 */
export class Harness {
  adapter = new MemoryAdapter();
  private constructor(
    readonly db: Awaited<ReturnType<typeof createTestDatabase>>,
    public app: App,
  ) {}

  static async create(database: TestDatabaseOptions = {}): Promise<Harness> {
    const db = await createTestDatabase(database);
    // The outbox at its own poll interval, as the bot runs it: every sender wakes it and `drain()` wakes
    // it every 20 ms, so only a send failed for a passing reason waits for a pass (the 50 ms this had made
    // three queries a pass, some 20 a second of every test).
    const harness = new Harness(db, createApp(db.prisma, silentLogger()));
    harness.app.outbox.register(harness.adapter);
    await startOverFreshDatabase(harness.app);
    return harness;
  }

  get prisma() {
    return this.db.prisma;
  }

  person(userId: string, options: { name?: string; admin?: boolean; languageHint?: string } = {}): Person {
    return new Person(this, userId, options.name ?? userId, options.admin ?? false, options.languageHint);
  }

  /** Handles one event and returns what was sent because of it, once the outbox has sent everything. */
  async deliver(event: InboundEvent): Promise<SentMessage[]> {
    const before = this.adapter.sent.length;
    await this.app.bot.handle(event);
    await this.app.outbox.drain();
    return this.adapter.sent.slice(before);
  }

  /** A new process on the same database; `prepare` sets up its platform before anything is sent. */
  async restart(prepare?: (adapter: MemoryAdapter) => void): Promise<void> {
    await this.app.stop();
    this.app = createApp(this.db.prisma, silentLogger());
    this.adapter = new MemoryAdapter();
    prepare?.(this.adapter);
    this.app.outbox.register(this.adapter);
    await this.app.start();
  }

  async close(): Promise<void> {
    await this.app.stop();
    await this.db.drop();
  }
}

/**
 * `app.start()` without its jobs' catch-up runs: each job runs once at start for the work that came due
 * while the bot was down (a query or a transaction each, some 30 statements a start), and over a
 * database just copied or wiped to the template's contents none finds anything. The jobs are scheduled
 * as usual; `restart()`, a process over a database that has lived, starts with its catch-up runs.
 */
async function startOverFreshDatabase(app: App): Promise<void> {
  await app.start({ catchUp: false });
}

export class Person {
  constructor(
    private readonly harness: Harness,
    readonly userId: string,
    readonly name: string,
    private readonly admin: boolean,
    private readonly languageHint?: string,
  ) {}

  event(payload: EventPayload, chat: ChatRef, id: string = randomUUID()): InboundEvent {
    return {
      id,
      actor: {
        platform: 'test',
        userId: this.userId,
        displayName: this.name,
        isChatAdmin: this.admin && chat.kind === 'group',
        ...(this.languageHint ? { languageHint: this.languageHint } : {}),
      },
      chat,
      payload,
      receivedAt: new Date(),
    };
  }

  /** Sends a line in the Telegram form (`/cmd args` or text) and returns the texts of the replies. */
  async says(line: string, chat: ChatRef = privateChat(this.userId)): Promise<SentMessage[]> {
    const command = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(line);
    const payload: EventPayload = command
      ? { type: 'command', name: command[1]!, args: command[2] ?? '' }
      : { type: 'text', text: line };
    return this.harness.deliver(this.event(payload, chat));
  }

  /** Presses the button with this label (or index) on a message that was sent. */
  async presses(message: SentMessage | undefined, label: string | number, chat: ChatRef = privateChat(this.userId)) {
    const buttons = (message?.buttons ?? []).flat();
    const button = typeof label === 'number' ? buttons[label] : buttons.find((b) => b.label === label);
    if (!button) throw new Error(`no button ${label} among ${buttons.map((b) => b.label).join(', ')}`);
    return this.harness.deliver(this.event({ type: 'action', action: button.action, data: button.data ?? '' }, chat));
  }
}

/** The texts of sent messages, joined: for assertions that read like the chat. */
export function texts(messages: SentMessage[]): string {
  return messages.map((m) => m.text).join('\n---\n');
}
