/**
 * A question in a group (`askReply`) as Telegram wants it asked: with privacy mode on, the bot sees only
 * commands and replies to its own messages, so a plain answer to "What is the community's name?" never
 * arrives. `force_reply` opens a reply for the member; `selective` with a reply to the asker's message
 * opens it for them alone. A question after a button press has no message of the member's to reply to,
 * so it opens a reply for everyone (the flow takes only the asker's answer). A question with buttons
 * keeps its buttons: a message carries one markup, and the buttons answer it.
 */
import type { ForceReply, ReplyParameters } from 'telegraf/types';
import type { OutboundMessage } from '../../core/event.ts';

export interface QuestionFields {
  reply_markup?: ForceReply;
  reply_parameters?: ReplyParameters;
}

export function questionFields(message: OutboundMessage, hasButtons: boolean): QuestionFields {
  const ask = message.askReply;
  if (!ask || hasButtons) return {};
  const replyTo = ask.toMessageId === undefined ? undefined : Number(ask.toMessageId);
  return {
    reply_markup: { force_reply: true, selective: replyTo !== undefined },
    // Without the asker's message (deleted meanwhile) the question still goes, unreplied.
    ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  };
}
