import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { PlatformAdapter, SendResult } from '../../core/adapter.ts';
import type { ChatRef, InboundEvent, OutboundMessage } from '../../core/event.ts';
import { ConsoleButtons, type ConsoleButton, type ConsolePress } from './console-buttons.ts';
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
  /** Where the waiting buttons are kept across restarts; default: `console-buttons.json` beside `filesDir`. */
  buttonsFile?: string;
  /** The local person: admin of the console group. */
  userName: string;
  /** Resolves once every reply to the last line is printed, so that output follows input in order. */
  waitForReplies: () => Promise<void>;
}

/** Printed before a message the bot edited (a live tally): the console cannot change what it printed. */
const EDITED_MARK = '✎ ';

/**
 * A chat in the terminal. Lines are commands in the Telegram form, or text; buttons are printed
 * numbered and pressed by typing the number. `/private` and `/group` switch between the local
 * community's group and a private chat with the bot; `/as NAME` speaks as another (non-admin) person,
 * `/as` alone as yourself again. A message the bot edits is printed again, marked ✎.
 * At the end of piped input, `finished` resolves once every reply is out.
 */
export class ConsoleAdapter implements PlatformAdapter {
  readonly platform = CONSOLE_PLATFORM;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private chat: ChatRef = CONSOLE_GROUP_CHAT;
  private user: { id: string; name: string; admin: boolean };
  private readonly buttons: ConsoleButtons;
  private readline: ReturnType<typeof createInterface> | undefined;
  /** Message ids stay unique across restarts: an edit after a restart names a message sent before it. */
  private readonly messageIdPrefix = Date.now().toString(36);
  private sentCount = 0;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.user = this.localUser();
    this.buttons = new ConsoleButtons(
      options.buttonsFile ?? path.join(path.dirname(options.filesDir), 'console-buttons.json'),
    );
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  private localUser(): { id: string; name: string; admin: boolean } {
    return { id: CONSOLE_LOCAL_USER_ID, name: this.options.userName, admin: true };
  }

  /** The chat the next line goes to: the group, or the current person's private chat. */
  private currentChat(): ChatRef {
    return this.chat.kind === 'private' ? consolePrivateChat(this.user.id) : this.chat;
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
    const parsed = parseConsoleLine(line, {
      buttonsWaiting: this.buttons.waiting(this.currentChat().chatId).length > 0,
    });
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
        this.user =
          parsed.name === null
            ? this.localUser()
            : { id: `as-${parsed.name.toLowerCase()}`, name: parsed.name, admin: false };
        this.write(`— ${this.user.name} —`);
        return true;
      case 'button': {
        const button = this.buttons.waiting(this.currentChat().chatId)[parsed.number - 1];
        if (!button) {
          this.write(`[${parsed.number}] ✗`);
          return true;
        }
        await this.press(button.press, onEvent);
        return true;
      }
      case 'event':
        await this.emit(onEvent, parsed.payload);
        return true;
    }
  }

  private async press(press: ConsolePress, onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    if (press.type === 'action') {
      await this.emit(onEvent, { type: 'action', action: press.action, data: press.data });
      return;
    }
    // A platform's "open the private chat" link: the console moves there and sends the command.
    this.chat = CONSOLE_PRIVATE_CHAT;
    this.write('— 🔒 —');
    await this.emit(onEvent, { type: 'command', name: press.command, args: '' });
  }

  private async emit(onEvent: (event: InboundEvent) => Promise<void>, payload: InboundEvent['payload']): Promise<void> {
    const chat = this.currentChat();
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
    const edited = message.replaceMessageId !== undefined;
    const messageId = message.replaceMessageId ?? `${this.messageIdPrefix}-${++this.sentCount}`;
    const prefix = (edited ? EDITED_MARK : '') + (chatId.startsWith('private-') ? '🔒 ' : '');
    const lines = [prefix + message.text];
    const buttons = consoleButtons(message);
    if (buttons.length > 0) lines.push(buttons.map((b, i) => `  [${i + 1}] ${b.label}`).join('\n'));
    await this.buttons.shown(chatId, buttons);
    if (message.file) lines.push(`📎 ${await this.saveFile(message.file)}`);
    this.write(lines.join('\n') + '\n');
    return { ok: true, messageId };
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

/** The message's buttons, and its link to the private chat as one more (platforms show it as a button). */
function consoleButtons(message: OutboundMessage): ConsoleButton[] {
  const buttons: ConsoleButton[] = (message.buttons ?? [])
    .flat()
    .map((b) => ({ label: b.label, press: { type: 'action', action: b.action, data: b.data ?? '' } }));
  if (message.privateChatLink) {
    const { label, command } = message.privateChatLink;
    buttons.push({ label, press: { type: 'open-private', command } });
  }
  return buttons;
}
