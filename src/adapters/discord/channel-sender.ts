import { Routes, type REST, type RawFile } from 'discord.js';
import type { FileDownload } from '../../core/stored-files.ts';
import { downloadCapped } from '../capped-download.ts';
import { toSendResult } from './api-errors.ts';
import type { RenderedPart } from './message-renderer.ts';

/** What a bot may upload in one file where the server has no boosts, and in DMs. */
export const DISCORD_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Bound on fetching one attachment's bytes from Discord's CDN. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/**
 * Channel messages through discord.js's REST client, by id: no channel has to be cached or fetched
 * first. The REST client queues each route under Discord's per-route and global limits and waits out
 * a 429 before repeating the request.
 */
export class ChannelSender {
  /** user id → DM channel id: opening a DM is idempotent on Discord, and asked once per person. */
  private readonly dmChannels = new Map<string, string>();

  constructor(private readonly rest: REST) {}

  async post(channelId: string, part: RenderedPart): Promise<string> {
    const message = (await this.rest.post(Routes.channelMessages(channelId), request(part))) as { id: string };
    return message.id;
  }

  async edit(
    channelId: string,
    messageId: string,
    part: Pick<RenderedPart, 'content' | 'components'>,
  ): Promise<string> {
    const body = { content: part.content, components: part.components, allowed_mentions: { parse: [] } };
    const message = (await this.rest.patch(Routes.channelMessage(channelId, messageId), { body })) as { id: string };
    return message.id;
  }

  /**
   * An attachment a member sent, by the ids kept when it arrived (`channel/message/attachment`, see
   * `attachmentFileId`): its signed link expires within a day, so the message is fetched again for a
   * fresh one, then the bytes, at most `maxBytes` of them. (Discord shows a bot the attachments of DMs
   * and of messages that mention it, which is where members send files to the bot.)
   */
  async download(fileId: string, maxBytes: number): Promise<FileDownload> {
    const ids = attachmentIds(fileId);
    if (!ids) return { ok: false, kind: 'gone', error: 'not a Discord attachment id' };
    let message: { attachments?: Array<{ id: string; url: string; size?: number }> };
    try {
      message = (await this.rest.get(Routes.channelMessage(ids.channelId, ids.messageId))) as typeof message;
    } catch (error) {
      const failure = toSendResult(error);
      // The message or its channel was deleted, or the bot lost access: the file is gone for it.
      return failure.kind === 'retry' ? failure : { ok: false, kind: 'gone', error: failure.error };
    }
    const attachment = message.attachments?.find((a) => a.id === ids.attachmentId);
    if (!attachment) return { ok: false, kind: 'gone', error: 'the message no longer has this attachment' };
    // Discord states the size: a file past the limit is refused before a byte of it is fetched.
    if (attachment.size !== undefined && attachment.size > maxBytes) {
      return { ok: false, kind: 'too-big', error: `${attachment.size} bytes, more than the ${maxBytes} allowed` };
    }
    if (!URL.canParse(attachment.url)) return { ok: false, kind: 'gone', error: 'the attachment has no usable link' };
    return downloadCapped(new URL(attachment.url), maxBytes, DOWNLOAD_TIMEOUT_MS);
  }

  /** The DM channel with a person: the bot may open one with anyone who shares a server with it. */
  async dmChannelOf(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }
}

/** The snowflakes of `channel/message/attachment`, or null for anything else. */
function attachmentIds(fileId: string): { channelId: string; messageId: string; attachmentId: string } | null {
  const match = /^(\d+)\/(\d+)\/(\d+)$/.exec(fileId);
  return match ? { channelId: match[1]!, messageId: match[2]!, attachmentId: match[3]! } : null;
}

function request(part: RenderedPart): { body: unknown; files?: RawFile[] } {
  const body = {
    content: part.content,
    components: part.components,
    // Texts carry what members wrote: an `@everyone` in a story must not ping a whole server.
    allowed_mentions: { parse: [] },
    ...(part.files.length > 0 ? { attachments: part.files.map((f, id) => ({ id, filename: f.name })) } : {}),
  };
  if (part.files.length === 0) return { body };
  return { body, files: part.files.map((f, index) => ({ name: f.name, data: f.data, key: `files[${index}]` })) };
}
