import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member, pollMessage } from './support.ts';

/** `/poll … --committee NAME`: posted where polls go, voted on and reminded to one committee only. */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/**
 * The chair and the Documentation committee with Sara (reachable) and Omid (no private chat) in it;
 * Reza and Ivan are members of the community outside it.
 */
async function documentationCommittee() {
  const { chair } = await communityWithChair(h);
  await chair.says('/committee add Documentation', GROUP);
  await chair.says('/committee add Newsletter', GROUP);
  const sara = await member(h, 'sara', { name: 'Sara' });
  const omid = await member(h, 'omid', { name: 'Omid', reachable: false });
  const reza = await member(h, 'reza', { name: 'Reza' });
  const ivan = await member(h, 'ivan', { name: 'Ivan' });
  await sara.says('/join Documentation', GROUP);
  await omid.says('/join documentation', GROUP);
  await ivan.says('/join Newsletter', GROUP);
  return { chair, sara, omid, reza, ivan };
}

async function votesOf(person: Person): Promise<number> {
  const { memberId } = await h.prisma.identity.findFirstOrThrow({ where: { externalId: person.userId } });
  return h.prisma.pollVote.count({ where: { memberId } });
}

function fileText(messages: SentMessage[]): string {
  const sent = messages.find((m) => m.file);
  if (!sent) throw new Error(`no file among: ${texts(messages)}`);
  return Buffer.from(sent.file!.contentBase64, 'base64').toString('utf8');
}

describe('posting a committee poll', () => {
  it('GIVEN --committee with the name in any case THEN the poll is posted in the chat, says whom it is for, and is stored with the committee', async () => {
    const { chair } = await documentationCommittee();
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --committee DOCUMENTATION', GROUP),
    );
    expect(poll.chatId).toBe(GROUP.chatId);
    expect(poll.text).toContain('Poll #');
    expect(poll.text).toContain('For the Documentation committee: only its members vote.');
    const stored = await h.prisma.poll.findFirstOrThrow({ include: { committee: true } });
    expect(stored.committee?.name).toBe('Documentation');
  });

  it('GIVEN an unknown committee THEN the chair is told which committees there are, and no poll is written', async () => {
    const { chair } = await documentationCommittee();
    const replies = await chair.says('/poll Which template? | Dublin Core | MARC --committee Catalogue', GROUP);
    expect(texts(replies)).toContain(
      'There is no committee called “Catalogue”, so no poll was posted. The committees are: Documentation and Newsletter.',
    );
    expect(replies.some((m) => m.buttons?.flat().some((b) => b.action === 'poll.v'))).toBe(false);
    expect(await h.prisma.poll.count()).toBe(0);
  });

  it('GIVEN a community without committees THEN --committee is refused with how to create one, and no poll is written', async () => {
    const { chair } = await communityWithChair(h);
    const replies = await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP);
    expect(texts(replies)).toContain('this community has no committees yet');
    expect(texts(replies)).toContain('/committee add NAME');
    expect(await h.prisma.poll.count()).toBe(0);
  });
});

describe('voting on a committee poll', () => {
  it('GIVEN a committee member and an outsider WHEN both press THEN the member’s vote counts and the outsider is refused with nothing recorded', async () => {
    const { chair, sara, reza, ivan } = await documentationCommittee();
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP),
    );

    expect(texts(await sara.presses(poll, 'MARC', GROUP))).toContain('Your vote in poll #');
    expect(await votesOf(sara)).toBe(1);

    const refused = texts(await reza.presses(poll, 'Dublin Core', GROUP));
    expect(refused).toContain('This poll is for the Documentation committee: /join Documentation to take part.');
    // A member of another committee is as much an outsider.
    expect(texts(await ivan.presses(poll, 'Dublin Core', GROUP))).toContain('/join Documentation to take part');
    expect(await votesOf(reza)).toBe(0);
    expect(await votesOf(ivan)).toBe(0);
    expect(await h.prisma.pollVote.count()).toBe(1);

    // Once Reza joins, his press counts: the committee is read at each press, not remembered.
    await reza.says('/join Documentation', GROUP);
    await reza.presses(poll, 'Dublin Core', GROUP);
    expect(await votesOf(reza)).toBe(1);
  });

  it('GIVEN an outsider who reads Persian THEN the refusal is in Persian', async () => {
    const { chair, reza } = await documentationCommittee();
    await reza.says('/lang fa');
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP),
    );
    expect(texts(await reza.presses(poll, 'MARC', GROUP))).toContain('این نظرسنجی ویژهٔ کمیتهٔ');
    expect(await h.prisma.pollVote.count()).toBe(0);
  });

  it('GIVEN an anonymous committee poll THEN the committee is checked without storing who pressed', async () => {
    const { chair, sara, reza } = await documentationCommittee();
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --anon --committee Documentation', GROUP),
    );
    expect(texts(await reza.presses(poll, 'MARC', GROUP))).toContain('/join Documentation to take part');
    await sara.presses(poll, 'MARC', GROUP);
    const votes = await h.prisma.pollVote.findMany();
    expect(votes).toHaveLength(1);
    expect(votes[0]!.memberId).toBeNull();
  });
});

describe('results and reminders of a committee poll', () => {
  it('GIVEN two committee members of whom one voted THEN /results counts the voters out of the committee, not the community', async () => {
    const { chair, sara } = await documentationCommittee();
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP),
    );
    await sara.presses(poll, 'MARC', GROUP);
    const { id } = await h.prisma.poll.findFirstOrThrow();
    const results = texts(await chair.says(`/results ${id}`, GROUP));
    expect(results).toContain('For the Documentation committee');
    // The community has five members (the chair and four); the committee two.
    expect(results).toContain('1 voter of 2 members (50%).');
  });

  it('GIVEN /nudge THEN only the committee’s members who have not voted are reminded', async () => {
    const { chair, sara } = await documentationCommittee();
    const newcomer = await member(h, 'newcomer');
    await newcomer.says('/join Documentation', GROUP);
    const poll = pollMessage(
      await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP),
    );
    await sara.presses(poll, 'MARC', GROUP);
    const { id } = await h.prisma.poll.findFirstOrThrow();

    const replies = await chair.says(`/nudge ${id}`, GROUP);
    // The newcomer is reached; Omid (in the committee, no private chat) is counted; Reza, Ivan and the
    // chair, outside it, are left alone, and Sara has voted.
    expect(texts(replies)).toContain(`#${id}: 1 member reminded privately; 1 member I cannot write to`);
    const reminders = replies.filter((m) => m.text.includes('you have not voted yet'));
    expect(reminders.map((m) => m.chatId)).toEqual([privateChat('newcomer').chatId]);
  });
});

describe('the polls archive', () => {
  it('GIVEN a committee poll and an open one THEN the CSV and JSON name the committee of the first only', async () => {
    const { chair } = await documentationCommittee();
    await chair.says('/poll Which template? | Dublin Core | MARC --committee Documentation', GROUP);
    await chair.says('/poll Which day? | Monday | Tuesday', GROUP);

    const lines = fileText(await chair.says('/export polls csv', GROUP))
      .slice(1)
      .trim()
      .split('\n');
    const header = lines[0]!.split(',');
    expect(header.at(-1)).toBe('committee');
    expect(lines[1]).toMatch(/,Which template\?,Dublin Core,.*,Documentation$/);
    expect(lines[3]).toMatch(/,Which day\?,Monday,.*,$/);

    const json = JSON.parse(fileText(await chair.says('/export polls json')));
    expect(json.polls.map((p: { committee: string | null }) => p.committee)).toEqual(['Documentation', null]);
  });
});
