import type { Logger } from '../logger.ts';
import type { PlatformAdapter, SendHooks, SendResult } from './adapter.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import type { InboundEvent, OutboundMessage, StoredFile } from './event.ts';
import {
  isFileSource,
  maxUploadBytesOf,
  withFetchedFile,
  withUnavailableNotice,
  type FileSource,
} from './stored-files.ts';

/**
 * The adapters, each wrapped so that a message carrying another platform's stored file (a Telegram
 * photo opened by a Discord curator) goes out with the file's bytes, fetched at send time from the
 * platform that keeps it and no larger than the receiving platform accepts. The outbox row keeps the
 * reference, never the bytes. A file too big or gone is replaced by its notice; a download that may
 * work later (a 5xx, a network error) is a retry of the whole message.
 */
export function withForeignFiles(adapters: readonly PlatformAdapter[], logger: Logger): PlatformAdapter[] {
  const sources = new Map<string, FileSource>();
  for (const adapter of adapters) if (isFileSource(adapter)) sources.set(adapter.platform, adapter);
  // A file up to 50 MB is held several times over while it passes from one platform to the other (bytes,
  // base64 in the message, the upload): a few at a time keep a burst of opened files within memory.
  const transfers = pLimit(FOREIGN_FILES_AT_ONCE);
  return adapters.map((adapter) => new ForeignFileAdapter(adapter, sources, transfers, logger));
}

const FOREIGN_FILES_AT_ONCE = 2;

class ForeignFileAdapter implements PlatformAdapter {
  readonly platform: string;

  constructor(
    private readonly inner: PlatformAdapter,
    private readonly sources: ReadonlyMap<string, FileSource>,
    private readonly transfers: LimitFunction,
    private readonly logger: Logger,
  ) {
    this.platform = inner.platform;
  }

  start(onEvent: (event: InboundEvent) => Promise<void>): Promise<void> {
    return this.inner.start(onEvent);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  async send(chatId: string, message: OutboundMessage, hooks?: SendHooks): Promise<SendResult> {
    const stored = message.storedFile;
    if (!stored || stored.platform === this.platform) return this.inner.send(chatId, message, hooks);
    return this.transfers(() => this.sendForeign(chatId, message, stored, hooks));
  }

  private async sendForeign(
    chatId: string,
    message: OutboundMessage,
    stored: StoredFile,
    hooks?: SendHooks,
  ): Promise<SendResult> {
    const source = this.sources.get(stored.platform);
    if (!source) {
      this.logger.warn({ from: stored.platform, to: this.platform }, 'a stored file of a platform not running here');
      return this.inner.send(chatId, withUnavailableNotice(message, 'gone'), hooks);
    }
    const fetched = await withFetchedFile(message, source, maxUploadBytesOf(this.inner), this.logger);
    return 'retry' in fetched ? fetched.retry : this.inner.send(chatId, fetched.message, hooks);
  }
}
