import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.ts';

/** A real logger (debug level, JSON lines) whose every line is kept in `logs`: e2e runs search it for tokens. */
export function capturedLogger(): { logs: string[]; logger: Logger } {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  return { logs, logger: createLogger({ destination, pretty: false, level: 'debug' }) };
}
