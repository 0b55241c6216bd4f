import { MessageType, type Message } from 'discord.js';
import type { Actor, ChatRef, EventPayload, InboundEvent } from '../../core/event.ts';
import { DISCORD_PLATFORM, guildChat } from './interaction-to-event.ts';
import { memberRoleIds } from './member-roles.ts';

/**
 * A file an event points at: the channel, message and attachment ids. Attachment URLs are signed and
 * expire within a day; the ids do not, and fetching the message again gives a fresh URL when a feature
 * needs the bytes.
 */
export function attachmentFileId(channelId: string, messageId: string, attachmentId: string): string {
  return `${channelId}/${messageId}/${attachmentId}`;
}

/**
 * A member's message → the events flows read: its text, or one file event per attachment (the text
 * as the first one's caption). In a DM every message counts; in a server channel only one that
 * mentions the bot (without the Message Content intent Discord sends no other message's text), with
 * the mention taken out. Messages of bots and system messages give nothing.
 */
export function messageEvents(message: Message, botUserId: string): InboundEvent[] {
  if (message.author.bot || message.system) return [];
  if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return [];
  const inGuild = message.inGuild();
  if (inGuild && !message.mentions.users.has(botUserId)) return [];
  const text = inGuild ? withoutMention(message.content, botUserId) : message.content.trim();
  const chat: ChatRef = inGuild
    ? guildChat(message.channelId, message.channel, message.guild.name)
    : { platform: DISCORD_PLATFORM, chatId: message.channelId, kind: 'private' };
  const actor: Actor = {
    platform: DISCORD_PLATFORM,
    userId: message.author.id,
    displayName: message.member?.displayName || message.author.globalName || message.author.username,
  };
  // Usually unknown: the client keeps no members (client-options.ts), so a message has none to read,
  // and the core uses the mapped role it remembers. Commands come as interactions, which carry them.
  const roles = inGuild ? memberRoleIds(message.member, message.guildId) : undefined;
  if (roles) actor.platformRoleIds = roles;
  const payloads: EventPayload[] = [...message.attachments.values()].map((attachment, index) => ({
    type: 'file',
    fileId: attachmentFileId(message.channelId, message.id, attachment.id),
    fileName: attachment.name,
    ...(attachment.contentType ? { mimeType: attachment.contentType } : {}),
    ...(index === 0 && text ? { caption: text } : {}),
  }));
  if (payloads.length === 0 && text) payloads.push({ type: 'text', text });
  return payloads.map((payload, index) => ({
    // One message, several events: each needs an id of its own for the redelivery check.
    id: index === 0 ? message.id : `${message.id}:${index}`,
    actor: { ...actor },
    chat: { ...chat },
    payload,
    receivedAt: new Date(),
  }));
}

function withoutMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), '').trim();
}
