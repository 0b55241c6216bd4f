import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FLOOD_LIMIT_PER_MINUTE } from '../../src/app.ts';
import { BUTTON_PRESS_ALLOWANCE } from '../../src/core/bot.ts';
import { Harness, privateChat, texts } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

describe('flood control', () => {
  it('GIVEN a member sending commands faster than a person THEN they get one notice, then no answers, and the limit survives a restart', async () => {
    const sara = h.person('sara');
    // Every event in one and the same minute, whatever the clock does while the test runs.
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
    const help = (who = sara) =>
      h.deliver({
        ...who.event({ type: 'command', name: 'help', args: '' }, privateChat(who.userId)),
        receivedAt: minute,
      });
    const limit = DEFAULT_FLOOD_LIMIT_PER_MINUTE;
    for (let i = 0; i < limit; i++) expect(texts(await help())).toContain('/start');
    expect(texts(await help())).toContain('You are sending commands very fast');
    expect(await help()).toEqual([]);
    await h.restart();
    expect(await help()).toEqual([]);
    // Others are not slowed down by her.
    expect(texts(await help(h.person('reza')))).toContain('/start');
    expect(await h.prisma.floodWindow.count()).toBe(2);
  });

  it('GIVEN a member answering with buttons at a person’s pace THEN presses go on past the command limit, up to their own', async () => {
    const sara = h.person('sara');
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
    const press = () =>
      h.deliver({
        ...sara.event({ type: 'action', action: 'lang.set', data: 'en' }, privateChat('sara')),
        receivedAt: minute,
      });
    const allowed = DEFAULT_FLOOD_LIMIT_PER_MINUTE * BUTTON_PRESS_ALLOWANCE;
    // A report's answers: twice the command limit in presses, every one answered.
    for (let i = 0; i < DEFAULT_FLOOD_LIMIT_PER_MINUTE * 2; i++) expect(await press()).not.toEqual([]);
    for (let i = DEFAULT_FLOOD_LIMIT_PER_MINUTE * 2; i < allowed; i++) await press();
    expect(texts(await press())).toContain('You are sending commands very fast');
    expect(await press()).toEqual([]);
  });

  it('GIVEN a redelivered update THEN it does not count toward the limit', async () => {
    const sara = h.person('sara');
    const event = sara.event(
      { type: 'command', name: 'help', args: '' },
      { platform: 'test', chatId: 'dm-sara', kind: 'private' },
      'same-id',
    );
    for (let i = 0; i < 5; i++) await h.deliver({ ...event });
    const window = await h.prisma.floodWindow.findFirstOrThrow();
    expect(window.count).toBe(1);
  });
});
