import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArgValues } from '../../src/core/command.ts';
import type { ChatRef } from '../../src/core/event.ts';
import { UserError } from '../../src/core/errors.ts';
import { exportCommand, nudgeCommand, resultsCommand } from '../../src/features/results-command.ts';
import { surveyCommand } from '../../src/features/surveys/survey-commands.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts, type Person } from '../support/harness.ts';
import { communityWithChair, member } from './polls/support.ts';

/**
 * `/results`, `/export`, `/nudge` and `/survey` as declared commands: their text grammar, the typed
 * values Discord sends (with the checks its separate options need), and the suggestions of their ids
 * and templates, always from the asker's own community.
 */
let h: Harness;
let chair: Person;
let sara: Person;
let pollId: number;
let surveyId: number;
let otherPollId: number;

/** A command with typed values, as the Discord adapter hands it to the core. */
function typed(person: Person, name: string, options: ArgValues, chat: ChatRef = GROUP) {
  return h.deliver(person.event({ type: 'command', name, args: '', options }, chat, randomUUID()));
}

function suggest(person: Person, command: string, argument: string, query = '', chat: ChatRef = GROUP) {
  const actor = { platform: 'test', userId: person.userId, displayName: person.name };
  return h.app.bot.suggest({ actor, chat, command, argument, query });
}

