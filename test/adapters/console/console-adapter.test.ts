import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../src/adapters/console/console-adapter.ts';
import type { InboundEvent, OutboundMessage } from '../../../src/core/event.ts';

/**
 * The console chat as a person types it: lines in, printed replies out. The bot is a script here (what
 * it answers to each event is the test's), so that each case shows what the console itself does.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamkar-console-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Bot = (event: InboundEvent, adapter: ConsoleAdapter) => Promise<void>;

/** Runs the lines through a console whose bot is `bot`; returns what was printed and the events. */
async function chat(lines: string[], bot: Bot = async () => {}): Promise<{ printed: string; events: InboundEvent[] }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  const adapter = new ConsoleAdapter({
    input,
    output,
    filesDir: path.join(dir, 'console-files'),
    userName: 'Nasrin',
    waitForReplies: async () => {},
  });
  const events: InboundEvent[] = [];
  await adapter.start(async (event) => {
    events.push(event);
    await bot(event, adapter);
  });
  input.end(lines.join('\n') + '\n');
  await adapter.finished;
  return { printed, events };
}

const pollMessage: OutboundMessage = {
  text: 'Colour? Red 0 · Blue 0',
  buttons: [
    [{ label: 'Red', action: 'poll.vote', data: '1|1' }],
    [{ label: 'Blue', action: 'poll.vote', data: '1|2' }],
  ],
};

describe('the console chat', () => {
  it('GIVEN /as NAME and then /as alone THEN the next line is yours again, as the admin', async () => {
    const { printed, events } = await chat(['/as Ali', '/start', '/as', '/help']);
    expect(events.map((e) => [e.actor.userId, e.actor.displayName, e.actor.isChatAdmin])).toEqual([
      ['as-ali', 'Ali', false],
      ['local', 'Nasrin', true],
    ]);
    expect(printed).toContain('— Ali —');
    expect(printed).toContain('— Nasrin —');
  });

  it('GIVEN no buttons waiting WHEN a line of digits is typed (a poll option in a guided flow) THEN it is text', async () => {
    const { events } = await chat(['/poll', '10', '20'], async (event, adapter) => {
      if (event.payload.type === 'command') await adapter.send('group', { text: 'Send the options, one per line.' });
    });
    expect(events.map((e) => e.payload)).toEqual([
      { type: 'command', name: 'poll', args: '' },
      { type: 'text', text: '10' },
      { type: 'text', text: '20' },
    ]);
  });

  it('GIVEN buttons on the last message THEN a line of digits presses one; after a message without buttons it is text again', async () => {
    const { events } = await chat(['/calendar', '2', '2'], async (event, adapter) => {
      if (event.payload.type === 'command') {
        await adapter.send('group', {
          text: 'Which calendar?',
          buttons: [
            [
              { label: 'Solar Hijri', action: 'cal', data: 'persian' },
              { label: 'Gregorian', action: 'cal', data: 'gregorian' },
            ],
          ],
        });
      } else if (event.payload.type === 'action') {
        await adapter.send('group', { text: 'Done.' });
      }
    });
    expect(events.map((e) => e.payload).slice(1)).toEqual([
      { type: 'action', action: 'cal', data: 'gregorian' },
      { type: 'text', text: '2' },
    ]);
  });

  it('GIVEN the bot edits a message it sent (a live tally after someone else votes) THEN the console prints it again, marked as updated', async () => {
    let pollId: string | undefined;
    const { printed } = await chat(['/poll Colour? | Red | Blue', '/as Ali', '2'], async (event, adapter) => {
      if (event.payload.type === 'command') {
        const sent = await adapter.send('group', pollMessage);
        pollId = sent.ok ? sent.messageId : undefined;
      } else if (event.payload.type === 'action') {
        await adapter.send('group', { ...pollMessage, text: 'Colour? Red 0 · Blue 1', replaceMessageId: pollId! });
      }
    });
    expect(pollId).toBeTruthy();
    expect(printed).toContain('✎ Colour? Red 0 · Blue 1\n  [1] Red\n  [2] Blue');
  });

  it('GIVEN a reply in the group that points to the private chat (/share) THEN its button is shown, and pressing it moves there and sends the command', async () => {
    const { printed, events } = await chat(['/share', '1'], async (event, adapter) => {
      if (event.chat.kind === 'group') {
        await adapter.send('group', {
          text: 'To share step by step, send /share to me in our private chat (the button opens it).',
          privateChatLink: { label: 'Open a private chat with me', command: 'share' },
        });
      }
    });
    expect(printed).toContain('  [1] Open a private chat with me');
    expect(events.map((e) => [e.chat.chatId, e.payload])).toEqual([
      ['group', { type: 'command', name: 'share', args: '' }],
      ['private-local', { type: 'command', name: 'share', args: '' }],
    ]);
  });

  it('GIVEN buttons shown before a restart THEN typing a number after it still presses them', async () => {
    await chat(['/poll Colour? | Red | Blue'], async (_event, adapter) => {
      await adapter.send('group', pollMessage);
    });
    const { events } = await chat(['2']);
    expect(events.map((e) => e.payload)).toEqual([{ type: 'action', action: 'poll.vote', data: '1|2' }]);
  });
});
