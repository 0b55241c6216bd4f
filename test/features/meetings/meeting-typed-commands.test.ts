import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModalBuilder } from 'discord.js';
import { TextInputStyle, type APILabelComponent, type APITextInputComponent } from 'discord-api-types/v10';
import type { ArgValues } from '../../../src/core/command.ts';
import type { ChatRef } from '../../../src/core/event.ts';
import { modalForSpec, valuesFromForm } from '../../../src/adapters/discord/slash-commands/spec-modal.ts';
import { meetingCommand } from '../../../src/features/meetings/meeting-commands.ts';
import { MAX_AGENDA, MAX_TITLE } from '../../../src/features/meetings/meeting-input.ts';
import { LANGUAGES, type Language } from '../../../src/i18n/languages.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts, type Person } from '../../support/harness.ts';
import { calendarOf, meetingCommunity } from './meeting-support.ts';

/**
 * `/meeting`, `/ics` and `/cancel` declared with typed arguments: the values Discord's options (or its
 * form) give reach the same handlers as the text, and each argument suggests from the meetings feature.
 */
let h: Harness;
let chair: Person;
let sara: Person;

/** A command with typed values, as the Discord adapter hands a declared command to the core. */
function typed(person: Person, name: string, options: ArgValues, chat: ChatRef = GROUP) {
  return h.deliver(person.event({ type: 'command', name, args: '', options }, chat));
}

function suggest(person: Person, chat: ChatRef, command: string, argument: string, query = '') {
  const { actor } = person.event({ type: 'text', text: '' }, chat);
  return h.app.bot.suggest({ actor, chat, command, argument, query });
}

const meetingNamed = (title: string) => h.prisma.meeting.findFirstOrThrow({ where: { title } });

beforeAll(async () => {
  h = await Harness.create();
  ({ chair, sara } = await meetingCommunity(h));
  await chair.says('/committee add Documentation', GROUP);
  await chair.says('/meeting 2031-03-01 10:00 | Orientation for new heads | https://meet.example.org/a', GROUP);
  await chair.says(
    '/meeting 2031-04-01 10:00 | Documentation sprint | https://meet.example.org/d --committee Documentation',
    GROUP,
  );
  // Another community on the same database: its meetings are never suggested in this one.
  const archivist = h.person('archivist', { name: 'Ivan', admin: true });
  await archivist.says('/setup new Archives', OTHER_GROUP);
  await archivist.says('/meeting 2031-03-02 10:00 | Archives only meeting | https://meet.example.org/b', OTHER_GROUP);
});
afterAll(() => h.close());

