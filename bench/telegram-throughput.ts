/**
 * Telegram throughput under Telegram's limits: 1,000 messages to 1,000 private chats, each stored in
 * the outbox and sent by the real Telegram adapter (telegraf) to a loopback fake of the Bot API that
 * answers 429 whenever ~30 messages/s overall or 1/s per chat is exceeded. Prints the achieved
 * messages/s as a ratio of the 30/s allowance (aim ≥ 0.9) and the number of 429s (aim 0).
 * Runs on the embedded database in a temporary folder (or DATABASE_URL when set).
 *
 *   npm run bench            BENCH_TELEGRAM_MESSAGES=300 npx tsx bench/telegram-throughput.ts
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import { TelegramAdapter } from '../src/adapters/telegram/telegram-adapter.ts';
import { FakeBotApi } from '../test/fakes/telegram/fake-bot-api.ts';
import { TELEGRAM_FLOOD_LIMITS } from '../test/fakes/telegram/flood-control.ts';

const MESSAGES = Number(process.env.BENCH_TELEGRAM_MESSAGES ?? 1000);
const TOKEN = '123456789:AAHbench-token_for-the-loopback-bot-api';
const ALLOWANCE = TELEGRAM_FLOOD_LIMITS.perSecond;

async function main(): Promise<void> {
  const fake = await FakeBotApi.start({ token: TOKEN });
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-'));
  if (dataDir) chmodSync(dataDir, 0o755);
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: dataDir ?? './data',
    logger: silentLogger(),
  });
  const app = createApp(database.prisma, silentLogger());
  const adapter = new TelegramAdapter({ token: TOKEN, apiRoot: fake.url, logger: silentLogger() });
  app.outbox.register(adapter);
  await app.start();
  try {
    const chats = Array.from({ length: MESSAGES }, (_, i) => String(100_000 + i));
    console.log(
      `${MESSAGES} messages to ${MESSAGES} private chats through a fake Bot API enforcing ${ALLOWANCE}/s overall and 1/s per chat; ${database.describe}`,
    );
    // One message first, outside the measure: the first queries and the first connection are slow.
    await app.outbox.enqueue({ platform: 'telegram', chatId: '99999' }, { text: 'warm-up' });
    await fake.waitFor('the warm-up message', () => fake.delivered.length === 1);
    fake.delivered.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the warm-up's second is over
    const started = performance.now();
    const startedAt = Date.now();
    // As a reminder run would: every message stored first, each sent as soon as the limits allow.
    for (const [i, chatId] of chats.entries()) {
      await app.outbox.enqueue(
        { platform: 'telegram', chatId },
        { text: `Reminder ${i + 1}: the committee meets tomorrow at 10:00.` },
      );
    }
    const queuedMs = performance.now() - started;
    await fake.waitFor('every message delivered', () => fake.delivered.length >= MESSAGES, MESSAGES * 1000);
    const lastAt = Math.max(...fake.delivered.map((m) => m.at));
    const seconds = (lastAt - startedAt) / 1000;
    await app.outbox.drain();

    const perChat = new Map<string, number>();
    for (const message of fake.delivered) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    const duplicates = [...perChat.values()].filter((n) => n > 1).length;
    const missing = chats.filter((chatId) => !perChat.has(chatId)).length;
    const rate = MESSAGES / seconds;
    console.log(`queued   ${MESSAGES} messages in the outbox in ${(queuedMs / 1000).toFixed(1)} s (sending meanwhile)`);
    console.log(`sent     ${MESSAGES} messages in ${seconds.toFixed(1)} s: ${rate.toFixed(1)} messages/s`);
    console.log(
      `ratio    ${(rate / ALLOWANCE).toFixed(2)} of the ${ALLOWANCE}/s allowance, 429 answers: ${fake.flood.tooManyRequests}, duplicates: ${duplicates}, missing: ${missing} ` +
        `(aim ≥ 0.9 with no 429, none twice or lost: ${rate / ALLOWANCE >= 0.9 && fake.flood.tooManyRequests === 0 && duplicates === 0 && missing === 0 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await adapter.stop();
    await app.stop();
    await database.close();
    await fake.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
