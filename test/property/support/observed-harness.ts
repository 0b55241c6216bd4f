import { Writable } from 'node:stream';
import { createApp } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { Harness } from '../../support/harness.ts';
import { MemoryAdapter } from '../../support/memory-adapter.ts';

/** pino's numeric levels: 40 warn, 50 error, 60 fatal. */
const WARN = 40;

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/**
 * The feature-test harness with its core rebuilt around a logger whose lines the test reads: a property
 * test's "no crash" includes "nothing logged as a bug". Flood control is off for the test platform,
 * since a property test sends hundreds of commands a minute on purpose.
 */
export async function observedHarness(): Promise<{ h: Harness; logs: LogLine[] }> {
  const h = await Harness.create();
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(JSON.parse(String(chunk)) as LogLine);
      callback();
    },
  });
  const logger = createLogger({ destination, pretty: false, level: 'warn' });
  await h.app.stop();
  h.app = createApp(h.db.prisma, logger, { outbox: { pollIntervalMs: 50 }, unlimitedPlatforms: ['test'] });
  h.adapter = new MemoryAdapter();
  h.app.outbox.register(h.adapter);
  await h.app.start();
  return { h, logs };
}

/** Warnings and errors logged since `from`, short enough to read in a failed assertion. */
export function problemsSince(logs: LogLine[], from: number): string[] {
  return logs
    .slice(from)
    .filter((line) => line.level >= WARN)
    .map((line) => `${line.level} ${line.msg} ${JSON.stringify(line.err ?? line.event ?? '').slice(0, 400)}`);
}