describe('/meeting with typed values', () => {
  it('GIVEN a title with “|” and “--weekly”, an agenda line starting with -- THEN the meeting keeps them as typed', async () => {
    const replies = await typed(chair, 'meeting', {
      when: '2031-05-04 10:00',
      title: 'Loans | reference --weekly',
      link: 'https://meet.example.org/a--b',
      agenda: 'Intro\n--weekly review',
      repeat: 'every 2w',
      duration: '90m',
      committee: 'Documentation',
    });
    const meeting = await meetingNamed('Loans | reference --weekly');
    expect(texts(replies)).toContain(`Meeting #${meeting.id} is scheduled`);
    expect(meeting).toMatchObject({
      link: 'https://meet.example.org/a--b',
      agenda: 'Intro\n--weekly review',
      durationMinutes: 90,
      audience: 'committee',
    });
    expect(meeting.rrule).toMatch(/FREQ=WEEKLY;INTERVAL=2/);
  });

  it('GIVEN committee and everywhere THEN the whole community, as before', async () => {
    await typed(chair, 'meeting', {
      when: '2031-05-05 10:00',
      title: 'Annual gathering',
      committee: 'Documentation',
      everywhere: true,
    });
    expect((await meetingNamed('Annual gathering')).audience).toBe('community');
  });

  it('GIVEN a part missing, or repeat alone THEN the usage; a bad repeat THEN the line parser’s answer', async () => {
    const partial: ArgValues[] = [
      { when: '2031-05-06 10:00' },
      { title: 'T', link: 'https://x.org' },
      { repeat: 'weekly' },
    ];
    for (const options of partial) {
      expect(texts(await typed(chair, 'meeting', options)), JSON.stringify(options)).toContain('Write it as /meeting');
    }
    const replies = await typed(chair, 'meeting', { when: '2031-05-06 10:00', title: 'T', repeat: 'every 3h' });
    expect(texts(replies)).toBe(texts(await chair.says('/meeting 2031-05-06 10:00 | T --every 3h', GROUP)));
  });

  it('GIVEN edit with a new title THEN only the title changes; edit alone THEN the edit usage', async () => {
    const { id } = await meetingNamed('Orientation for new heads');
    const replies = await typed(chair, 'meeting', { edit: id, title: 'Orientation | part 1' });
    expect(texts(replies)).toContain(`Meeting #${id}`);
    expect(await h.prisma.meeting.findUniqueOrThrow({ where: { id } })).toMatchObject({
      title: 'Orientation | part 1',
      link: 'https://meet.example.org/a',
    });
    const usage = texts(await typed(chair, 'meeting', { edit: id }));
    expect(usage).toBe(texts(await chair.says(`/meeting edit ${id}`, GROUP)));
    expect(usage).toContain('/meeting edit ID');
  });

  it('GIVEN offsets THEN the community’s reminders; with a meeting’s part THEN a conflict', async () => {
    expect(texts(await typed(chair, 'meeting', { offsets: '2h 0' }))).toBe(
      texts(await chair.says('/meeting offsets 2h 0', GROUP)),
    );
    const conflict = texts(await typed(chair, 'meeting', { title: 'X', offsets: '1d' }));
    expect(conflict).toContain('title');
    expect(conflict).toContain('offsets');
  });

  it('GIVEN a member THEN refused before anything is read', async () => {
    const replies = await typed(sara, 'meeting', { when: '2031-05-07 10:00', title: 'Mine' });
    expect(texts(replies)).toBe(texts(await sara.says('/meeting 2031-05-07 10:00 | Mine', GROUP)));
    expect(await h.prisma.meeting.count({ where: { title: 'Mine' } })).toBe(0);
  });

  it('GIVEN the form submitted THEN its fields are the typed values, the agenda optional', async () => {
    const translator = new Translator();
    const form = (language: Language) =>
      modalForSpec(meetingCommand, language, (lang, key, params) => translator.t(lang, key, params))!;
    const labels = form('en').components as APILabelComponent[];
    const fields = labels.map((c) => c.component as APITextInputComponent);
    expect(fields.map((i) => [i.custom_id, i.style, i.required, i.max_length])).toEqual([
      ['when', TextInputStyle.Short, true, 100],
      ['title', TextInputStyle.Short, true, MAX_TITLE],
      ['link', TextInputStyle.Short, true, 500],
      ['agenda', TextInputStyle.Paragraph, false, MAX_AGENDA],
    ]);
    expect(labels.map((c) => c.label)).toEqual(['When', 'Title', 'Link', 'Agenda (optional)']);
    // discord.js's own builder takes each language's form back unchanged: it is within Discord's limits.
    for (const language of LANGUAGES) expect(new ModalBuilder(form(language)).toJSON()).toEqual(form(language));
    const values = valuesFromForm(meetingCommand, {
      when: '2031-05-08 10:00',
      title: 'Form | meeting',
      link: 'Central Library, room 2',
      agenda: ' ',
    });
    expect(values).toEqual({ when: '2031-05-08 10:00', title: 'Form | meeting', link: 'Central Library, room 2' });
    await typed(chair, 'meeting', values);
    expect(await meetingNamed('Form | meeting')).toMatchObject({ place: 'Central Library, room 2', agenda: null });
  });
});

