import { Routes, type REST, type RawFile } from 'discord.js';
import type { RenderedPart } from './message-renderer.ts';

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

  /** The DM channel with a person: the bot may open one with anyone who shares a server with it. */
  async dmChannelOf(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }
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
