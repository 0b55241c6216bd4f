import type { Logger } from '../../logger.ts';
import type { SendHooks, SendResult } from '../../core/adapter.ts';
import type { OutboundMessage } from '../../core/event.ts';
import { withFetchedFile, withoutUnfetchedFile } from '../../core/stored-files.ts';
import { toSendResult } from './api-errors.ts';
import { DISCORD_MAX_UPLOAD_BYTES, type ChannelSender } from './channel-sender.ts';
import { DISCORD_PLATFORM } from './interaction-to-event.ts';
import { renderMessage, splitContent, renderComponents, type RenderedPart } from './message-renderer.ts';
import { interactionScope, type PendingInteraction } from './pending-interaction.ts';

/** A later part of a split message is retried here: a retry by the outbox would repeat the first part. */
const LATER_PART_ATTEMPTS = 3;
const LATER_PART_BACKOFF_MS = 1_000;

/** Where a DM opens in Discord's apps: the link button of an answer that needs a private chat. */
const DM_URL = 'https://discord.com/channels/@me/';

/**
 * Turns one outbound message into Discord calls. While an interaction of the same channel is being
 * handled (see `interactionScope`), the message completes it; otherwise it is a channel message.
 * An answer that points to the private chat (`privateChatLink`) is ephemeral in a server: it concerns
 * only the person who asked, and carries a link to their DM with the bot.
 */
export class DiscordSender {
  constructor(
    private readonly channels: ChannelSender,
    private readonly logger: Logger,
    private readonly isStopping: () => boolean,
  ) {}

  async send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    if (this.isStopping()) return { ok: false, kind: 'retry', error: 'adapter stopping' };
    message = withoutUnfetchedFile(message, DISCORD_PLATFORM, this.logger);
    if (message.storedFile) {
      // Discord sends no file by reference: a member's attachment is fetched again and uploaded.
      const fetched = await withFetchedFile(message, this.channels, DISCORD_MAX_UPLOAD_BYTES, this.logger);
      if ('retry' in fetched) return fetched.retry;
      message = fetched.message;
    }
    if (!message.threadId) return this.sendTo(chatId, message, hooks);
    // A thread is a channel of its own: a message for it goes there. A thread deleted or closed to
    // the bot does not make its whole channel unreachable: that one message fails.
    const result = await this.sendTo(message.threadId, message, hooks);
    return !result.ok && result.kind === 'permanent' ? { ...result, kind: 'rejected' } : result;
  }

  private async sendTo(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    const pending = this.interactionFor(chatId);
    if (message.replaceMessageId) return this.edit(chatId, message.replaceMessageId, message, pending, hooks);
    let parts: RenderedPart[];
    try {
      const privateChatUrl = pending && message.privateChatLink ? await this.privateChatUrl(pending.userId) : undefined;
      parts = renderMessage(message, {
        ...(privateChatUrl ? { privateChatUrl } : {}),
        onDropped: ({ button, reason }) =>
          this.logger.error({ action: button.action, reason }, 'component dropped: Discord would refuse it'),
      });
    } catch (error) {
      return toSendResult(error);
    }
    if (parts.length === 0) return { ok: false, kind: 'rejected', error: 'empty message: no text and no file' };
    const ephemeral = Boolean(pending?.inGuild && (message.privateChatLink || message.onlyToSender));
    await hooks?.beforeDelivery();
    let lastId: string | undefined;
    for (const [index, part] of parts.entries()) {
      const result = await this.sendPart(chatId, part, pending, ephemeral, index === 0 ? 1 : LATER_PART_ATTEMPTS);
      if (!result.ok) return result;
      lastId = result.messageId ?? lastId;
    }
    return lastId ? { ok: true, messageId: lastId } : { ok: true };
  }

  private interactionFor(chatId: string): PendingInteraction | undefined {
    const pending = interactionScope.getStore();
    return pending && pending.channelId === chatId && pending.usable() ? pending : undefined;
  }

  private async sendPart(
    chatId: string,
    part: RenderedPart,
    pending: PendingInteraction | undefined,
    ephemeral: boolean,
    attempts: number,
  ): Promise<SendResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (pending) {
          const delivery = await pending.deliver(part, { ephemeral });
          if (delivery.delivered)
            return delivery.messageId ? { ok: true, messageId: delivery.messageId } : { ok: true };
        }
        return { ok: true, messageId: await this.channels.post(chatId, part) };
      } catch (error) {
        const failure = toSendResult(error);
        if (failure.kind !== 'retry' || attempt >= attempts) return failure;
        await new Promise((resolve) => setTimeout(resolve, LATER_PART_BACKOFF_MS * attempt));
      }
    }
  }

  /** An edit of an earlier message: a single message, so a text past 2000 characters keeps its first part. */
  private async edit(
    chatId: string,
    messageId: string,
    message: OutboundMessage,
    pending: PendingInteraction | undefined,
    hooks?: SendHooks,
  ): Promise<SendResult> {
    const part = { content: splitContent(message.text)[0] ?? '', components: renderComponents(message), files: [] };
    await hooks?.beforeDelivery();
    try {
      const update = pending ? await pending.updatePressed(part, messageId) : { delivered: false as const };
      if (update.delivered) return { ok: true, messageId };
      return { ok: true, messageId: await this.channels.edit(chatId, messageId, part) };
    } catch (error) {
      return toSendResult(error);
    }
  }

  private async privateChatUrl(userId: string): Promise<string | undefined> {
    try {
      return DM_URL + (await this.channels.dmChannelOf(userId));
    } catch (error) {
      // The answer still says how to reach the bot; only the shortcut is missing.
      this.logger.warn({ err: error }, 'could not open a DM channel for a link');
      return undefined;
    }
  }
}