function refusal(read: () => unknown): UserError {
  try {
    read();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('not refused');
}

beforeAll(async () => {
  h = await Harness.create();
  ({ chair } = await communityWithChair(h));
  sara = await member(h, 'sara', { name: 'Sara' });
  await chair.says('/poll Which day suits the webinar? | Monday | Friday', GROUP);
  pollId = (await h.prisma.poll.findFirstOrThrow({ where: { question: { startsWith: 'Which day' } } })).id;
  await chair.says('/survey library-needs', GROUP);
  surveyId = (await h.prisma.survey.findFirstOrThrow()).id;

  const other = h.person('chair-b', { name: 'Ivan', admin: true });
  await other.says('/start');
  await other.says('/setup new Archives', OTHER_GROUP);
  await other.says('/poll Archives only question? | Yes | No', OTHER_GROUP);
  otherPollId = (await h.prisma.poll.findFirstOrThrow({ where: { question: { startsWith: 'Archives' } } })).id;
});
afterAll(() => h.close());

describe('the text grammar, read into typed values', () => {
  it('GIVEN /results ID [close] THEN the id (#, Persian digits) and the switch; anything else is its usage', () => {
    expect(resultsCommand.parse('#7 CLOSE', {})).toEqual({ poll: 7, close: true });
    expect(resultsCommand.parse('۱۲', {})).toEqual({ poll: 12 });
    for (const text of ['', '7 open', '7 close now', 'seven']) {
      expect(refusal(() => resultsCommand.parse(text, {})).key, text).toBe('poll.results-usage');
    }
  });

  it('GIVEN /nudge ID THEN the id; anything else is its usage', () => {
    expect(nudgeCommand.parse('#3', {})).toEqual({ poll: 3 });
    expect(refusal(() => nudgeCommand.parse('3 4', {})).key).toBe('poll.nudge-usage');
  });

  it('GIVEN /export ARCHIVE [FORMAT] or ID THEN which; text that is neither waits for the asker’s role', () => {
    expect(exportCommand.parse('', {})).toEqual({});
    expect(exportCommand.parse('Polls CSV', {})).toEqual({ archive: 'polls', format: 'CSV' });
    expect(exportCommand.parse('meetings', {})).toEqual({ archive: 'meetings' });
    expect(exportCommand.parse('۱۲', {})).toEqual({ poll: 12 });
    expect(exportCommand.parse('12 csv', {})).toEqual({ poll: 0 });
    expect(refusal(() => exportCommand.parse('polls csv now', {})).key).toBe('archive.usage');
  });

  it('GIVEN /survey NAME [--until WHEN] THEN the name and the deadline as typed (a phone’s dash counts)', () => {
    expect(surveyCommand.parse('', {})).toEqual({});
    expect(surveyCommand.parse('library-needs —until 3 days', {})).toEqual({
      template: 'library-needs',
      until: '3 days',
    });
    expect(refusal(() => surveyCommand.parse('library needs', {})).key).toBe('survey.usage');
  });
});

describe('typed values from Discord', () => {
  it('GIVEN /results and /nudge with a poll or survey id THEN its results, its reminder', async () => {
    expect(texts(await typed(chair, 'results', { poll: pollId }))).toContain('Which day suits the webinar?');
    expect(texts(await typed(chair, 'nudge', { poll: surveyId }))).toContain(`#${surveyId}: `);
  });

  it('GIVEN /export with an id THEN the file goes privately; with an id no short id can be, its usage', async () => {
    const replies = await typed(chair, 'export', { poll: pollId });
    expect(replies.find((m) => m.file)?.chatId).toBe(`dm-${chair.userId}`);
    expect(texts(await typed(chair, 'export', { poll: 1_234_567_890 }))).toContain('Send /export ID');
    expect(texts(await typed(chair, 'export', { poll: otherPollId }))).toContain(`no poll or survey #${otherPollId}`);
  });

  it('GIVEN /export with an archive and a poll, or a format alone THEN the options’ conflict is explained', async () => {
    const both = texts(await typed(chair, 'export', { archive: 'polls', poll: pollId }));
    expect(both).toContain('only one of these options at a time: archive, poll');
    expect(texts(await typed(chair, 'export', { format: 'csv', poll: pollId }))).toContain('“format” needs “archive”');
  });

  it('GIVEN a curator THEN archives export, an id (or text that is none) is refused as chairs’ only', async () => {
    const curator = await member(h, 'cura', { name: 'Cura' });
    await chair.says('/role curator Cura', GROUP);
    const archive = await typed(curator, 'export', { archive: 'polls', format: 'json' }, privateChat(curator.userId));
    expect(archive.some((m) => m.file?.fileName.endsWith('.json'))).toBe(true);
    expect(texts(await typed(curator, 'export', { poll: pollId }))).toContain('/export is only for: chair.');
    expect(texts(await curator.says('/export 12 csv', GROUP))).toContain('/export is only for: chair.');
  });

  it('GIVEN /survey with until but no template, or a template of two words THEN why, and nothing opens', async () => {
    const before = await h.prisma.survey.count();
    expect(texts(await typed(chair, 'survey', { until: '7d' }))).toContain('“until” needs “template”');
    expect(texts(await typed(chair, 'survey', { template: 'library needs' }))).toContain('takes a single word');
    expect(await h.prisma.survey.count()).toBe(before);
  });

  it('GIVEN /survey bare or with a template THEN the list, or the survey opened', async () => {
    expect(texts(await typed(chair, 'survey', {}))).toContain('Survey templates and open surveys');
    expect(texts(await typed(chair, 'survey', { template: ' library-needs ', until: '10d' }))).toContain('is open');
    const latest = await h.prisma.survey.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(latest.closesAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 86_400_000);
  });
});

describe('suggestions', () => {
  it('GIVEN the chair THEN the community’s polls and surveys by id or words, never another community’s', async () => {
    const all = await suggest(chair, 'results', 'poll');
    expect(all.map((s) => s.value)).toEqual(expect.arrayContaining([pollId, surveyId]));
    expect(all.map((s) => s.value)).not.toContain(otherPollId);
    expect(await suggest(chair, 'nudge', 'poll', String(pollId))).toEqual([
      { value: pollId, label: `#${pollId} Which day suits the webinar?` },
    ]);
    expect(await suggest(chair, 'export', 'poll', 'WEBINAR')).toEqual([
      { value: pollId, label: `#${pollId} Which day suits the webinar?` },
    ]);
    expect(await suggest(chair, 'results', 'poll', 'needs assessment')).toEqual(
      expect.arrayContaining([{ value: surveyId, label: `#${surveyId} Library needs assessment` }]),
    );
    expect(await suggest(chair, 'results', 'poll', String(otherPollId))).toEqual([]);
  });

  it('GIVEN a closed poll THEN it comes after the open ones, marked ✓', async () => {
    await chair.says(`/results ${pollId} close`, GROUP);
    const all = await suggest(chair, 'results', 'poll');
    expect(all.at(-1)).toEqual({ value: pollId, label: `#${pollId} ✓ Which day suits the webinar?` });
  });

  it('GIVEN a member THEN the chairs’ commands suggest nothing; in an unbound group nobody is suggested anything', async () => {
    for (const command of ['results', 'nudge', 'export']) expect(await suggest(sara, command, 'poll')).toEqual([]);
    expect(await suggest(sara, 'survey', 'template')).toEqual([]);
    const loose: ChatRef = { platform: 'test', chatId: 'group-unbound', kind: 'group', title: 'Elsewhere' };
    expect(await suggest(chair, 'results', 'poll', '', loose)).toEqual([]);
  });

  it('GIVEN survey templates THEN their names with titles in the asker’s language, values as /survey takes them', async () => {
    expect(await suggest(chair, 'survey', 'template', 'needs')).toEqual([
      { value: 'library-needs', label: 'library-needs — Library needs assessment' },
    ]);
    expect(await suggest(chair, 'survey', 'template', 'nothing like it')).toEqual([]);
  });
});
