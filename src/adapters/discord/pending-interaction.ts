import { AsyncLocalStorage } from 'node:async_hooks';
import { AttachmentBuilder, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../../logger.ts';
import { isInteractionGone } from './api-errors.ts';
import type { RenderedPart } from './message-renderer.ts';

/** Discord's windows: 3 s for the first response, 15 min for the token; kept with a margin. */
const FIRST_RESPONSE_WINDOW_MS = 2_500;
const TOKEN_LIFETIME_MS = 14 * 60_000;
/** Acknowledge (defer) after this long without an answer: well inside the 3 s. */
export const DEFAULT_DEFER_AFTER_MS = 1_000;

type State = 'fresh' | 'deferred-reply' | 'deferred-update' | 'answered' | 'lost';

/** What happened to a part sent through the interaction; `gone`: its token is dead, use the channel. */
export type InteractionDelivery = { delivered: true; messageId?: string } | { delivered: false };

/**
 * One interaction waiting for the core's answer. The answer comes back through the outbox as a
 * message for the interaction's channel; while the handler of this interaction runs, its sends see
 * this object (see `interactionScope`) and complete the interaction instead of posting to the channel:
 * the first part replies (or edits the deferred reply, or updates the pressed message), later ones are
 * follow-ups. If no answer comes within `deferAfterMs`, the interaction is deferred so that Discord's
 * 3-second window is kept however slow the work is. All calls on one interaction are made in order.
 */
export class PendingInteraction {
  readonly channelId: string;
  private readonly createdAt = Date.now();
  private state: State = 'fresh';
  private originalUsed = false;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly interaction: RepliableInteraction,
    private readonly logger: Logger,
  ) {
    this.channelId = interaction.channelId ?? '';
  }

  /** Starts the clock: without an answer by then, the interaction is deferred. */
  arm(deferAfterMs = DEFAULT_DEFER_AFTER_MS): void {
    this.timer = setTimeout(() => void this.serial(() => this.deferIfFresh()), deferAfterMs);
    this.timer.unref();
  }

  /** Whether a message for this channel may still go through the interaction. */
  usable(): boolean {
    const age = Date.now() - this.createdAt;
    if (this.state === 'lost' || age > TOKEN_LIFETIME_MS) return false;
    return this.state !== 'fresh' || age < FIRST_RESPONSE_WINDOW_MS;
  }

  get userId(): string {
    return this.interaction.user.id;
  }

  get inGuild(): boolean {
    return this.interaction.inGuild();
  }

  /** Sends one part through the interaction; `{ delivered: false }` when its token no longer works. */
  deliver(part: RenderedPart, options: { ephemeral?: boolean } = {}): Promise<InteractionDelivery> {
    return this.serial(async () => {
      if (!this.usable()) return { delivered: false };
      try {
        return { delivered: true, messageId: await this.respond(part, options) };
      } catch (error) {
        if (!isInteractionGone(error)) throw error;
        this.state = 'lost';
        this.logger.debug(
          { err: error, interaction: this.interaction.id },
          'interaction expired; answering in the channel',
        );
        return { delivered: false };
      }
    });
  }

  /**
   * Answers a button press by editing the pressed message (a live tally), when this edit is of that
   * message and the press is not answered yet; `{ delivered: false }` otherwise: edit it in the channel.
   */
  updatePressed(part: RenderedPart, messageId: string): Promise<InteractionDelivery> {
    return this.serial(async () => {
      const interaction = this.interaction;
      if (!this.usable() || this.state !== 'fresh' || !interaction.isMessageComponent()) return { delivered: false };
      if (interaction.message.id !== messageId) return { delivered: false };
      this.disarm();
      try {
        await interaction.update({
          content: part.content,
          components: part.components,
          allowedMentions: { parse: [] },
        });
        this.state = 'answered';
        return { delivered: true, messageId };
      } catch (error) {
        if (!isInteractionGone(error)) throw error;
        this.state = 'lost';
        return { delivered: false };
      }
    });
  }

  /** Stops the clock (the adapter stops). */
  disarm(): void {
    clearTimeout(this.timer);
  }

  private async respond(part: RenderedPart, options: { ephemeral?: boolean }): Promise<string | undefined> {
    const interaction = this.interaction;
    const body = messageOptions(part);
    const flags = options.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
    if (this.state === 'fresh') {
      this.disarm();
      const response = await interaction.reply({ ...body, ...flags, withResponse: true });
      this.state = 'answered';
      this.originalUsed = true;
      return response.resource?.message?.id;
    }
    if (this.state === 'deferred-reply' && !this.originalUsed && !options.ephemeral) {
      this.originalUsed = true;
      return (await interaction.editReply(body)).id;
    }
    const sent = await interaction.followUp({ ...body, ...flags });
    if (this.state === 'deferred-reply' && !this.originalUsed) {
      // A public "thinking…" cannot turn private: the private answer went as a follow-up, so it goes.
      this.originalUsed = true;
      await interaction.deleteReply().catch(() => undefined);
    }
    return sent.id;
  }

  private async deferIfFresh(): Promise<void> {
    if (this.state !== 'fresh') return;
    const interaction = this.interaction;
    try {
      if (interaction.isMessageComponent()) {
        await interaction.deferUpdate();
        this.state = 'deferred-update';
      } else {
        await interaction.deferReply();
        this.state = 'deferred-reply';
      }
    } catch (error) {
      this.state = 'lost';
      this.logger.warn({ err: error, interaction: interaction.id }, 'could not acknowledge an interaction in time');
    }
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.chain.then(operation, operation);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/**
 * The interaction whose handler is running, seen from the sends that handler causes: the outbox sends
 * a reply in the chain of the `enqueue` call that made it, so the handler's async context reaches the
 * adapter's `send`. A send from anywhere else (a retry, a reminder) sees none and goes to the channel.
 */
export const interactionScope = new AsyncLocalStorage<PendingInteraction>();

function messageOptions(part: RenderedPart) {
  return {
    content: part.content,
    components: part.components,
    files: part.files.map((file) => new AttachmentBuilder(file.data, { name: file.name })),
    allowedMentions: { parse: [] },
  };
}
