import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import { experienceCommunity, member, withButtons } from '../../support/experiences.ts';
import { pollMessage } from '../polls/support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Sara's approved experience and her vote in a poll that is then closed: both stay after /forgetme. */
async function saraWithKeptWork(language?: string) {
  const community = await experienceCommunity(h);
  const sara = await member(h, 'sara', 'Sara', language);
  await sara.says('/share Reading club | Our reading club for first-year students.', privateChat('sara'));
  await community.curator.presses(withButtons(await community.curator.says('/review')), 'Approve');
  const poll = pollMessage(await community.admin.says('/poll Which day suits? | Monday | Friday', GROUP));
  await sara.presses(poll, 'Monday', GROUP);
  await community.admin.says('/results 1 close', GROUP);
  return sara;
}

async function forget(sara: Awaited<ReturnType<typeof member>>): Promise<string> {
  const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === 'dm-sara');
  return texts(await sara.presses(confirm, 0));
}

describe('the /forgetme summary', () => {
  it('GIVEN an approved experience and a vote in a closed poll THEN the summary lists both as kept without the name', async () => {
    const done = await forget(await saraWithKeptWork());
    expect(done).toContain('Your personal data is deleted. Kept without your name:');
    expect(done).toContain('• 1 approved experience, now published as “anonymous”');
    expect(done).toContain('• 1 vote in a closed poll, still counted');
    expect(done).not.toContain('nothing');
    expect(await h.prisma.experience.findFirstOrThrow()).toMatchObject({ authorId: null, consent: 'anonymous' });
  });

  it('GIVEN a Persian member THEN the kept experience is named «بی‌نام» in Persian', async () => {
    const done = await forget(await saraWithKeptWork('fa'));
    expect(done).toContain('آنچه بدون نام شما باقی ماند');
    expect(done).toContain('«بی‌نام»');
    expect(done).not.toContain('هیچ‌چیز');
  });

  it('GIVEN a member who left nothing behind THEN they are told nothing was kept', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    expect(await forget(sara)).toBe('Your personal data is deleted, and nothing was kept.');
  });
});
