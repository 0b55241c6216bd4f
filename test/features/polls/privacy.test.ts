import { afterEach, beforeEach, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';
import { communityWithChair, member, pollMessage } from './support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Sara votes in an open and a closed named poll, and has submitted the example survey. */
async function saraWithVotesAndAnswers() {
  const { chair } = await communityWithChair(h);
  const open = pollMessage(await chair.says('/poll Open question? | A | B', GROUP));
  const closed = pollMessage(await chair.says('/poll Closed question? | C | D', GROUP));
  await chair.says('/survey library-needs', GROUP);
  const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
  await sara.presses(open, 'A', GROUP);
  await sara.presses(closed, 'D', GROUP);
  await chair.says('/results 2 close', GROUP);
  const { id: memberId } = await h.prisma.member.findFirstOrThrow({ where: { displayName: 'Sara Ahmadi' } });
  const survey = await h.prisma.survey.findFirstOrThrow({ include: { questions: { orderBy: { position: 'asc' } } } });
  const role = survey.questions.find((q) => q.key === 'role')!;
  const comments = survey.questions.find((q) => q.key === 'comments')!;
  await h.prisma.surveyResponse.create({
    data: {
      surveyId: survey.id,
      memberId,
      position: survey.questions.length,
      submittedAt: new Date(),
      answers: {
        create: [
          { questionId: role.id, choices: [2] },
          { questionId: comments.id, text: 'Our branch in Karaj needs a scanner.' },
        ],
      },
    },
  });
  return { sara, memberId };
}

it('GIVEN named votes and survey answers WHEN /mydata THEN the file lists them', async () => {
  const { sara } = await saraWithVotesAndAnswers();
  const file = (await sara.says('/mydata')).find((m) => m.file)!;
  const data = JSON.parse(Buffer.from(file.file!.contentBase64, 'base64').toString('utf8'));
  expect(data.pollVotes.map((v: { option: { label: string } }) => v.option.label).sort()).toEqual(['A', 'D']);
  expect(data.pollVotes[0].poll.question).toMatch(/question\?$/);
  expect(data.surveyResponses).toHaveLength(1);
  expect(data.surveyResponses[0].answers.map((a: { question: { key: string } }) => a.question.key).sort()).toEqual([
    'comments',
    'role',
  ]);
});

it('GIVEN /forgetme THEN the vote in the open poll is withdrawn, the closed poll keeps an unlinkable ballot, and the survey keeps choices but not free text', async () => {
  const { sara, memberId } = await saraWithVotesAndAnswers();
  // Picked by its chat: a live-tally edit in the group may go out in the same moment.
  const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === 'dm-sara');
  expect(texts(await sara.presses(confirm, 'Yes, delete'))).toContain('Your personal data is deleted');

  const votes = await h.prisma.pollVote.findMany({ include: { option: true } });
  expect(votes.map((v) => v.option.label)).toEqual(['D']);
  expect(votes[0]).toMatchObject({ memberId: null, platform: null, votedAt: null });
  expect(votes[0]!.voter).not.toBe(String(memberId));
  expect(votes[0]!.voter).toMatch(/^[0-9a-f]{64}$/);

  const responses = await h.prisma.surveyResponse.findMany({ include: { answers: true } });
  expect(responses).toHaveLength(1);
  expect(responses[0]!.memberId).toBeNull();
  expect(responses[0]!.answers.map((a) => a.choices)).toEqual([[2]]);
  expect(JSON.stringify(await h.prisma.surveyAnswer.findMany())).not.toContain('Karaj');

  // The closed poll's announced result is unchanged.
  expect(texts(await h.person('chair', { admin: true }).says('/results 2', GROUP))).toContain('D — 1 (100%)');
});

it('GIVEN an anonymous ballot in an open poll WHEN the voter uses /forgetme and comes back THEN they hold one ballot in that poll, never two', async () => {
  const { chair } = await communityWithChair(h);
  const poll = pollMessage(await chair.says('/poll Which day suits? | Monday | Friday --anon', GROUP));
  const sara = await member(h, 'sara', { name: 'Sara' });
  await sara.presses(poll, 'Monday', GROUP);
  expect(await h.prisma.pollVote.count()).toBe(1);

  const confirm = (await sara.says('/forgetme')).find((m) => m.chatId === 'dm-sara');
  await sara.presses(confirm, 'Yes, delete');
  // The open poll's anonymous ballot is withdrawn with the member.
  expect(await h.prisma.pollVote.count()).toBe(0);

  // Back as a new member, she votes again: still one ballot in the poll, one voter of two members.
  await sara.says('/start', GROUP);
  await sara.presses(poll, 'Friday', GROUP);
  const votes = await h.prisma.pollVote.findMany({ include: { option: true } });
  expect(votes.map((v) => v.option.label)).toEqual(['Friday']);
  expect(texts(await chair.says('/results 1', GROUP))).toContain('1 voter of 2 members');
});
