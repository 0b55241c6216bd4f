import type { FakeDiscord, FakeMessage } from '../../fakes/discord/fake-discord.ts';
import * as dc from '../../fakes/discord/wire-objects.ts';
import type { InterviewBot } from './interview-bot.ts';

/**
 * One person on Discord talking to the real bot process through the fake: slash commands (in a server
 * channel or their DM), messages and files in their DM, button presses. Each step waits for the bot's
 * answer in that channel: a message not there before, or one whose content changed since (a deferred
 * reply filled in, a pressed message updated), that the step expects.
 */
export class DiscordPerson {
  constructor(
    private readonly bot: InterviewBot,
    readonly user: dc.FakeUser,
  ) {}

  get name(): string {
    return this.user.globalName ?? this.user.username;
  }

  /** This person's DM with the bot. */
  get dm(): dc.Place {
    return { dmChannelId: this.fake.dmChannelOf(this.user) };
  }

  /** What the DM shows, in order. */
  received(): FakeMessage[] {
    return this.fake.messagesIn(this.fake.dmChannelOf(this.user));
  }

  /** A slash command (in the DM unless `place` says otherwise); returns the first answer there matching `expected`. */
  command(
    name: string,
    options: dc.CommandOption[],
    expected: RegExp,
    place: dc.Place = this.dm,
    resolved?: dc.Wire,
  ): Promise<FakeMessage> {
    const payload = dc.slashCommand(this.fake.applicationId, this.user, place, name, options, resolved);
    const words = options.map((o) => `${o.name}:${String(o.value)}`).join(' ');
    return this.act(`/${name} ${words}`, place, expected, () => this.fake.dispatchInteraction(payload));
  }

  /** Writes `text` in the DM. */
  says(text: string, expected: RegExp): Promise<FakeMessage> {
    return this.act(text, this.dm, expected, () => this.fake.dispatchMessage(dc.userMessage(this.user, this.dm, text)));
  }

  /** Sends files in the DM, in one message with `text` beside them (Discord's caption). */
  sends(text: string, files: dc.AttachmentSpec[], expected: RegExp): Promise<FakeMessage> {
    const message = dc.userMessage(this.user, this.dm, text, files);
    const what = `a message with ${files.map((f) => f.filename).join(', ')}`;
    return this.act(what, this.dm, expected, () => this.fake.dispatchMessage(message));
  }

  /**
   * Presses the button labelled `label` on the latest DM message that has it, once there is one (an
   * answer in several messages carries its buttons on the last); only from the `from`th message on
   * when given, so that a button of an earlier answer is not taken for it.
   */
  async presses(label: string, expected: RegExp, from = 0): Promise<FakeMessage> {
    const message = await this.bot
      .until(`a button “${label}” for ${this.name}`, () =>
        [...this.received().slice(from)].reverse().find((m) => buttonOf(m, label)),
      )
      .catch((error: unknown) => {
        throw new Error(`${(error as Error).message}\nlast messages:\n${this.recent(this.dm)}`);
      });
    const button = buttonOf(message, label)!;
    const payload = dc.componentPress(this.fake.applicationId, this.user, this.dm, message.wire, button.customId!);
    return this.act(`press “${label}”`, this.dm, expected, () => this.fake.dispatchInteraction(payload));
  }

  /** Waits for a DM message (from the `from`th on) that `expected` matches: one a step caused elsewhere. */
  awaits(expected: RegExp, from = 0): Promise<FakeMessage> {
    return this.bot.until(`${this.name} to receive ${expected}`, () =>
      this.received()
        .slice(from)
        .find((m) => expected.test(m.content)),
    );
  }

  private get fake(): FakeDiscord {
    return this.bot.discord!;
  }

  private async act(what: string, place: dc.Place, expected: RegExp, send: () => void): Promise<FakeMessage> {
    const channel = channelOf(place);
    const seen = new Map(this.fake.messagesIn(channel).map((m) => [m.id, m.content]));
    send();
    try {
      return await this.bot.until(`the answer to ${this.name}'s ${what.split('\n')[0]}`, () =>
        this.fake.messagesIn(channel).find((m) => seen.get(m.id) !== m.content && expected.test(m.content)),
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlast messages in ${channel}:\n${this.recent(place)}`);
    }
  }

  private recent(place: dc.Place): string {
    return this.fake
      .messagesIn(channelOf(place))
      .slice(-4)
      .map((m) => `${m.content.slice(0, 500)} [${labels(m).join(' | ')}]`)
      .join('\n---\n');
  }
}

/** The labels of a message's buttons, in order. */
export function labels(message: FakeMessage): string[] {
  return message.components.flatMap((c) => (c.type === 'button' && c.label ? [c.label] : []));
}

function buttonOf(message: FakeMessage, label: string) {
  return message.components.find((c) => c.type === 'button' && c.label === label && c.customId);
}

function channelOf(place: dc.Place): string {
  return 'dmChannelId' in place ? place.dmChannelId : place.channel.id;
}
