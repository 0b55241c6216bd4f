import { describe, expect, it } from 'vitest';
import type { PlatformAdapter, SendResult } from '../../src/core/adapter.ts';
import type { OutboundMessage } from '../../src/core/event.ts';
import { withForeignFiles } from '../../src/core/foreign-files.ts';
import type { FileDownload, FileSource } from '../../src/core/stored-files.ts';
import { silentLogger } from '../../src/logger.ts';

/** A platform that keeps files and hands them out slowly, counting how many it serves at once. */
class SlowFileSource implements PlatformAdapter, FileSource {
  readonly platform = 'telegram';
  inFlight = 0;
  mostAtOnce = 0;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(): Promise<SendResult> {
    return { ok: true, messageId: 'x' };
  }
  async download(fileId: string): Promise<FileDownload> {
    this.inFlight++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 30));
    this.inFlight--;
    return { ok: true, bytes: Buffer.from(`bytes of ${fileId}`) };
  }
}

class Receiver implements PlatformAdapter {
  readonly platform = 'discord';
  readonly received: Array<{ chatId: string; file?: string }> = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const file = message.file ? Buffer.from(message.file.contentBase64, 'base64').toString() : undefined;
    this.received.push({ chatId, ...(file ? { file } : {}) });
    return { ok: true, messageId: String(this.received.length) };
  }
}

function fileMessage(fileId: string): OutboundMessage {
  return {
    text: 'plan.pdf',
    storedFile: {
      platform: 'telegram',
      fileId,
      fileName: 'plan.pdf',
      mimeType: 'application/pdf',
      unavailable: { tooBig: 'too big', gone: 'gone' },
    },
  };
}

describe('files from another platform', () => {
  it('GIVEN many curators opening files of another platform at once THEN at most two are fetched at a time, and every one arrives', async () => {
    const source = new SlowFileSource();
    const receiver = new Receiver();
    const [, wrapped] = withForeignFiles([source, receiver], silentLogger());

    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => wrapped!.send(`curator-${i}`, fileMessage(`file-${i}`))),
    );

    expect(results.every((r) => r.ok)).toBe(true);
    expect(source.mostAtOnce).toBe(2);
    expect(receiver.received.map((r) => r.file).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `bytes of file-${i}`).sort(),
    );
  });
});
