import { describe, expect, it } from 'vitest';
import { questionFields } from '../../../src/adapters/telegram/question-markup.ts';

describe('questionFields', () => {
  it('GIVEN a question replying to the asker THEN force_reply is selective and replies to that message', () => {
    expect(questionFields({ text: 'Name?', askReply: { toMessageId: '42' } }, false)).toEqual({
      reply_markup: { force_reply: true, selective: true },
      reply_parameters: { message_id: 42, allow_sending_without_reply: true },
    });
  });

  it('GIVEN a question after a button press (no message of the member) THEN force_reply for the chat, not selective', () => {
    expect(questionFields({ text: 'Name?', askReply: {} }, false)).toEqual({
      reply_markup: { force_reply: true, selective: false },
    });
  });

  it('GIVEN a question with buttons, or no question THEN nothing is added (one markup per message)', () => {
    expect(questionFields({ text: 'Skip?', askReply: { toMessageId: '42' } }, true)).toEqual({});
    expect(questionFields({ text: 'Done.' }, false)).toEqual({});
  });
});
