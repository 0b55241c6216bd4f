import { describe, expect, it } from 'vitest';
import { group, person, textMessage } from '../../fakes/telegram/updates.ts';
import { TelegramHarness, TOKEN } from './telegram-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

const harnesses = harnessPerTest<TelegramHarness>([TOKEN, TOKEN.split(':')[1]!]);

const nasrin = person(2001, 'Nasrin', { language_code: 'en' });
const sara = person(2002, 'Sara', { language_code: 'en' });
const librarians = group(-1002233445566, 'Librarians');

function messageIdOf(update: Record<string, unknown>): number {
  return (update.message as { message_id: number }).message_id;
}

describe('questions in a Telegram group (privacy mode shows the bot only commands and replies)', () => {
  it('GIVEN /search alone in a group THEN the question forces a reply, selective, replying to the asker; the reply is answered', async () => {
    const harness = harnesses.hold(await TelegramHarness.start());
    harness.fake.memberStatus.set(`${librarians.id}:${nasrin.id}`, 'creator');
    await harness.deliver(textMessage(librarians, nasrin, '/setup new Librarians'));
    await harness.deliver(textMessage(librarians, sara, '/start'));
    await harness.drained();

    const ask = textMessage(librarians, sara, '/search');
    await harness.deliver(ask);
    await harness.drained();
    const question = harness.fake.deliveredTo(librarians.id).at(-1)!;
    expect(question.text).toContain('What are you looking for?');
    expect(question.forceReply).toEqual({ force_reply: true, selective: true });
    expect(question.replyTo).toBe(messageIdOf(ask));

    // What the client sends when the member types into the reply it opened.
    await harness.deliver(
      textMessage(librarians, sara, 'zebrafish', {
        reply_to_message: { message_id: question.messageId, chat: librarians, date: 0, text: question.text },
      }),
    );
    await harness.drained();
    const answer = harness.fake.deliveredTo(librarians.id).at(-1)!;
    expect(answer.text).toContain('“zebrafish”');
    // An answer is not a question: no reply is forced on the group.
    expect(answer.forceReply).toBeUndefined();
  });

  it('GIVEN a private chat THEN questions are plain messages (every message reaches the bot there)', async () => {
    const harness = harnesses.hold(await TelegramHarness.start());
    harness.fake.memberStatus.set(`${librarians.id}:${nasrin.id}`, 'creator');
    await harness.deliver(textMessage(librarians, nasrin, '/setup new Librarians'));
    await harness.drained();
    const dm = { id: nasrin.id, type: 'private' as const, first_name: 'Nasrin' };
    await harness.deliver(textMessage(dm, nasrin, '/search'));
    await harness.drained();
    const question = harness.fake.deliveredTo(nasrin.id).at(-1)!;
    expect(question.text).toContain('What are you looking for?');
    expect(question.forceReply).toBeUndefined();
    expect(question.replyTo).toBeUndefined();
  });
});
