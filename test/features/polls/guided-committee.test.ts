import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, OTHER_GROUP, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member, pollMessage } from './support.ts';

/** `/poll` without arguments, in a community with committees: the settings also ask who votes. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** The guided form taken as far as its settings message, which is returned. */
async function settingsOf(chair: Person): Promise<SentMessage> {
  await chair.says('/poll', GROUP);
  await chair.says('Which template?', GROUP);
  const [added] = await chair.says('Dublin Core | MARC', GROUP);
  const [settings] = await chair.presses(added, 'Done', GROUP);
  if (!settings) throw new Error('no settings message');
  return settings;
}

function labels(message: SentMessage | undefined): string[] {
  return (message?.buttons ?? []).flat().map((b) => b.label);
}

describe('choosing who votes in the guided /poll form', () => {
  it('GIVEN committees WHEN the chair picks one THEN the poll is for that committee: its members vote, others are refused', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/committee add Documentation', GROUP);
    await chair.says('/committee add Newsletter', GROUP);
    const sara = await member(h, 'sara');
    const reza = await member(h, 'reza');
    await sara.says('/join Documentation', GROUP);

    const settings = await settingsOf(chair);
    expect(labels(settings)).toEqual([
      '⬜ Several answers',
      '⬜ Anonymous',
      '⬜ Hide results until it closes',
      '⬜ Post in every group',
      '✅ Whole community',
      '⬜ Only the Documentation committee',
      '⬜ Only the Newsletter committee',
      'Post the poll',
    ]);
    // One committee a row, whatever their number; the buttons carry ids, never names.
    expect(settings.buttons!.every((row) => row.length === 1)).toBe(true);
    for (const b of settings.buttons!.flat()) {
      expect(b.data ?? '').not.toMatch(/Documentation|Newsletter/);
      expect(Buffer.byteLength(`${b.action}|${b.data}`)).toBeLessThanOrEqual(64);
    }

    const [chosen] = await chair.presses(settings, '⬜ Only the Documentation committee', GROUP);
    expect(labels(chosen)).toContain('✅ Only the Documentation committee');
    expect(labels(chosen)).toContain('⬜ Whole community');
    // The other settings still work alongside the choice and do not undo it.
    const [anonymous] = await chair.presses(chosen, '⬜ Anonymous', GROUP);
    expect(labels(anonymous)).toContain('✅ Only the Documentation committee');

    const poll = pollMessage(await chair.presses(anonymous, 'Post the poll', GROUP));
    expect(poll.text).toContain('For the Documentation committee: only its members vote.');
    const stored = await h.prisma.poll.findFirstOrThrow({ include: { committee: true } });
    expect(stored.committee?.name).toBe('Documentation');
    expect(stored.anonymous).toBe(true);

    expect(texts(await sara.presses(poll, 'MARC', GROUP))).toContain('Your vote in poll #');
    expect(texts(await reza.presses(poll, 'MARC', GROUP))).toContain('/join Documentation to take part');
    expect(await h.prisma.pollVote.count()).toBe(1);
  });

  it('GIVEN a committee chosen and then Whole community THEN the poll is for everyone', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/committee add Documentation', GROUP);
    const [chosen] = await chair.presses(await settingsOf(chair), '⬜ Only the Documentation committee', GROUP);
    const [whole] = await chair.presses(chosen, '⬜ Whole community', GROUP);
    expect(labels(whole)).toContain('✅ Whole community');
    pollMessage(await chair.presses(whole, 'Post the poll', GROUP));
    expect((await h.prisma.poll.findFirstOrThrow()).committeeId).toBeNull();
  });

  it('GIVEN a community without committees THEN the form offers no choice of who votes', async () => {
    const { chair } = await communityWithChair(h);
    const settings = await settingsOf(chair);
    expect(labels(settings)).toEqual([
      '⬜ Several answers',
      '⬜ Anonymous',
      '⬜ Hide results until it closes',
      '⬜ Post in every group',
      'Post the poll',
    ]);
  });

  it('GIVEN a forged button naming another community’s committee THEN it is refused and the poll stays for everyone', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/committee add Documentation', GROUP);
    const otherAdmin = h.person('other-admin', { admin: true });
    await otherAdmin.says('/setup new Another network', OTHER_GROUP);
    await otherAdmin.says('/committee add Secret', OTHER_GROUP);
    const secret = await h.prisma.committee.findFirstOrThrow({ where: { name: 'Secret' } });

    const settings = await settingsOf(chair);
    const forged = chair.event({ type: 'action', action: 'poll.ft', data: `c${secret.id}` }, GROUP);
    expect(texts(await h.deliver(forged))).toContain('no longer valid');
    const garbled = chair.event({ type: 'action', action: 'poll.ft', data: 'c1; DROP' }, GROUP);
    expect(texts(await h.deliver(garbled))).toContain('no longer valid');

    pollMessage(await chair.presses(settings, 'Post the poll', GROUP));
    expect((await h.prisma.poll.findFirstOrThrow()).committeeId).toBeNull();
  });
});
