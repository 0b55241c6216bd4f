import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { person, privateChatOf, textMessage } from '../../fakes/telegram/updates.ts';
import { TelegramHarness, TOKEN, WEBHOOK_SECRET } from './telegram-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

const harnesses = harnessPerTest<TelegramHarness>([TOKEN.split(':')[1]!, WEBHOOK_SECRET]);

const sara = person(1001, 'Sara');

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the Telegram adapter by webhook, against a fake Bot API', () => {
  it('GIVEN webhook mode THEN the bot registers its URL with the secret token, serves /healthz, never polls, and handles an update posted with the right secret', async () => {
    const h = harnesses.hold(await TelegramHarness.start({ webhook: true }));
    const [setWebhook] = h.fake.callsOf('setWebhook');
    expect(setWebhook!.params).toMatchObject({ url: h.webhookUrl, secret_token: WEBHOOK_SECRET });
    expect(setWebhook!.params.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
    expect(await get(new URL('/healthz', h.webhookUrl).href)).toEqual({ status: 200, body: 'ok' });

    const { statuses } = await h.fake.pushUpdates(textMessage(privateChatOf(sara), sara, '/start'));
    expect(statuses).toEqual([200]);
    await h.drained();
    expect(h.fake.deliveredTo(sara.id)[0]!.text).toContain('Hello, Sara!');
    expect(h.fake.callsOf('getUpdates')).toEqual([]);
  });

  it('GIVEN a webhook request without the secret header THEN 401, with a wrong secret THEN 403, and neither reaches the bot', async () => {
    const h = harnesses.hold(await TelegramHarness.start({ webhook: true }));
    const update = { update_id: 900_001, ...textMessage(privateChatOf(sara), sara, '/start') };
    expect(await h.fake.postToWebhook(update, undefined)).toBe(401);
    expect(await h.fake.postToWebhook(update, 'not-the-secret')).toBe(403);
    expect(await h.fake.postToWebhook(update, WEBHOOK_SECRET.slice(0, -1))).toBe(403);
    await h.drained();
    expect(h.fake.deliveredTo(sara.id)).toEqual([]);
    expect(await h.db.prisma.member.count()).toBe(0);

    // The same update with the right secret is then handled as usual.
    expect(await h.fake.postToWebhook(update, WEBHOOK_SECRET)).toBe(200);
    await h.drained();
    expect(h.fake.deliveredTo(sara.id)).toHaveLength(1);
  });

  it('GIVEN the same update posted twice (Telegram redelivers when unsure) THEN it is handled once', async () => {
    const h = harnesses.hold(await TelegramHarness.start({ webhook: true }));
    const update = { update_id: 900_002, ...textMessage(privateChatOf(sara), sara, '/start') };
    expect(await h.fake.postToWebhook(update, WEBHOOK_SECRET)).toBe(200);
    expect(await h.fake.postToWebhook(update, WEBHOOK_SECRET)).toBe(200);
    await h.drained();
    expect(h.fake.deliveredTo(sara.id)).toHaveLength(1);
  });
});
