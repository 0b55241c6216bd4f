import { describe, expect, it } from 'vitest';
import { updateToEvent, type BotIdentity, type WireUpdate } from '../../../src/adapters/telegram/update-to-event.ts';
import { profileFor } from '../../../src/adapters/telegram/platform-profile.ts';
import { loadConfig } from '../../../src/config.ts';

const BALE: BotIdentity = {
  platform: 'bale',
  username: 'hamkar_bot',
  botId: 77,
  membership: 'service-messages',
  forumTopics: false,
};
const sara = { id: 5, first_name: 'Sara' };
const group = { id: -40, type: 'group', title: 'Librarians' };

function message(text: string, extra: Record<string, unknown> = {}): WireUpdate {
  return { update_id: 1, message: { message_id: 9, chat: group, from: sara, text, ...extra } };
}

/** A service message (no text): someone joined or left, or the group moved. */
function service(extra: Record<string, unknown>): WireUpdate {
  return { update_id: 1, message: { message_id: 9, chat: group, from: sara, ...extra } };
}

const payloadOf = (update: WireUpdate, bot: BotIdentity = BALE) => updateToEvent(update, bot).event?.payload ?? null;

describe('Bale updates (no entities) become events', () => {
  const commands: Array<[string, unknown]> = [
    ['/help', { type: 'command', name: 'help', args: '' }],
    ['/poll Day? | Mon | Tue', { type: 'command', name: 'poll', args: 'Day? | Mon | Tue' }],
    ['/Help@Hamkar_Bot  fa ', { type: 'command', name: 'help', args: 'fa' }],
    ['/lang\nfa', { type: 'command', name: 'lang', args: 'fa' }],
  ];
  for (const [text, payload] of commands) {
    it(`GIVEN "${text.replace('\n', '\\n')}" without entities THEN it is the command`, () => {
      expect(payloadOf(message(text))).toEqual(payload);
    });
  }

  it('GIVEN a command for another bot THEN nothing; GIVEN a path or a slash mid-text THEN plain text', () => {
    expect(payloadOf(message('/help@other_bot'))).toBeNull();
    expect(payloadOf(message('/a/b'))).toEqual({ type: 'text', text: '/a/b' });
    expect(payloadOf(message('use /help'))).toEqual({ type: 'text', text: 'use /help' });
    expect(payloadOf(message('/'))).toEqual({ type: 'text', text: '/' });
  });

  it('GIVEN entities present but none a command at the start THEN the text rule does not apply (Telegram)', () => {
    const update = message('/help', { entities: [{ type: 'bold', offset: 0, length: 5 }] });
    expect(payloadOf(update, { platform: 'telegram', username: 'hamkar_bot' })).toEqual({
      type: 'text',
      text: '/help',
    });
  });

  it('GIVEN service messages naming the bot THEN bot-added and bot-removed; naming someone else THEN nothing', () => {
    const bot = { id: 77, is_bot: true, first_name: 'Hamkar' };
    expect(payloadOf(service({ new_chat_members: [bot] }))).toEqual({
      type: 'membership',
      change: 'bot-added',
    });
    expect(payloadOf(service({ left_chat_member: bot }))).toEqual({
      type: 'membership',
      change: 'bot-removed',
    });
    expect(payloadOf(service({ new_chat_members: [sara] }))).toBeNull();
  });

  it('GIVEN a thread id on Bale THEN it is not followed (Bale has no topics)', () => {
    const update = message('/help', { message_thread_id: 3, is_topic_message: true });
    expect(updateToEvent(update, BALE).event?.chat.threadId).toBeUndefined();
  });

  it('GIVEN a Telegram upgrade service message THEN chat-migrated from the old id; its twin in the new supergroup THEN nothing', () => {
    const telegram: BotIdentity = { platform: 'telegram', username: 'hamkar_bot' };
    const to = service({ migrate_to_chat_id: -1000040 });
    expect(updateToEvent(to, telegram).event).toMatchObject({
      chat: { chatId: '-40' },
      payload: { type: 'chat-migrated', toChatId: '-1000040' },
    });
    const from = {
      update_id: 2,
      message: { message_id: 1, chat: { id: -1000040, type: 'supergroup' }, from: sara, migrate_from_chat_id: -40 },
    };
    expect(updateToEvent(from, telegram).event).toBeNull();
  });
});

describe('the Bale profile and configuration', () => {
  it('GIVEN platform bale THEN plain text, no command menu, no topics, Bale links and API', () => {
    expect(profileFor('bale')).toMatchObject({
      parseMode: undefined,
      commandMenu: false,
      forumTopics: false,
      membership: 'service-messages',
      deepLinkBase: 'https://ble.ir/',
      apiRoot: 'https://tapi.bale.ai',
    });
    expect(profileFor('telegram')).toMatchObject({ parseMode: 'HTML', commandMenu: true, forumTopics: true });
  });

  it('GIVEN BALE_BOT_TOKEN THEN it is read with Bale’s API by default; a malformed token is named', () => {
    const config = loadConfig({ BALE_BOT_TOKEN: '123456789:AbCdEfGhIjKlMnOp' });
    expect([config.BALE_BOT_TOKEN, config.BALE_API_ROOT]).toEqual([
      '123456789:AbCdEfGhIjKlMnOp',
      'https://tapi.bale.ai',
    ]);
    expect(() => loadConfig({ BALE_BOT_TOKEN: 'not-a-token' })).toThrow(/BALE_BOT_TOKEN: must be the token/);
    expect(() => loadConfig({ BALE_BOT_TOKEN: 'not-a-token' })).not.toThrow(/not-a-token/);
  });
});
