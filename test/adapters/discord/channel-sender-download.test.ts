import { afterEach, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { ChannelSender } from '../../../src/adapters/discord/channel-sender.ts';
import { discordClientOptions } from '../../../src/adapters/discord/client-options.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { person, userMessage, type AttachmentSpec, type Wire } from '../../fakes/discord/wire-objects.ts';
import { TOKEN } from '../../e2e/discord/discord-harness.ts';

/**
 * Fetching a member's attachment, with discord.js's REST client as the bot configures it, against the
 * loopback fake of Discord's API and CDN: what comes back for each answer Discord may give.
 */

const MIB = 1024 * 1024;
const reza = person('reza');

let fake: FakeDiscord | undefined;
let rest: REST | undefined;
afterEach(async () => {
  rest?.clearHashSweeper();
  rest?.clearHandlerSweeper();
  await fake?.close();
  fake = rest = undefined;
});

async function start(): Promise<{ fake: FakeDiscord; channels: ChannelSender }> {
  fake = await FakeDiscord.start({ token: TOKEN });
  rest = new REST(discordClientOptions({ api: fake.apiUrl }).rest).setToken(TOKEN);
  return { fake, channels: new ChannelSender(rest) };
}

/** Reza sends the bot one file in his DM; its file id as the adapter keeps it. */
function memberSends(fake: FakeDiscord, file: AttachmentSpec): { fileId: string; message: Wire } {
  const message = userMessage(reza, { dmChannelId: fake.dmChannelOf(reza) }, '', [file]);
  fake.dispatchMessage(message);
  const attachment = (message.attachments as Wire[])[0]!;
  return { fileId: `${String(message.channel_id)}/${String(message.id)}/${String(attachment.id)}`, message };
}

/** A CDN copy far larger than the message says: only the cap can stop it. */
const UNDERSTATED: AttachmentSpec = {
  filename: 'scans.pdf',
  contentType: 'application/pdf',
  size: 1000,
  bytes: Buffer.alloc(32 * MIB, 1),
};

describe('ChannelSender.download against the fake Discord', () => {
  it('GIVEN a file within the limit THEN its bytes come from a fresh link of the message fetched again', async () => {
    const { fake, channels } = await start();
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
    const { fileId } = memberSends(fake, { filename: 'plan.pdf', contentType: 'application/pdf', bytes });
    fake.cdn.expireLinks();

    const download = await channels.download(fileId, 10 * MIB);

    expect(download.ok && download.bytes.equals(bytes)).toBe(true);
  });

  it.each([
    ['announces more bytes than the limit THEN too big, and the download is broken off at its headers', true],
    ['streams without announcing a length THEN reading stops past the limit, too big', false],
  ])('GIVEN the CDN %s', async (_name, sendsLength) => {
    const { fake, channels } = await start();
    fake.cdn.sendsLength = sendsLength;
    const { fileId } = memberSends(fake, UNDERSTATED);

    const download = await channels.download(fileId, 64 * 1024);

    expect(download).toMatchObject({ ok: false, kind: 'too-big' });
    const seen = await fake.waitFor('the CDN to see the download broken off', () =>
      fake!.cdn.downloads.find((d) => d.brokenOff),
    );
    expect(seen.completed).toBe(false);
    expect(seen.bytesSent).toBeLessThan(UNDERSTATED.bytes!.length);
  });

  it('GIVEN Discord fails the message fetch with a 5xx THEN try again later; GIVEN it denies access THEN the file is gone for the bot', async () => {
    const { fake, channels } = await start();
    const { fileId } = memberSends(fake, { filename: 'plan.pdf', contentType: 'application/pdf' });
    fake.failNext('GET', /^\/channels\/\d+\/messages\/\d+$/, { status: 502 });
    expect(await channels.download(fileId, MIB)).toMatchObject({ ok: false, kind: 'retry' });

    fake.failNext('GET', /^\/channels\/\d+\/messages\/\d+$/, { status: 403, code: 50001, message: 'Missing Access' });
    expect(await channels.download(fileId, MIB)).toMatchObject({ ok: false, kind: 'gone' });

    expect(await channels.download(fileId, MIB)).toMatchObject({ ok: true });
  });

  it('GIVEN an id the message has no attachment of, or not an attachment id at all THEN gone, and nothing is downloaded', async () => {
    const { fake, channels } = await start();
    const { message } = memberSends(fake, { filename: 'plan.pdf', contentType: 'application/pdf' });
    const otherAttachment = `${String(message.channel_id)}/${String(message.id)}/123`;

    expect(await channels.download(otherAttachment, MIB)).toMatchObject({ ok: false, kind: 'gone' });
    expect(await channels.download('../../users/@me', MIB)).toMatchObject({ ok: false, kind: 'gone' });
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /channels/${String(message.channel_id)}/messages/${String(message.id)}`,
    ]);
    expect(fake.cdn.downloads).toEqual([]);
  });
});
