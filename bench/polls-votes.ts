/**
 * Polls under load: votes recorded per second when 1,000 members press a poll's buttons (through the
 * whole core: event → member resolution → permission → ballot in one statement → live-tally mark),
 * and the p50 time to render a poll's chart (a Persian bar chart, PNG, off the event loop).
 * Runs on the embedded database in a temporary folder (or DATABASE_URL when set).
 *
 *   npx tsx bench/polls-votes.ts        BENCH_VOTERS=1000 BENCH_CONCURRENCY=8 BENCH_CHARTS=50
 */
import { randomUUID } from 'node:crypto';
import { openBenchDatabase } from './support/bench-database.ts';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { PlatformAdapter, SendResult } from '../src/core/adapter.ts';
import type { Button, InboundEvent, OutboundMessage } from '../src/core/event.ts';
import { renderBarChartPng } from '../src/features/ballots/chart-renderer.ts';
import { chartFontFamilies } from '../src/features/ballots/chart-fonts.ts';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CHARTS = Number(process.env.BENCH_CHARTS ?? 50);
const GROUP = { platform: 'bench', chatId: 'group', kind: 'group' as const };

/** A platform that answers at once and keeps the last message with vote buttons. */
class InstantAdapter implements PlatformAdapter {
  readonly platform = 'bench';
  pollButtons: Button[] = [];
  private sent = 0;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(_chatId: string, message: OutboundMessage): Promise<SendResult> {
    const buttons = (message.buttons ?? []).flat().filter((b) => b.action === 'poll.v');
    if (buttons.length > 0 && !message.replaceMessageId) this.pollButtons = buttons;
    return { ok: true, messageId: String(++this.sent) };
  }
}

function event(userId: string, payload: InboundEvent['payload'], isChatAdmin = false): InboundEvent {
  return {
    id: randomUUID(),
    actor: { platform: 'bench', userId, displayName: `Member ${userId}`, isChatAdmin },
    chat: GROUP,
    payload,
    receivedAt: new Date(),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Runs `work(i)` for i in 0..count-1, `concurrency` at a time; returns each one's milliseconds, sorted. */
async function timed(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await work(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function main() {
  const database = await openBenchDatabase();
  const app = createApp(database.prisma, silentLogger(), {
    outbox: { pollIntervalMs: 200 },
    floodLimitPerMinute: Infinity,
  });
  const adapter = new InstantAdapter();
  app.outbox.register(adapter);
  await app.start();
  try {
    await app.bot.handle(event('chair', { type: 'command', name: 'setup', args: 'new Bench' }, true));
    // Members who already wrote in the group (a first contact also registers: not what is measured).
    await timed(VOTERS, CONCURRENCY, (i) =>
      app.bot.handle(event(`m${i}`, { type: 'command', name: 'help', args: '' })),
    );
    const ask = (args: string) => app.bot.handle(event('chair', { type: 'command', name: 'poll', args }, true));
    await ask('Which training first? | Cataloguing | Koha | DSpace | Information literacy | Open access');
    await app.outbox.drain();
    const buttons = adapter.pollButtons;

    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const latencies = await timed(VOTERS, CONCURRENCY, async (i) => {
      const button = buttons[i % buttons.length]!;
      await app.bot.handle(event(`m${i}`, { type: 'action', action: button.action, data: button.data! }));
    });
    const seconds = (performance.now() - started) / 1000;
    // The bot process's own CPU per vote (the database's is not in it): steadier than votes/s on a shared machine.
    const cpu = process.cpuUsage(cpuBefore);
    const botCpuMsPerVote = (cpu.user + cpu.system) / 1000 / VOTERS;
    const recorded = await database.prisma.pollVote.count();
    console.log(
      `votes    ${recorded} recorded from ${VOTERS} members, ${CONCURRENCY} at a time: ${(recorded / seconds).toFixed(0)} votes/s ` +
        `(aim ≥ 500/s: ${recorded / seconds >= 500 ? 'met' : 'NOT met'})  p50 ${percentile(latencies, 0.5).toFixed(2)} ms  p99 ${percentile(latencies, 0.99).toFixed(2)} ms  ` +
        `bot CPU ${botCpuMsPerVote.toFixed(2)} ms/vote  ${database.describe}`,
    );

    const spec = {
      title: 'کدام دوره‌های آموزشی برای کتابخانه‌ها بیشترین نیاز را دارد؟',
      bars: ['فهرست‌نویسی', 'نرم‌افزار Koha', 'DSpace', 'سواد اطلاعاتی', 'دسترسی آزاد'].map((label, i) => ({
        label,
        value: 200 - i * 30,
        valueText: `${200 - i * 30}`,
      })),
      footer: '۱۰۰۰ رأی‌دهنده',
      direction: 'rtl' as const,
      fontFamilies: chartFontFamilies('rtl'),
    };
    await renderBarChartPng(spec); // warm-up: first font load
    const renders = await timed(CHARTS, 1, async () => void (await renderBarChartPng(spec)));
    console.log(
      `charts   ${CHARTS} Persian bar charts (800 px PNG): p50 ${percentile(renders, 0.5).toFixed(1)} ms  p99 ${percentile(renders, 0.99).toFixed(1)} ms`,
    );
  } finally {
    await app.stop();
    await database.close();
  }
}

await main();
