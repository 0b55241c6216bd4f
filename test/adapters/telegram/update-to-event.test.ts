import { describe, expect, it } from 'vitest';
import { updateToEvent, type WireChat, type WireUpdate } from '../../../src/adapters/telegram/update-to-event.ts';

const bot = { platform: 'telegram', username: 'hamkar_bot' };
const sara = { id: 11, first_name: 'Sara', last_name: 'Karimi', language_code: 'fa' };
const reza = { id: 12, first_name: 'Reza' };
const dm: WireChat = { id: 11, type: 'private' };
const group: WireChat = { id: -100500, type: 'supergroup', title: 'Librarians' };

function message(chat: WireChat, text: string, extra: object = {}): WireUpdate {
  const command = /^\/\S+/.exec(text);
  return {
    update_id: 1,
    message: {
      message_id: 5,
      chat,
      from: sara,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...extra,
    },
  };
}

describe('Telegram update → neutral event', () => {
  it('GIVEN a command with this bot’s name THEN it is that command with its arguments; another bot’s name THEN nothing', () => {
    const event = updateToEvent(message(group, '/Setup@Hamkar_Bot new  Network '), bot).event!;
    expect(event.payload).toEqual({ type: 'command', name: 'setup', args: 'new  Network' });
    expect(event.chat).toEqual({ platform: 'telegram', chatId: '-100500', kind: 'group', title: 'Librarians' });
    expect(event.actor).toEqual({ platform: 'telegram', userId: '11', displayName: 'Sara Karimi', languageHint: 'fa' });
    expect(updateToEvent(message(group, '/setup@other_bot'), bot).event).toBeNull();
  });

  it('GIVEN a slash that is not a bot_command entity at offset 0 THEN it is plain text', () => {
    const update = message(dm, 'see /help');
    expect(updateToEvent(update, bot).event!.payload).toEqual({ type: 'text', text: 'see /help' });
  });

  it('GIVEN /start with a command as its deep-link payload in a private chat THEN it runs that command', () => {
    expect(updateToEvent(message(dm, '/start mydata'), bot).event!.payload).toEqual({
      type: 'command',
      name: 'mydata',
      args: '',
    });
    expect(updateToEvent(message(dm, '/start Not-A-Command!'), bot).event!.payload).toMatchObject({ name: 'start' });
    expect(updateToEvent(message(group, '/start mydata'), bot).event!.payload).toMatchObject({ name: 'start' });
  });

  it('GIVEN a command replying to someone THEN they are its target; in a forum topic the topic’s first message is not a reply', () => {
    const reply = message(group, '/role chair', { reply_to_message: { message_id: 3, chat: group, from: reza } });
    expect(updateToEvent(reply, bot).event!.payload).toMatchObject({ target: { userId: '12', displayName: 'Reza' } });

    const topicRoot = { message_id: 42, chat: group, from: reza };
    const inTopic = message(group, '/role chair', {
      message_thread_id: 42,
      is_topic_message: true,
      reply_to_message: topicRoot,
    });
    const event = updateToEvent(inTopic, bot).event!;
    expect(event.payload).not.toHaveProperty('target');
    expect(event.chat.threadId).toBe('42');
  });

  it('GIVEN a message of an anonymous group admin THEN the actor is marked as the chat’s admin', () => {
    const update = message(group, '/setup', {
      from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
      sender_chat: group,
    });
    expect(updateToEvent(update, bot).event!.actor).toMatchObject({ isChatAdmin: true, displayName: 'Librarians' });
  });

  it('GIVEN a message from another bot, a sticker or a channel post THEN nothing reaches the core', () => {
    expect(
      updateToEvent(message(group, 'hi', { from: { id: 99, is_bot: true, first_name: 'B' } }), bot).event,
    ).toBeNull();
    expect(updateToEvent({ update_id: 2, message: { message_id: 1, chat: dm, from: sara } }, bot).event).toBeNull();
    expect(updateToEvent(message({ id: -100900, type: 'channel', title: 'News' }, 'post'), bot).event).toBeNull();
  });

  it('GIVEN a forward from an older Bot API (forward_from, forward_date) THEN the origin is read as well', () => {
    const update = message(dm, 'An old lesson', { forward_sender_name: 'Hidden Person', forward_date: 1_700_000_000 });
    expect(updateToEvent(update, bot).event!.payload).toEqual({
      type: 'text',
      text: 'An old lesson',
      forward: { fromName: 'Hidden Person', date: new Date(1_700_000_000_000) },
    });
  });

  it('GIVEN a document THEN it is a file with its id, name and type; nothing else is fetched', () => {
    const update: WireUpdate = {
      update_id: 3,
      message: {
        message_id: 9,
        chat: dm,
        from: sara,
        caption: 'Plan',
        document: { file_id: 'F1', file_name: 'plan.pdf', mime_type: 'application/pdf' },
      },
    };
    expect(updateToEvent(update, bot).event!.payload).toEqual({
      type: 'file',
      fileId: 'F1',
      fileName: 'plan.pdf',
      mimeType: 'application/pdf',
      caption: 'Plan',
    });
  });

  it('GIVEN a button press THEN it is an action to answer; without a message it is still answered', () => {
    const press = updateToEvent(
      {
        update_id: 4,
        callback_query: { id: 'Q1', from: sara, data: 'cmt.join|7', message: { message_id: 2, chat: group } },
      },
      bot,
    );
    expect(press.callbackQueryId).toBe('Q1');
    expect(press.event!.payload).toEqual({ type: 'action', action: 'cmt.join', data: '7' });
    const inline = updateToEvent({ update_id: 5, callback_query: { id: 'Q2', from: sara, data: 'x' } }, bot);
    expect(inline).toEqual({ event: null, callbackQueryId: 'Q2' });
  });

  it('GIVEN the bot’s own membership changing in a group THEN added and removed are events; a promotion is not', () => {
    const change = (from: string, to: string): WireUpdate => ({
      update_id: 6,
      my_chat_member: { chat: group, from: sara, old_chat_member: { status: from }, new_chat_member: { status: to } },
    });
    expect(updateToEvent(change('left', 'member'), bot).event!.payload).toEqual({
      type: 'membership',
      change: 'bot-added',
    });
    expect(updateToEvent(change('administrator', 'kicked'), bot).event!.payload).toEqual({
      type: 'membership',
      change: 'bot-removed',
    });
    expect(updateToEvent(change('member', 'administrator'), bot).event).toBeNull();
  });
});
