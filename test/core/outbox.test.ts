import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

describe('outbox', () => {
  it('GIVEN a message WHEN enqueued THEN it is stored before it is sent, and marked sent after', async () => {
    h.adapter.failures.push({ ok: false, kind: 'retry', retryAfterMs: 1, error: 'busy' });
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'hello' });
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(2);
    expect(await h.app.outbox.sentMessageId(id)).toBe('1');
    expect(row.lastError).toBe('busy');
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['hello']);
  });

  it('GIVEN a permanent error (bot blocked) THEN the message is failed, not retried, and the reason kept', async () => {
    h.adapter.failures.push({ ok: false, kind: 'permanent', error: 'Forbidden: bot was blocked by the user' });
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'hello' });
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toContain('blocked');
    expect(h.adapter.sent).toEqual([]);
  });

  it('GIVEN a permanent error for a known chat THEN the chat is marked unreachable with the reason', async () => {
    await h.person('sara').says('/start');
    h.adapter.failures.push({ ok: false, kind: 'permanent', error: 'Forbidden: bot was blocked by the user' });
    await h.app.outbox.enqueue({ platform: 'test', chatId: 'dm-sara' }, { text: 'reminder' });
    await h.app.outbox.drain();
    const chat = await h.prisma.chat.findFirstOrThrow({ where: { externalId: 'dm-sara' } });
    expect(chat.unreachableAt).not.toBeNull();
    expect(chat.unreachableReason).toContain('blocked');
  });

  it('GIVEN messages to one chat THEN they are sent in the order they were queued', async () => {
    for (let i = 1; i <= 5; i++) await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: `m${i}` });
    await h.app.outbox.drain();
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('GIVEN a message queued before a restart THEN the new instance sends it once', async () => {
    await h.app.stop(); // the dispatcher is down: the message waits in the database
    await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'survivor' });
    await h.restart();
    await h.app.outbox.drain();
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['survivor']);
    expect(await h.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(1);
  });

  it('GIVEN a claimed message whose dispatcher died THEN another claims it after the lease', async () => {
    await h.app.stop();
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'orphan' });
    await h.prisma.outboxMessage.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1) } });
    await h.restart();
    await h.app.outbox.drain();
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['orphan']);
  });

  it('GIVEN a message with a forum topic, a private-chat link and a stored file WHEN it is retried THEN the resend read back from the queue still carries all three', async () => {
    h.adapter.failures.push({ ok: false, kind: 'retry', retryAfterMs: 1, error: 'busy' });
    const message = {
      text: 'the file',
      threadId: '42',
      privateChatLink: { label: 'Open', command: 'mydata' },
      storedFile: {
        platform: 'telegram',
        fileId: 'BQACAgIAAxkBAAI',
        fileName: 'plan.pdf',
        mimeType: 'application/pdf',
        unavailable: { tooBig: 'too big', gone: 'gone' },
      },
    };
    await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, message);
    await h.app.outbox.drain();
    expect(h.adapter.sent).toHaveLength(1);
    const { chatId: _chatId, ...resent } = h.adapter.sent[0]!;
    expect(resent).toMatchObject(message);
  });

  it('GIVEN a platform that keeps failing for a passing reason THEN the message is retried past any fixed count and delivered once', async () => {
    const outage = { ok: false as const, kind: 'retry' as const, retryAfterMs: 1, error: '502 Bad Gateway' };
    h.adapter.failures.push(...Array.from({ length: 20 }, () => outage));
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'after the outage' });
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(21);
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['after the outage']);
  });

  it('GIVEN a message queued a day ago while the bot was down THEN its first passing failure is retried, not given up', async () => {
    await h.app.stop();
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'waited' });
    await h.prisma.outboxMessage.update({ where: { id }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    await h.restart((adapter) =>
      adapter.failures.push({ ok: false, kind: 'retry', retryAfterMs: 1, error: '429 Too Many Requests' }),
    );
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('sent');
    expect(row.firstFailedAt).not.toBeNull();
    expect(h.adapter.sent.map((m) => m.text)).toEqual(['waited']);
  });

  it('GIVEN a message failing for longer than the give-up time THEN the next passing failure fails it for good, with the reason kept', async () => {
    await h.app.stop();
    const id = await h.app.outbox.enqueue({ platform: 'test', chatId: 'c1' }, { text: 'stale' });
    await h.prisma.outboxMessage.update({
      where: { id },
      data: { attempts: 300, firstFailedAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    await h.restart((adapter) =>
      adapter.failures.push({ ok: false, kind: 'retry', retryAfterMs: 1, error: '503 Service Unavailable' }),
    );
    await h.app.outbox.drain();
    const row = await h.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('failed');
    expect(row.lastError).toBe('503 Service Unavailable');
    expect(h.adapter.sent).toEqual([]);
  });
});
