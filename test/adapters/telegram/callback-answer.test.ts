import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import type { InboundEvent } from '../../../src/core/event.ts';
import { silentLogger } from '../../../src/logger.ts';

/**
 * A Bot API that delivers one button press and keeps its answerCallbackQuery waiting until the test
 * lets it go: what a slow answer from Telegram would do to a press.
 */
const TOKEN = '123456:callback-answer-test-token-abcdefgh';
const PRESS = {
  update_id: 1,
  callback_query: {
    id: 'cq-1',
    from: { id: 42, is_bot: false, first_name: 'Sara' },
    chat_instance: 'ci-1',
    data: 'poll:vote|7',
    message: {
      message_id: 5,
      date: Math.floor(Date.now() / 1000),
      chat: { id: -100200, type: 'group', title: 'Librarians' },
      from: { id: 1, is_bot: true, first_name: 'Hamkar' },
      text: 'Poll #1',
    },
  },
};

let server: Server | undefined;
let adapter: TelegramAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function slowAnswerApi(): Promise<{ apiRoot: string; answers: ServerResponse[] }> {
  const answers: ServerResponse[] = [];
  let delivered = false;
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const method = request.url!.split('/').pop()!;
      const reply = (result: unknown) => response.end(JSON.stringify({ ok: true, result }));
      response.setHeader('content-type', 'application/json');
      if (method === 'getMe') return reply({ id: 1, is_bot: true, first_name: 'Hamkar', username: 'hamkar_bot' });
      if (method === 'deleteWebhook') return reply(true);
      if (method === 'getChatMember') return reply({ status: 'member', user: PRESS.callback_query.from });
      if (method === 'answerCallbackQuery') return void answers.push(response);
      if (method === 'getUpdates' && !delivered) {
        delivered = true;
        return reply([PRESS]);
      }
      // Later polls: nothing new (the stop ends them).
      setTimeout(() => reply([]), 200);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { apiRoot: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, answers };
}

describe('a button press', () => {
  it('GIVEN Telegram slow to take the answer to a press THEN the press is handled meanwhile, and answered', async () => {
    const { apiRoot, answers } = await slowAnswerApi();
    adapter = new TelegramAdapter({ token: TOKEN, apiRoot, logger: silentLogger(), requestTimeoutMs: 5_000 });
    const handled: InboundEvent[] = [];
    let handledAt: { answersHeld: number } | undefined;
    await adapter.start(async (event) => {
      handled.push(event);
      handledAt = { answersHeld: answers.length };
    });
    await expect.poll(() => handled.length).toBe(1);
    expect(handled[0]!.payload).toMatchObject({ type: 'action' });
    // Asked before the handler ran, and not yet answered when it ran.
    expect(handledAt).toEqual({ answersHeld: 1 });
    for (const response of answers) response.end(JSON.stringify({ ok: true, result: true }));
  });
});
