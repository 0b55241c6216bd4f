import type { PlatformAdapter, SendResult } from '../../src/core/adapter.ts';
import type { OutboundMessage } from '../../src/core/event.ts';

export interface SentMessage extends OutboundMessage {
  chatId: string;
}

/** An in-memory platform for feature tests: it records what the outbox sends, and can be told to fail. */
export class MemoryAdapter implements PlatformAdapter {
  readonly sent: SentMessage[] = [];
  /** Results to return for the next sends, in order, before sending succeeds again. */
  readonly failures: SendResult[] = [];

  constructor(readonly platform = 'test') {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) return failure;
    this.sent.push({ chatId, ...message });
    return { ok: true, messageId: String(this.sent.length) };
  }
}
