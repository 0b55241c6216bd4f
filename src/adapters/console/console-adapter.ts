import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { PlatformAdapter, SendResult } from '../../core/adapter.ts';
import type { Button, ChatRef, InboundEvent, OutboundMessage } from '../../core/event.ts';
import { parseConsoleLine } from './console-line-parser.ts';

export const CONSOLE_PLATFORM = 'console';
export const CONSOLE_GROUP_CHAT: ChatRef = {
  platform: CONSOLE_PLATFORM,
  chatId: 'group',
  kind: 'group',
  title: 'Console',
};
export const CONSOLE_PRIVATE_CHAT: ChatRef = { platform: CONSOLE_PLATFORM, chatId: 'private', kind: 'private' };
/** The local person's platform id. */
export const CONSOLE_LOCAL_USER_ID = 'local';

/** Each console person has their own private chat with the bot. */
export function consolePrivateChat(userId: string): ChatRef {
  return { ...CONSOLE_PRIVATE_CHAT, chatId: `private-${userId}` };
}

export interface ConsoleAdapterOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Where files sent to the console are written (under DATA_DIR). */
  filesDir: string;
  /** The local person: admin of the console group. */
  userName: string;
  /** Resolves once every reply to the last line is printed, so that output follows input in order. */
  waitForReplies: () => Promise<void>;
}

/**
 * A chat in the terminal. Lines are commands in the Telegram form, or text; buttons are printed
 * numbered and pressed by typing the number. `/private` and `/group` switch between the local
 * community's group and a private chat with the bot; `/as NAME` speaks as another (non-admin) person.
 * At the end of piped input, `finished` resolves once every reply is out.
 */
export class ConsoleAdapter implements PlatformAdapter {
  readonly platform = CONSOLE_PLATFORM;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private chat: ChatRef = CONSOLE_GROUP_CHAT;
  private user: { id: string; name: string; admin: boolean };
  private readonly lastButtons = new Map<string, Button[]>();
  private readline: ReturnType<typeof createInterface> | undefined;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.user = { id: CONSOLE_LOCAL_USER_ID, name: options.userName, admin: true };
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  async start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    const rl = createInterface({ input: this.options.input, terminal: false });
    this.readline = rl;
    // Lines are handled one at a time, in order, each after the replies to the previous one.
    void (async () => {
      try {
        for await (const line of rl) {
          if (!(await this.handleLine(line, onEvent))) break;
        }
      } finally {
        await this.options.waitForReplies();
        this.resolveFinished();
      }
    })();
  }

  async stop(): Promise<void> {
    this.readline?.close();
  }

  /** False when the person asked to quit. */
  private async handleLine(line: string, onEvent: (event: InboundEvent) => Promise<void>): Promise<boolean> {
    const parsed = parseConsoleLine(line);
    switch (parsed.kind) {
      case 'empty':
        return true;
      case 'quit':
        return false;
      case 'switch-chat':
        this.chat = parsed.to === 'private' ? CONSOLE_PRIVATE_CHAT : CONSOLE_GROUP_CHAT;
        this.write(`— ${this.chat.kind === 'private' ? '🔒' : '#'} —`);
        return true;
      case 'as':
        this.user = { id: `as-${parsed.name.toLowerCase()}`, name: parsed.name, admin: false };
        this.write(`— ${parsed.name} —`);
        return true;
      case 'button': {
        const chatId = this.chat.kind === 'private' ? consolePrivateChat(this.user.id).chatId : this.chat.chatId;
        const button = this.lastButtons.get(chatId)?.[parsed.number - 1];
        if (!button) {
          this.write(`[${parsed.number}] ✗`);
          return true;
        }
        await this.emit(onEvent, { type: 'action', action: button.action, data: button.data ?? '' });
        return true;
      }
      case 'event':
        await this.emit(onEvent, parsed.payload);
        return true;
    }
  }

  private async emit(onEvent: (event: InboundEvent) => Promise<void>, payload: InboundEvent['payload']): Promise<void> {
    const chat = this.chat.kind === 'private' ? consolePrivateChat(this.user.id) : this.chat;
    await onEvent({
      id: randomUUID(),
      actor: {
        platform: CONSOLE_PLATFORM,
        userId: this.user.id,
        displayName: this.user.name,
        isChatAdmin: this.user.admin && chat.kind === 'group',
      },
      chat,
      payload,
      receivedAt: new Date(),
    });
    await this.options.waitForReplies();
  }

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const prefix = chatId.startsWith('private-') ? '🔒 ' : '';
    const lines = [prefix + message.text];
    const buttons = (message.buttons ?? []).flat();
    if (buttons.length > 0) {
      this.lastButtons.set(chatId, buttons);
      lines.push(buttons.map((b, i) => `  [${i + 1}] ${b.label}`).join('\n'));
    }
    if (message.file) lines.push(`📎 ${await this.saveFile(message.file)}`);
    this.write(lines.join('\n') + '\n');
    return { ok: true };
  }

  private async saveFile(file: NonNullable<OutboundMessage['file']>): Promise<string> {
    // Exports hold members' names and answers: readable by the bot's user only, like backups.
    await mkdir(this.options.filesDir, { recursive: true, mode: 0o700 });
    const target = path.join(this.options.filesDir, `${Date.now()}-${path.basename(file.fileName)}`);
    await writeFile(target, Buffer.from(file.contentBase64, 'base64'), { mode: 0o600 });
    return path.resolve(target);
  }

  private write(text: string): void {
    this.options.output.write(text.endsWith('\n') ? text : text + '\n');
  }
}