describe('/ics and /cancel with a typed meeting id', () => {
  it('GIVEN /ics with a meeting id THEN the calendar file, as the text command sends it', async () => {
    const { id } = await meetingNamed('Annual gathering');
    const { event } = calendarOf(await typed(sara, 'ics', { meeting: id }));
    expect(event.summary).toBe('Annual gathering');
  });

  it('GIVEN /cancel with no value THEN there is nothing to cancel, as the bare text command says', async () => {
    const answer = texts(await typed(sara, 'cancel', {}));
    expect(answer).toBe(texts(await sara.says('/cancel', GROUP)));
    expect(answer).toContain('nothing to cancel');
  });

  it('GIVEN /cancel with a meeting id from a member THEN refused; from the chair THEN cancelled', async () => {
    const { id } = await meetingNamed('Annual gathering');
    expect(texts(await typed(sara, 'cancel', { meeting: id }))).toBe(texts(await sara.says(`/cancel ${id}`, GROUP)));
    const replies = await typed(chair, 'cancel', { meeting: id });
    expect(texts(replies)).toContain(`#${id}`);
    expect((await h.prisma.meeting.findUniqueOrThrow({ where: { id } })).cancelledAt).not.toBeNull();
  });
});

describe('suggestions from the meetings feature', () => {
  it('GIVEN meeting ids THEN the meetings to come the asker may see, by id or title, for /ics, /cancel and edit', async () => {
    // Sara is in no committee, and the annual gathering is cancelled.
    const saraSees = await suggest(sara, GROUP, 'ics', 'meeting');
    expect(saraSees.map((s) => s.label)).toEqual([
      expect.stringMatching(/^#\d+ Orientation \| part 1 · /),
      expect.stringContaining('Form | meeting'),
    ]);
    expect(typeof saraSees[0]!.value).toBe('number');
    const chairSees = (await suggest(chair, GROUP, 'cancel', 'meeting')).map((s) => s.label);
    expect(chairSees).toEqual(expect.arrayContaining([expect.stringContaining('Documentation sprint')]));
    const sprint = await meetingNamed('Documentation sprint');
    expect(await suggest(chair, GROUP, 'meeting', 'edit', String(sprint.id))).toEqual([
      expect.objectContaining({ value: sprint.id }),
    ]);
    expect(await suggest(chair, privateChat(chair.userId), 'meeting', 'edit', 'SPRINT')).toEqual([
      expect.objectContaining({ value: sprint.id }),
    ]);
  });

  it('GIVEN the member in their private chat THEN their community’s meetings; the other community THEN only its own', async () => {
    expect(await suggest(sara, privateChat(sara.userId), 'ics', 'meeting')).toEqual(
      await suggest(sara, GROUP, 'ics', 'meeting'),
    );
    const archivist = h.person('archivist', { name: 'Ivan', admin: true });
    expect((await suggest(archivist, OTHER_GROUP, 'ics', 'meeting')).map((s) => s.label)).toEqual([
      expect.stringContaining('Archives only meeting'),
    ]);
    expect((await suggest(chair, GROUP, 'meeting', 'edit', 'Archives')).map((s) => s.label)).toEqual([]);
  });

  it('GIVEN a chair THEN recurrences and committees; a member THEN nothing for /meeting', async () => {
    expect((await suggest(chair, GROUP, 'meeting', 'repeat', 'month')).map((s) => s.value)).toEqual([
      'monthly',
      'monthly 1st mon',
      'monthly last fri',
    ]);
    expect(await suggest(chair, GROUP, 'meeting', 'committee', 'doc')).toEqual([
      { value: 'Documentation', label: 'Documentation' },
    ]);
    // A chat admin who is only a member of the community is no chair either.
    const chatAdmin = h.person('ali', { admin: true });
    await chatAdmin.says('/start', GROUP);
    for (const who of [sara, chatAdmin]) {
      for (const argument of ['repeat', 'committee', 'edit']) {
        expect(await suggest(who, GROUP, 'meeting', argument), argument).toEqual([]);
      }
    }
  });

  it('GIVEN a group no community is bound to THEN no meetings, and typing registers no one', async () => {
    const stranger = h.person('stranger');
    const loose: ChatRef = { platform: 'test', chatId: 'group-unbound', kind: 'group', title: 'Elsewhere' };
    const membersBefore = await h.prisma.member.count();
    expect(await suggest(stranger, loose, 'ics', 'meeting')).toEqual([]);
    expect(await suggest(stranger, GROUP, 'ics', 'meeting')).not.toEqual([]);
    expect(await h.prisma.member.count()).toBe(membersBefore);
  });
});
