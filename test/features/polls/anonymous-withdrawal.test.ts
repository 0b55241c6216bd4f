import { afterEach, beforeEach, expect, it } from 'vitest';
import { GROUP, Harness } from '../../support/harness.ts';

/** Taking back a choice in an anonymous multi-choice poll is confirmed as taken back, naming no option. */

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

it('GIVEN an anonymous multi-choice poll in Persian WHEN a member presses a choice twice THEN the second confirmation says it was taken back, not counted, and names no option', async () => {
  const chair = h.person('chair', { name: 'Nasrin', admin: true, languageHint: 'fa' });
  await chair.says('/setup new Network', GROUP);
  await chair.says('/setup lang fa', GROUP);
  const sara = h.person('sara', { name: 'Sara', languageHint: 'fa' });
  await sara.says('/start', GROUP);
  await sara.says('/start');
  const [poll] = await chair.says('/poll Which days? | Saturday | Sunday --multi --anon', GROUP);
  const saturday = poll!.buttons!.flat()[0]!;

  const confirmation = async () => {
    const replies = await sara.presses(poll, saturday.label, GROUP);
    const [answer] = replies.filter((m) => m.chatId === 'dm-sara' && m.replaceMessageId === undefined);
    expect(answer, JSON.stringify(replies)).toBeDefined();
    return answer!.text;
  };
  const translator = h.app.translator;
  expect(await confirmation()).toBe(translator.t('fa', 'poll.voted-anonymous', { id: '1' }));
  const withdrawn = await confirmation();
  expect(withdrawn).toBe(translator.t('fa', 'poll.withdrawn-anonymous', { id: '1' }));
  expect(withdrawn).toContain('پس گرفتید');
  expect(withdrawn).not.toContain('شمرده شد');
  expect(withdrawn).not.toContain('Saturday');
  expect(await h.prisma.pollVote.count()).toBe(0);
});
