import { PermissionFlagsBits, type BaseInteraction, type Channel, type ModalSubmitInteraction } from 'discord.js';
import type { Actor, ChatRef, EventPayload, InboundEvent } from '../../core/event.ts';
import { actionOfComponent } from './custom-id.ts';
import { memberRoleIds } from './member-roles.ts';
import type { CommandText, SlashCommandKit } from './slash-command-kit.ts';

export const DISCORD_PLATFORM = 'discord';

/**
 * Where an interaction happened: a server channel is a group, the DM with the bot a private chat. A
 * thread (a forum post, a thread under a message) belongs to its channel's chat, as a Telegram forum
 * topic belongs to its group: the community bound to the channel acts there, and answers go back
 * into the thread. A server channel's title names the server and the channel.
 */
export function chatOfInteraction(interaction: BaseInteraction): ChatRef {
  const channelId = interaction.channelId ?? '';
  if (!interaction.inGuild()) return { platform: DISCORD_PLATFORM, chatId: channelId, kind: 'private' };
  return guildChat(channelId, interaction.channel, interaction.guild?.name);
}

/** A server channel's chat, or for a thread its parent channel's chat with the thread. */
export function guildChat(channelId: string, channel: Channel | null, guildName: string | undefined): ChatRef {
  const thread = channel?.isThread() && channel.parentId ? channel : undefined;
  const chat: ChatRef = { platform: DISCORD_PLATFORM, chatId: thread ? thread.parentId! : channelId, kind: 'group' };
  if (thread) chat.threadId = thread.id;
  const named = thread ? thread.parent : channel;
  const channelName = named && 'name' in named ? named.name : undefined;
  if (channelName) chat.title = guildName ? `${guildName} #${channelName}` : `#${channelName}`;
  return chat;
}

/**
 * Who acted: in a server, an admin is whoever has Manage Server there (Discord computes the member's
 * permissions in the channel and sends them with each interaction), and their server roles go along
 * for the community's role mappings (`/setup map`).
 */
export function actorOfInteraction(interaction: BaseInteraction): Actor {
  const user = interaction.user;
  const member = interaction.member;
  const nickname = member && 'displayName' in member ? member.displayName : (member?.nick ?? undefined);
  const actor: Actor = {
    platform: DISCORD_PLATFORM,
    userId: user.id,
    displayName: nickname || user.globalName || user.username,
    languageHint: interaction.locale,
  };
  if (interaction.inGuild()) {
    actor.isChatAdmin = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
    const roles = memberRoleIds(member, interaction.guildId);
    if (roles) actor.platformRoleIds = roles;
  }
  return actor;
}

/**
 * The payload of a repliable interaction: a slash command, a button, a menu choice or a submitted form;
 * null for a component or form the adapter did not make. `commandText` may throw a `UserError`.
 */
export function interactionPayload(interaction: BaseInteraction, kit: SlashCommandKit): EventPayload | null {
  if (interaction.isChatInputCommand()) {
    return commandPayload(kit.commandText(interaction.commandName, interaction.options.data));
  }
  if (interaction.isButton()) return actionPayload(actionOfComponent(interaction.customId));
  if (interaction.isStringSelectMenu())
    return actionPayload(actionOfComponent(interaction.customId, interaction.values));
  if (interaction.isModalSubmit()) {
    const command = kit.commandFromModal(interaction.customId, modalFields(interaction));
    return command ? commandPayload(command) : null;
  }
  return null;
}

export function interactionEvent(interaction: BaseInteraction, payload: EventPayload): InboundEvent {
  return {
    id: interaction.id,
    actor: actorOfInteraction(interaction),
    chat: chatOfInteraction(interaction),
    payload,
    receivedAt: new Date(),
  };
}

function commandPayload({ name, options }: CommandText): EventPayload {
  return { type: 'command', name, args: '', options };
}

function actionPayload(action: { action: string; data: string } | null): EventPayload | null {
  return action ? { type: 'action', action: action.action, data: action.data } : null;
}

/** A form's text inputs by custom id. */
function modalFields(interaction: ModalSubmitInteraction): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [customId, field] of interaction.fields.fields) {
    if ('value' in field && typeof field.value === 'string') fields[customId] = field.value;
  }
  return fields;
}
