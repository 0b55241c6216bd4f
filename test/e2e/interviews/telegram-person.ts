import type { DeliveredMessage } from '../../fakes/telegram/fake-bot-api.ts';
import * as tg from '../../fakes/telegram/updates.ts';
import type { InterviewBot } from './interview-bot.ts';

/**
 * One person on Telegram talking to the real bot process through the fake Bot API: each step pushes an
 * update, waits until the bot confirmed it (its next getUpdates), then waits for the bot's answer, a
 * message not there before that the step expects. Steps say what they wait for, so that a failure names
 * the step and shows the chat's last messages.
 */

/** Message ids of the files built here: far from the update builders' own counter. */
let nextFileMessageId = 700_000;

export class TelegramPerson {
  constructor(
    private readonly bot: InterviewBot,
    readonly user: tg.FakeUser,
  ) {}

  get chat(): tg.FakeChat {
    return tg.privateChatOf(this.user);
  }

  /** What the bot sent to this person's private chat, in order. */
  received(): DeliveredMessage[] {
    return this.fake.deliveredTo(this.user.id);
  }

  /** Types `text` privately; returns the first new message matching `expected`. */
  says(text: string, expected: RegExp): Promise<DeliveredMessage> {
    return this.act(text, tg.textMessage(this.chat, this.user, text), expected);
  }

  /** Writes `text` in a group; returns the first new message there matching `expected`. */
  saysIn(
    group: tg.FakeChat,
    text: string,
    expected: RegExp,
    extra: Record<string, unknown> = {},
  ): Promise<DeliveredMessage> {
    return this.act(text, tg.textMessage(group, this.user, text, extra), expected, group.id);
  }

  /** Pushes an update that the bot need not answer (a message in a group); waits until it is handled. */
  async posts(update: Record<string, unknown>): Promise<void> {
    await this.confirmed(update);
  }

  /**
   * A voice note as Telegram sends one: Ogg/Opus, no file name. The fake keeps `bytes` under `fileId`,
   * as Telegram keeps the recording, for getFile and the download.
   */
  sendsVoice(fileId: string, bytes: Buffer, expected: RegExp): Promise<DeliveredMessage> {
    this.fake.files.keep(fileId, bytes, { kind: 'document' });
    const voice = { file_id: fileId, file_unique_id: `u-${fileId}`, duration: 42, mime_type: 'audio/ogg' };
    return this.act(`a voice message (${fileId})`, this.fileMessage({ voice }), expected);
  }

  /** A photo in the sizes Telegram makes, the largest last (the one the bot keeps), with a caption. */
  sendsPhoto(fileId: string, bytes: Buffer, caption: string, expected: RegExp): Promise<DeliveredMessage> {
    this.fake.files.keep(`${fileId}-thumb`, bytes.subarray(0, 4), { kind: 'photo' });
    this.fake.files.keep(fileId, bytes, { kind: 'photo' });
    const photo = [
      { file_id: `${fileId}-thumb`, file_unique_id: `u-${fileId}-thumb`, width: 90, height: 60 },
      { file_id: fileId, file_unique_id: `u-${fileId}`, width: 1280, height: 853, file_size: bytes.length },
    ];
    return this.act(`a photo (${fileId})`, this.fileMessage({ photo, caption }), expected);
  }

  /**
   * Presses the button labelled `label` on the latest private message that has it, once there is one
   * (an answer in several messages carries its buttons on the last); only from the `from`th message on
   * when given, so that a button of an earlier answer is not taken for it.
   */
  async presses(label: string, expected: RegExp, from = 0): Promise<DeliveredMessage> {
    const message = await this.bot
      .until(`a button “${label}” for ${this.user.first_name}`, () =>
        [...this.received().slice(from)].reverse().find((m) => buttonOf(m, label)),
      )
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\nlast messages:\n${this.recent()}`);
      });
    const data = buttonOf(message, label)!.callback_data!;
    return this.act(`press “${label}”`, tg.buttonPress(this.chat, this.user, data, message.messageId), expected);
  }

  /** The latest private message with buttons: the question, or the consent, this person sees. */
  shown(): DeliveredMessage {
    const message = [...this.received()].reverse().find((m) => (m.keyboard?.length ?? 0) > 0);
    if (!message) throw new Error(`nothing with buttons in ${this.user.first_name}'s chat:\n${this.recent()}`);
    return message;
  }

  /** Waits for a private message (from `from` on, in order) that `expected` matches: one a step caused elsewhere. */
  async awaits(expected: RegExp, from = 0): Promise<DeliveredMessage> {
    return this.bot.until(`${this.user.first_name} to receive ${expected}`, () =>
      this.received()
        .slice(from)
        .find((m) => expected.test(m.text)),
    );
  }

  private get fake() {
    return this.bot.telegram!;
  }

  private async act(
    what: string,
    update: Record<string, unknown>,
    expected: RegExp,
    chatId: number = this.user.id,
  ): Promise<DeliveredMessage> {
    const before = this.fake.deliveredTo(chatId).length;
    await this.confirmed(update);
    try {
      return await this.bot.until(`the answer to ${this.user.first_name}'s ${what.split('\n')[0]}`, () =>
        this.fake
          .deliveredTo(chatId)
          .slice(before)
          .find((m) => expected.test(m.text)),
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlast messages in chat ${chatId}:\n${this.recent(chatId)}`);
    }
  }

  private async confirmed(update: Record<string, unknown>): Promise<void> {
    const { ids } = await this.fake.pushUpdates(update);
    await this.bot.until(`update ${ids[0]} handled`, () => this.fake.confirmedOffset > ids[0]!);
  }

  private fileMessage(content: Record<string, unknown>): Record<string, unknown> {
    const message = { message_id: nextFileMessageId++, date: Math.floor(Date.now() / 1000), chat: this.chat };
    return { message: { ...message, from: this.user, ...content } };
  }

  private recent(chatId: number = this.user.id): string {
    return this.fake
      .deliveredTo(chatId)
      .slice(-4)
      .map((m) => `${m.text.slice(0, 500)} [${labels(m).join(' | ')}]`)
      .join('\n---\n');
  }
}

/** The labels of a message's buttons, in order. */
export function labels(message: DeliveredMessage): string[] {
  return (message.keyboard ?? []).flat().map((b) => b.text);
}

function buttonOf(message: DeliveredMessage, label: string) {
  return (message.keyboard ?? []).flat().find((b) => b.text === label && b.callback_data);
}
