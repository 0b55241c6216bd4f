import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_NAMES as EXPORT_ARCHIVES } from '../../../../src/features/archives/archive-names.ts';
import { decodeOptions } from '../../../../src/adapters/discord/slash-commands/spec-options.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../../support/harness.ts';
import { apiUser, filledOptions, type FilledOptions } from './interactions.ts';

/**
 * Filled-in slash commands, converted and handed to the real core as the Discord adapter will: the
 * features' own parsers and services must do what the options said, for the forms whose parsers are
 * not exported on their own.
 */
let h: Harness;
let admin: Person;

/** A filled-in slash command as the adapter hands it to the core: typed values for a declared command. */
async function run(person: Person, command: string, filled: FilledOptions, chat = GROUP) {
  const options = filledOptions(command, filled);
  const spec = h.app.bot.router.commandNamed(command)!;
  const typed = { type: 'command' as const, name: command, args: '', options: decodeOptions(spec.args, options) };
  return h.deliver(person.event(typed, chat, randomUUID()));
}

beforeAll(async () => {
  h = await Harness.create();
  admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/start');
  await run(admin, 'setup', { new: 'Hospital library' });
});
afterAll(() => h.close());

describe('converted slash commands through the core', () => {
  it('GIVEN /setup new and /setup calendar as options THEN the community exists with that calendar', async () => {
    await run(admin, 'setup', { calendar: 'persian' });
    const community = await h.prisma.community.findFirstOrThrow({ where: { name: 'Hospital library' } });
    expect(community.calendar).toBe('persian');
  });

  it('GIVEN /role with a user option THEN that person, by their platform id, gets the role', async () => {
    const mina = h.person('mina', { name: 'Mina' });
    await mina.says('/help', GROUP);
    const replies = await run(admin, 'role', {
      role: 'curator',
      member: { user: apiUser('mina', 'mina'), nick: 'Mina' },
    });
    expect(texts(replies)).toContain('Mina');
    const identity = await h.prisma.identity.findFirstOrThrow({ where: { platform: 'test', externalId: 'mina' } });
    const membership = await h.prisma.membership.findFirstOrThrow({ where: { memberId: identity.memberId } });
    expect(membership.role).toBe('curator');
  });

  it('GIVEN /poll with answers and switches THEN the poll is stored with exactly those', async () => {
    await run(admin, 'poll', {
      question: 'Which service first — loans or reference?',
      choice1: 'Loans – weekdays',
      choice2: 'Reference',
      multi: true,
      anon: true,
      until: '7d',
    });
    const poll = await h.prisma.poll.findFirstOrThrow({ include: { options: { orderBy: { position: 'asc' } } } });
    expect(poll.question).toBe('Which service first — loans or reference?');
    expect(poll.options.map((o) => o.label)).toEqual(['Loans – weekdays', 'Reference']);
    expect([poll.multi, poll.anonymous, poll.hideResults]).toEqual([true, true, false]);
    expect(poll.closesAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });

  it('GIVEN /meeting with an agenda and a weekly repeat THEN the meeting is stored with them', async () => {
    await run(admin, 'meeting', {
      when: '2031-05-04 10:00',
      title: 'User needs review',
      link: 'https://meet.example.org/needs',
      agenda: 'Survey results; next steps',
      repeat: 'weekly',
    });
    const meeting = await h.prisma.meeting.findFirstOrThrow({ where: { title: 'User needs review' } });
    expect(meeting.agenda).toBe('Survey results; next steps');
    expect(meeting.rrule).toMatch(/FREQ=WEEKLY/);
  });

  it('GIVEN /meeting with a “|” and a --word in its title, then edit and ics by id THEN each as typed', async () => {
    await run(admin, 'meeting', { when: '2031-06-01 10:00', title: 'Loans | reference --weekly', repeat: 'every 2w' });
    const meeting = await h.prisma.meeting.findFirstOrThrow({ where: { title: 'Loans | reference --weekly' } });
    expect(meeting.rrule).toMatch(/INTERVAL=2/);
    await run(admin, 'meeting', { edit: meeting.id, agenda: 'Intro\n--weekly review' });
    expect((await h.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).agenda).toBe(
      'Intro\n--weekly review',
    );
    const replies = await run(admin, 'ics', { meeting: meeting.id });
    expect(replies.some((m) => m.file?.fileName === `meeting-${meeting.id}.ics`)).toBe(true);
  });

  it('GIVEN /share with a “|” in the text THEN the experience keeps the title and the whole text', async () => {
    await run(admin, 'share', {
      title: 'Night shift loans',
      text: 'Self-service kiosk | staffed desk: we chose both.',
    });
    const experience = await h.prisma.experience.findFirstOrThrow({ where: { title: 'Night shift loans' } });
    expect(experience.body).toBe('Self-service kiosk | staffed desk: we chose both.');
  });

  it('GIVEN /survey with a template and --until THEN the survey opens with that deadline', async () => {
    await run(admin, 'survey', { template: 'library-needs', until: '10d' });
    const survey = await h.prisma.survey.findFirstOrThrow({ where: { templateName: 'library-needs' } });
    expect(survey.closesAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
  });

  it('GIVEN /export of each archive the options offer THEN the core sends that archive as a file', async () => {
    for (const archive of EXPORT_ARCHIVES) {
      for (const format of ['csv', 'json']) {
        const replies = await run(admin, 'export', { archive, format }, privateChat(admin.userId));
        expect(
          replies.some((m) => m.file?.fileName.endsWith(`.${format}`)),
          `${archive} ${format}`,
        ).toBe(true);
      }
    }
  });
});
